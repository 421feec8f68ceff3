"""The response cache: public answers reused while the graph is unchanged, and never once
any write (from this process or another) changed it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.api.cache import VersionReads
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings
from graphsvc.services.auth import AuthService
from tests.conftest import load_paths, make_settings
from tests.support.raw import SAMPLE, raw_counts, read_works

RAW = raw_counts(read_works())
BUSIEST = max(RAW.works, key=lambda a: (len(RAW.works[a]), a))


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphBackend, Settings]]:
    settings = make_settings(tmp_path_factory.mktemp("cache") / "data")
    backend = open_backend(settings)
    load_paths(backend, settings, [SAMPLE])
    yield backend, settings
    backend.close()


def client_for(graph: tuple[GraphBackend, Settings], **overrides: object) -> TestClient:
    backend, settings = graph
    return TestClient(create_app(settings.model_copy(update=overrides), backend))


def test_a_repeated_public_request_is_answered_from_the_cache_with_the_same_body(
    graph: tuple[GraphBackend, Settings],
) -> None:
    with client_for(graph) as c:
        first = c.get(f"/researchers/{BUSIEST}")
        second = c.get(f"/researchers/{BUSIEST}")
        assert first.headers["x-graphsvc-cache"] == "miss"
        assert second.headers["x-graphsvc-cache"] == "hit"
        assert second.json() == first.json() and second.json()["works_count"] > 1
        assert second.headers["x-request-id"] != first.headers["x-request-id"]
        assert second.headers["content-security-policy"]  # hits keep the security headers
        metrics = c.get("/metrics").text
        assert 'graphsvc_response_cache_total{outcome="hit"}' in metrics


def test_any_write_makes_the_next_answer_fresh_even_from_another_process(
    graph: tuple[GraphBackend, Settings],
) -> None:
    backend, settings = graph
    _, token = AuthService(backend).create_user("cache-follower", ["user"])
    with client_for(graph) as c:
        before = c.get(f"/researchers/{BUSIEST}").json()["followers_count"]
        assert c.get(f"/researchers/{BUSIEST}").headers["x-graphsvc-cache"] == "hit"
        follow = c.post(
            f"/researchers/{BUSIEST}/follow", headers={"Authorization": f"Bearer {token}"}
        )
        assert follow.status_code == 200
        after = c.get(f"/researchers/{BUSIEST}")
        assert after.headers["x-graphsvc-cache"] == "miss"
        assert after.json()["followers_count"] == before + 1

        # another process (the CLI) joins the same engine and writes: the version moves
        assert c.get(f"/researchers/{BUSIEST}").headers["x-graphsvc-cache"] == "hit"
        env = {
            **os.environ,
            "GRAPHSVC_DATA_DIR": str(settings.data_dir),
            "GRAPHSVC_DATABASE_URL": "",
        }
        made = subprocess.run(
            [sys.executable, "-m", "graphsvc", "users", "create", "cache-cli", "--role", "user"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
        assert c.get(f"/researchers/{BUSIEST}").headers["x-graphsvc-cache"] == "miss"


def test_signed_in_and_no_cache_requests_are_never_served_from_the_cache(
    graph: tuple[GraphBackend, Settings],
) -> None:
    backend, _ = graph
    _, token = AuthService(backend).create_user("cache-reader", ["user"])
    with client_for(graph) as c:
        c.get(f"/researchers/{BUSIEST}/collaborators")
        signed_in = c.get(
            f"/researchers/{BUSIEST}/collaborators", headers={"Authorization": f"Bearer {token}"}
        )
        assert "x-graphsvc-cache" not in signed_in.headers
        fresh = c.get(
            f"/researchers/{BUSIEST}/collaborators", headers={"Cache-Control": "no-cache"}
        )
        assert "x-graphsvc-cache" not in fresh.headers
        assert c.get(f"/researchers/{BUSIEST}/collaborators").headers["x-graphsvc-cache"] == "hit"


def test_errors_are_not_kept_and_rate_limits_count_cache_hits(
    graph: tuple[GraphBackend, Settings],
) -> None:
    with client_for(graph, rate_limit_search="3/minute") as c:
        assert c.get("/researchers/A1").status_code == 404
        assert c.get("/researchers/A1").headers.get("x-graphsvc-cache") == "miss"
        answers = [c.get("/search", params={"q": "climate"}) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert answers[1].headers["x-graphsvc-cache"] == "hit"
        assert int(answers[3].headers["retry-after"]) >= 1


def test_kept_answers_expire_and_the_oldest_go_first_when_the_cache_is_full(
    graph: tuple[GraphBackend, Settings],
) -> None:
    others = sorted(RAW.works)[:2]
    with client_for(graph, response_cache_max_age_s=0.3, response_cache_entries=2) as c:
        c.get(f"/researchers/{BUSIEST}")
        time.sleep(0.4)
        assert c.get(f"/researchers/{BUSIEST}").headers["x-graphsvc-cache"] == "miss"
    with client_for(graph, response_cache_entries=2) as c:
        for rid in (BUSIEST, *others):  # three answers into two places
            c.get(f"/researchers/{rid}")
        assert c.get(f"/researchers/{others[1]}").headers["x-graphsvc-cache"] == "hit"
        assert c.get(f"/researchers/{BUSIEST}").headers["x-graphsvc-cache"] == "miss"
    with client_for(graph, response_cache_entries=0) as c:
        c.get(f"/researchers/{BUSIEST}")
        assert "x-graphsvc-cache" not in c.get(f"/researchers/{BUSIEST}").headers


def test_requests_arriving_during_a_version_read_wait_for_the_next_and_share_it() -> None:
    """A read sent before a request arrived may miss a write acknowledged just before it
    came: that request waits for the next read, which all who arrived meanwhile share."""
    version = {"now": "1"}
    sent: list[str] = []
    release_first = threading.Event()

    def read() -> str:
        seen = version["now"]  # what the engine answers when the read reaches it
        sent.append(seen)
        if len(sent) == 1:
            release_first.wait(5)
        return seen

    async def scenario() -> tuple[str | None, ...]:
        reads = VersionReads(read)
        first = asyncio.create_task(reads.current())
        while not sent:  # the first read is on its way
            await asyncio.sleep(0.001)
        version["now"] = "2"  # a write is acknowledged; then two requests arrive
        later = [asyncio.create_task(reads.current()) for _ in range(2)]
        await asyncio.sleep(0.01)
        release_first.set()
        return (await first, *[await t for t in later])

    with ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever runs in this thread
        assert pool.submit(asyncio.run, scenario()).result(30) == ("1", "2", "2")
    assert sent == ["1", "2"]  # two reads for three requests, the second sent after both came
