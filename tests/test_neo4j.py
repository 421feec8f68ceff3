"""The Neo4j backend against a real server: runs when NEO4J_URI is set (docker-compose.yml)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import load_settings
from graphsvc.services.checksum import graph_checksum
from graphsvc.services.ingest import IngestPipeline
from graphsvc.services.loading import run_load
from graphsvc.services.researchers import ResearcherService
from loaders import openalex
from tests.support.raw import SAMPLE, raw_counts, read_works

pytestmark = pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"),
    reason="NEO4J_URI is not set: no Neo4j server here (docker compose up neo4j to run these)",
)


@pytest.fixture
def neo4j_backend() -> Iterator[GraphBackend]:
    settings = load_settings(
        database_url=os.environ["NEO4J_URI"],
        database_user=os.environ.get("NEO4J_USER", "neo4j"),
        database_password=os.environ.get("NEO4J_PASSWORD", ""),
    )
    backend = open_backend(settings)
    backend.write("graph/delete_all", {})
    yield backend
    backend.close()


def test_the_sample_on_neo4j_gives_the_raw_records_counts_and_loads_idempotently(
    neo4j_backend: GraphBackend,
) -> None:
    pipeline = IngestPipeline(neo4j_backend)
    run_load(openalex.read([SAMPLE]), pipeline)
    before = graph_checksum(neo4j_backend)
    run_load(openalex.read([SAMPLE]), pipeline)
    assert graph_checksum(neo4j_backend) == before
    raw = raw_counts(read_works())
    service = ResearcherService(neo4j_backend, load_settings(database_url=""))
    for author, works in list(raw.works.items())[:100]:
        profile = service.profile(author)
        assert profile["works_count"] == len(works)
        assert profile["topics_count"] == len(raw.topics[author])


def test_analyst_writes_are_refused_by_the_planner_on_neo4j(neo4j_backend: GraphBackend) -> None:
    from graphsvc.errors import ReadOnlyViolation

    with pytest.raises(ReadOnlyViolation):
        neo4j_backend.run_read_only("CREATE (n:X) RETURN n", {}, timeout_ms=1000, limit=10)
