"""The one ingest pipeline: loader records in, exact graph changes out.

Every loader yields :class:`~graphsvc.records.WorkRecord`; this module alone writes them.
For each batch it

1. resolves identity: which existing Work / Researcher node each record and author is
   (by OpenAlex id, DOI, arXiv id, S2 id; by OpenAlex author id, ORCID, S2 id, DBLP name),
   following curators' decisions first: an identifier that was merged away (an Alias)
   means the survivor, and a work's ``ASSIGNED_TO`` overrides (left by a split) send the
   authorships they name to the record the curator chose. Authorships that reach a
   record this way add their work (and, for merges, affiliations) but never write their
   name or identifiers onto it;
2. reads what the graph holds for those works (fields, authors and topics with the
   sources asserting them);
3. computes the exact differences: a source's newer version of a work replaces that
   source's authors and topics and leaves other sources' alone, fields are never
   overwritten with an empty value, and COAUTHOR weights change by the difference in
   shared works (no global rebuild, so a batch costs what it touches);
4. finds name-only matches for the researchers it touched (the same
   :func:`~graphsvc.services.identity.name_key` through an indexed property) and records
   them as candidate duplicates, never merging anyone;
5. writes all of it in one statement (``ingest/write_batch``): readers see the whole
   batch or none of it, and it is durable when the call returns.

Batches are written one at a time (a process lock, plus a file lock beside the embedded
engine's data) because step 3 depends on step 2 seeing every earlier batch; curation
actions take the same lock (:func:`ingest_lock`).
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import operator
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from graphsvc.backends.base import GraphBackend
from graphsvc.config import Settings
from graphsvc.observability import record_batch
from graphsvc.records import AuthorRef, MergedId, WorkRecord
from graphsvc.services.derived import DERIVED_VERSION, TOP_K, check_derived_state, top_key
from graphsvc.services.identity import identity_forms, name_key, name_only_pairs

_process_lock = threading.Lock()

DUPLICATE_NAME_MAX = 20
"""A name shared by more researcher records than this makes no new candidate pairs
(the default of ``GRAPHSVC_DUPLICATE_NAME_MAX``)."""


def lock_path_for(settings: Settings) -> Path | None:
    """The cross-process lock file beside embedded data (None for a server engine)."""
    return settings.data_dir.resolve() / "ingest.lock" if settings.engine == "embedded" else None


@contextlib.contextmanager
def ingest_lock(lock_path: Path | None) -> Iterator[None]:
    """Held while a batch or a curation action plans and writes: each reads the graph and
    writes differences that are only exact if nothing else wrote in between."""
    with _process_lock:
        if lock_path is None:
            yield
            return
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


WORK_FIELDS = (
    "title",
    "abstract",
    "year",
    "type",
    "venue",
    "doi",
    "openalex_id",
    "arxiv_id",
    "s2_id",
    "dblp_key",
    "cited_by_count",
)


def work_node_id(record: WorkRecord) -> str:
    """The id a new Work node gets: its OpenAlex id, else a prefixed DOI / arXiv / S2 id."""
    if record.openalex_id:
        return record.openalex_id
    if record.doi:
        return f"doi:{record.doi}"
    if record.arxiv_id:
        return f"arxiv:{record.arxiv_id}"
    if record.s2_id:
        return f"s2:{record.s2_id}"
    if record.dblp_key:
        return f"dblp:{record.dblp_key}"
    raise ValueError("a work record needs an OpenAlex id, DOI, arXiv id, S2 id or DBLP key")


def researcher_node_id(author: AuthorRef) -> str:
    """The id a new Researcher node gets: OpenAlex id, else a prefixed ORCID / S2 / DBLP id."""
    if author.openalex_id:
        return author.openalex_id
    if author.orcid:
        return f"orcid:{author.orcid}"
    if author.s2_id:
        return f"s2:{author.s2_id}"
    if author.dblp_name:
        return f"dblp:{author.dblp_name}"
    raise ValueError("an author needs an identifier; names alone never identify a person")


def _author_key(author: AuthorRef) -> str:
    return researcher_node_id(author)


def author_forms(author: AuthorRef) -> list[str]:
    """The identifier forms of an authorship (see :mod:`graphsvc.services.identity`)."""
    return identity_forms(author.openalex_id, author.orcid, author.s2_id, author.dblp_name)


@dataclass(slots=True)
class AuthorResolution:
    """Which researcher node each author key is; ``redirected`` keys reached their node
    through an alias (a merged-away identity), so they must not write name or ids on it."""

    ids: dict[str, str] = field(default_factory=dict)
    redirected: set[str] = field(default_factory=set)
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)  # found: props now
    new: set[str] = field(default_factory=set)  # ids no node has yet: this batch makes them


def override_for(author: AuthorRef, overrides: Sequence[Sequence[Any]]) -> str | None:
    """The researcher a work's ``ASSIGNED_TO`` override sends this authorship to, if any.

    ``overrides``: ``[from_keys, to_id, at]`` rows; the most recent one that names any of
    the author's identifier forms wins.
    """
    forms = set(author_forms(author))
    best: tuple[int, str] | None = None
    for from_keys, to_id, at in overrides:
        if forms & set(from_keys or []) and (best is None or int(at or 0) > best[0]):
            best = (int(at or 0), str(to_id))
    return best[1] if best else None


@dataclass(slots=True)
class BatchOutcome:
    """What one batch did, per record in the order given."""

    statuses: list[str] = field(default_factory=list)  # created / updated / unchanged
    work_ids: list[str] = field(default_factory=list)


def pipeline_for(backend: GraphBackend, settings: Settings) -> IngestPipeline:
    """The pipeline every writer uses (CLI loads, ``POST /works``), with the cross-process
    lock beside embedded data, so a load and the API never interleave their batches."""
    lock = settings.data_dir.resolve() / "ingest.lock" if settings.engine == "embedded" else None
    return IngestPipeline(
        backend,
        coauthor_max_authors=settings.coauthor_max_authors,
        close_min=settings.close_collaborator_min_shared,
        lock_path=lock,
        duplicate_name_max=settings.duplicate_name_max,
    )


def coauthor_pairs(author_ids: Sequence[str], cap: int) -> set[tuple[str, str]]:
    """Pairs a work contributes to COAUTHOR: none when it has more than ``cap`` authors."""
    distinct = sorted(set(author_ids))
    if len(distinct) < 2 or len(distinct) > cap:
        return set()
    return set(combinations(distinct, 2))


def _merge_sourced(
    old: dict[str, list[str]], source: str, new_ids: Sequence[str]
) -> dict[str, list[str]]:
    """Replace ``source``'s assertions with ``new_ids``, keeping other sources' ones."""
    merged: dict[str, list[str]] = {}
    for ident, sources in old.items():
        kept = [s for s in sources if s != source]
        if kept:
            merged[ident] = kept
    for ident in new_ids:
        merged[ident] = sorted({*merged.get(ident, []), source})
    return merged


class IngestPipeline:
    """Writes batches of WorkRecords into one graph, exactly and idempotently."""

    def __init__(
        self,
        backend: GraphBackend,
        *,
        coauthor_max_authors: int = 50,
        close_min: int = 2,
        lock_path: Path | None = None,
        duplicate_name_max: int = DUPLICATE_NAME_MAX,
    ) -> None:
        self.backend = backend
        self.cap = coauthor_max_authors
        self.close_min = close_min
        self.lock_path = lock_path
        self._checked = False
        self.duplicate_name_max = duplicate_name_max

    def _exclusive(self) -> contextlib.AbstractContextManager[None]:
        return ingest_lock(self.lock_path)

    def works_present(self, work_ids: Sequence[str]) -> set[str]:
        """Which of these Work ids the graph holds."""
        rows = self.backend.read("ingest/get_work_state", {"ids": list(work_ids)})
        return {str(row["id"]) for row in rows}

    def record_aliases(self, merged: Sequence[MergedId]) -> int:
        """Remember merged-away ids so they keep resolving to the survivor."""
        if not merged:
            return 0
        rows = [{"id": m.old, "kind": m.kind, "target": m.new} for m in merged]
        with self._exclusive():
            self.backend.write("alias/record_aliases", {"rows": rows})
        return len(rows)

    def write_batch(self, records: Sequence[WorkRecord]) -> BatchOutcome:
        """Write records; a record sharing an identifier with an earlier one waits its turn."""
        outcome = BatchOutcome()
        pending = list(records)
        with self._exclusive():
            if not self._checked:
                check_derived_state(self.backend, self.close_min)
                self._checked = True
            while pending:
                now, later = _split_identity_clashes(pending)
                part = self._write_distinct(now)
                outcome.statuses.extend(part.statuses)
                outcome.work_ids.extend(part.work_ids)
                pending = later
        record_batch(outcome.statuses)
        return outcome

    # --- one batch whose records name distinct works -------------------------------------

    def _write_distinct(self, records: Sequence[WorkRecord]) -> BatchOutcome:
        work_ids = self._resolve_works(records)
        authors = self._resolve_authors(records)
        state = {
            row["id"]: row
            for row in self.backend.read("ingest/get_work_state", {"ids": list(set(work_ids))})
        }
        plan = BatchPlan(now=int(time.time() * 1000), close_min=self.close_min)
        outcome = BatchOutcome()
        for record, wid in zip(records, work_ids, strict=True):
            status = plan.add(record, wid, authors, state.get(wid), self.cap)
            outcome.statuses.append(status)
            outcome.work_ids.append(wid)
        plan.duplicates = self._name_only_candidates(plan.researchers)
        if plan.has_changes():
            self._write_plan(plan)
        return outcome

    def _write_plan(self, plan: BatchPlan) -> None:
        """The whole batch in one statement. (The bulk path's pipeline applies the plan to
        its in-memory graph instead: :class:`~graphsvc.services.bulk.PlanningPipeline`.)"""
        self.backend.write("ingest/write_batch", plan.params())

    def _resolve_works(self, records: Sequence[WorkRecord]) -> list[str]:
        rows = [
            {
                "key": i,
                "openalex_id": r.openalex_id,
                "doi": r.doi,
                "arxiv_id": r.arxiv_id,
                "s2_id": r.s2_id,
                "dblp_key": r.dblp_key,
            }
            for i, r in enumerate(records)
        ]
        found: dict[int, str] = {}
        for row in self.backend.read("ingest/resolve_works", {"rows": rows}):
            key = int(row["key"])
            match = _first_compatible(row["matches"], records[key].openalex_id)
            if match is not None:
                found.setdefault(key, str(match[0]))
        return [found.get(i) or work_node_id(r) for i, r in enumerate(records)]

    def _resolve_authors(self, records: Sequence[WorkRecord]) -> AuthorResolution:
        authors: dict[str, AuthorRef] = {}
        for record in records:
            for author in record.authors:
                authors.setdefault(_author_key(author), author)
        resolution = AuthorResolution()
        if not authors:
            return resolution
        forms = sorted({f for a in authors.values() for f in author_forms(a)})
        moved = {
            str(row["form"]): str(row["target"])
            for row in self.backend.read("ingest/resolve_aliases", {"forms": forms})
            if row["target"]
        }
        for key, author in authors.items() if moved else ():
            target = next((moved[f] for f in author_forms(author) if f in moved), None)
            if target is not None:
                resolution.ids[key] = target
                resolution.redirected.add(key)
        rows = [
            {
                "key": key,
                "openalex_id": a.openalex_id,
                "orcid": a.orcid,
                "s2_id": a.s2_id,
                "dblp_name": a.dblp_name,
            }
            for key, a in authors.items()
            if key not in resolution.redirected
        ]
        found: dict[str, str] = {}
        if rows:
            stored = resolution.stored
            for row in self.backend.read("ingest/resolve_researchers", {"rows": rows}):
                matches = row["matches"]
                if not matches:
                    continue
                key = str(row["key"])
                match = _first_compatible(matches, authors[key].openalex_id)
                if match is not None and key not in found:
                    matched = found[key] = str(match[0])
                    stored[matched] = dict(match[2] or {})
        ids, new = resolution.ids, resolution.new
        for key in authors:
            if key not in ids:
                known = found.get(key)
                if known is None:
                    new.add(key)
                    ids[key] = key
                else:
                    ids[key] = known
        return resolution

    def _name_only_candidates(self, researchers: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        """Candidate duplicates for the researchers this batch names directly: the other
        records with the same name key (one indexed lookup per key), checked in Python."""
        touched = {
            rid: row["props"] for rid, row in researchers.items() if row["props"].get("name_key")
        }
        keys = sorted({str(p["name_key"]) for p in touched.values()})
        if not keys:
            return []
        groups = {
            str(row["name_key"]): row["members"]
            for row in self.backend.read(
                "ingest/get_name_groups", {"keys": keys, "limit": self.duplicate_name_max + 1}
            )
        }
        return name_only_pairs(touched, groups, self.duplicate_name_max)


def _first_compatible(matches: list[list[Any]], openalex_id: str | None) -> list[Any] | None:
    """The first matched node (``[id, openalex_id, ...]``) that does not carry a different
    OpenAlex id.

    Two OpenAlex records with different ids are two entities even when they share a DOI or
    an ORCID: OpenAlex lists true duplicates in merged_ids, which become aliases.
    """
    for match in matches:
        node_openalex = match[1]
        if openalex_id and node_openalex and node_openalex != openalex_id:
            continue
        return match
    return None


def _split_identity_clashes(
    records: Sequence[WorkRecord],
) -> tuple[list[WorkRecord], list[WorkRecord]]:
    """Keep the first record per identifier now; later ones sharing any identifier wait."""
    seen: set[tuple[str, str]] = set()
    now: list[WorkRecord] = []
    later: list[WorkRecord] = []
    for record in records:
        keys = {
            (kind, value)
            for kind, value in (
                ("openalex", record.openalex_id),
                ("doi", record.doi),
                ("arxiv", record.arxiv_id),
                ("s2", record.s2_id),
                ("dblp", record.dblp_key),
            )
            if value
        }
        if keys & seen:
            later.append(record)
        else:
            seen |= keys
            now.append(record)
    return now, later


def _same_score(old: Any, new: float | None) -> bool:
    """FalkorDB returns doubles printed to 15 digits, so a score read back may differ from
    the one written in its last bit; a real rescoring differs by far more."""
    if old is None or new is None:
        return old is None and new is None
    return math.isclose(float(old), new, rel_tol=1e-9)


_work_fields = operator.attrgetter(*WORK_FIELDS)

COUNTERS = ("works_count", "topics_count", "coauthors_count", "close_collaborators_count")
"""A researcher's derived counts, in the order of the write query's ``counts`` rows."""

NEW_RESEARCHER = {"claimed": False, "open_to_collaborate": False}


def _top(entries: list[str]) -> list[str] | None:
    return sorted(entries)[:TOP_K] if len(entries) > TOP_K else None


def _props(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None and v != ""}


def _props3(k1: str, v1: Any, k2: str, v2: Any, k3: str, v3: Any) -> dict[str, Any]:
    """``_props`` of three named values, without building the dict twice."""
    out = {}
    if v1 is not None and v1 != "":
        out[k1] = v1
    if v2 is not None and v2 != "":
        out[k2] = v2
    if v3 is not None and v3 != "":
        out[k3] = v3
    return out


@dataclass
class BatchPlan:
    """Accumulates the exact changes of one batch as the write query's parameters.

    Besides the facts (works, authorships, topics, affiliations, COAUTHOR weights) it
    plans the differences of the researchers' derived state: works per researcher and
    works per (researcher, topic), so profiles read counts instead of counting.
    """

    now: int
    close_min: int = 2
    new_works: list[dict[str, Any]] = field(default_factory=list)
    works: list[dict[str, Any]] = field(default_factory=list)
    researchers: dict[str, dict[str, Any]] = field(default_factory=dict)
    institutions: dict[str, dict[str, Any]] = field(default_factory=dict)
    topics: dict[str, dict[str, Any]] = field(default_factory=dict)
    authored_remove: list[list[Any]] = field(default_factory=list)
    authored_new: list[list[Any]] = field(default_factory=list)
    authored: list[list[Any]] = field(default_factory=list)
    topics_remove: list[list[Any]] = field(default_factory=list)
    has_topic_new: list[list[Any]] = field(default_factory=list)
    has_topic: list[list[Any]] = field(default_factory=list)
    affiliations: dict[tuple[str, str], list[int | None]] = field(default_factory=dict)
    works_delta: Counter[str] = field(default_factory=Counter)
    works_on_delta: Counter[tuple[str, str]] = field(default_factory=Counter)
    coauthor_delta: Counter[tuple[str, str]] = field(default_factory=Counter)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    new_researchers: set[str] = field(default_factory=set)

    def add(
        self,
        record: WorkRecord,
        wid: str,
        authors: AuthorResolution,
        state: dict[str, Any] | None,
        cap: int,
    ) -> str:
        """Plan one record's changes; return created / updated / unchanged.

        Written for speed (it runs once per record of every load): a new work (``state``
        None, the common case of a first load) skips everything about old values."""
        source = record.source
        old_props: dict[str, Any]
        old_authors: dict[str, list[str]]
        old_roles: dict[str, tuple[Any, bool]]
        old_topics: dict[str, list[str]]
        old_scores: dict[str, Any]
        if state is None:
            old_props, old_authors, old_roles, old_topics, old_scores = {}, {}, {}, {}, {}
            overrides: list[Any] = []
        else:
            old_props = state["props"]
            authored_rows = state["authors"]
            topic_rows = state["topics"]
            old_authors = {str(row[0]): list(row[1] or []) for row in authored_rows}
            old_roles = {str(row[0]): (row[2], bool(row[3])) for row in authored_rows}
            old_topics = {str(row[0]): list(row[1] or []) for row in topic_rows}
            old_scores = {str(row[0]): row[2] for row in topic_rows}
            overrides = list(state.get("overrides") or [])

        ids, redirected = authors.ids, authors.redirected
        byline: dict[str, AuthorRef] = {}
        direct: dict[str, AuthorRef] = {}  # authorships that name their record themselves
        affiliating: dict[str, AuthorRef] = {}  # ... or through a merge: affiliations count
        for author in record.authors:
            key = researcher_node_id(author)
            rid = ids[key]
            assigned = override_for(author, overrides) if overrides else None
            if assigned is not None:
                rid = assigned
            else:
                if rid not in affiliating:
                    affiliating[rid] = author
                if rid not in direct and key not in redirected:
                    direct[rid] = author
            if rid not in byline:
                byline[rid] = author
        topic_refs = {t.id: t for t in record.topics}
        if state is None:
            new_authors = {rid: [source] for rid in byline}
            new_topics = {tid: [source] for tid in topic_refs}
        else:
            new_authors = _merge_sourced(old_authors, source, list(byline))
            new_topics = _merge_sourced(old_topics, source, list(topic_refs))

        fields = {
            name: value
            for name, value in zip(WORK_FIELDS, _work_fields(record), strict=True)
            if value is not None and value != ""
        }
        fields["author_count"] = len(new_authors)
        if state is None:
            self.new_works.append({"id": wid, "props": fields})
            changed = True
        else:
            changed_fields = {k: v for k, v in fields.items() if old_props.get(k) != v}
            if changed_fields:
                self.works.append({"id": wid, "props": changed_fields})
            changed = bool(changed_fields)

        stored = authors.stored
        for rid, author in direct.items():
            self._add_researcher(rid, author, stored.get(rid))
        fresh, researchers = authors.new, self.researchers
        for rid in byline:
            if rid in fresh:
                self.new_researchers.add(rid)
            if rid not in researchers:
                researchers[rid] = {"id": rid, "props": {}}
        for rid in old_authors:
            if rid not in researchers:
                researchers[rid] = {"id": rid, "props": {}}
        year = record.year
        spans, institutions = self.affiliations, self.institutions
        for rid, author in affiliating.items():
            for inst in author.institutions:
                institutions[inst.id] = {
                    "id": inst.id,
                    "props": _props3("name", inst.name, "ror", inst.ror, "country", inst.country),
                }
                span = spans.get((rid, inst.id))
                if span is None:
                    spans[(rid, inst.id)] = [year, year]
                elif year is not None:
                    span[0] = year if span[0] is None else min(span[0], year)
                    span[1] = year if span[1] is None else max(span[1], year)
        if state is None:
            authored_new = self.authored_new
            for rid, sources in new_authors.items():
                ref = byline[rid]
                authored_new.append([rid, wid, ref.position, ref.corresponding, sources])
        else:
            for rid, sources in new_authors.items():
                known_ref = byline.get(rid)
                # This record's byline sets position and corresponding (the last source
                # loaded wins, as for fields); an authorship only other sources assert
                # keeps its own.
                role = (
                    (known_ref.position, known_ref.corresponding)
                    if known_ref
                    else old_roles.get(rid, (None, False))
                )
                if old_authors.get(rid) != sources or old_roles.get(rid) != role:
                    changed = True
                    self.authored.append([rid, wid, role[0], role[1], sources])
            for rid in old_authors.keys() - new_authors.keys():
                changed = True
                self.authored_remove.append([rid, wid])

        has_topic = self.has_topic_new if state is None else self.has_topic
        topics = self.topics
        for tid, sources in new_topics.items():
            topic = topic_refs.get(tid)
            if topic is not None:
                topics[tid] = {
                    "id": tid,
                    "props": _props3(
                        "name", topic.name, "field", topic.field, "domain", topic.domain
                    ),
                }
            score = topic.score if topic else old_scores.get(tid)
            if state is None or (
                old_topics.get(tid) != sources or not _same_score(old_scores.get(tid), score)
            ):
                changed = True
                has_topic.append([wid, tid, score, sources])
        for tid in old_topics.keys() - new_topics.keys():
            changed = True
            self.topics_remove.append([wid, tid])

        self._plan_derived(old_authors, new_authors, old_topics, new_topics)
        delta = self.coauthor_delta
        if old_authors:
            after = coauthor_pairs(list(new_authors), cap)
            before = coauthor_pairs(list(old_authors), cap)
            for pair in after - before:
                delta[pair] += 1
            for pair in before - after:
                delta[pair] -= 1
        elif 2 <= len(new_authors) <= cap:  # coauthor_pairs, without building the set
            get = delta.get
            for pair in combinations(sorted(new_authors), 2):
                delta[pair] = get(pair, 0) + 1
        if state is None:
            return "created"
        return "updated" if changed else "unchanged"

    def _plan_derived(
        self,
        old_authors: dict[str, list[str]],
        new_authors: dict[str, list[str]],
        old_topics: dict[str, list[str]],
        new_topics: dict[str, list[str]],
    ) -> None:
        """Differences in works per researcher and works per (researcher, topic)."""
        works, works_on = self.works_delta, self.works_on_delta
        if not old_authors:
            for rid in new_authors:
                works[rid] = works.get(rid, 0) + 1
        else:
            for rid in new_authors.keys() - old_authors.keys():
                works[rid] += 1
            for rid in old_authors.keys() - new_authors.keys():
                works[rid] -= 1
        if old_authors.keys() == new_authors.keys() and old_topics.keys() == new_topics.keys():
            return
        get = works_on.get
        for rid in new_authors:
            for tid in new_topics:
                works_on[(rid, tid)] = get((rid, tid), 0) + 1
        for rid in old_authors:
            for tid in old_topics:
                works_on[(rid, tid)] -= 1

    def _add_researcher(self, rid: str, author: AuthorRef, stored: dict[str, Any] | None) -> None:
        """What this authorship says of its researcher, less what the graph already holds
        (setting a name re-indexes it for search: not worth doing for nothing)."""
        props = _props(
            {
                "name": author.name,
                "openalex_id": author.openalex_id,
                "orcid": author.orcid,
                "s2_id": author.s2_id,
                "dblp_name": author.dblp_name,
                "name_key": name_key(author.name),
            }
        )
        if stored is not None:
            props = {k: v for k, v in props.items() if stored.get(k) != v}
        existing = self.researchers.get(rid)
        if existing is None:
            self.researchers[rid] = {"id": rid, "props": props}
        else:
            existing["props"].update(props)

    def has_changes(self) -> bool:
        return bool(
            self.new_works
            or self.works
            or any(row["props"] for row in self.researchers.values())
            or self.authored_new
            or self.authored
            or self.authored_remove
            or self.has_topic_new
            or self.has_topic
            or self.topics_remove
            or self.coauthor_delta
            or self.duplicates
        )

    def params(self) -> dict[str, Any]:
        """The write query's parameters: node lists first, edges by position in them.

        A researcher this batch creates gets its derived counts with its other properties
        (every edge it has is new, so its counts are the sums of this batch's rows);
        existing researchers get theirs by difference, once per researcher where no old
        weight is involved, per edge row where one is (a pair or topic it already had).
        """
        works = [*self.new_works, *self.works]
        listed = {row["id"] for row in works}
        works += [{"id": wid, "props": {}} for wid in sorted(self.edge_work_ids() - listed)]
        topics = [{"id": t, "props": {}} for t in self.topic_ids() - self.topics.keys()]
        topics = [*self.topics.values(), *topics]
        institutions = list(self.institutions.values())
        fresh = self.new_researchers
        coauthors = [(a, b, d) for (a, b), d in sorted(self.coauthor_delta.items()) if d]
        works_on = [(x, y, d) for (x, y), d in sorted(self.works_on_delta.items()) if d]
        counts = self._counts(coauthors, works_on)
        tops = self._fresh_tops(coauthors, works_on)
        researchers = []
        updates: list[list[Any]] = []
        for i, (rid, row) in enumerate(self.researchers.items()):
            if rid in fresh:
                initial = dict(zip(COUNTERS, counts.pop(rid, (0, 0, 0, 0)), strict=True))
                top_coauthors, top_topics = tops.get(rid, (None, None))
                researchers.append(
                    {
                        "id": rid,
                        "props": {
                            **NEW_RESEARCHER,
                            **row["props"],
                            **initial,
                            "top_coauthors": top_coauthors,
                            "top_topics": top_topics,
                            "created_at": self.now,
                        },
                    }
                )
            else:
                researchers.append({"id": rid, "props": {}})
                if row["props"]:
                    updates.append([i, row["props"]])
        w = {row["id"]: i for i, row in enumerate(works)}
        r = {row["id"]: i for i, row in enumerate(researchers)}
        t = {row["id"]: i for i, row in enumerate(topics)}
        n = {row["id"]: i for i, row in enumerate(institutions)}
        return {
            "now": self.now,
            "close_min": self.close_min,
            "top_k": TOP_K,
            "derived_version": DERIVED_VERSION,
            "works": works,
            "new_works": len(self.new_works),
            "researchers": researchers,
            "researcher_updates": updates,
            "topics": topics,
            "institutions": institutions,
            "authored_remove": [[r[a], w[b]] for a, b in self.authored_remove],
            "authored_new": [[r[a], w[b], *rest] for a, b, *rest in self.authored_new],
            "authored": [[r[a], w[b], *rest] for a, b, *rest in self.authored],
            "topics_remove": [[w[a], t[b]] for a, b in self.topics_remove],
            "has_topic_new": [[w[a], t[b], *rest] for a, b, *rest in self.has_topic_new],
            "has_topic": [[w[a], t[b], *rest] for a, b, *rest in self.has_topic],
            "affiliations": [[r[a], n[b], *span] for (a, b), span in self.affiliations.items()],
            "counts": [[r[rid], *deltas] for rid, deltas in sorted(counts.items()) if any(deltas)],
            "works_on_new": [[r[a], t[b], d] for a, b, d in works_on if a in fresh],
            "works_on": [[r[a], t[b], d] for a, b, d in works_on if a not in fresh],
            "coauthors_new": [[r[a], r[b], d] for a, b, d in coauthors if a in fresh or b in fresh],
            "top_coauthors_new": [
                [r[x], y, 0, d]
                for a, b, d in coauthors
                if a in fresh or b in fresh
                for x, y in ((a, b), (b, a))
                if x not in fresh
            ],
            "coauthors": [
                [r[a], r[b], d] for a, b, d in coauthors if a not in fresh and b not in fresh
            ],
            "duplicates": self.duplicates,
        }

    def _counts(
        self,
        coauthors: list[tuple[str, str, int]],
        works_on: list[tuple[str, str, int]],
    ) -> dict[str, tuple[int, int, int, int]]:
        """Counter differences (:data:`COUNTERS`) that need no old weight: works, and what
        edges that cannot exist yet add (every edge of a researcher this batch creates)."""
        fresh = self.new_researchers
        out: dict[str, list[int]] = {}
        for rid, delta in self.works_delta.items():
            out.setdefault(rid, [0, 0, 0, 0])[0] += delta
        for rid, _, delta in works_on:
            if rid in fresh and delta > 0:
                out.setdefault(rid, [0, 0, 0, 0])[1] += 1
        for a, b, delta in coauthors:
            if a in fresh or b in fresh:
                for rid in (a, b):
                    row = out.setdefault(rid, [0, 0, 0, 0])
                    row[2] += 1
                    row[3] += delta >= self.close_min
        return {rid: (row[0], row[1], row[2], row[3]) for rid, row in out.items()}

    def _fresh_tops(
        self,
        coauthors: list[tuple[str, str, int]],
        works_on: list[tuple[str, str, int]],
    ) -> dict[str, tuple[list[str] | None, list[str] | None]]:
        """Top coauthors and topics of the researchers this batch creates: every edge they
        have is one of this batch's rows, so their lists are sorted here, once (only where
        they have more than a list holds, as ``ingest/write_batch`` keeps them)."""
        fresh = self.new_researchers
        co: dict[str, list[str]] = {}
        to: dict[str, list[str]] = {}
        for a, b, delta in coauthors:
            for x, y in ((a, b), (b, a)):
                if x in fresh:
                    co.setdefault(x, []).append(top_key(delta, y))
        for rid, tid, delta in works_on:
            if rid in fresh:
                to.setdefault(rid, []).append(top_key(delta, tid))
        return {
            rid: (_top(co.get(rid, [])), _top(to.get(rid, []))) for rid in co.keys() | to.keys()
        }

    def topic_ids(self) -> set[str]:
        """Topics the edge rows name (a removed topic has no props in this batch)."""
        ids = {tid for _, tid in self.topics_remove} | {row[1] for row in self.has_topic}
        ids |= {row[1] for row in self.has_topic_new} | {tid for _, tid in self.works_on_delta}
        return ids

    def edge_work_ids(self) -> set[str]:
        """Works the edge rows name (an unchanged work has no props in this batch)."""
        rows = (self.authored_remove, self.authored_new, self.authored, self.topics_remove)
        ids = {row[1] for group in rows[:3] for row in group} | {row[0] for row in rows[3]}
        return ids | {row[0] for row in (*self.has_topic_new, *self.has_topic)}
