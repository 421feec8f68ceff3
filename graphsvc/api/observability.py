"""Request ids, access logs and latency histograms for every request.

Every request gets an id (the caller's ``X-Request-ID`` when it is sane, else a new one),
echoed in the response and carried by every log line written while the request runs.
Latency is recorded per route *template* (``/researchers/{researcher_id}``), never per raw
path, so the metric has few series.

A plain ASGI middleware rather than ``@app.middleware("http")``: Starlette's
BaseHTTPMiddleware runs each request through extra tasks and memory streams, which cost
more than a cached profile takes to answer (see benchmarks/).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.observability import REQUEST_SECONDS, request_id

_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
access_log = logging.getLogger("graphsvc.access")


def install_observability(app: FastAPI) -> None:
    """Request ids, access logs and latency histograms for every request; ``/metrics``."""
    from graphsvc.api.routes.metrics import router as metrics_router

    app.include_router(metrics_router)
    app.add_middleware(ObservabilityMiddleware)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def request_id_for(scope: Scope) -> str:
    """The caller's ``X-Request-ID`` when it is sane, else a new one."""
    given = _header(scope, b"x-request-id")
    return given if _SANE_ID.match(given) else uuid.uuid4().hex


def record_request(scope: Scope, status: int, elapsed: float, rid: str) -> None:
    """The latency histogram (by route template) and one JSON access log line."""
    route = _route_template(scope)
    method, path = scope["method"], scope["path"]
    REQUEST_SECONDS.labels(method, route, str(status)).observe(elapsed)
    access_log.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={
            "method": method,
            "route": route,
            "path": path,
            "status": status,
            "duration_ms": round(elapsed * 1000, 2),
            "request_id": rid,
        },
    )


class ObservabilityMiddleware:
    """Sets the request id, adds ``X-Request-ID``, logs one JSON line, observes latency."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_for(scope)
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            record_request(scope, status, time.perf_counter() - started, rid)
            request_id.reset(token)


def _route_template(scope: Scope) -> str:
    """The matched route's template (routing records it in the shared scope)."""
    route: Any = scope.get("route")
    return str(getattr(route, "path", None) or scope.get("graphsvc.route") or "unmatched")
