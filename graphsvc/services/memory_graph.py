"""The graph a bulk load builds in memory, answering the ingest pipeline's own queries.

A first load into an empty FalkorDB graph (:mod:`graphsvc.services.bulk`) runs the very
:class:`~graphsvc.services.ingest.IngestPipeline` every load runs, batch by batch, with
this object as its backend: identity resolution, per-source merging, byline roles,
affiliation spans, COAUTHOR weights and derived counts by difference and candidate
duplicates are all the pipeline's code, unchanged. Only the engine is replaced: each named
query the pipeline reads is answered from dicts with the rows its Cypher file returns on
FalkorDB, and each write applies what its statement does, clause by clause (MERGE finds
or creates, ``SET x += props`` merges, a property set to null is removed, ``null + 1`` is
null). So the graph held here after the last batch is the graph the incremental path
would have written, and :meth:`nodes` / :meth:`edges` hand it to the bulk writer.

Identifier lookups that can match several nodes return them in creation order (FalkorDB's
index answers in node id order, and node ids follow creation order while ingest deletes
no node), and a query's OPTIONAL MATCH chain multiplies out in the order FalkorDB's
nested loops produce, so "the first compatible match" picks the same node here as there.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import Any

from graphsvc.backends.base import AnalystResult, EdgeTable, NodeTable, Params, Row
from graphsvc.queries import Catalog

WORK_KEYS = ("openalex_id", "doi", "arxiv_id", "s2_id", "dblp_key")
"""Work properties ``ingest/resolve_works`` looks works up by (each indexed)."""
RESEARCHER_KEYS = ("openalex_id", "orcid", "s2_id", "dblp_name", "name_key")
"""Researcher properties the ingest queries look researchers up by (each indexed)."""
STORED = ("name", "openalex_id", "orcid", "s2_id", "dblp_name", "name_key")
"""The projection ``ingest/resolve_researchers`` returns with each match."""
MEMBER = ("id", "orcid", "dblp_name", "openalex_id", "s2_id")
"""The projection ``ingest/get_name_groups`` returns for each member."""


class UnsupportedQuery(RuntimeError):
    """The in-memory graph answers the ingest pipeline's queries only."""


class _Index:
    """Property value -> node ids holding it, in creation order (an engine's range index)."""

    __slots__ = ("ids",)

    def __init__(self) -> None:
        self.ids: dict[Any, list[str]] = {}

    def add(self, value: Any, node: str) -> None:
        if value is not None:
            self.ids.setdefault(value, []).append(node)

    def remove(self, value: Any, node: str) -> None:
        if value is None:
            return
        held = self.ids.get(value)
        if held is not None and node in held:
            held.remove(node)
            if not held:
                del self.ids[value]

    def get(self, value: Any) -> list[str]:
        if value is None:
            return []
        return self.ids.get(value) or []


class _Label:
    """Nodes of one label keyed by ``id``, with indexes on some properties.

    ``order`` remembers creation order (dict order does too, but the indexes need each
    node's place to answer in creation order after properties change)."""

    __slots__ = ("indexes", "nodes", "order")

    def __init__(self, indexed: tuple[str, ...] = ()) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.indexes = {name: _Index() for name in indexed}
        self.order: dict[str, int] = {}

    def create(self, node_id: str, props: dict[str, Any]) -> dict[str, Any]:
        node = {"id": node_id}
        self.nodes[node_id] = node
        self.order[node_id] = len(self.order)
        self.update(node_id, node, props)
        return node

    def update(self, node_id: str, node: dict[str, Any], props: dict[str, Any]) -> None:
        """``SET n += props``: a null value removes the property."""
        for key, value in props.items():
            old = node.get(key)
            index = self.indexes.get(key)
            if index is not None and old != value:
                index.remove(old, node_id)
                self._add_in_order(index, value, node_id)
            if value is None:
                node.pop(key, None)
            else:
                node[key] = value

    def _add_in_order(self, index: _Index, value: Any, node_id: str) -> None:
        if value is None:
            return
        held = index.ids.setdefault(value, [])
        place = self.order[node_id]
        if not held or self.order[held[-1]] < place:
            held.append(node_id)
            return
        at = next(i for i, other in enumerate(held) if self.order[other] > place)
        held.insert(at, node_id)

    def find(self, key: str, value: Any) -> list[str]:
        return self.indexes[key].get(value)


class MemoryGraph:
    """An empty graph that the ingest pipeline fills through its named queries.

    Implements the part of :class:`~graphsvc.backends.base.GraphBackend` the pipeline
    uses (``read``/``write`` of the ``ingest/*`` queries, ``alias/record_aliases`` and
    ``graph/get_derived_meta``); any other query name is refused.
    """

    engine = "memory"

    def __init__(self) -> None:
        self.catalog = Catalog("falkordb")
        self.works = _Label(WORK_KEYS)
        self.researchers = _Label(RESEARCHER_KEYS)
        self.topics: dict[str, dict[str, Any]] = {}
        self.institutions: dict[str, dict[str, Any]] = {}
        self.aliases: dict[tuple[str, str], dict[str, Any]] = {}
        self.candidates: dict[str, dict[str, Any]] = {}
        self.meta: dict[str, Any] | None = None
        # Edges, keyed by their endpoints' ids. AUTHORED and HAS_TOPIC by work first, as
        # ``ingest/get_work_state`` reads them; each value is the edge's properties.
        self.authored: dict[str, dict[str, dict[str, Any]]] = {}
        self.has_topic: dict[str, dict[str, dict[str, Any]]] = {}
        self.affiliated: dict[tuple[str, str], dict[str, Any]] = {}
        self.works_on: dict[tuple[str, str], dict[str, Any]] = {}
        self.coauthor: dict[tuple[str, str], dict[str, Any]] = {}

    @property
    def empty(self) -> bool:
        return not (
            self.works.nodes
            or self.researchers.nodes
            or self.topics
            or self.institutions
            or self.aliases
            or self.candidates
            or self.meta is not None
        )

    # --- the protocol the pipeline uses ----------------------------------------------------

    def read(self, name: str, params: Params | None = None) -> list[Row]:
        handler = _READS.get(name)
        if handler is None:
            raise UnsupportedQuery(f"the in-memory graph of a bulk load cannot answer {name}")
        return handler(self, dict(params or {}))

    def write(self, name: str, params: Params | None = None) -> list[Row]:
        handler = _WRITES.get(name)
        if handler is None:
            raise UnsupportedQuery(f"the in-memory graph of a bulk load cannot run {name}")
        return handler(self, dict(params or {}))

    def run_read_only(
        self, text: str, params: Params, *, timeout_ms: int, limit: int
    ) -> AnalystResult:
        raise UnsupportedQuery("the in-memory graph of a bulk load runs no analyst queries")

    def ensure_schema(self) -> None:
        """Nothing to do: the bulk writer gives the engine's graph its schema."""

    def ping(self) -> None:
        """Always here."""

    def close(self) -> None:
        """Nothing to release."""

    # --- reads -----------------------------------------------------------------------------

    def _derived_meta(self, params: dict[str, Any]) -> list[Row]:
        close_min = self.meta.get("close_min") if self.meta else None
        return [{"close_min": close_min, "has_researchers": bool(self.researchers.nodes)}]

    def _work_state(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        for wid in params["ids"]:
            node = self.works.nodes.get(wid)
            if node is None:
                continue
            authored = self.authored.get(wid, {})
            topical = self.has_topic.get(wid, {})
            rows.append(
                {
                    "id": wid,
                    "props": dict(node),
                    "authors": [
                        [rid, e.get("sources"), e.get("position"), e.get("corresponding")]
                        for rid, e in authored.items()
                    ],
                    "topics": [[tid, e.get("sources"), e.get("score")] for tid, e in topical.items()],
                    "overrides": [],  # ASSIGNED_TO edges come from curators' splits only
                }
            )
        return rows

    def _resolve_works(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        nodes = self.works.nodes
        for row in params["rows"]:
            found = [self.works.find(key, row.get(key)) or [None] for key in WORK_KEYS]
            for combination in product(*found):
                matches = [[x, nodes[x].get("openalex_id")] for x in combination if x is not None]
                rows.append({"key": row["key"], "matches": matches})
        return rows

    def _resolve_researchers(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        nodes = self.researchers.nodes
        for row in params["rows"]:
            found = [
                self.researchers.find(key, row.get(key)) or [None]
                for key in ("openalex_id", "orcid", "s2_id", "dblp_name")
            ]
            for combination in product(*found):
                matches = [
                    [x, nodes[x].get("openalex_id"), {k: nodes[x].get(k) for k in STORED}]
                    for x in combination
                    if x is not None
                ]
                rows.append({"key": row["key"], "matches": matches})
        return rows

    def _resolve_aliases(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        nodes = self.researchers.nodes
        for form in params["forms"]:
            alias = self.aliases.get((form, "researcher"))
            if alias is None or form in nodes:
                continue
            target = alias.get("target")
            if target in nodes:
                rows.append({"form": form, "target": target})
                continue
            by_openalex = self.researchers.find("openalex_id", target)
            if by_openalex:
                rows.append({"form": form, "target": min(by_openalex)})
        return rows

    def _name_groups(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        nodes = self.researchers.nodes
        limit = int(params["limit"])
        for key in params["keys"]:
            members = self.researchers.find("name_key", key)[: max(limit, 0)]
            rows.append(
                {
                    "name_key": key,
                    "members": [{k: nodes[m].get(k) for k in MEMBER} for m in members],
                }
            )
        return rows

    # --- writes ----------------------------------------------------------------------------

    def _record_aliases(self, params: dict[str, Any]) -> list[Row]:
        for row in params["rows"]:
            key = (row["id"], row["kind"])
            alias = self.aliases.setdefault(key, {"id": row["id"], "kind": row["kind"]})
            _set(alias, "target", row["target"])
        return [{"recorded": len(params["rows"])}]

    def _write_batch(self, p: dict[str, Any]) -> list[Row]:
        """``ingest/write_batch``, step by step in the statement's order."""
        now = p["now"]
        if self.meta is None:
            self.meta = {"id": "derived", "close_min": p["close_min"]}
        works = self.works
        ws: list[str] = []
        for i, row in enumerate(p["works"]):
            wid = row["id"]
            if i < p["new_works"]:
                if wid in works.nodes:
                    raise AssertionError(f"the batch creates work {wid} twice")
                works.create(wid, {**_no_nulls(row["props"]), "created_at": now})
            else:
                node = works.nodes.get(wid)
                if node is None:
                    works.create(wid, _no_nulls(row["props"]))
                else:
                    works.update(wid, node, row["props"])
            ws.append(wid)
        rs: list[str] = []
        for row in p["researchers"]:
            rid = row["id"]
            if rid not in self.researchers.nodes:
                self.researchers.create(rid, _no_nulls(row["props"]))
            rs.append(rid)
        ts: list[str] = []
        for row in p["topics"]:
            _merge_node(self.topics, row)
            ts.append(row["id"])
        ns: list[str] = []
        for row in p["institutions"]:
            _merge_node(self.institutions, row)
            ns.append(row["id"])
        self._candidates(p["duplicates"], now)
        for i, props in p["researcher_updates"]:
            rid = rs[i]
            self.researchers.update(rid, self.researchers.nodes[rid], props)
        self._authored(p, rs, ws)
        self._topical(p, ws, ts)
        self._affiliations(p["affiliations"], rs, ns)
        self._counts(p["counts"], rs)
        self._works_on(p, rs, ts)
        self._coauthors(p, rs)
        return [{"works": len(ws), "researchers": len(rs)}]

    def _candidates(self, rows: list[dict[str, Any]], now: int) -> None:
        nodes = self.researchers.nodes
        for row in rows:
            if row["a"] not in nodes or row["b"] not in nodes or row["id"] in self.candidates:
                continue
            self.candidates[row["id"]] = _no_nulls(
                {
                    "id": row["id"],
                    "a": row["a"],
                    "b": row["b"],
                    "name_key": row["name_key"],
                    "rule": row["rule"],
                    "reason": row["reason"],
                    "status": "pending",
                    "created_at": now,
                    "updated_at": now,
                }
            )

    def _authored(self, p: dict[str, Any], rs: list[str], ws: list[str]) -> None:
        for r, w in p["authored_remove"]:
            edges = self.authored.get(ws[w])
            if edges is not None:
                edges.pop(rs[r], None)
        for r, w, position, corresponding, sources in p["authored_new"]:
            edges = self.authored.setdefault(ws[w], {})
            if rs[r] in edges:
                raise AssertionError(f"the batch creates AUTHORED {rs[r]} -> {ws[w]} twice")
            edges[rs[r]] = _no_nulls(
                {"position": position, "corresponding": corresponding, "sources": sources}
            )
        for r, w, position, corresponding, sources in p["authored"]:
            edge = self.authored.setdefault(ws[w], {}).setdefault(rs[r], {})
            _set(edge, "position", position)
            _set(edge, "corresponding", corresponding)
            _set(edge, "sources", sources)

    def _topical(self, p: dict[str, Any], ws: list[str], ts: list[str]) -> None:
        for w, t in p["topics_remove"]:
            edges = self.has_topic.get(ws[w])
            if edges is not None:
                edges.pop(ts[t], None)
        for w, t, score, sources in p["has_topic_new"]:
            edges = self.has_topic.setdefault(ws[w], {})
            if ts[t] in edges:
                raise AssertionError(f"the batch creates HAS_TOPIC {ws[w]} -> {ts[t]} twice")
            edges[ts[t]] = _no_nulls({"score": score, "sources": sources})
        for w, t, score, sources in p["has_topic"]:
            edge = self.has_topic.setdefault(ws[w], {}).setdefault(ts[t], {})
            _set(edge, "score", score)
            _set(edge, "sources", sources)

    def _affiliations(self, rows: list[list[Any]], rs: list[str], ns: list[str]) -> None:
        for r, n, first, last in rows:
            key = (rs[r], ns[n])
            edge = self.affiliated.get(key)
            if edge is None:
                edge = self.affiliated[key] = _no_nulls({"first_year": first, "last_year": last})
            old_first, old_last = edge.get("first_year"), edge.get("last_year")
            # CASE WHEN a.first_year IS NULL OR row[2] < a.first_year THEN row[2] ELSE ...
            # (a null row value compares as null: the CASE keeps the stored year)
            if old_first is None or (first is not None and first < old_first):
                _set(edge, "first_year", first)
            if old_last is None or (last is not None and last > old_last):
                _set(edge, "last_year", last)

    def _counts(self, rows: list[list[Any]], rs: list[str]) -> None:
        names = ("works_count", "topics_count", "coauthors_count", "close_collaborators_count")
        nodes = self.researchers.nodes
        for r, *deltas in rows:
            node = nodes[rs[r]]
            for name, delta in zip(names, deltas, strict=True):
                _add(node, name, delta)

    def _works_on(self, p: dict[str, Any], rs: list[str], ts: list[str]) -> None:
        for r, t, works in p["works_on_new"]:
            key = (rs[r], ts[t])
            if key in self.works_on:
                raise AssertionError(f"the batch creates WORKS_ON {key} twice")
            self.works_on[key] = {"works": works}
        nodes = self.researchers.nodes
        for r, t, delta in p["works_on"]:
            key = (rs[r], ts[t])
            edge = self.works_on.setdefault(key, {"works": 0})
            before = edge.get("works")
            after = _plus(before, delta)
            topic = _transition(before, after, 0)
            _set(edge, "works", after)
            if topic or _le(after, 0):
                _add(nodes[rs[r]], "topics_count", topic)
            if _le(edge.get("works"), 0):
                del self.works_on[key]

    def _coauthors(self, p: dict[str, Any], rs: list[str]) -> None:
        for a, b, works in p["coauthors_new"]:
            key = (rs[a], rs[b])
            if key in self.coauthor:
                raise AssertionError(f"the batch creates COAUTHOR {key} twice")
            self.coauthor[key] = {"works": works}
        nodes = self.researchers.nodes
        close_min = p["close_min"]
        for a, b, delta in p["coauthors"]:
            key = (rs[a], rs[b])
            edge = self.coauthor.setdefault(key, {"works": 0})
            before = edge.get("works")
            after = _plus(before, delta)
            pair = _transition(before, after, 0)
            close = _crossing(before, after, close_min)
            _set(edge, "works", after)
            if pair or close or _le(after, 0):
                for rid in (rs[a], rs[b]):
                    _add(nodes[rid], "coauthors_count", pair)
                    _add(nodes[rid], "close_collaborators_count", close)
            if _le(edge.get("works"), 0):
                del self.coauthor[key]

    # --- the finished graph ------------------------------------------------------------------

    def nodes(self) -> Iterator[NodeTable]:
        """Every node, one table per label."""
        if self.meta is not None:
            yield NodeTable("GraphMeta", [self.meta])
        yield NodeTable("Work", list(self.works.nodes.values()))
        yield NodeTable("Researcher", list(self.researchers.nodes.values()))
        yield NodeTable("Topic", list(self.topics.values()))
        yield NodeTable("Institution", list(self.institutions.values()))
        yield NodeTable("Alias", list(self.aliases.values()))
        yield NodeTable("DuplicateCandidate", list(self.candidates.values()))

    def edges(self) -> Iterator[EdgeTable]:
        """Every edge, one table per type."""
        yield EdgeTable(
            "AUTHORED",
            "Researcher",
            "Work",
            [(r, w, e) for w, edges in self.authored.items() for r, e in edges.items()],
        )
        yield EdgeTable(
            "HAS_TOPIC",
            "Work",
            "Topic",
            [(w, t, e) for w, edges in self.has_topic.items() for t, e in edges.items()],
        )
        yield EdgeTable(
            "AFFILIATED_WITH",
            "Researcher",
            "Institution",
            [(r, n, e) for (r, n), e in self.affiliated.items()],
        )
        yield EdgeTable(
            "WORKS_ON", "Researcher", "Topic", [(r, t, e) for (r, t), e in self.works_on.items()]
        )
        yield EdgeTable(
            "COAUTHOR", "Researcher", "Researcher", [(a, b, e) for (a, b), e in self.coauthor.items()]
        )


def _no_nulls(props: dict[str, Any]) -> dict[str, Any]:
    """A node or edge created with these properties: null ones are not set."""
    return {k: v for k, v in props.items() if v is not None}


def _set(props: dict[str, Any], key: str, value: Any) -> None:
    """``SET x.key = value``: null removes the property."""
    if value is None:
        props.pop(key, None)
    else:
        props[key] = value


def _plus(value: Any, delta: Any) -> Any:
    """Cypher's ``+``: null when either side is null."""
    return None if value is None or delta is None else value + delta


def _add(props: dict[str, Any], key: str, delta: Any) -> None:
    """``SET x.key = x.key + delta``."""
    _set(props, key, _plus(props.get(key), delta))


def _le(value: Any, bound: int) -> bool:
    """``value <= bound`` in a WHERE: null is not true."""
    return value is not None and value <= bound


def _transition(before: Any, after: Any, zero: int) -> int:
    """CASE WHEN before = 0 AND after > 0 THEN 1 WHEN before > 0 AND after <= 0 THEN -1
    ELSE 0 END (a null comparison is not true)."""
    if before is None or after is None:
        return 0
    if before == zero and after > zero:
        return 1
    if before > zero and after <= zero:
        return -1
    return 0


def _crossing(before: Any, after: Any, close_min: int) -> int:
    """CASE WHEN before < $close_min AND after >= $close_min THEN 1 WHEN before >=
    $close_min AND after < $close_min THEN -1 ELSE 0 END."""
    if before is None or after is None:
        return 0
    if before < close_min <= after:
        return 1
    if after < close_min <= before:
        return -1
    return 0


def _merge_node(nodes: dict[str, dict[str, Any]], row: dict[str, Any]) -> None:
    """``MERGE (n {id: row.id}) SET n += row.props``."""
    node = nodes.setdefault(row["id"], {"id": row["id"]})
    for key, value in row["props"].items():
        _set(node, key, value)


_READS = {
    "graph/get_derived_meta": MemoryGraph._derived_meta,
    "ingest/get_work_state": MemoryGraph._work_state,
    "ingest/resolve_works": MemoryGraph._resolve_works,
    "ingest/resolve_researchers": MemoryGraph._resolve_researchers,
    "ingest/resolve_aliases": MemoryGraph._resolve_aliases,
    "ingest/get_name_groups": MemoryGraph._name_groups,
}
_WRITES = {
    "ingest/write_batch": MemoryGraph._write_batch,
    "alias/record_aliases": MemoryGraph._record_aliases,
}
