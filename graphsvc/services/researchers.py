"""Researcher profiles, works pages, collaborators and research graph slices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphsvc.backends.base import GraphBackend
from graphsvc.config import Settings
from graphsvc.errors import InvalidInput, NotFound
from graphsvc.services.derived import TOP_K
from graphsvc.services.identifiers import (
    researcher_form,
    resolve_researcher_id,
    resolve_work_id,
)
from graphsvc.services.paging import decode_cursor, encode_cursor
from graphsvc.services.trust import TrustInputs, assess

TOP_TOPICS = 5


@dataclass
class ResearcherService:
    """Reads about researchers; every method takes ids in any form users paste."""

    backend: GraphBackend
    settings: Settings

    def profile(self, raw_id: str) -> dict[str, Any]:
        row = self._profile_row(raw_id)
        person = row["researcher"]
        trust = assess(TrustInputs.from_profile_row(person, row))
        return {
            **person,
            "alt_names": person.get("alt_names") or [],
            "merged_ids": person.get("merged_ids") or [],
            "claimed": trust["claimed"],
            "open_to_collaborate": bool(person.get("open_to_collaborate")),
            "verification_level": trust["verification_level"],
            "trust_score": trust["score"],
            "trust_band": trust["band"],
            "affiliation": row["affiliation"],
            "works_count": row["works_count"],
            "topics_count": row["topics_count"],
            "followers_count": row["followers_count"],
            "close_collaborators_count": row["close_collaborators_count"],
            "close_collaborator_min_shared": self.settings.close_collaborator_min_shared,
            "top_topics": row["top_topics"],
        }

    def trust(self, raw_id: str) -> dict[str, Any]:
        """The trust score with its band and every component, computed from current data."""
        row = self._profile_row(raw_id)
        person = row["researcher"]
        return {"researcher_id": person["id"], **assess(TrustInputs.from_profile_row(person, row))}

    def _profile_row(self, raw_id: str) -> dict[str, Any]:
        """The profile query's row. The id as pasted is tried first (one engine call for
        the usual case); only a miss goes through aliases and identifier lookups."""
        form, _ = researcher_form(raw_id)
        rows = self.backend.read("researcher/get_profile", {"id": form, "top_topics": TOP_TOPICS})
        if rows:
            return rows[0]
        rid = resolve_researcher_id(self.backend, raw_id)
        rows = self.backend.read("researcher/get_profile", {"id": rid, "top_topics": TOP_TOPICS})
        if not rows:
            raise NotFound(f"no researcher {rid} in this graph")
        return rows[0]

    def works(self, raw_id: str, limit: int, cursor: str | None) -> dict[str, Any]:
        rid = resolve_researcher_id(self.backend, raw_id)
        after_year: int | None = None
        after_id: str | None = None
        if cursor:
            year, ident = decode_cursor(cursor, 2)
            if not isinstance(year, int) or not isinstance(ident, str):
                raise InvalidInput("the cursor is damaged: pass next_cursor unchanged")
            after_year, after_id = year, ident
        rows = self.backend.read(
            "researcher/list_works",
            {
                "id": rid,
                "after_year": after_year,
                "after_id": after_id,
                "limit": limit + 1,
            },
        )
        page = rows[:limit]
        next_cursor = None
        if len(rows) > limit:
            last = page[-1]
            next_cursor = encode_cursor(last["sort_year"], last["work"]["id"])
        return {"data": [row["work"] for row in page], "next_cursor": next_cursor}

    def collaborators(self, raw_id: str, min_shared: int, limit: int) -> dict[str, Any]:
        rid = resolve_researcher_id(self.backend, raw_id)
        threshold = min_shared
        rows = self.backend.read(
            "researcher/list_collaborators",
            {
                "id": rid,
                "min_shared": threshold,
                "limit": limit,
            },
        )
        return {"data": rows, "min_shared": threshold}

    def graph(self, raw_id: str, depth: int, limit: int) -> dict[str, Any]:
        profile = self.profile(raw_id)
        rid = profile["id"]
        builder = SliceBuilder(center=rid)
        builder.node(
            rid, "researcher", profile.get("name") or rid, works_count=profile["works_count"]
        )
        self._researcher_neighbourhood(builder, rid, limit)
        if depth >= 2:
            ring = [n["id"] for n in builder.nodes.values() if n["kind"] == "researcher"]
            self._second_ring(builder, [r for r in ring if r != rid], limit)
        return builder.result()

    def _researcher_neighbourhood(self, builder: SliceBuilder, rid: str, limit: int) -> None:
        query = (
            "researcher/slice_neighbourhood"
            if limit <= TOP_K
            else "researcher/slice_neighbourhood_sorted"
        )
        ring = self.backend.read(query, {"id": rid, "limit": limit})
        if not ring:
            raise NotFound(f"no researcher {rid} in this graph")
        row = ring[0]
        for w in row["works"]:
            builder.node(
                w["id"], "work", w.get("title") or w["id"], year=w.get("year"), type=w.get("type")
            )
            builder.edge(rid, w["id"], "authored")
        builder.more("works", row["works_total"] - len(row["works"]))
        for c in row["coauthors"]:
            builder.node(c["id"], "researcher", c.get("name") or c["id"])
            builder.edge(rid, c["id"], "coauthor", weight=c["shared_works"])
        builder.more("coauthors", row["coauthors_total"] - len(row["coauthors"]))
        for t in row["topics"]:
            builder.node(t["id"], "topic", t.get("name") or t["id"], field=t.get("field"))
            builder.edge(rid, t["id"], "topic", weight=t["works"])
        builder.more("topics", row["topics_total"] - len(row["topics"]))
        for i in row["institutions"]:
            builder.node(i["id"], "institution", i.get("name") or i["id"], country=i.get("country"))
            builder.edge(
                rid,
                i["id"],
                "affiliated",
                first_year=i.get("first_year"),
                last_year=i.get("last_year"),
            )
        builder.more("institutions", row["institutions_total"] - len(row["institutions"]))

    def _second_ring(self, builder: SliceBuilder, coauthors: list[str], limit: int) -> None:
        """The coauthors' own top coauthors, for all of them in one call."""
        if not coauthors:
            return
        if limit <= TOP_K:
            rows = self.backend.read(
                "researcher/slice_top_coauthors", {"ids": coauthors, "limit": limit}
            )
        else:
            rows = [
                {
                    "id": c,
                    **self.backend.read("researcher/slice_coauthors", {"id": c, "limit": limit})[0],
                }
                for c in coauthors
            ]
        for row in rows:
            for c in row["items"]:
                builder.node(c["id"], "researcher", c.get("name") or c["id"])
                builder.edge(row["id"], c["id"], "coauthor", weight=c["shared_works"])


@dataclass
class WorkService:
    """Reads about works."""

    backend: GraphBackend

    def get(self, raw_id: str) -> dict[str, Any]:
        wid = resolve_work_id(self.backend, raw_id)
        row = self.backend.read("work/get_work", {"id": wid})[0]
        return {**row["work"], "authors": row["authors"], "topics": row["topics"]}

    def graph(self, raw_id: str, limit: int) -> dict[str, Any]:
        work = self.get(raw_id)
        wid = work["id"]
        builder = SliceBuilder(center=wid)
        builder.node(
            wid, "work", work.get("title") or wid, year=work.get("year"), type=work.get("type")
        )
        authors = self.backend.read("work/slice_authors", {"id": wid, "limit": limit})[0]
        for a in authors["items"]:
            builder.node(a["id"], "researcher", a.get("name") or a["id"])
            builder.edge(a["id"], wid, "authored")
        builder.more("authors", authors["total"] - len(authors["items"]))
        topics = self.backend.read("work/slice_topics", {"id": wid, "limit": limit})[0]
        for t in topics["items"]:
            builder.node(t["id"], "topic", t.get("name") or t["id"], field=t.get("field"))
            builder.edge(wid, t["id"], "has_topic", weight=t.get("score"))
        builder.more("topics", topics["total"] - len(topics["items"]))
        return builder.result()


class SliceBuilder:
    """Collects a graph slice with stable node ids and no duplicate nodes or edges."""

    def __init__(self, center: str) -> None:
        self.center = center
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: dict[tuple[str, str, str], dict[str, Any]] = {}
        self.more_counts: dict[str, int] = {}

    def node(self, ident: str, kind: str, label: str, **extra: Any) -> None:
        if ident not in self.nodes:
            self.nodes[ident] = {"id": ident, "kind": kind, "label": label, **extra}

    def edge(self, source: str, target: str, kind: str, **extra: Any) -> None:
        a, b = (source, target) if kind != "coauthor" else tuple(sorted((source, target)))
        key = (a, b, kind)
        if key not in self.edges:
            self.edges[key] = {
                "id": f"{kind}:{a}:{b}",
                "source": a,
                "target": b,
                "kind": kind,
                **extra,
            }

    def more(self, kind: str, count: int) -> None:
        self.more_counts[kind] = max(0, count)

    def result(self) -> dict[str, Any]:
        return {
            "center": self.center,
            "nodes": list(self.nodes.values()),
            "edges": list(self.edges.values()),
            "more": self.more_counts,
        }
