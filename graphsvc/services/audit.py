"""The analysts' audit log: one JSON line per query, appended, never rewritten.

Every analyst query, from the API or the CLI, leaves a line saying who ran what, when, with
which parameters, how it ended and how long it took. The API process and a ``graphsvc
cypher`` beside it may append to the same file: each line is written with one ``write``
under an exclusive ``flock``, so lines never interleave. Tokens never reach this module.
"""

from __future__ import annotations

import fcntl
import math
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from graphsvc.errors import AuditLogUnavailable

OUTCOMES = (
    "ok",
    "syntax_error",
    "refused_write",
    "refused_outside_graph",
    "timeout",
    "invalid",
    "busy",
    "query_error",
    "engine_error",
    "error",
)
"""What an audit line's ``outcome`` can be."""


@dataclass
class AuditLog:
    """Append-only JSON lines at ``path`` (its directory is created on first use)."""

    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, **entry: Any) -> None:
        """Append one line; ``at`` (UTC, ISO 8601) is added first.

        A line that cannot be written is an error for the caller: analyst queries are not
        served without their audit trail.
        """
        line = orjson.dumps(
            {"at": datetime.now(UTC).isoformat(timespec="milliseconds"), **_loggable(entry)},
            default=str,
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                    os.write(fd, line + b"\n")
                finally:
                    os.close(fd)  # closing releases the lock
        except OSError as exc:
            raise AuditLogUnavailable(
                f"the analysts' audit log {self.path} cannot be written ({exc.strerror}); "
                "analyst queries are refused until it can (GRAPHSVC_AUDIT_LOG)"
            ) from None

    def entries(self) -> list[dict[str, Any]]:
        """Every line, oldest first (for tests and for reading the log back)."""
        if not self.path.exists():
            return []
        return [orjson.loads(line) for line in self.path.read_bytes().splitlines() if line]


def _loggable(value: Any) -> Any:
    """What was sent, as JSON can hold it: refused input (a 100-bit integer, NaN) is logged
    as its text rather than lost."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): _loggable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_loggable(v) for v in value]
    return str(value)
