"""Analysts' read-only Cypher: checked input, engine-enforced limits, an audit line each.

The engine does the enforcing (read-only command or planner check, timeout, row cap; see
``GraphBackend.run_read_only``). This service checks what can be checked before the engine
sees anything (sizes, parameter names and values), caps the response size, keeps a
process from running more than ``cypher_max_concurrent`` analyst queries at once, and
writes every query to the audit log, whatever its outcome.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import orjson

from graphsvc.backends.base import AnalystResult, GraphBackend
from graphsvc.config import Settings
from graphsvc.errors import (
    EngineError,
    GraphsvcError,
    InvalidInput,
    QueryError,
    QueryNotAllowed,
    QuerySyntaxError,
    QueryTimeout,
    RateLimited,
    ReadOnlyViolation,
)
from graphsvc.services.audit import AuditLog

_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_INT64 = (-(2**63), 2**63 - 1)
MAX_PARAM_DEPTH = 16
ENVELOPE_BYTES = 2_000
"""Room kept for columns, flags and notes within the response size cap."""


@dataclass(frozen=True, slots=True)
class Caller:
    """Who runs a query, as the audit log records it (never a token)."""

    who: str
    via: str  # "api" or "cli"
    user_id: str | None = None
    client: str | None = None
    request_id: str | None = None


@dataclass
class AnalystService:
    backend: GraphBackend
    settings: Settings
    audit: AuditLog
    gate: threading.BoundedSemaphore | None = None
    """At most this many analyst queries at once (the API's); None = no gate (the CLI)."""

    def run(
        self,
        caller: Caller,
        query: str,
        parameters: Mapping[str, Any] | None = None,
        *,
        limit: int | None = None,
        timeout_ms: int | None = None,
    ) -> AnalystResult:
        """Run one read-only query for ``caller``; every outcome goes to the audit log."""
        limit = self.settings.cypher_row_limit if limit is None else limit
        timeout_ms = self.settings.cypher_timeout_ms if timeout_ms is None else timeout_ms
        params = dict(parameters or {})
        started = time.perf_counter()
        result: AnalystResult | None = None
        failure: GraphsvcError | None = None
        try:
            self._check(query, params, limit, timeout_ms)
            with self._slot():
                result = self.backend.run_read_only(
                    query, params, timeout_ms=timeout_ms, limit=limit
                )
            cap_response_size(result, self.settings.cypher_response_max_bytes)
            return result
        except GraphsvcError as exc:
            failure = exc
            raise
        finally:
            self.audit.record(
                who=caller.who,
                via=caller.via,
                user_id=caller.user_id,
                client=caller.client,
                request_id=caller.request_id,
                engine=self.backend.engine,
                query=query,
                parameters=params,
                limit=limit,
                timeout_ms=timeout_ms,
                outcome=outcome_of(failure),
                error=str(failure) if failure is not None else None,
                rows=len(result.rows) if result is not None else 0,
                truncated=result.truncated if result is not None else False,
                elapsed_ms=round((time.perf_counter() - started) * 1000, 2),
            )

    def _check(self, query: str, params: dict[str, Any], limit: int, timeout_ms: int) -> None:
        s = self.settings
        if not query.strip():
            raise InvalidInput("the query is empty")
        if len(query) > s.cypher_query_max_chars:
            raise InvalidInput(f"the query is longer than {s.cypher_query_max_chars} characters")
        if "\x00" in query:
            raise InvalidInput("the query contains a NUL character (U+0000); remove it")
        if not 1 <= limit <= s.cypher_row_limit_max:
            raise InvalidInput(f"limit must be between 1 and {s.cypher_row_limit_max}")
        if not 1 <= timeout_ms <= s.cypher_timeout_max_ms:
            raise InvalidInput(f"timeout_ms must be between 1 and {s.cypher_timeout_max_ms}")
        check_parameters(params)

    @contextmanager
    def _slot(self) -> Iterator[None]:
        if self.gate is None:
            yield
            return
        if not self.gate.acquire(blocking=False):
            raise RateLimited(
                f"{self.settings.cypher_max_concurrent} analyst queries are running already; "
                "try again in a moment",
                retry_after_s=1,
            )
        try:
            yield
        finally:
            self.gate.release()


def check_parameters(params: Mapping[str, Any]) -> None:
    """Parameters are JSON values the engines take as they are; say what to change if not.

    Names are identifiers (``$name`` in the query); numbers are finite and integers fit in
    64 bits; text has no NUL; nesting stops at :data:`MAX_PARAM_DEPTH`; map keys are
    non-empty and without backticks (FalkorDB sends them quoted in backticks).
    """
    for name, value in params.items():
        if not isinstance(name, str) or not _PARAM_NAME.match(name):
            raise InvalidInput(
                f"parameter name {name!r}: use letters, digits and _ (not starting with a "
                "digit, at most 64), as in $name"
            )
        _check_value(name, value, 0)


def _check_value(where: str, value: Any, depth: int) -> None:
    if depth > MAX_PARAM_DEPTH:
        raise InvalidInput(f"parameter {where}: nested deeper than {MAX_PARAM_DEPTH} levels")
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if not _INT64[0] <= value <= _INT64[1]:
            raise InvalidInput(f"parameter {where}: integers must fit in 64 bits")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(f"parameter {where}: numbers must be finite (no NaN, Infinity)")
        return
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidInput(f"parameter {where}: text may not contain NUL (U+0000)")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(f"{where}[{i}]", item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not key or "`" in key or "\x00" in key:
                raise InvalidInput(
                    f"parameter {where}: map keys must be non-empty, without ` or NUL"
                )
            _check_value(f"{where}.{key}", item, depth + 1)
        return
    raise InvalidInput(f"parameter {where}: {type(value).__name__} is not a JSON value")


def cap_response_size(result: AnalystResult, max_bytes: int) -> None:
    """Cut rows past ``max_bytes`` of JSON (rows are measured as the response sends them)."""
    budget = max_bytes - ENVELOPE_BYTES - sum(len(c) + 3 for c in result.columns)
    used = 0
    for i, row in enumerate(result.rows):
        used += len(orjson.dumps(row, default=str)) + 1
        if used > budget:
            del result.rows[i:]
            result.truncated, result.truncated_by = True, "bytes"
            result.notes.append(
                f"rows after the first {i} were cut to keep the response under {max_bytes} "
                "bytes (GRAPHSVC_CYPHER_RESPONSE_MAX_BYTES)"
            )
            return


def outcome_of(failure: GraphsvcError | None) -> str:
    """The audit log's word for how a query ended (see ``audit.OUTCOMES``)."""
    if failure is None:
        return "ok"
    for cls, word in (
        (QuerySyntaxError, "syntax_error"),
        (QueryNotAllowed, "refused_outside_graph"),
        (ReadOnlyViolation, "refused_write"),
        (QueryTimeout, "timeout"),
        (InvalidInput, "invalid"),
        (RateLimited, "busy"),
    ):
        if isinstance(failure, cls):
            return word
    if isinstance(failure, QueryError):
        return "query_error"
    if isinstance(failure, EngineError):
        return "engine_error"
    return "error"
