"""Engines behind one protocol; :func:`open_backend` picks one from the settings."""

from __future__ import annotations

from graphsvc.backends.base import AnalystResult, GraphBackend, Row
from graphsvc.config import Settings

__all__ = ["AnalystResult", "GraphBackend", "Row", "open_backend"]


def open_backend(settings: Settings, *, ensure_schema: bool = True) -> GraphBackend:
    """Connect to the engine ``GRAPHSVC_DATABASE_URL`` names (unset: embedded FalkorDB)."""
    backend: GraphBackend
    if settings.engine == "embedded":
        from graphsvc.backends.embedded import EmbeddedEngine
        from graphsvc.backends.falkordb import FalkorDBBackend

        engine = EmbeddedEngine(
            settings.data_dir.resolve(),
            appendfsync=settings.appendfsync,
            threads=settings.engine_threads,
            start_timeout_s=settings.engine_start_timeout_s,
        )
        backend = FalkorDBBackend.embedded_at(engine, settings.graph_name)
    elif settings.engine == "falkordb":
        from graphsvc.backends.falkordb import FalkorDBBackend

        assert settings.database_url is not None
        backend = FalkorDBBackend.from_url(
            settings.database_url, settings.graph_name, settings.database_password
        )
    else:
        from graphsvc.backends.neo4j import Neo4jBackend

        assert settings.database_url is not None
        backend = Neo4jBackend(
            settings.database_url,
            settings.database_user,
            settings.database_password,
            settings.database_name,
            retry_s=settings.database_retry_s,
        )
    try:
        backend.ping()
        if ensure_schema:
            backend.ensure_schema()
    except BaseException:
        backend.close()
        raise
    return backend
