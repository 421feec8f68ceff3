"""The committed-batches log: one JSON line per batch, written only after the engine
acknowledged the batch (and so, with ``appendfsync always``, after it is on disk).

An operator (or the crash tests) can then tell exactly which works a killed load had
made durable: every id in this file must be in the graph after a restart.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

from graphsvc.services.loading import LoadSummary


class CommittedLog:
    """Appends ``{"batch", "works", "works_loaded"}`` per acknowledged batch, fsynced."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._handle: IO[str] = open(path, "a", encoding="utf-8")  # noqa: SIM115
        self._seen = 0

    def record(self, summary: LoadSummary) -> None:
        """Called after ``write_batch`` returned: the batch's works are durable."""
        new_ids = summary.work_ids[self._seen :]
        self._seen = len(summary.work_ids)
        self.record_batch(summary.batches, new_ids, summary.works_loaded)

    def record_batch(
        self, batch: int, work_ids: list[str], works_loaded: int, *, sync: bool = True
    ) -> None:
        """One batch's line. A bulk load writes all of its lines after its one commit
        (``sync=False``, then :meth:`sync`)."""
        entry = {"batch": batch, "works": work_ids, "works_loaded": works_loaded}
        self._handle.write(json.dumps(entry) + "\n")
        if sync:
            self.sync()

    def sync(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        self._handle.close()


def read_committed(path: Path) -> list[dict[str, object]]:
    """The entries of a committed log; a torn last line (the loader was killed) is skipped."""
    entries = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return entries
