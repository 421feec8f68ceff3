"""Running a load: a loader's records through the ingest pipeline in batches.

Loaders yield ``WorkRecord``, ``MergedId`` and ``Rejected`` items. This module batches the
records, writes rejects to a JSON-lines file (one line per rejected record: origin and
reason), shows progress on a terminal and returns the closing summary.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

from graphsvc.records import MergedId, Rejected, WorkRecord
from graphsvc.services.ingest import IngestPipeline

LoaderItem = WorkRecord | MergedId | Rejected


@dataclass
class LoadSummary:
    """The closing account of a load."""

    works_loaded: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    authorships_skipped: int = 0
    rejected: int = 0
    aliases_recorded: int = 0
    batches: int = 0
    already_committed: int = 0  # works an earlier, interrupted run committed (not sent again)
    rejects_path: str | None = None
    path: str = "incremental"  # or "bulk": a first load into an empty graph, one commit
    work_ids: list[str] = field(default_factory=list, repr=False)
    last_work_id: str | None = field(default=None, repr=False)
    interrupted: bool = field(default=False, repr=False)  # stopped on request (Ctrl-C)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.pop("work_ids")
        data.pop("last_work_id")
        data.pop("interrupted")
        return data


class RejectsFile:
    """Opened lazily: a clean load leaves no rejects file behind."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def write(self, rejected: Rejected) -> None:
        if self.path is None:
            return
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115
        file, _, line = rejected.origin.rpartition(":")
        entry = {
            "file": file or rejected.origin,
            "line": int(line) if line.isdigit() else line,
            "reason": rejected.reason,
        }
        self._handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def run_load(
    items: Iterable[LoaderItem],
    pipeline: IngestPipeline,
    *,
    batch_size: int = 500,
    rejects_path: Path | None = None,
    on_batch: Callable[[LoadSummary], None] | None = None,
    keep_ids: bool = False,
    on_commit: Callable[[LoadSummary], None] | None = None,
) -> LoadSummary:
    """Batch ``items`` into the graph; rejected items are written down and the load goes on.

    ``on_batch`` runs after each batch of works was acknowledged (the committed log);
    ``on_commit`` after everything consumed from ``items`` so far is in the graph (works
    and merged ids), which is when a checkpoint may move past those items.
    """
    summary = LoadSummary(rejects_path=str(rejects_path) if rejects_path else None)
    rejects = RejectsFile(rejects_path)
    batch: list[WorkRecord] = []
    aliases: list[MergedId] = []

    def flush() -> None:
        wrote = bool(batch or aliases)
        if batch:
            outcome = pipeline.write_batch(batch)
            for status in outcome.statuses:
                setattr(summary, status, getattr(summary, status) + 1)
            summary.works_loaded += len(batch)
            summary.authorships_skipped += sum(r.skipped_authorships for r in batch)
            summary.batches += 1
            if keep_ids:
                summary.work_ids.extend(outcome.work_ids)
            summary.last_work_id = outcome.work_ids[-1]
            batch.clear()
            if on_batch is not None:
                on_batch(summary)
        if aliases:
            summary.aliases_recorded += pipeline.record_aliases(aliases)
            aliases.clear()
        if wrote and on_commit is not None:
            on_commit(summary)

    try:
        for item in items:
            if isinstance(item, WorkRecord):
                batch.append(item)
                if len(batch) >= batch_size:
                    flush()
            elif isinstance(item, MergedId):
                aliases.append(item)
                if len(aliases) >= batch_size:
                    flush()
            else:
                summary.rejected += 1
                rejects.write(item)
        flush()
    finally:
        rejects.close()
    if summary.rejected == 0:
        summary.rejects_path = None
    return summary
