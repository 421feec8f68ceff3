"""graphsvc: a scholarly knowledge graph service.

The public surface is small: :func:`create_app` for the API, :func:`open_backend` for an
engine, :class:`Settings` for configuration and the error tree in :mod:`graphsvc.errors`.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
