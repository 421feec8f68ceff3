"""Nothing acknowledged is lost: kill -9 the engine, or the loader, in the middle of a load.

These kill loads taking the batch path (``--incremental``), which commits batch by batch;
a bulk load commits once, and tests/test_bulk_load.py kills those.

The loader appends a line to its committed log only after the engine acknowledged a batch
(AOF with ``appendfsync always``), so every work named there must survive the crash; a
second run of the same load then finishes and gives the very graph a clean run gives.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphsvc.backends import open_backend
from graphsvc.config import Settings
from graphsvc.services.checksum import WRITE_TIMES, GraphChecksum, graph_checksum
from graphsvc.services.committed import read_committed
from tests.conftest import make_settings
from tests.support.raw import REPO, SAMPLE

pytestmark = pytest.mark.slow


def openalex_paths() -> list[Path]:
    """The shared real OpenAlex files beside the checkout (a worktree sits one level deeper);
    the bundled sample alone when they are absent."""
    for base in (REPO.parent, REPO.parent.parent):
        shared = base / "shared" / "data" / "openalex"
        if shared.is_dir():
            return [shared / "works_sample.jsonl.gz", shared / "api_pages", shared / "snapshot"]
    return [SAMPLE]


LOAD_PATHS = openalex_paths()
SMALL_BATCH = 2  # hundreds of batches, so a kill lands in the middle of the load
KILL_AFTER = 20  # committed batches before the kill


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    env.update(GRAPHSVC_DATA_DIR=str(data_dir), GRAPHSVC_DATABASE_URL="")
    return env


def start_load(
    data_dir: Path, committed: Path, batch_size: int, *extra: str
) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "graphsvc", "load", "openalex", *map(str, LOAD_PATHS)]
    args += ["--batch-size", str(batch_size), "--committed-log", str(committed), *extra]
    return subprocess.Popen(
        args, env=_env(data_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_batches(committed: Path, proc: subprocess.Popen[str], count: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if committed.exists() and len(read_committed(committed)) >= count:
            return
        assert proc.poll() is None, f"the load ended early: {proc.communicate()}"
        time.sleep(0.005)
    raise AssertionError("the load did not commit enough batches in time")


def engine_pid(data_dir: Path) -> int:
    return int((data_dir / "engine.pid").read_text().strip())


def stop_orphan_engine(data_dir: Path) -> None:
    """A killed loader leaves the engine it started running; the test stops it."""
    pid_file = data_dir / "engine.pid"
    if pid_file.exists():
        try:
            os.kill(engine_pid(data_dir), signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and pid_file.exists():
            time.sleep(0.05)


def work_ids(settings: Settings) -> set[str]:
    backend = open_backend(settings)
    try:
        rows = backend.read("graph/dump_nodes")
    finally:
        backend.close()
    return {r["props"]["id"] for r in rows if "Work" in r["labels"]}


def checksum_of(settings: Settings) -> GraphChecksum:
    backend = open_backend(settings)
    try:
        return graph_checksum(backend, ignore=WRITE_TIMES)
    finally:
        backend.close()


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> GraphChecksum:
    """The graph one uninterrupted load (default batch size) gives (a bulk load: it
    gives the batch path's graph, tests/test_bulk_load.py)."""
    data_dir = tmp_path_factory.mktemp("clean") / "data"
    proc = start_load(data_dir, data_dir.parent / "committed.jsonl", 500)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return checksum_of(make_settings(data_dir))


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data"
    yield path
    stop_orphan_engine(path)


def assert_committed_survive_and_rerun_matches(
    data_dir: Path, committed: Path, clean_run: GraphChecksum
) -> None:
    entries = read_committed(committed)
    promised = {wid for entry in entries for wid in entry["works"]}  # type: ignore[union-attr]
    assert len(entries) >= KILL_AFTER
    settings = make_settings(data_dir)
    present = work_ids(settings)
    assert promised <= present, f"lost acknowledged works: {sorted(promised - present)[:5]}"

    rerun = start_load(data_dir, committed, SMALL_BATCH * 25, "--incremental")
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert "resuming:" in err  # from the load's checkpoint (tests/test_resumable_load.py)
    assert checksum_of(settings) == clean_run


def test_engine_killed_mid_load_keeps_every_committed_batch_and_rerun_completes(
    data_dir: Path, tmp_path: Path, clean_run: GraphChecksum
) -> None:
    committed = tmp_path / "committed.jsonl"
    proc = start_load(data_dir, committed, SMALL_BATCH, "--incremental")
    wait_for_batches(committed, proc, KILL_AFTER)
    os.kill(engine_pid(data_dir), signal.SIGKILL)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 3, err  # the loader says the engine failed, not "done"
    assert "engine" in err
    total = len(read_committed(committed))
    assert total < 140, "the kill should land mid-load"
    assert_committed_survive_and_rerun_matches(data_dir, committed, clean_run)


def test_loader_killed_mid_load_keeps_every_committed_batch_and_rerun_completes(
    data_dir: Path, tmp_path: Path, clean_run: GraphChecksum
) -> None:
    committed = tmp_path / "committed.jsonl"
    proc = start_load(data_dir, committed, SMALL_BATCH, "--incremental")
    wait_for_batches(committed, proc, KILL_AFTER)
    proc.kill()
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert_committed_survive_and_rerun_matches(data_dir, committed, clean_run)
