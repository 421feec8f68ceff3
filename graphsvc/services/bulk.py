"""The bulk path: a first load into an empty FalkorDB graph, committed once, at the end.

``graphsvc load`` takes it by itself when the target graph holds no node at all (checked
under the ingest lock, which the load then holds to its end, so no batch of the API or of
another load can slip in between); ``--incremental`` forces the batch path, and Neo4j
always takes the batch path.

1. **Plan**: the records go through :class:`~graphsvc.services.ingest.IngestPipeline`
   in the same batches as on the batch path (same batch size, same order, the same
   merged ids between them), but against a :class:`~graphsvc.services.memory_graph.
   MemoryGraph`: identity, per-source merging, derived counts by difference and
   candidate duplicates are the pipeline's own code, so the graph in memory at the end is
   the graph the batch path would have written (tests compare the two by checksum).
2. **Write**: :class:`~graphsvc.backends.falkordb_bulk.BulkGraphWriter` writes it under a
   staging key with GRAPH.BULK and builds the indexes there.
3. **Commit**: one ``RENAME`` puts it under the live key. Readers see the empty graph,
   then the whole one; only now do the committed log and the checkpoint move.

A bulk load interrupted before the RENAME (Ctrl-C, kill -9, an engine failure) committed
nothing: the live graph is still empty and the next run starts over (and deletes the
staging key left behind). Memory: the whole graph is held in the loader's process until
it is written (see the README's "Bulk loads").
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphsvc.backends.base import GraphBackend
from graphsvc.backends.falkordb import FalkorDBBackend
from graphsvc.backends.falkordb_bulk import BulkGraphWriter, BulkProgress
from graphsvc.config import Settings
from graphsvc.services.ingest import BatchPlan, IngestPipeline, ingest_lock, lock_path_for
from graphsvc.services.loading import LoaderItem, LoadSummary, run_load
from graphsvc.services.memory_graph import MemoryGraph


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector walks every live container now and then, and a bulk load
    holds millions (a third of the planning time went there); the graph has no cycles to
    collect, so the collector waits until the load is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class PlanningPipeline(IngestPipeline):
    """The ingest pipeline over a :class:`MemoryGraph`: its plans are applied to the graph
    directly (:meth:`MemoryGraph.apply_plan`, what the write statement would do). It takes
    no lock of its own: the bulk load holds the ingest lock from the emptiness check to
    the RENAME."""

    def __init__(self, graph: MemoryGraph, **options: Any) -> None:
        super().__init__(graph, **options)
        self.graph = graph

    def _exclusive(self) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()

    def _write_plan(self, plan: BatchPlan) -> None:
        self.graph.apply_plan(plan)


@dataclass(slots=True)
class PlannedBatch:
    """What the committed log will say of one batch once the load commits."""

    batch: int
    works_loaded: int
    work_ids: list[str]


@dataclass
class BulkLoad:
    """One bulk load of an empty graph; holds the ingest lock until :meth:`release`."""

    backend: FalkorDBBackend
    settings: Settings
    lock: contextlib.ExitStack
    graph: MemoryGraph = field(default_factory=MemoryGraph)
    planned: list[PlannedBatch] = field(default_factory=list)
    progress: BulkProgress | None = None
    committed: bool = False
    stale_staging: bool = False  # a stopped bulk load's staging key was found and deleted

    def plan(
        self,
        items: Iterable[LoaderItem],
        *,
        batch_size: int,
        rejects_path: Path | None = None,
        keep_ids: bool = False,
        on_batch: Callable[[LoadSummary], None] | None = None,
    ) -> LoadSummary:
        """Run the load's items through the pipeline into memory; nothing is written."""
        settings = self.settings
        pipeline = PlanningPipeline(
            self.graph,
            coauthor_max_authors=settings.coauthor_max_authors,
            close_min=settings.close_collaborator_min_shared,
            duplicate_name_max=settings.duplicate_name_max,
        )
        seen = 0

        def planned(summary: LoadSummary) -> None:
            nonlocal seen
            self.planned.append(
                PlannedBatch(summary.batches, summary.works_loaded, summary.work_ids[seen:])
            )
            seen = len(summary.work_ids)
            if on_batch is not None:
                on_batch(summary)

        with _collector_paused():
            summary = run_load(
                items,
                pipeline,
                batch_size=batch_size,
                rejects_path=rejects_path,
                on_batch=planned,
                keep_ids=keep_ids,
            )
        summary.path = "bulk"
        return summary

    def commit(self, on_progress: Callable[[BulkProgress], None] | None = None) -> None:
        """Write the planned graph under the staging key and RENAME it onto the live key.

        Nothing to write (every record rejected): nothing happens, as on the batch path.
        On any failure the staging key is deleted (or, if the engine is gone, by the next
        bulk load) and the live graph is as it was: empty.
        """
        if self.graph.empty:
            self.committed = True
            return
        writer = BulkGraphWriter(self.backend, on_progress=on_progress)
        try:
            with _collector_paused():
                self.progress = writer.write(self.graph.nodes(), self.graph.edges())
            writer.publish()
            self.committed = True
        except BaseException:
            with contextlib.suppress(Exception):
                writer.discard_staging()
            raise
        finally:
            writer.close()

    def release(self) -> None:
        """Let other writers in again (the ingest lock); safe to repeat."""
        self.lock.close()
        self.graph = MemoryGraph()  # what was planned is not needed any more


def claim_empty_graph(backend: GraphBackend, settings: Settings) -> BulkLoad | None:
    """A :class:`BulkLoad` holding the ingest lock when ``backend`` is a FalkorDB graph
    without any node; None otherwise (the lock is then not held)."""
    if not isinstance(backend, FalkorDBBackend):
        return None
    lock = contextlib.ExitStack()
    lock.enter_context(ingest_lock(lock_path_for(settings)))
    try:
        stale = discard_stale_staging(backend)
        nodes = int(backend.read("graph/count_nodes")[0]["nodes"])
    except BaseException:
        lock.close()
        raise
    if nodes:
        lock.close()
        return None
    return BulkLoad(backend, settings, lock, stale_staging=stale)


def discard_stale_staging(backend: FalkorDBBackend) -> bool:
    """Delete the staging key a stopped bulk load left behind (True if there was one).
    Called under the ingest lock, so no bulk load of this engine is writing it now."""
    writer = BulkGraphWriter(backend)
    try:
        return writer.discard_staging()
    finally:
        writer.close()


def describe(progress: BulkProgress) -> str:
    """A progress line for the write phase."""
    if progress.phase == "nodes":
        return f"writing the graph: {progress.nodes:,} of {progress.total_nodes:,} nodes"
    if progress.phase == "edges":
        return f"writing the graph: {progress.edges:,} of {progress.total_edges:,} edges"
    if progress.phase == "indexes":
        return "building the indexes"
    return "committed"


def timings(planned_s: float, progress: BulkProgress | None) -> str:
    """One line: how long each step of the bulk load took."""
    steps = [f"planned in {planned_s:.1f} s"]
    if progress is not None:
        steps += [f"{step} {seconds:.1f} s" for step, seconds in progress.seconds.items()]
        steps.append(f"{progress.total_nodes:,} nodes and {progress.total_edges:,} edges")
    return "bulk load committed: " + ", ".join(steps)
