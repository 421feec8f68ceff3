"""Readers during writes: a profile never shows a half-applied batch.

One thread writes the busiest researcher's works in batches (each padded with other real
works so a write takes a while); another reads the profile as fast as it can. Every
(works_count, topics_count) it sees must be one the graph has at a batch boundary,
computed straight from the raw records.
"""

from __future__ import annotations

import threading
from pathlib import Path

from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.errors import NotFound
from graphsvc.records import WorkRecord
from graphsvc.services.ingest import IngestPipeline
from graphsvc.services.researchers import ResearcherService
from loaders import openalex
from tests.support.raw import SAMPLE, raw_counts, read_works, short

PER_BATCH = 3  # the researcher's works per batch: a half batch would show 1 or 2 more
PADDING = 40  # other works per batch, so each write takes long enough to overlap reads


def plan_batches(author: str) -> tuple[list[list[WorkRecord]], list[tuple[int, int]]]:
    """The batches to write and the (works, topics) counts after each, from raw JSON."""
    raw = read_works()
    mine = [w for w in raw if author in raw_counts([w]).works]
    others = [w for w in raw if author not in raw_counts([w]).works]
    records = {r.openalex_id: r for r in openalex.read([Path(SAMPLE)]) if isinstance(r, WorkRecord)}
    batches, boundaries = [], [(0, 0)]
    for start in range(0, len(mine), PER_BATCH):
        chunk = mine[start : start + PER_BATCH]
        padding = others[start // PER_BATCH * PADDING : (start // PER_BATCH + 1) * PADDING]
        batches.append([records[short(w["id"])] for w in chunk + padding])
        done = raw_counts(mine[: start + len(chunk)])
        boundaries.append((len(done.works[author]), len(done.topics[author])))
    return batches, boundaries


def test_profile_reads_during_batch_writes_only_see_whole_batches(
    backend: GraphBackend, settings: Settings
) -> None:
    counts = raw_counts(read_works())
    author = max(counts.works, key=lambda a: (len(counts.works[a]), a))
    batches, boundaries = plan_batches(author)
    assert len(batches) >= 3 and len(boundaries) == len(set(boundaries))

    pipeline = IngestPipeline(backend, coauthor_max_authors=settings.coauthor_max_authors)
    profiles = ResearcherService(backend, settings)
    writing, finished = threading.Event(), threading.Event()
    seen: list[tuple[int, int]] = []
    overlapped = 0
    errors: list[BaseException] = []

    def reader() -> None:
        nonlocal overlapped
        try:
            while not finished.is_set():
                during = writing.is_set()
                try:
                    profile = profiles.profile(author)
                    seen.append((profile["works_count"], profile["topics_count"]))
                except NotFound:
                    seen.append((0, 0))
                overlapped += during and writing.is_set()
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for batch in batches:
            writing.set()
            pipeline.write_batch(batch)
            writing.clear()
    finally:
        finished.set()
        thread.join(timeout=60)
    assert not errors
    assert seen, "the reader never ran"
    assert set(seen) <= set(boundaries), f"half-applied batch seen: {set(seen) - set(boundaries)}"
    print(f"{len(seen)} reads, {overlapped} during a write, states {sorted(set(seen))}")
    assert overlapped > 0, "no read overlapped a write; nothing was proven"
    final = profiles.profile(author)
    assert (final["works_count"], final["topics_count"]) == boundaries[-1]
