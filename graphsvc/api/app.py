"""The FastAPI application: settings and engine opened in the lifespan, routers included.

The engine (and, when embedded, its server process) is opened when the app starts and
closed when it stops, so a service that exits leaves no engine running.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from graphsvc import __version__
from graphsvc.api.cache import ResponseCache
from graphsvc.api.errors import install_error_handlers
from graphsvc.api.hardening import STRICT_QUERY, install_hardening
from graphsvc.api.observability import install_observability
from graphsvc.api.routes import ROUTERS, ui
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings, get_settings

DESCRIPTION = """
A scholarly knowledge graph: researcher profiles, works, collaborators and research graph
slices. Ids are accepted in every form users paste (OpenAlex ids or URLs, ORCIDs, DOIs).

Meanings: **works_count** = distinct works with an authorship by the researcher;
**topics_count** = distinct topics over those works; a **coauthor** edge joins two
researchers who share a work, weighted by the number of distinct shared works (works with
more authors than the configured cap make no coauthor edges); a **close collaborator** is a
coauthor with at least the configured number of shared works (default 2).
"""


def create_app(
    settings: Settings | None = None,
    backend: GraphBackend | None = None,
    *,
    owns_backend: bool = False,
) -> FastAPI:
    """Build the app; tests pass their own settings and an already opened backend.

    ``owns_backend``: close the given backend (and stop its engine) when the app stops.
    ``graphsvc serve`` needs this: uvicorn re-raises SIGTERM after its shutdown, so code
    after ``uvicorn.run`` never runs, but the lifespan's exit does.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings or get_settings()
        owned = backend is None or owns_backend
        app.state.backend = backend or open_backend(app.state.settings)
        try:
            yield
        finally:
            if owned:
                app.state.backend.close()

    app = FastAPI(
        title="graphsvc",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    effective = settings or get_settings()
    app.state.settings = effective
    if backend is not None:
        app.state.backend = backend
    app.state.analyst_gate = threading.BoundedSemaphore(effective.cypher_max_concurrent)
    install_error_handlers(app)
    install_observability(app)
    install_hardening(app, effective)
    app.add_middleware(ResponseCache)  # outermost: a hit skips the rest (see api/cache.py)
    for router in ROUTERS:
        # API routes refuse query parameters they do not take; pages ignore them (?utm_...).
        strict = [] if router is ui.router else [STRICT_QUERY]
        app.include_router(router, dependencies=strict)
    return app
