"""An analyst's world: the real sample in a fresh engine, accounts for every role, the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graphsvc.backends import GraphBackend
from graphsvc.services.checksum import GraphChecksum, graph_checksum
from tests.people.conftest import World, build_world


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Module-wide; the rate limit is off here (tests/test_hardening.py tests the limiter)."""
    yield from build_world(tmp_path_factory.mktemp("analyst") / "data", rate_limit_cypher="")


def cypher(world: World, query: str, who: str | None = "analyst", **body: Any) -> Any:
    """POST /cypher as ``who`` (an account of the world; None = anonymous)."""
    return world.call("POST", "/cypher", who, {"query": query, **body})


def schema(backend: GraphBackend) -> list[str]:
    """Indexes and constraints: DDL changes no node or edge, so the checksum cannot see it."""
    return sorted(map(repr, backend.read("graph/list_schema")))


def state(backend: GraphBackend) -> tuple[GraphChecksum, list[str]]:
    """Everything an analyst's write could touch: every node, edge, property and index."""
    return graph_checksum(backend), schema(backend)
