"""Resumable loads: an interrupted load carries on after its last committed batch.

In-process tests drive the checkpoint through the same classes ``graphsvc load`` uses
(stopping a load after N batches, as Ctrl-C does); the slow tests kill a real ``graphsvc
load`` process with SIGKILL and interrupt one with SIGINT, over the real shared data with
small batches, and compare the resumed graph with a clean single run. Those take the
batch path (``--incremental``): a bulk load into an empty graph commits once, at its end
(tests/test_bulk_load.py stops and kills those).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings, load_settings
from graphsvc.errors import Conflict, InvalidInput
from graphsvc.services.checkpoint import (
    default_checkpoint_path,
    load_key,
    resumable,
    write_atomically,
)
from graphsvc.services.checksum import WRITE_TIMES, GraphChecksum, graph_checksum
from graphsvc.services.committed import read_committed
from graphsvc.services.ingest import pipeline_for
from graphsvc.services.loading import LoadSummary, run_load
from loaders import INPUT_FILES, InputFile
from tests.conftest import make_settings
from tests.support.formats import ARXIV, BIBTEX, CROSSREF


@dataclass
class Run:
    summary: LoadSummary
    note: str
    checkpoint: dict[str, Any]


def run_checkpointed(
    backend: GraphBackend,
    settings: Settings,
    fmt: str,
    paths: list[Path],
    *,
    stop_after: int | None = None,
    restart: bool = False,
    batch_size: int = 5,
    files: list[InputFile] | None = None,
    stop_at_once: bool = False,
) -> Run:
    """What ``graphsvc load`` does with its checkpoint; ``stop_after`` batches, it asks the
    load to stop as the first Ctrl-C does."""
    pipeline = pipeline_for(backend, settings)
    path = default_checkpoint_path(settings, fmt, paths)
    with resumable(
        path,
        key=load_key(settings, fmt, paths),
        fmt=fmt,
        inputs=paths,
        files=files if files is not None else INPUT_FILES[fmt](paths),
        pipeline=pipeline,
        restart=restart,
    ) as load:

        def on_batch(summary: LoadSummary) -> None:
            if stop_after is not None and summary.batches >= stop_after:
                load.request_stop()

        if stop_at_once:  # Ctrl-C while the committed prefix is still being skipped
            load.request_stop()

        summary = run_load(
            load.items(), pipeline, batch_size=batch_size, on_batch=on_batch, on_commit=load.commit
        )
        load.finish(summary)
        summary.already_committed = load.already_committed
        return Run(summary, load.note, json.loads(path.read_text()))


def clean_checksum(tmp_path: Path, fmt: str, paths: list[Path]) -> tuple[GraphChecksum, int]:
    """The graph one uninterrupted load gives (in an engine of its own), and its works."""
    settings = make_settings(tmp_path / f"clean-{fmt}")
    backend = open_backend(settings)
    try:
        pipeline = pipeline_for(backend, settings)
        from loaders import FORMATS

        summary = run_load(FORMATS[fmt](paths), pipeline, batch_size=500)
        return graph_checksum(backend, ignore=WRITE_TIMES), summary.works_loaded
    finally:
        backend.close()


def test_a_stopped_load_resumes_after_its_last_batch_and_sends_nothing_twice(
    tmp_path: Path, backend: GraphBackend, settings: Settings
) -> None:
    expected, total = clean_checksum(tmp_path, "crossref", [CROSSREF])
    first = run_checkpointed(backend, settings, "crossref", [CROSSREF], stop_after=10)
    assert first.summary.batches == 10 and first.summary.works_loaded == 50
    assert first.checkpoint["done"] is False
    assert first.checkpoint["runs"][-1]["state"] == "interrupted"
    position = first.checkpoint["position"]
    assert position["file"] == 0 and position["items"] >= 50  # items count rejects too
    assert position["origin"] == f"{CROSSREF}:{position['items']}"  # line n of the gz file

    second = run_checkpointed(backend, settings, "crossref", [CROSSREF], batch_size=40)
    assert "resuming: 50 works already committed" in second.note
    assert second.summary.already_committed == 50
    assert second.summary.works_loaded == total - 50
    assert second.summary.unchanged == 0  # not one committed work was sent again
    assert second.summary.created == total - 50
    assert second.checkpoint["done"] is True
    assert second.checkpoint["committed"]["works"] == total
    assert graph_checksum(backend, ignore=WRITE_TIMES) == expected


def test_a_load_stopped_before_it_sent_anything_keeps_its_checkpoint(
    backend: GraphBackend, settings: Settings
) -> None:
    first = run_checkpointed(backend, settings, "arxiv", [ARXIV], stop_after=3)
    idle = run_checkpointed(backend, settings, "arxiv", [ARXIV], stop_at_once=True)
    assert idle.summary.works_loaded == 0
    assert idle.checkpoint["position"] == first.checkpoint["position"]
    assert idle.checkpoint["runs"][-1]["state"] == "interrupted"
    last = run_checkpointed(backend, settings, "arxiv", [ARXIV], batch_size=50)
    assert last.summary.already_committed == 15
    assert (last.summary.works_loaded, last.summary.unchanged) == (185, 0)


def test_resuming_never_opens_the_files_already_committed(
    tmp_path: Path, backend: GraphBackend, settings: Settings
) -> None:
    paths = [BIBTEX]
    files = INPUT_FILES["bibtex"](paths)
    assert [f.path.name for f in files] == ["colt.bib", "icml.bib", "jmlr.bib"]
    run_checkpointed(backend, settings, "bibtex", paths, stop_after=15, batch_size=100)
    opened: list[str] = []

    def recording(input_file: InputFile) -> InputFile:
        def read(path: Path) -> Iterator[Any]:
            opened.append(path.name)
            yield from input_file.reader(path)

        return InputFile(input_file.path, read)

    resumed = run_checkpointed(
        backend, settings, "bibtex", paths, files=[recording(f) for f in files], batch_size=500
    )
    assert opened == ["icml.bib", "jmlr.bib"]  # colt.bib was committed whole: not read again
    assert resumed.summary.already_committed == 1500 and resumed.summary.unchanged == 0
    expected, total = clean_checksum(tmp_path, "bibtex", paths)
    assert resumed.summary.works_loaded == total - 1500
    assert graph_checksum(backend, ignore=WRITE_TIMES) == expected


def test_inputs_changed_since_the_checkpoint_start_the_load_over_saying_so(
    tmp_path: Path, backend: GraphBackend, settings: Settings
) -> None:
    source = tmp_path / "arxiv.jsonl"
    shutil.copyfile(ARXIV, source)
    run_checkpointed(backend, settings, "arxiv", [source], stop_after=3)
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # touched
    again = run_checkpointed(backend, settings, "arxiv", [source])
    assert f"the inputs changed since the checkpoint ({source} was modified" in again.note
    assert again.summary.already_committed == 0
    assert again.summary.unchanged == 15 and again.summary.works_loaded == 200
    assert again.checkpoint["done"] is True and len(again.checkpoint["runs"]) == 1


def test_restart_ignores_the_checkpoint(backend: GraphBackend, settings: Settings) -> None:
    run_checkpointed(backend, settings, "arxiv", [ARXIV], stop_after=2)
    again = run_checkpointed(backend, settings, "arxiv", [ARXIV], restart=True)
    assert again.note.startswith("--restart")
    assert (again.summary.already_committed, again.summary.unchanged) == (0, 10)


def test_a_finished_load_is_marked_done_and_the_next_run_starts_from_the_first_file(
    backend: GraphBackend, settings: Settings
) -> None:
    done = run_checkpointed(backend, settings, "arxiv", [ARXIV], batch_size=50)
    assert done.checkpoint["done"] is True and done.checkpoint["finished_at"]
    assert done.checkpoint["runs"][-1]["state"] == "finished"
    again = run_checkpointed(backend, settings, "arxiv", [ARXIV], batch_size=50)
    assert "the last run of this load finished" in again.note
    assert again.summary.unchanged == 200 and again.summary.already_committed == 0


def test_a_checkpoint_whose_graph_was_emptied_is_not_trusted(
    backend: GraphBackend, settings: Settings
) -> None:
    run_checkpointed(backend, settings, "arxiv", [ARXIV], stop_after=4)
    backend.write("graph/delete_all")
    again = run_checkpointed(backend, settings, "arxiv", [ARXIV])
    assert "the graph no longer holds" in again.note
    assert again.summary.created == 200


def test_a_checkpoint_that_lands_on_another_record_is_refused_and_writes_nothing(
    backend: GraphBackend, settings: Settings
) -> None:
    run_checkpointed(backend, settings, "arxiv", [ARXIV], stop_after=4)
    path = default_checkpoint_path(settings, "arxiv", [ARXIV])
    saved = json.loads(path.read_text())
    saved["position"]["origin"] = f"{ARXIV}:7"  # the file is said to hold something else there
    path.write_text(json.dumps(saved))
    before = graph_checksum(backend)
    with pytest.raises(InvalidInput, match="--restart"):
        run_checkpointed(backend, settings, "arxiv", [ARXIV])
    assert graph_checksum(backend) == before


def test_two_loads_of_the_same_inputs_cannot_run_at_once(
    backend: GraphBackend, settings: Settings
) -> None:
    path = default_checkpoint_path(settings, "arxiv", [ARXIV])
    common: dict[str, Any] = {
        "key": load_key(settings, "arxiv", [ARXIV]),
        "fmt": "arxiv",
        "inputs": [ARXIV],
        "files": INPUT_FILES["arxiv"]([ARXIV]),
        "pipeline": pipeline_for(backend, settings),
    }
    with (
        resumable(path, **common),
        pytest.raises(Conflict, match="another `graphsvc load`"),
        resumable(path, **common),
    ):
        pass
    with resumable(path, **common) as load:  # released when the first one ended
        assert load.note


def test_a_failed_checkpoint_write_leaves_the_previous_checkpoint_whole(tmp_path: Path) -> None:
    path = tmp_path / "load.json"
    write_atomically(path, {"position": {"file": 1, "items": 10}})
    with pytest.raises(TypeError):
        write_atomically(path, {"position": {"file": 2, "items": object()}})  # not JSON
    assert json.loads(path.read_text()) == {"position": {"file": 1, "items": 10}}


def test_the_default_checkpoint_is_one_file_per_format_inputs_and_engine(tmp_path: Path) -> None:
    one = make_settings(tmp_path / "a")
    other = make_settings(tmp_path / "b")
    neo = load_settings(data_dir=tmp_path / "a", database_url="bolt://db:7687")
    path = default_checkpoint_path(one, "crossref", [CROSSREF])
    assert path.parent == one.data_dir / "checkpoints" and path.name.startswith("crossref-")
    assert path == default_checkpoint_path(one, "crossref", [CROSSREF])
    assert path != default_checkpoint_path(one, "auto", [CROSSREF])
    assert path != default_checkpoint_path(one, "crossref", [CROSSREF, ARXIV])
    assert path.name != default_checkpoint_path(other, "crossref", [CROSSREF]).name
    assert path != default_checkpoint_path(neo, "crossref", [CROSSREF])


# --- a real `graphsvc load` process, killed and interrupted ------------------------------------


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    env.update(GRAPHSVC_DATA_DIR=str(data_dir), GRAPHSVC_DATABASE_URL="")
    return env


def start_load(
    data_dir: Path, fmt: str, paths: list[Path], batch_size: int, *extra: str
) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "graphsvc", "load", fmt, *map(str, paths)]
    return subprocess.Popen(
        [*args, "--batch-size", str(batch_size), *extra],
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def checkpoint_of(data_dir: Path, fmt: str, paths: list[Path]) -> dict[str, Any] | None:
    path = default_checkpoint_path(make_settings(data_dir), fmt, paths)
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError):
        return None  # not written yet


def wait_for_checkpoint(
    data_dir: Path, fmt: str, paths: list[Path], proc: subprocess.Popen[str], batches: int
) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        saved = checkpoint_of(data_dir, fmt, paths)
        if saved and saved["committed"]["batches"] >= batches:
            return
        assert proc.poll() is None, f"the load ended early: {proc.communicate()}"
        time.sleep(0.005)
    raise AssertionError("the load did not commit enough batches in time")


def checksum_of(data_dir: Path) -> GraphChecksum:
    backend = open_backend(make_settings(data_dir))
    try:
        return graph_checksum(backend, ignore=WRITE_TIMES)
    finally:
        backend.close()


def stop_orphan_engine(data_dir: Path) -> None:
    """A loader killed with SIGKILL leaves the engine it started running; stop it."""
    pid_file = data_dir / "engine.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        except (ProcessLookupError, ValueError):
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and pid_file.exists():
            time.sleep(0.05)


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data"
    yield path
    stop_orphan_engine(path)


def clean_cli_run(tmp_path: Path, fmt: str, paths: list[Path]) -> tuple[GraphChecksum, int]:
    data_dir = tmp_path / f"clean-{fmt}"
    proc = start_load(data_dir, fmt, paths, 500)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    saved = checkpoint_of(data_dir, fmt, paths)
    assert saved is not None and saved["done"] is True
    return checksum_of(data_dir), int(saved["committed"]["works"])


@pytest.mark.slow
def test_loader_killed_with_sigkill_resumes_from_its_checkpoint_and_equals_a_clean_run(
    tmp_path: Path, data_dir: Path
) -> None:
    paths = [CROSSREF]  # one gzipped file: the position is an item inside it
    expected, total = clean_cli_run(tmp_path, "crossref", paths)
    killed_log = tmp_path / "killed.jsonl"
    proc = start_load(
        data_dir, "crossref", paths, 2, "--committed-log", str(killed_log), "--incremental"
    )
    wait_for_checkpoint(data_dir, "crossref", paths, proc, 20)
    proc.kill()
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    killed = checkpoint_of(data_dir, "crossref", paths)
    assert killed is not None and killed["done"] is False
    committed = int(killed["committed"]["works"])
    assert 40 <= committed < total - 50, "the kill should land mid-load"
    assert killed["position"]["file"] == 0 and 0 < killed["position"]["items"] < 521

    resumed_log = tmp_path / "resumed.jsonl"
    rerun = start_load(data_dir, "crossref", paths, 25, "--committed-log", str(resumed_log))
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"resuming: {committed} works already committed" in err
    final = checkpoint_of(data_dir, "crossref", paths)
    assert final is not None and final["done"] is True
    run = final["runs"][-1]
    assert run["resumed_after_works"] == committed
    assert run["works_loaded"] == total - committed  # only the rest was sent
    # At most the one batch (2 works) in flight at the kill had been applied without its
    # checkpoint: sent again, it answers unchanged. Nothing committed before it was resent.
    assert run["unchanged"] <= 2
    before = {w for e in read_committed(killed_log) for w in e["works"]}  # type: ignore[union-attr]
    after = {w for e in read_committed(resumed_log) for w in e["works"]}  # type: ignore[union-attr]
    assert len(before & after) <= 2 and len(after) == total - committed
    assert checksum_of(data_dir) == expected


@pytest.mark.slow
def test_ctrl_c_stops_after_the_batch_in_flight_and_the_same_command_resumes(
    tmp_path: Path, data_dir: Path
) -> None:
    paths = [BIBTEX]  # three files: the position moves from file to file
    expected, total = clean_cli_run(tmp_path, "bibtex", paths)
    proc = start_load(data_dir, "bibtex", paths, 5, "--incremental")
    wait_for_checkpoint(data_dir, "bibtex", paths, proc, 30)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "stopped on request" in err and "run the same command again to resume" in err
    assert not (data_dir / "engine.pid").exists()  # the engine it started was stopped
    stopped = checkpoint_of(data_dir, "bibtex", paths)
    assert stopped is not None and stopped["done"] is False
    assert stopped["runs"][-1]["state"] == "interrupted"
    committed = int(stopped["committed"]["works"])
    assert 150 <= committed < total

    rerun = start_load(data_dir, "bibtex", paths, 200)
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert f"resuming: {committed} works already committed" in err
    final = checkpoint_of(data_dir, "bibtex", paths)
    assert final is not None and final["done"] is True
    run = final["runs"][-1]
    # A graceful stop leaves nothing in flight: the rest, and only the rest, is sent.
    assert (run["works_loaded"], run["unchanged"]) == (total - committed, 0)
    assert checksum_of(data_dir) == expected
