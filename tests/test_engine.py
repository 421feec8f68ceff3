"""The embedded engine's life: started and stopped with the app, recovers from a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.backends import open_backend
from graphsvc.backends.embedded import EmbeddedEngine
from graphsvc.config import load_settings
from graphsvc.errors import ConfigurationError
from tests.conftest import load_paths, make_settings
from tests.support.raw import REPO, SAMPLE


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def test_the_app_starts_the_engine_and_stops_it_when_it_stops(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        assert client.get("/readyz").json()["status"] == "ready"
        pid = int((tmp_path / "data" / "engine.pid").read_text())
        assert _alive(pid)
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def test_data_survives_a_restart_through_the_append_only_log(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    backend = open_backend(settings)
    summary = load_paths(backend, settings, [SAMPLE])
    before = backend.read("researcher/list_most_productive", {"limit": 5})
    backend.close()
    assert list((tmp_path / "data").glob("appendonlydir/*.aof")) or list(
        (tmp_path / "data").glob("**/*.aof")
    )
    again = open_backend(settings)
    try:
        assert again.read("researcher/list_most_productive", {"limit": 5}) == before
        assert summary.created == 294
    finally:
        again.close()


def test_a_killed_engine_leaves_stale_files_that_the_next_start_recovers_from(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path / "data")
    backend = open_backend(settings)
    load_paths(backend, settings, [SAMPLE])
    engine = backend.embedded  # type: ignore[attr-defined]
    assert isinstance(engine, EmbeddedEngine)
    pid = int(engine.pid_path.read_text())
    os.kill(pid, signal.SIGKILL)
    assert engine.process is not None
    engine.process.wait(timeout=10)
    engine.process = None
    assert engine.socket_path.exists()  # stale socket left behind by the crash
    recovered = open_backend(settings)
    try:
        rows = recovered.read("researcher/list_most_productive", {"limit": 1})
        assert rows and rows[0]["works"] >= 2
    finally:
        recovered.close()


def test_a_second_process_joins_the_running_engine_instead_of_starting_another(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path / "data")
    owner = open_backend(settings)
    try:
        pid = int((tmp_path / "data" / "engine.pid").read_text())
        done = subprocess.run(
            [sys.executable, "-m", "graphsvc", "load", "openalex", str(SAMPLE)],
            env={**os.environ, "GRAPHSVC_DATA_DIR": str(tmp_path / "data")},
            capture_output=True,
            text=True,
            timeout=300,
            cwd=REPO,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert int((tmp_path / "data" / "engine.pid").read_text()) == pid
        assert _alive(pid)
        assert owner.read("researcher/list_most_productive", {"limit": 1})
    finally:
        owner.close()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GRAPHSVC_DATABASE_URL": "mysql://localhost/x"}, "GRAPHSVC_DATABASE_URL"),
        ({"GRAPHSVC_APPENDFSYNC": "sometimes"}, "GRAPHSVC_APPENDFSYNC"),
    ],
)
def test_bad_settings_fail_with_one_line_naming_the_variable(
    env: dict[str, str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigurationError) as info:
        load_settings()
    assert message in str(info.value) and "\n" not in str(info.value)


def test_an_unwritable_data_dir_fails_at_start_up_with_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    done = subprocess.run(
        [sys.executable, "-m", "graphsvc", "cypher", "RETURN 1"],
        env={**os.environ, "GRAPHSVC_DATA_DIR": str(blocker / "data")},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 2
    assert "GRAPHSVC_DATA_DIR" in done.stderr and "Traceback" not in done.stderr
