"""Metrics and structured logs, shared by the API and the services (no web imports here).

Prometheus metrics live in the process's default registry, served at ``/metrics``. Logs are
JSON lines; the id of the request being served (a context variable the API sets) is added
to every line, so one request can be followed through the logs.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

from prometheus_client import Counter, Histogram

request_id: ContextVar[str | None] = ContextVar("graphsvc_request_id", default=None)

REQUEST_SECONDS = Histogram(
    "graphsvc_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
INGEST_BATCHES = Counter("graphsvc_ingest_batches_total", "Batches written by the ingest pipeline.")
INGEST_WORKS = Counter(
    "graphsvc_ingest_works_total", "Works written by the ingest pipeline, by outcome.", ["status"]
)
RESPONSE_CACHE = Counter(
    "graphsvc_response_cache_total",
    "Public answers served from the response cache (hit) or computed (miss).",
    ["outcome"],
)
ENGINE_ERRORS = Counter(
    "graphsvc_engine_errors_total", "Requests that failed because of the engine.", ["kind"]
)


def record_batch(statuses: list[str]) -> None:
    """Count one acknowledged ingest batch and its works' outcomes."""
    INGEST_BATCHES.inc()
    for status in statuses:
        INGEST_WORKS.labels(status=status).inc()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            entry["request_id"] = rid
        for key in ("method", "route", "path", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send graphsvc's and uvicorn's logs to stderr as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True  # graphsvc.access replaces it
