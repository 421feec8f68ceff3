"""The graph a bulk load builds in memory, answering the ingest pipeline's own queries.

A first load into an empty FalkorDB graph (:mod:`graphsvc.services.bulk`) runs the very
:class:`~graphsvc.services.ingest.IngestPipeline` every load runs, batch by batch, with
this object as its backend: identity resolution, per-source merging, byline roles,
affiliation spans, COAUTHOR weights and derived counts by difference and candidate
duplicates are all the pipeline's code, unchanged. Only the engine is replaced: each named
query the pipeline reads is answered with the rows its Cypher file returns on FalkorDB,
and ``ingest/write_batch`` applies what its statement does, clause by clause (MERGE finds
or creates, ``SET x += props`` merges, a property set to null is removed, ``null + 1`` is
null). So the graph held here after the last batch is the graph the incremental path would
have written; :meth:`nodes` and :meth:`edges` hand it to the bulk writer.

The bulk pipeline skips building the statement's parameters: :meth:`apply_plan` applies a
:class:`~graphsvc.services.ingest.BatchPlan` directly, through the same per-element steps
as :meth:`write` (a test runs both over whole loads and compares the graphs).

Identifier lookups that can match several nodes return them in creation order (FalkorDB's
index answers in node id order, and node ids follow creation order while ingest deletes
no node), and a query's OPTIONAL MATCH chain multiplies out in the order FalkorDB's
nested loops produce, so "the first compatible match" picks the same node here as there.

Kept compact, since a million works make millions of nodes and tens of millions of edges:
a node is a list of its properties in a fixed order (:class:`_Label`), an index entry is
the node's id until a second node shares its value, a work's AUTHORED and HAS_TOPIC edges
are one flat list, weights are plain ints keyed by the endpoints' ids, and repeated small
values (lists of sources, byline positions, year spans) are shared.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import product
from typing import TYPE_CHECKING, Any

from graphsvc.backends.base import AnalystResult, EdgeTable, NodeTable, Params, Row
from graphsvc.queries import Catalog
from graphsvc.services.derived import DERIVED_VERSION, TOP_K, newest_key, top_key
from graphsvc.services.ingest import WORK_FIELDS as RECORD_FIELDS

if TYPE_CHECKING:
    from graphsvc.services.ingest import BatchPlan

WORK_FIELDS = (*RECORD_FIELDS, "author_count", "created_at")
"""The properties ingest gives a Work (any other one is kept aside, see :class:`_Label`)."""
WORK_KEYS = ("openalex_id", "doi", "arxiv_id", "s2_id", "dblp_key")
"""Work properties ``ingest/resolve_works`` looks works up by (each indexed)."""
COUNTERS = ("works_count", "topics_count", "coauthors_count", "close_collaborators_count")
RESEARCHER_FIELDS = (
    "name",
    "openalex_id",
    "orcid",
    "s2_id",
    "dblp_name",
    "name_key",
    "claimed",
    "open_to_collaborate",
    *COUNTERS,
    "created_at",
)
RESEARCHER_KEYS = ("openalex_id", "orcid", "s2_id", "dblp_name", "name_key")
"""Researcher properties the ingest queries look researchers up by (each indexed)."""
MATCHED_BY = ("openalex_id", "orcid", "s2_id", "dblp_name")
"""The OPTIONAL MATCHes of ``ingest/resolve_researchers``, in its order."""
STORED = ("name", "openalex_id", "orcid", "s2_id", "dblp_name", "name_key")
"""The projection ``ingest/resolve_researchers`` returns with each match."""
MEMBER = ("id", "orcid", "dblp_name", "openalex_id", "s2_id")
"""The projection ``ingest/get_name_groups`` returns for each member."""
NEW_RESEARCHER = {"claimed": False, "open_to_collaborate": False}
AUTHORED_PROPS = ("position", "corresponding", "sources")
HAS_TOPIC_PROPS = ("score", "sources")
AFFILIATION_PROPS = ("first_year", "last_year")
WEIGHT_PROPS = ("works",)


class UnsupportedQuery(RuntimeError):
    """The in-memory graph answers the ingest pipeline's queries only."""


class BulkUnsupported(RuntimeError):
    """A batch would make the engine CREATE a node or edge that already exists: FalkorDB
    would then hold two, which this graph cannot, so the load must take the batch path.
    The pipeline never plans this for well-formed data; odd identifier histories could."""


class _Label:
    """Nodes of one label keyed by ``id``: each a list ``[position, id, *fields]`` (None:
    not set), properties outside ``fields`` in ``extra``; indexes on some fields answer
    in creation order (``position``), as an engine's index answers in node id order."""

    __slots__ = ("extra", "fields", "indexes", "nodes", "slot")

    def __init__(self, fields: tuple[str, ...], indexed: tuple[str, ...] = ()) -> None:
        self.fields = fields
        self.slot = {name: i + 2 for i, name in enumerate(fields)}
        self.indexes: dict[str, dict[Any, Any]] = {name: {} for name in indexed}
        self.nodes: dict[str, list[Any]] = {}
        self.extra: dict[str, dict[str, Any]] = {}

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def create(self, node_id: str, props: dict[str, Any]) -> list[Any]:
        """A new node with ``props`` (the statement's create step): the newest node, last
        in every index."""
        row: list[Any] = [len(self.nodes), node_id, *([None] * len(self.fields))]
        slot = self.slot
        for key, value in props.items():
            if value is None:
                continue
            i = slot.get(key)
            if i is not None:
                row[i] = value
            else:
                self._set_extra(node_id, key, value)
        self.nodes[node_id] = row
        for name, index in self.indexes.items():
            value = row[slot[name]]
            if value is not None:
                held = index.get(value)
                if held is None:
                    index[value] = node_id
                elif held.__class__ is str:
                    index[value] = [held, node_id]
                else:
                    held.append(node_id)
        return row

    def update(self, node_id: str, props: dict[str, Any]) -> None:
        """``SET n += props``: a null value removes the property."""
        row = self.nodes[node_id]
        slot, indexes = self.slot, self.indexes
        for key, value in props.items():
            i = slot.get(key)
            if i is None:
                self._set_extra(node_id, key, value)
                continue
            old = row[i]
            if old == value and old.__class__ is value.__class__:
                continue
            index = indexes.get(key)
            if index is not None:
                if old is not None:
                    self._unindex(index, old, node_id)
                if value is not None:
                    self._index_in_order(index, value, node_id)
            row[i] = value

    def _set_extra(self, node_id: str, key: str, value: Any) -> None:
        if key == "id":
            raise BulkUnsupported(f"a write would change the id of {node_id}")
        extra = self.extra.setdefault(node_id, {})
        if value is None:
            extra.pop(key, None)
        else:
            extra[key] = value

    @staticmethod
    def _unindex(index: dict[Any, Any], value: Any, node_id: str) -> None:
        held = index[value]
        if held.__class__ is str:
            del index[value]
            return
        held.remove(node_id)
        if len(held) == 1:
            index[value] = held[0]

    def _index_in_order(self, index: dict[Any, Any], value: Any, node_id: str) -> None:
        held = index.get(value)
        if held is None:
            index[value] = node_id
            return
        members = [held] if held.__class__ is str else held
        nodes = self.nodes
        place = nodes[node_id][0]
        at = next((i for i, m in enumerate(members) if nodes[m][0] > place), len(members))
        members.insert(at, node_id)
        index[value] = members

    def find(self, key: str, value: Any) -> Sequence[str]:
        """The nodes whose ``key`` is ``value``, in creation order."""
        if value is None:
            return ()
        held = self.indexes[key].get(value)
        if held is None:
            return ()
        return (held,) if held.__class__ is str else held

    def get(self, node_id: str, key: str) -> Any:
        """``n.key`` (None when not set)."""
        i = self.slot.get(key)
        if i is not None:
            return self.nodes[node_id][i]
        if key == "id":
            return node_id
        return self.extra.get(node_id, {}).get(key)

    def add(self, node_id: str, key: str, delta: Any) -> None:
        """``SET n.key = n.key + delta`` (null stays null) on a field."""
        row = self.nodes[node_id]
        i = self.slot[key]
        value = row[i]
        if value is not None:
            row[i] = None if delta is None else value + delta

    def properties(self, node_id: str) -> dict[str, Any]:
        """``properties(n)``."""
        row = self.nodes[node_id]
        props = {"id": node_id}
        props.update((k, v) for k, v in zip(self.fields, row[2:], strict=True) if v is not None)
        props.update(self.extra.get(node_id, {}))
        return props

    def position(self, node_id: str) -> int:
        return int(self.nodes[node_id][0])

    def table(self, label: str) -> NodeTable:
        """Every node, in creation order, for the bulk writer."""
        extras = sorted({k for props in self.extra.values() for k in props})
        names = ("id", *self.fields, *extras)
        if not extras:
            rows: Iterator[Sequence[Any]] = (row[1:] for row in self.nodes.values())
        else:
            rows = (
                [*row[1:], *(self.extra.get(row[1], {}).get(k) for k in extras)]
                for row in self.nodes.values()
            )
        return NodeTable(label, names, rows, len(self.nodes))


class _Shared:
    """One shared object per distinct small value (lists of sources, byline positions,
    year spans): a million works repeat a handful of them."""

    __slots__ = ("limit", "values")

    def __init__(self, limit: int = 1 << 16) -> None:
        self.values: dict[Any, Any] = {}
        self.limit = limit

    def __call__(self, value: Any) -> Any:
        found = self.values.get(value)
        if found is not None:
            return found
        if len(self.values) < self.limit:
            self.values[value] = value
        return value


class MemoryGraph:
    """An empty graph that the ingest pipeline fills through its named queries.

    Implements the part of :class:`~graphsvc.backends.base.GraphBackend` the pipeline
    uses (``read``/``write`` of the ``ingest/*`` queries, ``alias/record_aliases`` and
    ``graph/get_derived_meta``); any other query name is refused.
    """

    engine = "memory"

    def __init__(self) -> None:
        self.catalog = Catalog("falkordb")
        self.works = _Label(WORK_FIELDS, WORK_KEYS)
        self.researchers = _Label(RESEARCHER_FIELDS, RESEARCHER_KEYS)
        self.topics = _Label(("name", "field", "domain"))
        self.institutions = _Label(("name", "ror", "country"))
        self.aliases: dict[tuple[str, str], dict[str, Any]] = {}
        self.candidates: dict[str, dict[str, Any]] = {}
        self.meta: dict[str, Any] | None = None
        # A work's AUTHORED edges as one flat list [researcher, (position, corresponding,
        # sources), researcher, ...], its HAS_TOPIC edges as [topic, score, sources, ...];
        # None: the property is not set.
        self.authored: dict[str, list[Any]] = {}
        self.has_topic: dict[str, list[Any]] = {}
        self.affiliated: dict[tuple[str, str], tuple[Any, Any]] = {}
        self.works_on: dict[tuple[str, str], Any] = {}  # (researcher, topic) -> works
        self.coauthor: dict[tuple[str, str], Any] = {}  # (a, b), a < b -> works
        self._shared = _Shared()

    @property
    def empty(self) -> bool:
        return not (
            self.works
            or self.researchers
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

    def data_version(self) -> str | None:
        """No answers are cached from it: nothing reads it but the load building it."""
        return None

    def close(self) -> None:
        """Nothing to release."""

    # --- reads -----------------------------------------------------------------------------

    def _derived_meta(self, params: dict[str, Any]) -> list[Row]:
        close_min = self.meta.get("close_min") if self.meta else None
        return [{"close_min": close_min, "has_researchers": bool(self.researchers)}]

    def _work_state(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        works = self.works
        for wid in params["ids"]:
            if wid not in works:
                continue
            authored = self.authored.get(wid, ())
            topical = self.has_topic.get(wid, ())
            rows.append(
                {
                    "id": wid,
                    "props": works.properties(wid),
                    "authors": [
                        [authored[i], _list(sources), position, corresponding]
                        for i in range(0, len(authored), 2)
                        for position, corresponding, sources in (authored[i + 1],)
                    ],
                    "topics": [
                        [topical[i], _list(topical[i + 2]), topical[i + 1]]
                        for i in range(0, len(topical), 3)
                    ],
                    "overrides": [],  # ASSIGNED_TO edges come from curators' splits only
                }
            )
        return rows

    def _resolve_works(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        works = self.works
        slot = works.slot["openalex_id"]
        for row in params["rows"]:
            found = [works.find(key, row.get(key)) or _NONE for key in WORK_KEYS]
            key = row["key"]
            for combination in _rows_of(found):
                matches = [[x, works.nodes[x][slot]] for x in combination if x is not None]
                rows.append({"key": key, "matches": matches})
        return rows

    def _resolve_researchers(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        researchers = self.researchers
        nodes, slots = researchers.nodes, [researchers.slot[k] for k in STORED]
        openalex = researchers.slot["openalex_id"]
        indexes = [researchers.indexes[key] for key in MATCHED_BY]
        for row in params["rows"]:
            held = [
                index.get(value) if (value := row.get(key)) is not None else None
                for key, index in zip(MATCHED_BY, indexes, strict=True)
            ]
            key = row["key"]
            if held.count(None) == len(held):  # no node has any of its identifiers
                rows.append({"key": key, "matches": []})
                continue
            found = [_NONE if h is None else (h,) if h.__class__ is str else h for h in held]
            for combination in _rows_of(found):
                matches = []
                for x in combination:
                    if x is not None:
                        node = nodes[x]
                        projection = {k: node[i] for k, i in zip(STORED, slots, strict=True)}
                        matches.append([x, node[openalex], projection])
                rows.append({"key": key, "matches": matches})
        return rows

    def _resolve_aliases(self, params: dict[str, Any]) -> list[Row]:
        rows: list[Row] = []
        if not self.aliases:
            return rows
        researchers = self.researchers
        for form in params["forms"]:
            alias = self.aliases.get((form, "researcher"))
            if alias is None or form in researchers:
                continue
            target = alias.get("target")
            if target in researchers:
                rows.append({"form": form, "target": target})
                continue
            by_openalex = researchers.find("openalex_id", target)
            if by_openalex:
                rows.append({"form": form, "target": min(by_openalex)})
        return rows

    def _name_groups(self, params: dict[str, Any]) -> list[Row]:
        rows = []
        researchers = self.researchers
        limit = max(int(params["limit"]), 0)
        for key in params["keys"]:
            members = researchers.find("name_key", key)[:limit]
            rows.append(
                {
                    "name_key": key,
                    "members": [{k: researchers.get(m, k) for k in MEMBER} for m in members],
                }
            )
        return rows

    # --- writes: the statement, from its parameters ----------------------------------------

    def _record_aliases(self, params: dict[str, Any]) -> list[Row]:
        for row in params["rows"]:
            key = (row["id"], row["kind"])
            alias = self.aliases.setdefault(key, {"id": row["id"], "kind": row["kind"]})
            if row["target"] is None:
                alias.pop("target", None)
            else:
                alias["target"] = row["target"]
        return [{"recorded": len(params["rows"])}]

    def _write_batch(self, p: dict[str, Any]) -> list[Row]:
        """``ingest/write_batch`` from its parameters, step by step in its order."""
        now, close_min = p["now"], p["close_min"]
        self._meta(close_min)
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
            # Only a researcher the batch creates carries properties here (with its
            # created_at): its ON CREATE must run, since its edges are CREATEd.
            fresh = "created_at" in row["props"]
            self._merge_researcher(row["id"], row["props"], fresh=fresh)
            rs.append(row["id"])
        ts = [self._merge_node(self.topics, row["id"], row["props"]) for row in p["topics"]]
        ns = [
            self._merge_node(self.institutions, row["id"], row["props"])
            for row in p["institutions"]
        ]
        self._candidates(p["duplicates"], now)
        for i, props in p["researcher_updates"]:
            self.researchers.update(rs[i], props)
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
            for name, delta in zip(COUNTERS, deltas, strict=True):
                self.researchers.add(rs[r], name, delta)
        for r, t, works in p["works_on_new"]:
            self._create_weight(self.works_on, (rs[r], ts[t]), works)
        for r, t, delta in p["works_on"]:
            self._merge_works_on((rs[r], ts[t]), delta)
        for a, b, works in p["coauthors_new"]:
            self._create_weight(self.coauthor, (rs[a], rs[b]), works)
        for a, b, delta in p["coauthors"]:
            self._merge_coauthor((rs[a], rs[b]), delta, close_min)
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
            if wid not in self.works:
                self.works.create(wid, {})
        fresh, researchers = plan.new_researchers, self.researchers
        for rid, row in plan.researchers.items():
            if rid in fresh:
                if rid in researchers:  # its ON CREATE would not run; its CREATEs would
                    raise BulkUnsupported(f"the batch creates researcher {rid}, which exists")
                props = {**NEW_RESEARCHER, **row["props"], **_ZERO_COUNTS, "created_at": now}
                researchers.create(rid, props)
            else:
                self._merge_researcher(rid, {})
                if row["props"]:
                    researchers.update(rid, row["props"])
        for tid, row in plan.topics.items():
            self._merge_node(self.topics, tid, row["props"])
        for tid in plan.topic_ids():
            if tid not in self.topics:
                self.topics.create(tid, {})
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
        works_at = researchers.slot["works_count"]
        for rid, delta in plan.works_delta.items():
            if delta:
                node = researchers.nodes[rid]
                if node[works_at] is not None:
                    node[works_at] += delta
        self._weights(plan, close_min)

    def _weights(self, plan: BatchPlan, close_min: int) -> None:
        """The WORKS_ON and COAUTHOR steps for every changed weight; the common case (a
        weight growing from an int) spelled out, the rest through the general steps."""
        nodes, slot = self.researchers.nodes, self.researchers.slot
        topics_at = slot["topics_count"]
        coauthors_at, close_at = slot["coauthors_count"], slot["close_collaborators_count"]
        works_on = self.works_on
        for key, delta in plan.works_on_delta.items():
            if not delta:
                continue
            before = works_on.get(key, 0)
            if delta > 0 and before.__class__ is int:
                works_on[key] = before + delta
                if before == 0:
                    row = nodes[key[0]]
                    if row[topics_at] is not None:
                        row[topics_at] += 1
            else:
                self._merge_works_on(key, delta)
        coauthor = self.coauthor
        for key, delta in plan.coauthor_delta.items():
            if not delta:
                continue
            before = coauthor.get(key, 0)
            if delta > 0 and before.__class__ is int:
                after = coauthor[key] = before + delta
                pair, close = before == 0, before < close_min <= after
                if pair or close:
                    for row in (nodes[key[0]], nodes[key[1]]):
                        if pair and row[coauthors_at] is not None:
                            row[coauthors_at] += 1
                        if close and row[close_at] is not None:
                            row[close_at] += 1
            else:
                self._merge_coauthor(key, delta, close_min)

    # --- the steps both share ----------------------------------------------------------------

    def _meta(self, close_min: int) -> None:
        """The statement's GraphMeta step: made once, with the threshold and the derived
        version; one that exists is left as it is."""
        if self.meta is None:
            self.meta = {"id": "derived", "close_min": close_min, "version": DERIVED_VERSION}

    def _create_work(self, wid: str, props: dict[str, Any], now: int) -> None:
        if wid in self.works:
            raise BulkUnsupported(f"the batch creates work {wid} twice")
        self.works.create(wid, {**props, "created_at": now})

    def _merge_work(self, wid: str, props: dict[str, Any]) -> None:
        if wid in self.works:
            self.works.update(wid, props)
        else:
            self.works.create(wid, props)

    def _merge_researcher(self, rid: str, props: dict[str, Any], *, fresh: bool = False) -> None:
        """The statement's researcher step: found, or made with ``props`` (``fresh``: the
        batch means to make it, and the edges it creates for it assume so)."""
        if rid not in self.researchers:
            self.researchers.create(rid, props)
        elif fresh:
            raise BulkUnsupported(f"the batch creates researcher {rid}, which exists")

    @staticmethod
    def _merge_node(label: _Label, node_id: str, props: dict[str, Any]) -> str:
        """Found and given ``props``, or made with them (the statement's topic and
        institution steps)."""
        if node_id in label:
            label.update(node_id, props)
        else:
            label.create(node_id, props)
        return node_id

    def _candidates(self, rows: list[dict[str, Any]], now: int) -> None:
        researchers = self.researchers
        for row in rows:
            if row["a"] not in researchers or row["b"] not in researchers:
                continue
            if row["id"] in self.candidates:
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
        if edges:
            i = _find(edges, rid, 2)
            if i is not None:
                del edges[i : i + 2]

    def _authored_props(self, position: Any, corresponding: Any, sources: Any) -> tuple[Any, ...]:
        """The edge's properties as one shared tuple (a handful of distinct ones)."""
        sources = _tuple(sources)
        shared = self._shared.values
        key = (position, corresponding, corresponding.__class__, sources)
        props = shared.get(key)
        if props is None:
            props = (position, corresponding, sources)
            if len(shared) < self._shared.limit:
                shared[key] = props
        return props

    def _create_authored(
        self, rid: str, wid: str, position: Any, corresponding: Any, sources: Any
    ) -> None:
        edges = self.authored.get(wid)
        if edges is None:
            edges = self.authored[wid] = []
        elif _find(edges, rid, 2) is not None:
            raise BulkUnsupported(f"the batch creates AUTHORED {rid} -> {wid} twice")
        edges += (rid, self._authored_props(position, corresponding, sources))

    def _merge_authored(
        self, rid: str, wid: str, position: Any, corresponding: Any, sources: Any
    ) -> None:
        """MERGE ... SET a.position = ..., a.corresponding = ..., a.sources = ... (every
        property is set, so the edge's old values do not matter)"""
        edges = self.authored.setdefault(wid, [])
        props = self._authored_props(position, corresponding, sources)
        i = _find(edges, rid, 2)
        if i is None:
            edges += (rid, props)
        else:
            edges[i + 1] = props

    def _remove_topic(self, wid: str, tid: str) -> None:
        edges = self.has_topic.get(wid)
        if edges:
            i = _find(edges, tid, 3)
            if i is not None:
                del edges[i : i + 3]

    def _create_topic(self, wid: str, tid: str, score: Any, sources: Any) -> None:
        edges = self.has_topic.get(wid)
        if edges is None:
            edges = self.has_topic[wid] = []
        elif _find(edges, tid, 3) is not None:
            raise BulkUnsupported(f"the batch creates HAS_TOPIC {wid} -> {tid} twice")
        edges += (tid, score, self._shared(_tuple(sources)))

    def _merge_topic(self, wid: str, tid: str, score: Any, sources: Any) -> None:
        edges = self.has_topic.setdefault(wid, [])
        values = (tid, score, self._shared(_tuple(sources)))
        i = _find(edges, tid, 3)
        if i is None:
            edges += values
        else:
            edges[i : i + 3] = values

    def _affiliate(self, rid: str, nid: str, first: Any, last: Any) -> None:
        """MERGE ... ON CREATE SET first/last; SET first_year = CASE WHEN a.first_year IS
        NULL OR row[2] < a.first_year THEN row[2] ELSE a.first_year END (and last_year with
        >): a null row value compares as null, so the CASE keeps the stored year."""
        key = (rid, nid)
        old_first, old_last = self.affiliated.get(key) or (first, last)
        if old_first is None or (first is not None and first < old_first):
            old_first = first
        if old_last is None or (last is not None and last > old_last):
            old_last = last
        self.affiliated[key] = self._span(old_first, old_last)

    def _span(self, first: Any, last: Any) -> tuple[Any, Any]:
        """One shared tuple per distinct year span (keyed with the types: True == 1)."""
        shared = self._shared.values
        key = (first, last, first.__class__, last.__class__)
        span = shared.get(key)
        if span is None:
            span = (first, last)
            if len(shared) < self._shared.limit:
                shared[key] = span
        return span

    @staticmethod
    def _create_weight(
        weights: dict[tuple[str, str], Any], key: tuple[str, str], works: Any
    ) -> None:
        if key in weights:
            raise BulkUnsupported(f"the batch creates an edge {key} twice")
        weights[key] = works

    def _merge_works_on(self, key: tuple[str, str], delta: Any) -> None:
        """The statement's WORKS_ON step: MERGE with works 0 on create, add the delta, count
        the topic in or out as the weight leaves or reaches 0, delete at 0 or below."""
        before = self.works_on.get(key, 0)
        after = _plus(before, delta)
        topic = _transition(before, after)
        if topic or _le(after, 0):
            self.researchers.add(key[0], "topics_count", topic)
        if _le(after, 0):
            self.works_on.pop(key, None)
        else:
            self.works_on[key] = after

    def _merge_coauthor(self, key: tuple[str, str], delta: Any, close_min: int) -> None:
        """The statement's COAUTHOR step: MERGE with works 0 on create, add the delta,
        count the pair (and the close pair) in or out for both, delete at 0 or below."""
        before = self.coauthor.get(key, 0)
        after = _plus(before, delta)
        pair = _transition(before, after)
        close = _crossing(before, after, close_min)
        if pair or close or _le(after, 0):
            for rid in key:
                self.researchers.add(rid, "coauthors_count", pair)
                self.researchers.add(rid, "close_collaborators_count", close)
        if _le(after, 0):
            self.coauthor.pop(key, None)
        else:
            self.coauthor[key] = after

    # --- the finished graph ------------------------------------------------------------------

    def nodes(self) -> Iterator[NodeTable]:
        """Every node, one table per label; edges name their endpoints by position in these."""
        self._top_lists()
        if self.meta is not None:
            yield _dict_table("GraphMeta", [self.meta])
        yield self.works.table("Work")
        yield self.researchers.table("Researcher")
        yield self.topics.table("Topic")
        yield self.institutions.table("Institution")
        yield _dict_table("Alias", list(self.aliases.values()))
        yield _dict_table("DuplicateCandidate", list(self.candidates.values()))

    def _top_lists(self) -> None:
        """The researchers' top lists (``top_coauthors``, ``top_topics``, ``top_works``)
        from the final graph, as ``researcher/refresh_derived`` builds them: the statement
        keeps them exactly that, row by row, so building them once at the end gives the
        same lists without following every batch's changes to them."""
        coauthors: dict[str, list[str]] = {}
        for (a, b), shared in self.coauthor.items():
            coauthors.setdefault(a, []).append(top_key(shared, b))
            coauthors.setdefault(b, []).append(top_key(shared, a))
        topics: dict[str, list[str]] = {}
        for (rid, tid), count in self.works_on.items():
            topics.setdefault(rid, []).append(top_key(count, tid))
        works: dict[str, list[str]] = {}
        year_at = self.works.slot["year"]
        for wid, edges in self.authored.items():
            entry = newest_key(self.works.nodes[wid][year_at], wid)
            for i in range(0, len(edges), 2):
                works.setdefault(edges[i], []).append(entry)
        listed = {rid for rid, extra in self.researchers.extra.items() if extra}
        for rid in listed | coauthors.keys() | topics.keys() | works.keys():
            co, to, wo = coauthors.get(rid, ()), topics.get(rid, ()), works.get(rid, ())
            update = {
                "top_coauthors": sorted(co)[:TOP_K] if len(co) > TOP_K else None,
                "top_topics": sorted(to)[:TOP_K] if len(to) > TOP_K else None,
                "top_works": sorted(wo)[:TOP_K] if len(wo) > TOP_K else None,
            }
            if rid in listed or any(v is not None for v in update.values()):
                self.researchers.update(rid, update)

    def edges(self) -> Iterator[EdgeTable]:
        """Every edge, one table per type (each table read once, as it is written)."""
        researchers, works, topics = self.researchers.nodes, self.works.nodes, self.topics.nodes

        def authored() -> Iterator[tuple[int, int, Sequence[Any]]]:
            for wid, edges in self.authored.items():
                w = works[wid][0]
                for i in range(0, len(edges), 2):
                    yield researchers[edges[i]][0], w, edges[i + 1]

        def has_topic() -> Iterator[tuple[int, int, Sequence[Any]]]:
            for wid, edges in self.has_topic.items():
                w = works[wid][0]
                for i in range(0, len(edges), 3):
                    yield w, topics[edges[i]][0], edges[i + 1 : i + 3]

        institutions = self.institutions.nodes
        yield EdgeTable(
            "AUTHORED",
            "Researcher",
            "Work",
            AUTHORED_PROPS,
            authored(),
            sum(len(e) // 2 for e in self.authored.values()),
        )
        yield EdgeTable(
            "HAS_TOPIC",
            "Work",
            "Topic",
            HAS_TOPIC_PROPS,
            has_topic(),
            sum(len(e) // 3 for e in self.has_topic.values()),
        )
        yield EdgeTable(
            "AFFILIATED_WITH",
            "Researcher",
            "Institution",
            AFFILIATION_PROPS,
            (
                (researchers[r][0], institutions[n][0], span)
                for (r, n), span in self.affiliated.items()
            ),
            len(self.affiliated),
        )
        yield _weights_table("WORKS_ON", "Topic", self.works_on, researchers, topics)
        yield _weights_table("COAUTHOR", "Researcher", self.coauthor, researchers, researchers)


_NONE: tuple[None] = (None,)
_ZERO_COUNTS = dict.fromkeys(COUNTERS, 0)


def _weights_table(
    kind: str,
    target_label: str,
    weights: dict[tuple[str, str], Any],
    sources: dict[str, list[Any]],
    targets: dict[str, list[Any]],
) -> EdgeTable:
    """WORKS_ON or COAUTHOR: their one property, ``works``, is an int on every edge (the
    columns form), unless some odd state left another value (the rows form)."""
    if all(w.__class__ is int for w in weights.values()):
        columns = (
            [sources[a][0] for a, _ in weights],
            [targets[b][0] for _, b in weights],
            list(weights.values()),
        )
        return EdgeTable(kind, "Researcher", target_label, WEIGHT_PROPS, (), len(weights), columns)
    rows = ((sources[a][0], targets[b][0], (w,)) for (a, b), w in weights.items())
    return EdgeTable(kind, "Researcher", target_label, WEIGHT_PROPS, rows, len(weights))


def _dict_table(label: str, rows: list[dict[str, Any]]) -> NodeTable:
    names = sorted({k for row in rows for k in row}, key=lambda n: (n != "id", n))
    return NodeTable(label, tuple(names), ([row.get(n) for n in names] for row in rows), len(rows))


def _find(edges: list[Any], node_id: str, stride: int) -> int | None:
    """Where ``node_id``'s edge starts in a flat edge list."""
    for i in range(0, len(edges), stride):
        if edges[i] == node_id:
            return i
    return None


def _rows_of(found: list[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """The rows a chain of OPTIONAL MATCHes gives: one when each found at most one node,
    else every combination, the first MATCH varying slowest (FalkorDB's nested loops)."""
    if max(map(len, found)) == 1:
        yield tuple([nodes[0] for nodes in found])
    else:
        yield from product(*found)


def _tuple(sources: Any) -> tuple[str, ...] | None:
    return None if sources is None else tuple(sources)


def _list(sources: tuple[str, ...] | None) -> list[str] | None:
    return None if sources is None else list(sources)


def _plus(value: Any, delta: Any) -> Any:
    """Cypher's ``+``: null when either side is null."""
    return None if value is None or delta is None else value + delta


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
