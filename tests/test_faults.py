"""Faults: the engine dies under a running API, the engine is unreachable, bad settings."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.backends import GraphBackend
from graphsvc.backends.neo4j import Neo4jBackend
from graphsvc.config import Settings, load_settings
from graphsvc.errors import ConfigurationError
from tests.conftest import load_paths
from tests.support.raw import SAMPLE, raw_counts, read_works


def kill_engine(settings: Settings) -> None:
    pid = int((settings.data_dir / "engine.pid").read_text().strip())
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        if not Path(f"/proc/{pid}/cmdline").read_bytes():
            return  # a zombie: dead, not yet reaped by its parent
        time.sleep(0.01)


def wait_for(client: TestClient, path: str, status: int, timeout_s: float = 30) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        response = client.get(path)
        if response.status_code == status:
            return response.json()
        time.sleep(0.1)
    raise AssertionError(f"{path} did not answer {status} within {timeout_s}s")


@pytest.fixture
def loaded_client(settings: Settings, backend: GraphBackend) -> Iterator[TestClient]:
    load_paths(backend, settings, [SAMPLE])
    with TestClient(create_app(settings, backend)) as client:
        yield client


def busiest_author() -> str:
    counts = raw_counts(read_works())
    return max(counts.works, key=lambda a: (len(counts.works[a]), a))


def test_killed_embedded_engine_gives_503_then_the_api_recovers_without_restart(
    settings: Settings, loaded_client: TestClient
) -> None:
    path = f"/researchers/{busiest_author()}"
    before = loaded_client.get(path)
    assert before.status_code == 200

    kill_engine(settings)
    down = loaded_client.get(path)
    assert down.status_code == 503
    assert down.headers["Retry-After"].isdigit()
    assert "engine is unavailable" in down.json()["detail"]
    assert loaded_client.get("/healthz").status_code == 200

    assert wait_for(loaded_client, path, 200) == before.json()


def test_readyz_says_not_ready_while_the_engine_is_down_and_ready_after(
    settings: Settings, loaded_client: TestClient
) -> None:
    kill_engine(settings)
    response = loaded_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "not ready"
    assert response.headers["Retry-After"].isdigit()
    assert loaded_client.get("/healthz").json() == {"status": "ok"}
    assert wait_for(loaded_client, "/readyz", 200)["status"] == "ready"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_neo4j_gives_503_with_retry_after_and_not_ready(settings: Settings) -> None:
    backend = Neo4jBackend(f"bolt://127.0.0.1:{closed_port()}", "neo4j", "x", None, retry_s=0.2)
    try:
        with TestClient(create_app(settings, backend)) as client:
            response = client.get(f"/researchers/{busiest_author()}")
            assert response.status_code == 503
            assert response.headers["Retry-After"].isdigit()
            assert "Neo4j is not reachable" in response.json()["detail"]
            assert client.get("/readyz").status_code == 503
            assert client.get("/healthz").status_code == 200
    finally:
        backend.close()


def serve_with(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    return subprocess.run(
        [sys.executable, "-m", "graphsvc", "serve", "--port", str(closed_port())],
        env={**clean, **env},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unknown_url_scheme_stops_start_up_with_one_line_naming_the_fix(tmp_path: Path) -> None:
    result = serve_with({"GRAPHSVC_DATABASE_URL": "redis://127.0.0.1:6379"}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "GRAPHSVC_DATABASE_URL" in lines[0]
    assert "neo4j://" in lines[0] and "falkordb://" in lines[0]


def test_unwritable_data_dir_stops_start_up_with_one_line_naming_the_fix(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = serve_with({"GRAPHSVC_DATA_DIR": str(blocker / "data")}, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "GRAPHSVC_DATA_DIR" in lines[0] and "not writable" in lines[0]


NEO4J = pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="set NEO4J_URI to run")


@NEO4J
def test_wrong_neo4j_credentials_stop_start_up_with_one_line(tmp_path: Path) -> None:
    result = serve_with(
        {
            "GRAPHSVC_DATABASE_URL": os.environ["NEO4J_URI"],
            "GRAPHSVC_DATABASE_USER": "neo4j",
            "GRAPHSVC_DATABASE_PASSWORD": "certainly-not-the-password",
        },
        tmp_path,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "GRAPHSVC_DATABASE_PASSWORD" in lines[0]


@NEO4J
def test_neo4j_managed_transactions_retry_transient_errors() -> None:
    """The driver's managed transactions retry a transient failure (as in a leader switch)."""
    from neo4j.exceptions import TransientError

    settings = load_settings(
        database_url=os.environ["NEO4J_URI"],
        database_user=os.environ.get("NEO4J_USER", "neo4j"),
        database_password=os.environ.get("NEO4J_PASSWORD"),
    )
    backend = Neo4jBackend(
        os.environ["NEO4J_URI"],
        settings.database_user,
        settings.database_password,
        settings.database_name,
        retry_s=settings.database_retry_s,
    )
    attempts = []

    def flaky(tx):  # type: ignore[no-untyped-def]
        attempts.append(1)
        if len(attempts) < 3:
            raise TransientError("simulated leader switch")
        return tx.run("RETURN 1 AS one").single()["one"]

    try:
        with backend.driver.session(database=backend.database) as session:
            assert session.execute_write(flaky) == 1
    finally:
        backend.close()
    assert len(attempts) == 3


def test_settings_errors_are_one_line() -> None:
    with pytest.raises(ConfigurationError) as info:
        load_settings(database_url="ftp://example.org", appendfsync="sometimes")
    assert "\n" not in str(info.value)
    assert "GRAPHSVC_APPENDFSYNC" in str(info.value)


def test_serve_stopped_by_sigterm_stops_its_engine_and_logged_json_lines(
    tmp_path: Path,
) -> None:
    import json

    import httpx

    from tests.support.server import serve

    served = serve(tmp_path / "data")
    try:
        answer = httpx.get(served.url + "/healthz", headers={"X-Request-ID": "sigterm-test"})
        assert answer.headers["X-Request-ID"] == "sigterm-test"
        engine = served.engine_pid()
    finally:
        log = served.stop()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{engine}").exists():
        time.sleep(0.05)
    assert not Path(f"/proc/{engine}").exists(), "the engine outlived the service"
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert any(line.get("request_id") == "sigterm-test" for line in lines)
    assert all(not line.strip() or line.startswith("{") for line in log.splitlines())


class TcpFalkorDB:
    """A FalkorDB server on a loopback TCP port (as ``falkordb://`` users run one)."""

    def __init__(self, data_dir: Path) -> None:
        from graphsvc.backends.embedded import engine_binaries

        self.port = closed_port()
        self.data_dir = data_dir
        self.server, self.module = engine_binaries()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        import redis

        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [str(self.server), "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--dir", str(self.data_dir), "--appendonly", "yes", "--save", ""]
        self.process = subprocess.Popen(
            [*args, "--loadmodule", str(self.module)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port).ping()
                return
            except (redis.exceptions.ConnectionError, redis.exceptions.BusyLoadingError):
                time.sleep(0.05)
        raise AssertionError("the FalkorDB server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()


def test_falkordb_url_engine_restarted_elsewhere_is_reconnected_without_restart(
    tmp_path: Path, settings: Settings
) -> None:
    from graphsvc.backends.falkordb import FalkorDBBackend

    server = TcpFalkorDB(tmp_path / "tcp")
    server.start()
    backend = FalkorDBBackend.from_url(f"falkordb://127.0.0.1:{server.port}", "graphsvc")
    try:
        backend.ensure_schema()
        load_paths(backend, settings, [SAMPLE])
        with TestClient(create_app(settings, backend)) as client:
            path = f"/researchers/{busiest_author()}"
            before = client.get(path).json()
            server.kill()
            down = client.get(path)
            assert down.status_code == 503 and down.headers["Retry-After"].isdigit()
            assert client.get("/readyz").status_code == 503
            server.start()  # an operator (or systemd) brings the server back
            assert wait_for(client, path, 200) == before
    finally:
        backend.close()
        server.kill()


STARTER = """
import sys, time
from pathlib import Path
from graphsvc.backends.embedded import EmbeddedEngine
engine = EmbeddedEngine(Path(sys.argv[1]))
engine.start()
print(engine.owned, engine.pid_path.read_text().strip(), flush=True)
time.sleep(2)
engine.stop()
"""


def test_processes_that_find_no_engine_at_once_start_exactly_one(tmp_path: Path) -> None:
    """When the API and loaders all find the engine dead, one restarts it, the rest join:
    two servers must never write the same append-only file."""
    data_dir = tmp_path / "data"
    starters = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, str(data_dir)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    answers = [p.communicate(timeout=60)[0].split() for p in starters]
    assert all(p.returncode == 0 for p in starters)
    assert sorted(owned for owned, _ in answers) == ["False", "False", "False", "True"]
    assert len({pid for _, pid in answers}) == 1
