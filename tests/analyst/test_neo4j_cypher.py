"""The analysts' endpoint on Neo4j: the planner check that refuses writes and reads outside
the graph. The rule itself is checked here always, on plans shaped as Neo4j sends them;
over a real server the corpus runs when NEO4J_URI is set (docker-compose.yml)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.backends.neo4j import refuse_unless_read_only
from graphsvc.config import load_settings
from graphsvc.errors import QueryNotAllowed, ReadOnlyViolation
from graphsvc.services.auth import AuthService
from graphsvc.services.ingest import IngestPipeline
from graphsvc.services.loading import run_load
from loaders import openalex
from tests.analyst.conftest import state
from tests.analyst.corpus import WRITES
from tests.support.raw import SAMPLE


def op(name: str, details: str = "", *children: dict[str, Any]) -> dict[str, Any]:
    """A plan node as the Bolt summary carries it."""
    return {
        "operatorType": f"{name}@neo4j",
        "args": {"Details": details} if details else {},
        "identifiers": [],
        "children": list(children),
    }


READ_PLAN = op("ProduceResults", "name", op("Projection", "r.name AS name", op("NodeByLabelScan")))


def test_a_read_plan_of_this_database_passes() -> None:
    refuse_unless_read_only("r", READ_PLAN, "neo4j", "neo4j")
    labels = op("ProduceResults", "", op("ProcedureCall", "db.labels() :: (label :: STRING)"))
    refuse_unless_read_only("r", labels, "neo4j", "neo4j")


@pytest.mark.parametrize("query_type", ["w", "rw", "s", None])
def test_anything_the_planner_does_not_call_a_read_is_refused(query_type: str | None) -> None:
    with pytest.raises(ReadOnlyViolation, match="read-only"):
        refuse_unless_read_only(query_type, READ_PLAN, "neo4j", "neo4j")


@pytest.mark.parametrize(
    "plan",
    [
        op("ProduceResults", "", op("LoadCSV", "line")),
        op("ProduceResults", "", op("ShowTransactions")),
        op("ProduceResults", "", op("ShowSettings")),
        op("ProduceResults", "", op("ProcedureCall", "dbms.listQueries() :: (queryId :: STRING)")),
        op("ProduceResults", "", op("ProcedureCall", "apoc.load.json($url) :: (value :: MAP)")),
        op("ProduceResults", "", op("ProcedureCall", "gds.graph.project('g', '*', '*')")),
        op(
            "ProduceResults",
            "",
            op("Apply", "", READ_PLAN, op("ProcedureCall", "tx.getMetaData()")),
        ),
        op("ProduceResults", "", op("ProcedureCall", "")),  # a call whose name is not shown
    ],
)
def test_plans_that_reach_outside_the_graph_are_refused_even_as_reads(
    plan: dict[str, Any],
) -> None:
    with pytest.raises(QueryNotAllowed):
        refuse_unless_read_only("r", plan, "neo4j", "neo4j")


def test_a_use_of_another_database_is_refused() -> None:
    with pytest.raises(QueryNotAllowed, match="'system'"):
        refuse_unless_read_only("r", READ_PLAN, "system", "neo4j")


needs_neo4j = pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"),
    reason="NEO4J_URI is not set: no Neo4j server here (docker compose up neo4j to run these)",
)


@pytest.fixture(scope="module")
def neo4j_api(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, GraphBackend, dict[str, str]]]:
    settings = load_settings(
        database_url=os.environ["NEO4J_URI"],
        database_user=os.environ.get("NEO4J_USER", "neo4j"),
        database_password=os.environ.get("NEO4J_PASSWORD", ""),
        data_dir=tmp_path_factory.mktemp("neo4j-analyst"),
        rate_limit_cypher="",
    )
    backend = open_backend(settings)
    backend.write("graph/delete_all", {})
    run_load(openalex.read([SAMPLE]), IngestPipeline(backend))
    _, token = AuthService(backend).create_user("ana", ["analyst"])
    with TestClient(create_app(settings, backend)) as client:
        yield client, backend, {"Authorization": f"Bearer {token}"}
    backend.close()


@needs_neo4j
def test_every_write_attempt_is_refused_by_neo4j_and_the_graph_is_unchanged(neo4j_api) -> None:
    client, backend, headers = neo4j_api
    before = state(backend)
    wrong = []
    for what, query, params, _ in WRITES:
        res = client.post("/cypher", json={"query": query, "parameters": params}, headers=headers)
        if res.status_code not in (400, 403):
            wrong.append((what, res.status_code, res.text))
    assert wrong == []
    assert state(backend) == before


@needs_neo4j
def test_values_and_timeouts_on_neo4j_match_the_documented_form(neo4j_api) -> None:
    client, _, headers = neo4j_api
    res = client.post(
        "/cypher",
        json={"query": "MATCH p = (r:Researcher)-[a:AUTHORED]->(w:Work) RETURN r, a, p LIMIT 1"},
        headers=headers,
    )
    assert res.status_code == 200, res.text
    r, a, p = res.json()["rows"][0]
    assert set(r) == {"id", "labels", "properties"} and r["labels"] == ["Researcher"]
    assert (a["type"], a["start"]) == ("AUTHORED", r["id"])
    assert p["nodes"][0] == r and p["relationships"] == [a]
    slow = client.post(
        "/cypher",
        json={"query": "MATCH (a), (b), (c), (d) RETURN count(*)", "timeout_ms": 1000},
        headers=headers,
    )
    assert slow.status_code == 422 and slow.json()["error"] == "timeout"
    capped = client.post(
        "/cypher", json={"query": "MATCH (a), (b) RETURN a.id", "limit": 3}, headers=headers
    )
    assert capped.json()["row_count"] == 3 and capped.json()["truncated"] is True
