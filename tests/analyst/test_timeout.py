"""A pathological query stops at its timeout, inside the engine, while the API goes on.

A real ``graphsvc serve`` over the real sample: a cartesian product of all nodes four times
(about 3 * 10^12 rows) runs with a timeout while profile and search requests are sent. The
engine's own list of running queries shows the query running while they are answered, and
gone once the timeout answer arrives.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import redis

from graphsvc.backends import open_backend
from graphsvc.services.auth import AuthService
from tests.conftest import load_paths, make_settings
from tests.support.raw import SAMPLE, raw_counts, read_works
from tests.support.server import Served, serve

PATHOLOGICAL = "MATCH (a), (b), (c), (d) RETURN count(*) AS rows"


@dataclass
class Analyst:
    server: Served
    headers: dict[str, str]
    researcher: str

    def running(self) -> list[str]:
        """Queries the engine is executing now (FalkorDB's GRAPH.INFO RunningQueries)."""
        conn = redis.Redis(unix_socket_path=str(self.server.data_dir / "engine.sock"))
        try:
            reply = conn.execute_command("GRAPH.INFO", "RunningQueries")
        finally:
            conn.close()
        queries = reply[1] if len(reply) > 1 else []
        return [q[q.index(b"Query") + 1].decode() for q in queries if b"Query" in q]


@pytest.fixture(scope="module")
def analyst(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Analyst]:
    data_dir: Path = tmp_path_factory.mktemp("timeout") / "data"
    settings = make_settings(data_dir)
    backend = open_backend(settings)
    try:
        load_paths(backend, settings, [SAMPLE])
        _, token = AuthService(backend).create_user("ana", ["analyst"])
    finally:
        backend.close()
    server = serve(data_dir, GRAPHSVC_RATE_LIMIT_CYPHER="", GRAPHSVC_CYPHER_MAX_CONCURRENT="1")
    researcher = max(raw_counts(read_works()).works.items(), key=lambda kv: len(kv[1]))[0]
    try:
        yield Analyst(server, {"Authorization": f"Bearer {token}"}, researcher)
    finally:
        server.stop()


def _wait_until(condition: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("the condition did not come true in time")


def test_a_cartesian_product_stops_at_the_timeout_while_other_requests_are_answered(
    analyst: Analyst,
) -> None:
    url = analyst.server.url
    timeout_ms = 8_000  # long enough that a loaded machine still answers the others within it
    outcome: dict[str, object] = {}

    def pathological() -> None:
        started = time.monotonic()
        outcome["response"] = httpx.post(
            f"{url}/cypher",
            json={"query": PATHOLOGICAL, "timeout_ms": timeout_ms},
            headers=analyst.headers,
            timeout=120,
        )
        outcome["elapsed_s"] = time.monotonic() - started

    thread = threading.Thread(target=pathological)
    thread.start()
    try:
        _wait_until(lambda: PATHOLOGICAL in " ".join(analyst.running()))
        answered = []
        for path in (f"/researchers/{analyst.researcher}", "/search?q=climate", "/healthz"):
            res = httpx.get(url + path, timeout=30)
            assert res.status_code == 200, res.text
            answered.append(path)
        # A second analyst query meanwhile meets the concurrency cap, not a queue.
        busy = httpx.post(
            f"{url}/cypher", json={"query": "RETURN 1"}, headers=analyst.headers, timeout=30
        )
        still_running = PATHOLOGICAL in " ".join(analyst.running())
    finally:
        thread.join(timeout=120)
    assert still_running, "the other requests were answered while the engine ran the query"
    assert answered and "response" in outcome
    assert busy.status_code == 429 and busy.headers["Retry-After"] == "1"

    res = outcome["response"]
    assert isinstance(res, httpx.Response)
    assert res.status_code == 422, res.text
    assert res.json() == {
        "detail": f"the query ran past its time limit of {timeout_ms} ms and was stopped",
        "error": "timeout",
        "limit_ms": timeout_ms,
    }
    elapsed = outcome["elapsed_s"]
    assert isinstance(elapsed, float)
    # It ran its whole budget, and stopped there: the full product would take hours.
    assert timeout_ms / 1000 <= elapsed < 60
    _wait_until(lambda: analyst.running() == [], seconds=5)


def test_after_a_timeout_the_next_analyst_query_runs(analyst: Analyst) -> None:
    url = analyst.server.url
    res = httpx.post(
        f"{url}/cypher",
        json={"query": PATHOLOGICAL, "timeout_ms": 300},
        headers=analyst.headers,
        timeout=60,
    )
    assert res.status_code == 422 and res.json()["limit_ms"] == 300
    res = httpx.post(
        f"{url}/cypher",
        json={"query": "MATCH (n:Researcher) RETURN count(n) AS c"},
        headers=analyst.headers,
        timeout=60,
    )
    assert res.status_code == 200
    assert res.json()["rows"] == [[len(raw_counts(read_works()).works)]]
