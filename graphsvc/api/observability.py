"""Request ids, access logs and latency histograms for every request.

Every request gets an id (the caller's ``X-Request-ID`` when it is sane, else a new one),
echoed in the response and carried by every log line written while the request runs.
Latency is recorded per route *template* (``/researchers/{researcher_id}``), never per raw
path, so the metric has few series.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import Response

from graphsvc.observability import REQUEST_SECONDS, request_id

_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
access_log = logging.getLogger("graphsvc.access")


def install_observability(app: FastAPI) -> None:
    """Request ids, access logs and latency histograms for every request; ``/metrics``."""
    from graphsvc.api.routes.metrics import router as metrics_router

    app.include_router(metrics_router)

    @app.middleware("http")
    async def _observe(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        given = request.headers.get("x-request-id", "")
        rid = given if _SANE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Request-ID"] = rid
            return response
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(request.scope.get("route"), "path", "unmatched")
            REQUEST_SECONDS.labels(request.method, route, str(status)).observe(elapsed)
            access_log.info(
                "%s %s %s",
                request.method,
                request.url.path,
                status,
                extra={
                    "method": request.method,
                    "route": route,
                    "path": request.url.path,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "request_id": rid,
                },
            )
            request_id.reset(token)
