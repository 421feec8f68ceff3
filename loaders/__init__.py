"""Loaders: one module per source format. Each reads files and yields validated records
(:mod:`graphsvc.records`); none touches the database. ``FORMATS`` maps the name used by
``graphsvc load <format>`` to the module's ``read(paths)`` function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from loaders import arxiv, bibtex, crossref, detect, openalex, semantic_scholar
from loaders.common import LoaderItem

Reader = Callable[[list[Path]], Iterator[LoaderItem]]

FORMATS: dict[str, Reader] = {
    "openalex": openalex.read,
    "arxiv": arxiv.read,
    "crossref": crossref.read,
    "bibtex": bibtex.read,
    "semantic-scholar": semantic_scholar.read,
    "auto": detect.read,
}

__all__ = ["FORMATS", "LoaderItem", "Reader"]
