"""What the raw OpenAlex records say, computed straight from the JSON.

The tests compare the graph's numbers with these, so nothing is typed in by hand: a
second, independent reading of the same files.
"""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "graphsvc" / "sample" / "openalex_works_sample.jsonl.gz"
SHARED = next(
    (
        d
        for d in (REPO.parent / "shared" / "data", REPO.parent.parent / "shared" / "data")
        if d.is_dir()
    ),
    REPO.parent / "shared" / "data",
)  # beside the checkout (as in CI); a git worktree under wt/ sits one level deeper
assert (SHARED / "SOURCES.txt").is_file(), (
    f"the shared real data is expected at {SHARED} (beside the checkout, as in CI)"
)


def short(url: str | None) -> str | None:
    return url.rsplit("/", 1)[-1] if url else None


def read_works(path: Path = SAMPLE) -> list[dict]:
    """Work objects of a .json (one object) or JSON-lines file, gzipped or not."""
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    if path.suffix == ".json":
        return [json.loads(data)]
    return [json.loads(line) for line in data.split(b"\n") if line.strip()]


@dataclass
class RawCounts:
    works: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    topics: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    shared: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    names: dict[str, str] = field(default_factory=dict)
    topic_works: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )  # author -> topic -> the author's works carrying it

    def coauthors(self, author: str) -> dict[str, int]:
        out = {}
        for (a, b), works in self.shared.items():
            if author in (a, b):
                out[b if a == author else a] = len(works)
        return out


@dataclass(frozen=True)
class Merge:
    """A curator merged ``merged`` into ``survivor``."""

    survivor: str
    merged: str


@dataclass(frozen=True)
class Split:
    """A curator moved ``researcher``'s authorship of ``works`` to ``into``."""

    researcher: str
    works: frozenset[str]
    into: str


def work_authors(works: list[dict], curation: Sequence[Merge | Split] = ()) -> dict[str, set[str]]:
    """Per work id, the distinct author ids the raw record names, after the curators'
    merges and splits, applied in order as plain set operations on those ids."""
    authors: dict[str, set[str]] = {
        str(short(w["id"])): {
            str(short(a["author"]["id"]))
            for a in w.get("authorships") or []
            if a.get("author", {}).get("id")
        }
        for w in works
    }
    for op in curation:
        if isinstance(op, Merge):
            for ids in authors.values():
                if op.merged in ids:
                    ids.discard(op.merged)
                    ids.add(op.survivor)
        else:
            for wid in op.works:
                assert op.researcher in authors[wid], (op, wid)
                authors[wid].discard(op.researcher)
                authors[wid].add(op.into)
    return authors


def raw_counts(
    works: list[dict], cap: int = 50, curation: Sequence[Merge | Split] = ()
) -> RawCounts:
    """Per author id: distinct work ids, distinct topic ids, shared works per coauthor.

    ``curation``: merges and splits to apply first (what the graph should show after a
    curator made them).
    """
    counts = RawCounts()
    curated = work_authors(works, curation)
    for work in works:
        wid = str(short(work["id"]))
        authors = sorted(curated[wid])
        topics = {short(t["id"]) for t in work.get("topics") or []}
        for a in work.get("authorships") or []:
            if a.get("author", {}).get("id"):
                counts.names.setdefault(short(a["author"]["id"]), a["author"].get("display_name"))
        for author in authors:
            counts.works[author].add(wid)
            counts.topics[author] |= topics
            for topic in topics:
                counts.topic_works[author][topic].add(wid)
        if 2 <= len(authors) <= cap:
            for pair in combinations(authors, 2):
                counts.shared[pair].add(wid)
    return counts
