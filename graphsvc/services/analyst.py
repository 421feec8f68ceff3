"""Analysts' read-only Cypher: the engine refuses writes and stops queries at the limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphsvc.backends.base import AnalystResult, GraphBackend
from graphsvc.errors import InvalidInput

DEFAULT_TIMEOUT_MS = 5_000
MAX_TIMEOUT_MS = 60_000
DEFAULT_LIMIT = 1_000
MAX_LIMIT = 10_000
MAX_QUERY_LENGTH = 20_000


@dataclass
class AnalystService:
    backend: GraphBackend

    def run(
        self,
        query: str,
        parameters: dict[str, Any] | None = None,
        *,
        limit: int = DEFAULT_LIMIT,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> AnalystResult:
        if not query.strip():
            raise InvalidInput("the query is empty")
        if len(query) > MAX_QUERY_LENGTH:
            raise InvalidInput(f"the query is longer than {MAX_QUERY_LENGTH} characters")
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
        if not 1 <= timeout_ms <= MAX_TIMEOUT_MS:
            raise InvalidInput(f"timeout_ms must be between 1 and {MAX_TIMEOUT_MS}")
        return self.backend.run_read_only(
            query, parameters or {}, timeout_ms=timeout_ms, limit=limit
        )
