"""Moving authorships from one researcher to another, with exact COAUTHOR differences.

Merges move every authorship of the merged record, splits move some authorships of a
conflated one; both are "on these works, researcher ``source`` becomes ``target``". This
module plans that change from the works' current authors, the same way the ingest
pipeline plans a batch: per work, the coauthor pairs before and after (with the author
cap applied to the distinct authors, so a work that drops to the cap by losing a
duplicate author starts making pairs), and the weight of each pair changes by the
difference. Nothing is rebuilt globally, and a work both records authored counts once.

The plan is pure data; the write queries (``curation/merge_researchers``,
``curation/split_works``) apply it in one statement. Counts that a later change maintains
at write time belong here too, beside ``author_counts``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphsvc.services.ingest import coauthor_pairs

Authorships = Mapping[str, Mapping[str, Mapping[str, Any]]]
"""work id -> researcher id -> that AUTHORED edge's {sources, position, corresponding}."""


@dataclass
class Reassignment:
    """The parameters a merge or split statement needs to move authorships exactly."""

    authored: list[dict[str, Any]] = field(default_factory=list)  # target's edges
    coauthors: list[dict[str, Any]] = field(default_factory=list)  # {a, b, delta}, a < b
    author_counts: list[dict[str, Any]] = field(default_factory=list)  # {w, n}
    expected: dict[str, int] = field(default_factory=dict)  # work -> authors now (the CAS)


def plan_reassignment(
    authorships: Authorships,
    works: Iterable[str],
    source: str,
    target: str,
    cap: int,
    *,
    vanishing: str | None = None,
) -> Reassignment:
    """Plan moving ``source``'s authorship of each of ``works`` to ``target``.

    ``vanishing``: a researcher deleted by the same statement (the merged record); pairs
    with it are left out, since its edges go with it.
    """
    plan = Reassignment()
    delta: Counter[tuple[str, str]] = Counter()
    for wid in sorted(set(works)):
        authors = authorships[wid]
        moved = authors[source]
        before = list(authors)
        after = sorted({target if rid == source else rid for rid in before})
        plan.expected[wid] = len(before)
        for pair in coauthor_pairs(after, cap) - coauthor_pairs(before, cap):
            delta[pair] += 1
        for pair in coauthor_pairs(before, cap) - coauthor_pairs(after, cap):
            delta[pair] -= 1
        kept = authors.get(target) or {}
        sources = {*(moved.get("sources") or []), *(kept.get("sources") or [])}
        plan.authored.append(
            {
                "w": wid,
                "sources": sorted(sources),
                "position": (kept or moved).get("position"),
                "corresponding": bool((kept or moved).get("corresponding")),
            }
        )
        if len(after) != len(before):
            plan.author_counts.append({"w": wid, "n": len(after)})
    plan.coauthors = [
        {"a": a, "b": b, "delta": d}
        for (a, b), d in sorted(delta.items())
        if d != 0 and vanishing not in (a, b)
    ]
    return plan


def authorships_from_rows(
    rows: Iterable[Mapping[str, Any]],
) -> dict[str, dict[str, dict[str, Any]]]:
    """``curation/get_authorships`` rows as :data:`Authorships`."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        out[str(row["id"])] = {
            str(rid): {
                "sources": list(sources or []),
                "position": position,
                "corresponding": corresponding,
            }
            for rid, sources, position, corresponding in row["authors"]
        }
    return out
