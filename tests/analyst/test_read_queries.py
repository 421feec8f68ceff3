"""An analyst can run the read queries the engine supports, and gets one documented JSON form.

Values: nodes {id, labels, properties}, relationships {id, type, start, end, properties},
paths {nodes, relationships}, maps, lists and scalars as JSON (README, "Analysts' Cypher").
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest

from graphsvc.config import load_settings
from graphsvc.services.analyst import AnalystService, Caller
from graphsvc.services.audit import AuditLog
from tests.analyst.conftest import cypher, state
from tests.people.conftest import World
from tests.support.raw import raw_counts, read_works


def ok(world: World, query: str, **body: object) -> dict:
    res = cypher(world, query, **body)
    assert res.status_code == 200, res.text
    return res.json()


def test_an_aggregation_agrees_with_the_raw_records(world: World) -> None:
    raw = raw_counts(read_works())
    out = ok(
        world,
        "MATCH (r:Researcher)-[:AUTHORED]->(w:Work) "
        "RETURN r.id AS id, count(DISTINCT w) AS works ORDER BY works DESC, id LIMIT 5",
    )
    assert out["columns"] == ["id", "works"]
    expected = sorted(((len(w), a) for a, w in raw.works.items()), key=lambda t: (-t[0], t[1]))
    assert [row[1] for row in out["rows"]] == [n for n, _ in expected[:5]]
    assert all(len(raw.works[rid]) == n for rid, n in out["rows"])
    assert out["truncated"] is False and out["engine"] == "falkordb"


def test_parameters_are_values_in_the_query(world: World) -> None:
    rid = world.researchers[0]
    out = ok(
        world,
        "MATCH (r:Researcher {id: $id}) RETURN r.name AS name, $list AS list, $map.k AS k",
        parameters={"id": rid, "list": [1, "two", None], "map": {"k": 'it\'s "quoted"'}},
    )
    profile = world.client.get(f"/researchers/{rid}").json()
    assert out["rows"] == [[profile["name"], [1, "two", None], 'it\'s "quoted"']]


def test_optional_match_gives_null_where_nothing_matches(world: World) -> None:
    out = ok(
        world,
        "MATCH (r:Researcher) OPTIONAL MATCH (r)-[:AFFILIATED_WITH]->(i:Institution) "
        "RETURN r.id AS id, i.id AS institution",
        limit=10_000,
    )
    institutions = [row[1] for row in out["rows"]]
    assert None in institutions
    assert any(isinstance(i, str) for i in institutions)


def test_nodes_relationships_and_paths_have_the_documented_shape(world: World) -> None:
    out = ok(
        world,
        "MATCH p = (r:Researcher)-[a:AUTHORED]->(w:Work) RETURN r, a, w, p LIMIT 1",
    )
    assert out["columns"] == ["r", "a", "w", "p"]
    r, a, w, p = out["rows"][0]
    assert set(r) == {"id", "labels", "properties"}
    assert r["labels"] == ["Researcher"] and r["properties"]["id"].startswith("A")
    assert w["labels"] == ["Work"] and w["properties"]["id"]
    assert set(a) == {"id", "type", "start", "end", "properties"}
    assert (a["type"], a["start"], a["end"]) == ("AUTHORED", r["id"], w["id"])
    assert isinstance(r["id"], str) and isinstance(a["id"], str)
    assert p == {"nodes": [r, w], "relationships": [a]}


def test_scalars_lists_maps_and_numbers_json_cannot_carry(world: World) -> None:
    out = ok(
        world,
        "RETURN 1 AS i, 1.5 AS f, 'ü' AS s, true AS b, null AS n, [1, [2]] AS l, "
        "{a: {b: [1, 'x']}} AS m, 0.0 / 0.0 AS nan, 1.0 / 0.0 AS inf, 'CREATE (n)' AS text",
    )
    assert out["columns"] == ["i", "f", "s", "b", "n", "l", "m", "nan", "inf", "text"]
    assert out["rows"] == [
        [1, 1.5, "ü", True, None, [1, [2]], {"a": {"b": [1, "x"]}}, "NaN", "Infinity", "CREATE (n)"]
    ]


def test_a_trailing_semicolon_is_fine(world: World) -> None:
    out = ok(world, "MATCH (n:Researcher) RETURN n.id AS id ;  ", limit=2)
    assert out["row_count"] == 2 and out["truncated"] is True


def test_columns_come_in_the_order_the_query_returns_them(world: World) -> None:
    out = ok(world, "MATCH (w:Work) RETURN w.id AS zeta, w.year, count(*) AS alpha LIMIT 2")
    assert out["columns"] == ["zeta", "w.year", "alpha"]
    assert [type(v) for v in out["rows"][0]][::2] == [str, int]


def test_union_distinct_order_by_and_procedures(world: World) -> None:
    out = ok(
        world,
        "MATCH (r:Researcher) RETURN 'researcher' AS kind "
        "UNION MATCH (w:Work) RETURN 'work' AS kind",
    )
    assert sorted(row[0] for row in out["rows"]) == ["researcher", "work"]
    years = ok(world, "MATCH (w:Work) RETURN DISTINCT w.year AS y ORDER BY y DESC", limit=10_000)
    values = [row[0] for row in years["rows"] if row[0] is not None]
    assert values == sorted(values, reverse=True) and len(values) == len(set(values))
    labels = ok(world, "CALL db.labels()")
    assert {"Researcher", "Work", "Topic"} <= {row[0] for row in labels["rows"]}
    hits = ok(
        world,
        "CALL db.idx.fulltext.queryNodes('Work', $q) YIELD node RETURN node.id AS id LIMIT 3",
        parameters={"q": "climate"},
    )
    assert hits["rows"]


def test_shortest_paths_and_pattern_comprehensions(world: World) -> None:
    out = ok(
        world,
        "MATCH (a:Researcher)-[:COAUTHOR]->(b:Researcher) WITH a, b LIMIT 1 "
        "MATCH (a)-[:AUTHORED]->(w) WITH a, b, collect(w.id) AS works "
        "RETURN works, [(b)-[:AUTHORED]->(x) | x.id] AS theirs, "
        "shortestPath((a)-[:COAUTHOR*]->(b)) AS p",
    )
    works, theirs, path = out["rows"][0]
    assert set(works) & set(theirs)  # coauthors share a work
    assert len(path["relationships"]) == 1 and path["relationships"][0]["type"] == "COAUTHOR"


def test_the_row_cap_truncates_and_says_so(world: World) -> None:
    total = ok(world, "MATCH (n) RETURN count(n) AS c")["rows"][0][0]
    capped = ok(world, "MATCH (n) RETURN n.id AS id", limit=10)
    assert capped["row_count"] == 10 and capped["limit"] == 10
    assert capped["truncated"] is True and capped["truncated_by"] == "rows"
    whole = ok(world, "MATCH (n) RETURN n.id AS id", limit=total)
    assert whole["row_count"] == total and whole["truncated"] is False


def test_the_engine_stops_producing_rows_at_the_cap(world: World) -> None:
    """A cartesian product of all nodes three times (over 2 billion rows) answers its first
    rows within a timeout far too short for the whole: the engine stopped at the cap."""
    nodes = ok(world, "MATCH (n) RETURN count(n) AS c")["rows"][0][0]
    assert nodes**3 > 2_000_000_000
    out = ok(world, "MATCH (a), (b), (c) RETURN a.id, b.id, c.id", limit=5, timeout_ms=3_000)
    assert out["row_count"] == 5 and out["truncated"] is True


def test_the_response_size_cap_cuts_rows_and_says_so(world: World) -> None:
    settings = load_settings(
        data_dir=world.settings.data_dir, database_url="", cypher_response_max_bytes=20_000
    )
    service = AnalystService(world.backend, settings, AuditLog(settings.audit_log_path))
    result = service.run(Caller("test", "test"), "MATCH (w:Work) RETURN w", limit=1_000)
    assert 0 < len(result.rows) < 100
    assert result.truncated is True and result.truncated_by == "bytes"
    assert "GRAPHSVC_CYPHER_RESPONSE_MAX_BYTES" in result.notes[0]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"query": "RETURN 1", "limit": 10_001}, "limit must be between 1 and 10000"),
        ({"query": "RETURN 1", "timeout_ms": 60_001}, "timeout_ms must be between 1 and 60000"),
        ({"query": "RETURN 1 //" + "x" * 20_000}, "longer than 20000"),
        ({"query": "   "}, "empty"),
        ({"query": "RETURN 1\x00"}, "NUL"),
        ({"query": "RETURN $x", "parameters": {"x": "a\x00b"}}, "NUL"),
        ({"query": "RETURN $x", "parameters": {"1x": 1}}, "parameter name"),
        ({"query": "RETURN $x", "parameters": {"x": 2**64}}, "64 bits"),
        ({"query": "RETURN $x", "parameters": {"x": {"a`b": 1}}}, "map keys"),
    ],
)
def test_input_past_the_limits_is_422_saying_what_to_change(
    world: World, body: dict, says: str
) -> None:
    res = world.call("POST", "/cypher", "analyst", body)
    assert res.status_code == 422, res.text
    assert says in res.text


def test_non_finite_numbers_in_parameters_are_422(world: World) -> None:
    res = world.client.post(
        "/cypher",
        content=b'{"query": "RETURN $x", "parameters": {"x": NaN}}',
        headers={**world.as_("analyst"), "Content-Type": "application/json"},
    )
    assert res.status_code == 422 and "finite" in res.text


def test_every_query_is_in_the_audit_log_without_the_token(world: World) -> None:
    before = len(AuditLog(world.settings.audit_log_path).entries())
    ok(world, "MATCH (r:Researcher {id: $id}) RETURN r.name", parameters={"id": "A1"})
    cypher(world, "CREATE (n)")
    cypher(world, "MATCH (a),(b),(c),(d) RETURN count(*)", timeout_ms=200)
    entries = AuditLog(world.settings.audit_log_path).entries()[before:]
    assert [e["outcome"] for e in entries] == ["ok", "refused_write", "timeout"]
    first = entries[0]
    assert first["who"] == "analyst" and first["via"] == "api"
    assert first["user_id"] == world.users["analyst"].id
    assert first["query"] == "MATCH (r:Researcher {id: $id}) RETURN r.name"
    assert first["parameters"] == {"id": "A1"}
    assert first["rows"] == 0 and first["elapsed_ms"] >= 0 and first["at"].endswith("+00:00")
    assert first["request_id"]
    assert "200 ms" in entries[2]["error"]
    token = world.headers["analyst"]["Authorization"].removeprefix("Bearer ")
    assert token not in world.settings.audit_log_path.read_text()


def test_the_cli_runs_read_queries_refuses_writes_and_is_audited(world: World) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")},
        "GRAPHSVC_DATA_DIR": str(world.settings.data_dir),
        "GRAPHSVC_DATABASE_URL": "",
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "graphsvc", "cypher", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    rid = world.researchers[0]
    done = run("MATCH (r:Researcher {id: $id}) RETURN r.id AS id", "-p", f"id={rid}", "--json")
    assert done.returncode == 0, done.stderr
    assert f'"{rid}"' in done.stdout
    table = run("MATCH (n:Researcher) RETURN n.id", "--limit", "3")
    assert table.returncode == 0 and "truncated" in table.stderr
    before = state(world.backend)
    refused = run("MATCH (n) DETACH DELETE n")
    assert refused.returncode == 1 and "read-only" in refused.stderr
    assert state(world.backend) == before
    entries = AuditLog(world.settings.audit_log_path).entries()[-3:]
    assert [(e["via"], e["outcome"]) for e in entries] == [
        ("cli", "ok"),
        ("cli", "ok"),
        ("cli", "refused_write"),
    ]
    assert entries[0]["parameters"] == {"id": rid} and entries[0]["who"].startswith("cli:")
    assert Counter(e["rows"] for e in entries)[3] == 1
