"""The graph a bulk load builds in memory, answering the ingest pipeline's own queries.

A first load into an empty FalkorDB graph (:mod:`graphsvc.services.bulk`) runs the very
:class:`~graphsvc.services.ingest.IngestPipeline` every load runs, batch by batch, with
this object as its backend: identity resolution, per-source merging, byline roles,
affiliation spans, COAUTHOR weights and derived counts by difference and candidate
duplicates are all the pipeline's code, unchanged. Only the engine is replaced: each named
query the pipeline reads is answered from dicts with the rows its Cypher file returns on
FalkorDB, and ``ingest/write_batch`` applies what its statement does, clause by clause
(MERGE finds or creates, ``SET x += props`` merges, a property set to null is removed,
``null + 1`` is null). So the graph held here after the last batch is the graph the
incremental path would have written, and :meth:`nodes` / :meth:`edges` hand it to the
bulk writer.

The bulk pipeline skips building the statement's parameters: :meth:`apply_plan` applies a
:class:`~graphsvc.services.ingest.BatchPlan` directly, through the same per-element steps
as :meth:`write` (a test runs both over whole loads and compares the graphs).

Identifier lookups that can match several nodes return them in creation order (FalkorDB's
index answers in node id order, and node ids follow creation order while ingest deletes
no node), and a query's OPTIONAL MATCH chain multiplies out in the order FalkorDB's
nested loops produce, so "the first compatible match" picks the same node here as there.

Edges are kept compactly (a million works make tens of millions of them): tuples and ints
keyed by their endpoints' ids, lists of sources shared (:func:`_sources`).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import TYPE_CHECKING, Any

from graphsvc.backends.base import AnalystResult, EdgeTable, NodeTable, Params, Row
from graphsvc.queries import Catalog

if TYPE_CHECKING:
    from graphsvc.services.ingest import BatchPlan

WORK_KEYS = ("openalex_id", "doi", "arxiv_id", "s2_id", "dblp_key")
"""Work properties ``ingest/resolve_works`` looks works up by (each indexed)."""
RESEARCHER_KEYS = ("openalex_id", "orcid", "s2_id", "dblp_name", "name_key")
"""Researcher properties the ingest queries look researchers up by (each indexed)."""
MATCHED_BY = ("openalex_id", "orcid", "s2_id", "dblp_name")
"""The OPTIONAL MATCHes of ``ingest/resolve_researchers``, in its order."""
STORED = ("name", "openalex_id", "orcid", "s2_id", "dblp_name", "name_key")
"""The projection ``ingest/resolve_researchers`` returns with each match."""
MEMBER = ("id", "orcid", "dblp_name", "openalex_id", "s2_id")
"""The projection ``ingest/get_name_groups`` returns for each member."""
COUNTERS = ("works_count", "topics_count", "coauthors_count", "close_collaborators_count")
NEW_RESEARCHER = {"claimed": False, "open_to_collaborate": False}
AUTHORED_PROPS = ("position", "corresponding", "sources")
HAS_TOPIC_PROPS = ("score", "sources")
AFFILIATION_PROPS = ("first_year", "last_year")


class UnsupportedQuery(RuntimeError):
    """The in-memory graph answers the ingest pipeline's queries only."""


class BulkUnsupported(RuntimeError):
    """A batch would make the engine create a node or edge that already exists (a CREATE
    of the write statement meeting one): FalkorDB would then hold two, which this graph
    cannot, so the load must take the batch path. The pipeline never plans this for
    well-formed data; odd identifier histories could."""


class _Label:
    """Nodes of one label keyed by ``id``, with indexes on some properties that answer in
    creation order (an engine's range index answers in node id order)."""

    __slots__ = ("indexes", "nodes", "order")

    def __init__(self, indexed: tuple[str, ...]) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.indexes: dict[str, dict[Any, list[str]]] = {name: {} for name in indexed}
        self.order: dict[str, int] = {}

    def create(self, node_id: str, props: dict[str, Any]) -> dict[str, Any]:
        """``CREATE (n {id: ...}) SET n += props`` (the newest node: last in every index)."""
        node = {"id": node_id}
        for key, value in props.items():
            if value is not None:
                node[key] = value
        self.nodes[node_id] = node
        self.order[node_id] = len(self.order)
        for key, index in self.indexes.items():
            value = node.get(key)
            if value is not None:
                held = index.get(value)
                if held is None:
                    index[value] = [node_id]
                else:
                    held.append(node_id)
        return node

    def update(self, node_id: str, node: dict[str, Any], props: dict[str, Any]) -> None:
        """``SET n += props``: a null value removes the property."""
        indexes = self.indexes
        for key, value in props.items():
            old = node.get(key)
            if old == value and (value is not None or key not in node):
                continue
            index = indexes.get(key)
            if index is not None:
                if old is not None:
                    held = index[old]
                    held.remove(node_id)
                    if not held:
                        del index[old]
                if value is not None:
                    self._add_in_order(index.setdefault(value, []), node_id)
            if value is None:
                node.pop(key, None)
            else:
                node[key] = value

    def _add_in_order(self, held: list[str], node_id: str) -> None:
        order = self.order
        place = order[node_id]
        if not held or order[held[-1]] < place:
            held.append(node_id)
            return
        at = next(i for i, other in enumerate(held) if order[other] > place)
        held.insert(at, node_id)

    def find(self, key: str, value: Any) -> list[str]:
        if value is None:
            return []
        return self.indexes[key].get(value) or []


_SHARED_SOURCES: dict[tuple[str, ...], tuple[str, ...]] = {}


def _sources(sources: Any) -> tuple[str, ...] | None:
    """One shared tuple per distinct list of sources (there are a handful)."""
    if sources is None:
        return None
    key = tuple(sources)
    return _SHARED_SOURCES.setdefault(key, key)


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
        # Edges by their endpoints' ids. AUTHORED and HAS_TOPIC by work first, as
        # ``ingest/get_work_state`` reads them; values are the properties in the order of
        # AUTHORED_PROPS / HAS_TOPIC_PROPS / AFFILIATION_PROPS (None: not set) or, for
        # WORKS_ON and COAUTHOR, the ``works`` weight itself.
        self.authored: dict[str, dict[str, tuple[Any, Any, Any]]] = {}
        self.has_topic: dict[str, dict[str, tuple[Any, Any]]] = {}
        self.affiliated: dict[tuple[str, str], tuple[Any, Any]] = {}
        self.works_on: dict[tuple[str, str], Any] = {}
        self.coauthor: dict[tuple[str, str], Any] = {}

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
        nodes = self.works.nodes
        for wid in params["ids"]:
            node = nodes.get(wid)
            if node is None:
                continue
            authored = self.authored.get(wid, {})
            topical = self.has_topic.get(wid, {})
            rows.append(
                {
                    "id": wid,
                    "props": dict(node),
                    "authors": [
                        [rid, _list(sources), position, corresponding]
                        for rid, (position, corresponding, sources) in authored.items()
                    ],
                    "topics": [
                        [tid, _list(sources), score] for tid, (score, sources) in topical.items()
                    ],
                    "overrides": [],  # ASSIGNED_TO edges come from curators' splits only
                }
            )
        return rows

    def _resolve_works(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        nodes, indexes = self.works.nodes, self.works.indexes
        for row in params["rows"]:
            found = [
                (indexes[key].get(value) or _NONE) if (value := row.get(key)) is not None else _NONE
                for key in WORK_KEYS
            ]
            key = row["key"]
            for combination in _rows_of(found):
                matches = [[x, nodes[x].get("openalex_id")] for x in combination if x is not None]
                rows.append({"key": key, "matches": matches})
        return rows

    def _resolve_researchers(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        nodes, indexes = self.researchers.nodes, self.researchers.indexes
        for row in params["rows"]:
            found = [
                (indexes[key].get(value) or _NONE) if (value := row.get(key)) is not None else _NONE
                for key in MATCHED_BY
            ]
            key = row["key"]
            if found.count(_NONE) == len(found):  # no node has any of its identifiers
                rows.append({"key": key, "matches": []})
                continue
            for combination in _rows_of(found):
                matches = []
                for x in combination:
                    if x is not None:
                        node = nodes[x]
                        matches.append(
                            [x, node.get("openalex_id"), {k: node.get(k) for k in STORED}]
                        )
                rows.append({"key": key, "matches": matches})
        return rows

    def _resolve_aliases(self, params: dict[str, Any]) -> list[Row]:
        rows: list[Row] = []
        if not self.aliases:
            return rows
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
        limit = max(int(params["limit"]), 0)
        for key in params["keys"]:
            members = self.researchers.find("name_key", key)[:limit]
            rows.append(
                {
                    "name_key": key,
                    "members": [{k: nodes[m].get(k) for k in MEMBER} for m in members],
                }
            )
        return rows

    # --- writes: the statement, from its parameters ----------------------------------------

    def _record_aliases(self, params: dict[str, Any]) -> list[Row]:
        for row in params["rows"]:
            key = (row["id"], row["kind"])
            alias = self.aliases.setdefault(key, {"id": row["id"], "kind": row["kind"]})
            _set(alias, "target", row["target"])
        return [{"recorded": len(params["rows"])}]

    def _write_batch(self, p: dict[str, Any]) -> list[Row]:
        """``ingest/write_batch`` from its parameters, step by step in its order."""
        now = p["now"]
        self._meta(p["close_min"])
        new_works = p["new_works"]
        ws: list[str] = []
        for i, row in enumerate(p["works"]):
            if i < new_works:
                self._create_work(row["id"], row["props"], now)
            else:
                self._merge_work(row["id"], row["props"])
            ws.append(row["id"])
        rs: list[str] = []
        for row in p["researchers"]:
            fresh = "created_at" in row["props"]  # only new researchers carry props here
            self._merge_researcher_on_create(row["id"], row["props"], fresh=fresh)
            rs.append(row["id"])
        ts = [self._merge_node(self.topics, row["id"], row["props"]) for row in p["topics"]]
        ns = [
            self._merge_node(self.institutions, row["id"], row["props"])
            for row in p["institutions"]
        ]
        self._candidates(p["duplicates"], now)
        for i, props in p["researcher_updates"]:
            self._update_researcher(rs[i], props)
        for r, w in p["authored_remove"]:
            self._remove_authored(rs[r], ws[w])
        for r, w, position, corresponding, sources in p["authored_new"]:
            self._create_authored(rs[r], ws[w], position, corresponding, sources)
        for r, w, position, corresponding, sources in p["authored"]:
            self._merge_authored(rs[r], ws[w], position, corresponding, sources)
        for w, t in p["topics_remove"]:
            self._remove_topic(ws[w], ts[t])
        for w, t, score, sources in p["has_topic_new"]:
            self._create_topic(ws[w], ts[t], score, sources)
        for w, t, score, sources in p["has_topic"]:
            self._merge_topic(ws[w], ts[t], score, sources)
        for r, n, first, last in p["affiliations"]:
            self._affiliate(rs[r], ns[n], first, last)
        for r, *deltas in p["counts"]:
            node = self.researchers.nodes[rs[r]]
            for name, delta in zip(COUNTERS, deltas, strict=True):
                _add(node, name, delta)
        for r, t, works in p["works_on_new"]:
            self._create_works_on(rs[r], ts[t], works)
        for r, t, delta in p["works_on"]:
            self._merge_works_on(rs[r], ts[t], delta)
        for a, b, works in p["coauthors_new"]:
            self._create_coauthor(rs[a], rs[b], works)
        for a, b, delta in p["coauthors"]:
            self._merge_coauthor(rs[a], rs[b], delta, p["close_min"])
        return [{"works": len(ws), "researchers": len(rs)}]

    # --- writes: the same statement, from the plan itself ----------------------------------

    def apply_plan(self, plan: BatchPlan) -> None:
        """What ``write("ingest/write_batch", plan.params())`` does, without building the
        parameters: the same steps in the same order, on the plan's own rows.

        A researcher the batch creates starts at zero and takes its counts through the
        same transitions as any other (0 -> n works on a pair or topic counts one), which
        is what the parameters' precomputed sums for new researchers add up to.
        """
        now, close_min = plan.now, plan.close_min
        self._meta(close_min)
        for row in plan.new_works:
            self._create_work(row["id"], row["props"], now)
        for row in plan.works:
            self._merge_work(row["id"], row["props"])
        for wid in plan.edge_work_ids():
            if wid not in self.works.nodes:
                self.works.create(wid, {})
        fresh = plan.new_researchers
        nodes = self.researchers.nodes
        for rid, row in plan.researchers.items():
            if rid in fresh:
                if rid in nodes:  # the statement's ON CREATE would not run, its CREATEs would
                    raise BulkUnsupported(f"the batch creates researcher {rid}, which exists")
                counters = dict.fromkeys(COUNTERS, 0)
                props = {**NEW_RESEARCHER, **row["props"], **counters, "created_at": now}
                self.researchers.create(rid, props)
            else:
                self._merge_researcher_on_create(rid, {})
                if row["props"]:
                    self._update_researcher(rid, row["props"])
        for tid, row in plan.topics.items():
            self._merge_node(self.topics, tid, row["props"])
        for tid in plan.topic_ids():
            if tid not in self.topics:
                self.topics[tid] = {"id": tid}
        for nid, row in plan.institutions.items():
            self._merge_node(self.institutions, nid, row["props"])
        self._candidates(plan.duplicates, now)
        for rid, wid in plan.authored_remove:
            self._remove_authored(rid, wid)
        for rid, wid, position, corresponding, sources in plan.authored_new:
            self._create_authored(rid, wid, position, corresponding, sources)
        for rid, wid, position, corresponding, sources in plan.authored:
            self._merge_authored(rid, wid, position, corresponding, sources)
        for wid, tid in plan.topics_remove:
            self._remove_topic(wid, tid)
        for wid, tid, score, sources in plan.has_topic_new:
            self._create_topic(wid, tid, score, sources)
        for wid, tid, score, sources in plan.has_topic:
            self._merge_topic(wid, tid, score, sources)
        for (rid, nid), (first, last) in plan.affiliations.items():
            self._affiliate(rid, nid, first, last)
        for rid, delta in plan.works_delta.items():
            if delta:
                _add(nodes[rid], "works_count", delta)
        works_on = self.works_on
        for key, delta in plan.works_on_delta.items():
            if not delta:
                continue
            before = works_on.get(key, 0)
            if delta > 0 and before.__class__ is int:  # the common case, spelled out
                works_on[key] = before + delta
                if before == 0:
                    _add(nodes[key[0]], "topics_count", 1)
            else:
                self._merge_works_on(key[0], key[1], delta)
        coauthor = self.coauthor
        for key, delta in plan.coauthor_delta.items():
            if not delta:
                continue
            before = coauthor.get(key, 0)
            if delta > 0 and before.__class__ is int:  # the common case, spelled out
                after = coauthor[key] = before + delta
                if before == 0 or before < close_min <= after:
                    pair, close = before == 0, before < close_min <= after
                    for node in (nodes[key[0]], nodes[key[1]]):
                        if pair:
                            _add(node, "coauthors_count", 1)
                        if close:
                            _add(node, "close_collaborators_count", 1)
            else:
                self._merge_coauthor(key[0], key[1], delta, close_min)

    # --- the steps both share ----------------------------------------------------------------

    def _meta(self, close_min: int) -> None:
        """MERGE (m:GraphMeta {id: 'derived'}) ON CREATE SET m.close_min = $close_min"""
        if self.meta is None:
            self.meta = {"id": "derived", "close_min": close_min}

    def _create_work(self, wid: str, props: dict[str, Any], now: int) -> None:
        if wid in self.works.nodes:
            raise BulkUnsupported(f"the batch creates work {wid} twice")
        self.works.create(wid, {**props, "created_at": now})

    def _merge_work(self, wid: str, props: dict[str, Any]) -> None:
        node = self.works.nodes.get(wid)
        if node is None:
            self.works.create(wid, props)
        else:
            self.works.update(wid, node, props)

    def _merge_researcher_on_create(
        self, rid: str, props: dict[str, Any], *, fresh: bool = False
    ) -> None:
        """MERGE (r:Researcher {id}) ON CREATE SET r += props (``fresh``: the batch means
        to create it, and its CREATEd edges assume it)."""
        if rid not in self.researchers.nodes:
            self.researchers.create(rid, props)
        elif fresh:
            raise BulkUnsupported(f"the batch creates researcher {rid}, which exists")

    def _update_researcher(self, rid: str, props: dict[str, Any]) -> None:
        self.researchers.update(rid, self.researchers.nodes[rid], props)

    @staticmethod
    def _merge_node(nodes: dict[str, dict[str, Any]], node_id: str, props: dict[str, Any]) -> str:
        """MERGE (n {id}) SET n += props"""
        node = nodes.get(node_id)
        if node is None:
            node = nodes[node_id] = {"id": node_id}
        for key, value in props.items():
            _set(node, key, value)
        return node_id

    def _candidates(self, rows: list[dict[str, Any]], now: int) -> None:
        nodes = self.researchers.nodes
        for row in rows:
            if row["a"] not in nodes or row["b"] not in nodes or row["id"] in self.candidates:
                continue
            fields = ("a", "b", "name_key", "rule", "reason")
            candidate = {"id": row["id"], **{k: row[k] for k in fields if row[k] is not None}}
            self.candidates[row["id"]] = {
                **candidate,
                "status": "pending",
                "created_at": now,
                "updated_at": now,
            }

    def _remove_authored(self, rid: str, wid: str) -> None:
        edges = self.authored.get(wid)
        if edges is not None:
            edges.pop(rid, None)

    def _create_authored(
        self, rid: str, wid: str, position: Any, corresponding: Any, sources: Any
    ) -> None:
        edges = self.authored.get(wid)
        if edges is None:
            edges = self.authored[wid] = {}
        elif rid in edges:
            raise BulkUnsupported(f"the batch creates AUTHORED {rid} -> {wid} twice")
        edges[rid] = (position, corresponding, _sources(sources))

    def _merge_authored(
        self, rid: str, wid: str, position: Any, corresponding: Any, sources: Any
    ) -> None:
        """MERGE ... SET a.position = ..., a.corresponding = ..., a.sources = ... (every
        property is set, so the edge's old values do not matter)"""
        self.authored.setdefault(wid, {})[rid] = (position, corresponding, _sources(sources))

    def _remove_topic(self, wid: str, tid: str) -> None:
        edges = self.has_topic.get(wid)
        if edges is not None:
            edges.pop(tid, None)

    def _create_topic(self, wid: str, tid: str, score: Any, sources: Any) -> None:
        edges = self.has_topic.get(wid)
        if edges is None:
            edges = self.has_topic[wid] = {}
        elif tid in edges:
            raise BulkUnsupported(f"the batch creates HAS_TOPIC {wid} -> {tid} twice")
        edges[tid] = (score, _sources(sources))

    def _merge_topic(self, wid: str, tid: str, score: Any, sources: Any) -> None:
        self.has_topic.setdefault(wid, {})[tid] = (score, _sources(sources))

    def _affiliate(self, rid: str, nid: str, first: Any, last: Any) -> None:
        """MERGE ... ON CREATE SET first/last; SET first_year = CASE WHEN a.first_year IS
        NULL OR row[2] < a.first_year THEN row[2] ELSE a.first_year END (and last_year with
        >): a null row value compares as null, so the CASE keeps the stored year."""
        key = (rid, nid)
        stored = self.affiliated.get(key)
        if stored is None:
            stored = (first, last)
        old_first, old_last = stored
        if old_first is None or (first is not None and first < old_first):
            old_first = first
        if old_last is None or (last is not None and last > old_last):
            old_last = last
        self.affiliated[key] = (old_first, old_last)

    def _create_works_on(self, rid: str, tid: str, works: Any) -> None:
        key = (rid, tid)
        if key in self.works_on:
            raise BulkUnsupported(f"the batch creates WORKS_ON {key} twice")
        self.works_on[key] = works

    def _merge_works_on(self, rid: str, tid: str, delta: Any) -> None:
        """The statement's WORKS_ON step: MERGE with works 0 on create, add the delta, count
        the topic in or out as the weight leaves or reaches 0, delete at 0."""
        key = (rid, tid)
        before = self.works_on.get(key, 0)
        after = _plus(before, delta)
        topic = _transition(before, after)
        if topic or _le(after, 0):
            _add(self.researchers.nodes[rid], "topics_count", topic)
        if _le(after, 0):
            self.works_on.pop(key, None)
        else:
            self.works_on[key] = after

    def _create_coauthor(self, a: str, b: str, works: Any) -> None:
        key = (a, b)
        if key in self.coauthor:
            raise BulkUnsupported(f"the batch creates COAUTHOR {key} twice")
        self.coauthor[key] = works

    def _merge_coauthor(self, a: str, b: str, delta: Any, close_min: int) -> None:
        """The statement's COAUTHOR step: MERGE with works 0 on create, add the delta,
        count the pair (and the close pair) in or out for both, delete at 0."""
        key = (a, b)
        before = self.coauthor.get(key, 0)
        after = _plus(before, delta)
        pair = _transition(before, after)
        close = _crossing(before, after, close_min)
        if pair or close or _le(after, 0):
            nodes = self.researchers.nodes
            for rid in (a, b):
                _add(nodes[rid], "coauthors_count", pair)
                _add(nodes[rid], "close_collaborators_count", close)
        if _le(after, 0):
            self.coauthor.pop(key, None)
        else:
            self.coauthor[key] = after

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
        """Every edge, one table per type; properties as dicts without nulls."""
        yield EdgeTable(
            "AUTHORED",
            "Researcher",
            "Work",
            [
                (r, w, _props(AUTHORED_PROPS, e))
                for w, edges in self.authored.items()
                for r, e in edges.items()
            ],
        )
        yield EdgeTable(
            "HAS_TOPIC",
            "Work",
            "Topic",
            [
                (w, t, _props(HAS_TOPIC_PROPS, e))
                for w, edges in self.has_topic.items()
                for t, e in edges.items()
            ],
        )
        yield EdgeTable(
            "AFFILIATED_WITH",
            "Researcher",
            "Institution",
            [(r, n, _props(AFFILIATION_PROPS, e)) for (r, n), e in self.affiliated.items()],
        )
        yield EdgeTable(
            "WORKS_ON",
            "Researcher",
            "Topic",
            [(r, t, _props(("works",), (e,))) for (r, t), e in self.works_on.items()],
        )
        yield EdgeTable(
            "COAUTHOR",
            "Researcher",
            "Researcher",
            [(a, b, _props(("works",), (e,))) for (a, b), e in self.coauthor.items()],
        )


_NONE: list[Any] = [None]


def _rows_of(found: list[list[Any]]) -> Iterator[tuple[Any, ...]]:
    """The rows a chain of OPTIONAL MATCHes gives: one when each found at most one node,
    else every combination, the first MATCH varying slowest (FalkorDB's nested loops)."""
    if max(map(len, found)) == 1:
        yield tuple([nodes[0] for nodes in found])
    else:
        yield from product(*found)


def _list(sources: tuple[str, ...] | None) -> list[str] | None:
    return list(sources) if sources is not None else None


def _props(names: tuple[str, ...], values: tuple[Any, ...]) -> dict[str, Any]:
    return {name: value for name, value in zip(names, values, strict=True) if value is not None}


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


def _transition(before: Any, after: Any) -> int:
    """CASE WHEN before = 0 AND after > 0 THEN 1 WHEN before > 0 AND after <= 0 THEN -1
    ELSE 0 END (a null comparison is not true)."""
    if before is None or after is None:
        return 0
    if before == 0 and after > 0:
        return 1
    if before > 0 and after <= 0:
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
