"""The error tree mapped to HTTP: one place, so every route answers the same way."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from graphsvc.api.models import ErrorPublic
from graphsvc.errors import (
    AuditLogUnavailable,
    Conflict,
    EngineError,
    EngineUnavailable,
    Forbidden,
    GraphsvcError,
    InvalidInput,
    Moved,
    NotFound,
    NothingIngested,
    PayloadTooLarge,
    QueryError,
    QueryNotAllowed,
    QuerySyntaxError,
    QueryTimeout,
    RateLimited,
    ReadOnlyViolation,
    Unauthorized,
)
from graphsvc.observability import ENGINE_ERRORS

log = logging.getLogger(__name__)

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    301: {"description": "The id was merged into another: Location names the survivor."},
    400: {"model": ErrorPublic, "description": "The body is not JSON (or not UTF-8)."},
    404: {"model": ErrorPublic, "description": "No such entity."},
    413: {"model": ErrorPublic, "description": "The request body is over its size limit."},
    422: {"description": "Malformed input; the message says what to change."},
    503: {"model": ErrorPublic, "description": "The graph engine is unavailable; retry later."},
}

LIMITED_RESPONSES: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorPublic, "description": "Rate limit reached; Retry-After says when."},
}
"""For routes behind a rate limit (``hardening.rate_limit``)."""

PEOPLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    401: {"model": ErrorPublic, "description": "No token, or an unknown or revoked one."},
    403: {"model": ErrorPublic, "description": "Neither the role nor the record allows this."},
    409: {"model": ErrorPublic, "description": "Not allowed in the current state (says why)."},
    429: {"model": ErrorPublic, "description": "A per-user limit was reached."},
}
"""For routes that need a signed-in user."""

_STATUS: list[tuple[type[GraphsvcError], int]] = [
    (InvalidInput, 422),
    (NotFound, 404),
    (Conflict, 409),
    (Unauthorized, 401),
    (Forbidden, 403),
    (QuerySyntaxError, 400),
    (ReadOnlyViolation, 403),
    (QueryTimeout, 422),
    (QueryError, 400),
    (EngineUnavailable, 503),
    (EngineError, 503),
    (RateLimited, 429),
    (PayloadTooLarge, 413),
    (AuditLogUnavailable, 503),
]

QUERY_ERROR_CODES: list[tuple[type[QueryError], str]] = [
    (QuerySyntaxError, "syntax_error"),
    (QueryNotAllowed, "outside_the_graph"),
    (ReadOnlyViolation, "read_only"),
    (QueryTimeout, "timeout"),
    (QueryError, "query_error"),
]
"""``error`` in the body of analyst query errors, for clients that branch on it."""


def status_for(exc: GraphsvcError) -> int:
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def _moved(request: Request, exc: Moved) -> Response:
    path = request.url.path
    for value in request.path_params.values():
        if isinstance(value, str) and value:
            encoded = quote(value, safe="/:")
            if encoded in path:
                path = path.replace(encoded, quote(exc.target, safe=":"), 1)
                break
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(
        path + query, status_code=301, headers={"X-Graphsvc-Moved-To": exc.target}
    )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GraphsvcError)
    async def _graphsvc_error(request: Request, exc: GraphsvcError) -> Response:
        if isinstance(exc, Moved):
            return _moved(request, exc)
        status = status_for(exc)
        headers: dict[str, str] = {}
        body: dict[str, Any] = {"detail": str(exc)}
        if isinstance(exc, EngineError):
            headers["Retry-After"] = "5"
            body["detail"] = f"the graph engine is unavailable: {exc}"
            log.warning("engine error on %s: %s", request.url.path, exc)
            ENGINE_ERRORS.labels(kind=type(exc).__name__).inc()
        if isinstance(exc, QueryError):
            body["error"] = next(code for cls, code in QUERY_ERROR_CODES if isinstance(exc, cls))
        if isinstance(exc, QuerySyntaxError) and exc.position is not None:
            body["position"] = exc.position
        if isinstance(exc, NothingIngested):
            body["records"] = exc.records
        if isinstance(exc, QueryTimeout):
            body["limit_ms"] = exc.limit_ms
        if isinstance(exc, RateLimited) and exc.retry_after_s is not None:
            headers["Retry-After"] = str(exc.retry_after_s)
        if isinstance(exc, Unauthorized):
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(body, status_code=status, headers=headers)
