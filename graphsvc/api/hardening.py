"""The API against abuse: rate limits, request body limits, CORS and security headers.

Each is a general mechanism driven by settings, which routes opt into by name:

- ``dependencies=[rate_limit("search")]`` limits a route by ``GRAPHSVC_RATE_LIMIT_SEARCH``
  (per token and per client address; 429 with ``Retry-After``);
- every request body is limited to ``GRAPHSVC_MAX_BODY_BYTES`` (413); a route that takes
  larger bodies says so with ``@body_limit("max_upload_bytes")``, naming its own setting;
- CORS answers only the origins in ``GRAPHSVC_CORS_ORIGINS`` (none by default);
- security headers go on every response, pages and JSON alike.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.config import Settings
from graphsvc.errors import PayloadTooLarge, RateLimited

# --- rate limits ---------------------------------------------------------------------------


class RequestLimiter:
    """Moving-window counters in this process's memory (one API process = one set of
    counters; several processes behind a balancer each count their own share)."""

    def __init__(self) -> None:
        self.strategy = MovingWindowRateLimiter(MemoryStorage())
        self._parsed: dict[str, list[RateLimitItem]] = {}

    def hit(self, group: str, rate: str, keys: list[str]) -> None:
        """Count one request for every key; RateLimited if any key is over any limit."""
        items = self._parsed.setdefault(rate, parse_many(rate))
        for item in items:
            for key in keys:
                if not self.strategy.test(item, group, key):
                    reset = self.strategy.get_window_stats(item, group, key).reset_time
                    wait = max(1, math.ceil(reset - time.time()))
                    raise RateLimited(
                        f"too many requests to {group} ({item} per {key.split(':')[0]}); "
                        f"try again in {wait} s",
                        retry_after_s=wait,
                    )
        for item in items:
            for key in keys:
                self.strategy.hit(item, group, key)


def client_keys(request: Request) -> list[str]:
    """Who is counted: the client address, and the bearer token when one is sent.

    The token is keyed by its hash, before it is checked, so unknown tokens count too (and
    the token itself is never kept). The address is the one the server sees; behind a
    proxy run uvicorn with ``--forwarded-allow-ips`` so it is the client's.
    """
    keys = [f"address:{request.client.host if request.client else 'unknown'}"]
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        keys.append("token:" + hashlib.sha256(credentials.strip().encode()).hexdigest()[:32])
    return keys


def rate_limit(group: str) -> Any:
    """A route dependency limiting requests by the setting ``rate_limit_<group>``."""

    async def check(request: Request) -> None:  # in memory: no thread pool hop
        settings: Settings = request.app.state.settings
        rate = str(getattr(settings, f"rate_limit_{group}"))
        if rate:
            limiter: RequestLimiter = request.app.state.limiter
            limiter.hit(group, rate, client_keys(request))

    check.__graphsvc_rate_group__ = group  # type: ignore[attr-defined]  # counted on cache hits
    return Depends(check)


# --- query parameters ----------------------------------------------------------------------

_DECLARED: dict[int, frozenset[str]] = {}


def _declared_query(route: Any) -> frozenset[str]:
    """Query parameter names of the route and of every dependency it declares."""
    key = id(route)
    if key not in _DECLARED:
        names: set[str] = set()
        stack = [route.dependant]
        while stack:
            dependant = stack.pop()
            names.update(param.alias for param in dependant.query_params)
            stack.extend(dependant.dependencies)
        _DECLARED[key] = frozenset(names)
    return _DECLARED[key]


async def reject_unknown_query(request: Request) -> None:
    """A query parameter the route does not take is a 422 naming what it does take: a typo
    (``?limt=5``) would otherwise be ignored in silence."""
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    declared = _declared_query(route)
    unknown = sorted(set(request.query_params) - declared)
    if unknown:
        from graphsvc.errors import InvalidInput

        takes = ", ".join(sorted(declared)) or "none"
        raise InvalidInput(f"unknown query parameter {unknown[0]!r}; this route takes: {takes}")


STRICT_QUERY = Depends(reject_unknown_query)


# --- request body size ---------------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])
_BODY_LIMIT_ATTR = "__graphsvc_body_limit__"


def body_limit(setting: str) -> Callable[[F], F]:
    """Give a route its own body size limit, the value of the setting named ``setting``."""

    def mark(endpoint: F) -> F:
        setattr(endpoint, _BODY_LIMIT_ATTR, setting)
        return endpoint

    return mark


class BodySizeLimit:
    """413 for a body past the route's limit, whether announced (Content-Length) or not
    (chunked): reading stops at the limit, so a large body never sits in memory."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, setting = self._limit(scope)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _too_large(send, limit, setting)
            return
        received = 0
        over = False
        started = False

        async def limited_receive() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True  # the app sees a disconnect; the 413 is sent below
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if over:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _too_large(send, limit, setting)

    @staticmethod
    def _limit(scope: Scope) -> tuple[int, str]:
        app = scope.get("app")
        settings: Settings | None = getattr(getattr(app, "state", None), "settings", None)
        setting = "max_body_bytes"
        if scope.get("method") in ("POST", "PUT", "PATCH"):
            for route, own in _routes_with_own_limits(app):
                if route.matches(scope)[0] == Match.FULL:
                    setting = own
                    break
        default = Settings.model_fields["max_body_bytes"].default
        return int(getattr(settings, setting, default) if settings else default), setting


def _routes_with_own_limits(app: Any) -> list[tuple[APIRoute, str]]:
    """The routes marked with :func:`body_limit`. This FastAPI lists an included router as
    one entry holding its routes (``original_router``), so those are looked into too."""
    marked = []
    for entry in getattr(app, "routes", []):
        inner = getattr(getattr(entry, "original_router", None), "routes", None)
        for route in inner if inner is not None else [entry]:
            own = getattr(getattr(route, "endpoint", None), _BODY_LIMIT_ATTR, None)
            if isinstance(route, APIRoute) and own:
                marked.append((route, str(own)))
    return marked


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _too_large(send: Send, limit: int, setting: str) -> None:
    error = PayloadTooLarge(
        f"the request body is larger than {limit} bytes, the limit here "
        f"(GRAPHSVC_{setting.upper()}); send less"
    )
    body = orjson.dumps({"detail": str(error)})
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# --- security headers ----------------------------------------------------------------------

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
"""On every response (a page's own value, if it set one, is kept)."""

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
"""For responses that did not set their own policy: JSON needs no sources at all. The
UI's pages send their own (``routes/ui.py``); /docs and /redoc load Swagger UI and ReDoc
from their CDN, so they get none."""

_DOCS_PATHS = ("/docs", "/redoc")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        https = scope.get("scheme") == "https"
        authenticated = any(name == b"authorization" for name, _ in scope.get("headers", []))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = dict(SECURITY_HEADERS)
                if not path.startswith(_DOCS_PATHS):
                    extra["Content-Security-Policy"] = API_CSP
                if https:
                    extra["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
                if authenticated:
                    extra["Cache-Control"] = "no-store"  # personal answers stay out of caches
                for name, value in extra.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


# --- wiring ---------------------------------------------------------------------------------


def install_hardening(app: FastAPI, settings: Settings) -> None:
    """Rate limiter state and the middleware, outermost last: headers on every answer
    (413s and CORS preflights included), then the body limit, then CORS."""
    app.state.limiter = RequestLimiter()
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After", "X-Graphsvc-Moved-To"],
            allow_credentials=False,  # bearer tokens, no cookies
            max_age=600,
        )
    app.add_middleware(BodySizeLimit)
    app.add_middleware(SecurityHeaders)
