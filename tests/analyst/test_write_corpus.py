"""Every attempt of the corpus to write or administer is refused, and nothing changes.

"Nothing changes" is the graph checksum (every node and edge with every property) plus the
engine's list of indexes and constraints, which DDL would change without touching a node.
"""

from __future__ import annotations

from collections import Counter

import pytest
import redis

from graphsvc.backends.falkordb import FalkorDBBackend
from tests.analyst.conftest import cypher, state
from tests.analyst.corpus import WRITES
from tests.people.conftest import World

STATUS = {"read_only": 403, "outside_the_graph": 403, "not_cypher": 400}


def test_the_corpus_holds_at_least_50_attempts_of_every_kind_the_issue_names() -> None:
    assert len(WRITES) >= 50
    assert len({what for what, *_ in WRITES}) == len(WRITES)
    text = "\n".join(query.upper() for _, query, _, _ in WRITES)
    for keyword in (
        "CREATE (",
        "MERGE",
        " SET ",
        "REMOVE",
        " DELETE",
        "DETACH DELETE",
        "CREATE INDEX",
        "DROP INDEX",
        "CONSTRAINT",
        "LOAD CSV",
        "DB.IDX.FULLTEXT.CREATENODEINDEX",
        "FOREACH",
        "CALL {",
        ";",
        "/*",
        "//",
        "GRAPH.",
    ):
        assert keyword in text, keyword
    assert Counter(expect for *_, expect in WRITES).keys() == STATUS.keys()


def test_every_write_attempt_is_refused_and_the_graph_is_unchanged(world: World) -> None:
    before = state(world.backend)
    wrong = []
    for what, query, params, expect in WRITES:
        res = cypher(world, query, parameters=params)
        body = res.json()
        ok = res.status_code == STATUS[expect] and (
            body.get("error") == expect
            if expect != "not_cypher"
            else body.get("error") == "syntax_error" or "not registered" in body["detail"]
        )
        if not ok:
            wrong.append((what, res.status_code, body))
    assert wrong == []
    assert state(world.backend) == before


def test_refusals_say_why_and_reach_the_audit_log(world: World) -> None:
    res = cypher(world, "MATCH (n:Researcher) SET n.name = 'x'")
    assert res.status_code == 403
    assert "read-only" in res.json()["detail"]
    res = cypher(world, "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row")
    assert res.status_code == 403
    assert "LOAD CSV" in res.json()["detail"]
    res = cypher(world, "MATCH (n) RETRN n")
    assert res.status_code == 400
    assert "MATCH (n) RETRN n"[res.json()["position"] :] == "RN n"  # where the parser gave up
    assert "expected RETURN" in res.json()["detail"]
    outcomes = [e["outcome"] for e in world.cache.setdefault("audit", _audit(world))[-3:]]
    assert outcomes == ["refused_write", "refused_outside_graph", "syntax_error"]


def test_a_syntax_error_position_counts_characters_not_bytes(world: World) -> None:
    query = "MATCH (n:Researcher {name: 'Gunārs'}) RETRN n"
    res = cypher(world, query)
    assert res.status_code == 400
    assert query[res.json()["position"] :] == "RN n"  # 'ā' is two bytes, one character
    res = cypher(world, "ＣＲＥＡＴＥ (n)")
    assert res.status_code == 400
    assert res.json()["position"] == 0
    assert "'Ｃ'" in res.json()["detail"]


def test_the_engines_read_only_command_itself_refuses_every_write_of_the_corpus(
    world: World,
) -> None:
    """Below graphsvc's own steps: GRAPH.RO_QUERY, given the text as it is, says no."""
    backend = world.backend
    assert isinstance(backend, FalkorDBBackend)
    before = state(backend)
    for what, query, params, expect in WRITES:
        if expect != "read_only":
            continue
        with pytest.raises(redis.exceptions.ResponseError, match="read-only queries"):
            backend.graph.ro_query(query, params or None)
        assert what
    assert state(backend) == before


def _audit(world: World) -> list[dict]:
    from graphsvc.services.audit import AuditLog

    return AuditLog(world.settings.audit_log_path).entries()
