"""Answers reused while the graph is unchanged: a response cache checked against the
engine's data version.

Profiles, works, slices and search results are pure functions of the graph, and the
graph changes only through writes, which bump the backend's data version
(:meth:`GraphBackend.data_version`, a counter every process's writes move). So a public
answer (no ``Authorization``: nothing personal in it) is kept with the version it was
computed at and served again while the version is the same; any write anywhere makes
every kept answer a miss. Costs: a version read per request, shared by requests that
arrive together (:class:`VersionReads`), and memory for
``GRAPHSVC_RESPONSE_CACHE_ENTRIES`` answers at most (least recently used go first).

``X-Graphsvc-Cache: hit`` or ``miss`` says which it was (and
``graphsvc_response_cache_total`` counts them). ``Cache-Control: no-cache`` (or
``no-store``) from the client skips it. Entries also
expire after ``GRAPHSVC_RESPONSE_CACHE_MAX_AGE_S`` seconds, which bounds what one rare
failure could leave behind: a write whose version bump was lost because the engine went
away between the two. Rate limits still count cache hits on limited routes (search,
slices). On Neo4j there is no data version and nothing is cached.

The outermost middleware: a hit replays the stored answer (its security headers
included, as the inner stack made them) with a fresh request id, an access log line and
its latency metric, and skips everything else: the other middleware, FastAPI's routing,
validation and serialization. A miss goes through all of it, and is kept on the way out.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.api.observability import record_request, request_id_for
from graphsvc.errors import RateLimited
from graphsvc.observability import RESPONSE_CACHE

CACHED_PREFIXES = ("/researchers/", "/works/", "/search")
MAX_ENTRY_BYTES = 512 * 1024
RATE_GROUP_ATTR = "__graphsvc_rate_group__"


@dataclass(slots=True)
class Entry:
    version: str
    stored: float
    headers: list[tuple[bytes, bytes]]
    body: bytes
    route: str
    rate_group: str | None


class VersionReads:
    """The data version, read once for every request waiting when the read is sent.

    A request may be answered with any version read *sent after it arrived*: that read
    sees every write acknowledged before the request came. So requests arriving while a
    read is on its way wait for the next one, and each read (in a worker thread: the
    event loop goes on taking requests meanwhile) answers all who were waiting when it
    was sent. One request alone costs one read, as before; many at once share one.
    """

    def __init__(self, read: Any) -> None:
        self._read = read
        self._waiting: list[asyncio.Future[str | None]] = []
        self._reading = False

    async def current(self) -> str | None:
        waiter: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        if not self._reading:
            self._reading = True
            asyncio.get_running_loop().create_task(self._serve())
        return await waiter

    async def _serve(self) -> None:
        try:
            while self._waiting:
                batch, self._waiting = self._waiting, []
                try:
                    version = await asyncio.to_thread(self._read)
                except Exception:  # an engine gone away: those waiting are not cached
                    version = None
                for waiter in batch:
                    if not waiter.done():
                        waiter.set_result(version)
        finally:
            self._reading = False


class ResponseCache:
    """Serves kept answers to public GETs while the engine's data version is unchanged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.entries: OrderedDict[tuple[str, bytes, bytes], Entry] = OrderedDict()
        self._reads: tuple[Any, VersionReads] | None = None  # (backend, its reads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = _settings(scope)
        if not self._cacheable(scope, settings):
            await self.app(scope, receive, send)
            return
        backend = getattr(scope["app"].state, "backend", None)
        version = await self._version_of(backend) if backend is not None else None
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""), _header(scope, b"origin"))
        entry = self.entries.get(key)
        max_age = float(settings.response_cache_max_age_s)
        fresh = entry is not None and time.monotonic() - entry.stored <= max_age
        if entry is not None and fresh and entry.version == version:
            await self._replay(scope, send, entry)
            return
        await self._fill(scope, receive, send, key, version, settings.response_cache_entries)

    async def _version_of(self, backend: Any) -> str | None:
        if self._reads is None or self._reads[0] is not backend:
            self._reads = (backend, VersionReads(backend.data_version))
        return await self._reads[1].current()

    @staticmethod
    def _cacheable(scope: Scope, settings: Any) -> bool:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return False
        if settings is None or settings.response_cache_entries <= 0:
            return False
        if not str(scope["path"]).startswith(CACHED_PREFIXES):
            return False
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                return False  # answers to signed-in users may be theirs alone
            if name == b"cache-control" and (b"no-cache" in value or b"no-store" in value):
                return False
        return True

    async def _replay(self, scope: Scope, send: Send, entry: Entry) -> None:
        started = time.perf_counter()
        scope["graphsvc.route"] = entry.route  # for the latency metric's route label
        if entry.rate_group is not None:
            try:
                _count_against_rate_limit(scope, entry.rate_group)
            except RateLimited:
                await self.app(scope, _no_body, send)  # the route answers the 429 itself
                return
        RESPONSE_CACHE.labels(outcome="hit").inc()
        rid = request_id_for(scope)
        headers = [*entry.headers, (b"x-request-id", rid.encode()), (b"x-graphsvc-cache", b"hit")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        body = b"" if scope["method"] == "HEAD" else entry.body
        await send({"type": "http.response.body", "body": body})
        record_request(scope, 200, time.perf_counter() - started, rid)

    async def _fill(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: tuple[str, bytes, bytes],
        version: str,
        capacity: int,
    ) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                start = message
                message = {
                    **message,
                    "headers": [*message.get("headers", ()), (b"x-graphsvc-cache", b"miss")],
                }
            elif message["type"] == "http.response.body" and size <= MAX_ENTRY_BYTES:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
            await send(message)

        RESPONSE_CACHE.labels(outcome="miss").inc()
        await self.app(scope, receive, keep)
        if start is None or start["status"] != 200 or size > MAX_ENTRY_BYTES:
            return
        if scope["method"] == "HEAD":
            return
        route = scope.get("route")
        self.entries[key] = Entry(
            version=version,
            stored=time.monotonic(),
            headers=[h for h in start.get("headers", []) if h[0] != b"x-request-id"],
            body=b"".join(chunks),
            route=str(getattr(route, "path", "unmatched")),
            rate_group=_rate_group(route),
        )
        self.entries.move_to_end(key)
        while len(self.entries) > capacity:
            self.entries.popitem(last=False)


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return b""


def _settings(scope: Scope) -> Any:
    app = scope.get("app")
    return getattr(getattr(app, "state", None), "settings", None)


def _rate_group(route: Any) -> str | None:
    """The rate limit group a route's dependencies name (see ``hardening.rate_limit``)."""
    stack = [getattr(route, "dependant", None)]
    while stack:
        dependant = stack.pop()
        if dependant is None:
            continue
        group = getattr(dependant.call, RATE_GROUP_ATTR, None)
        if group is not None:
            return str(group)
        stack.extend(dependant.dependencies)
    return None


def _count_against_rate_limit(scope: Scope, group: str) -> None:
    from graphsvc.api.hardening import client_keys

    request = Request(scope)
    settings = request.app.state.settings
    rate = str(getattr(settings, f"rate_limit_{group}"))
    if rate:
        request.app.state.limiter.hit(group, rate, client_keys(request))


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}
