"""Loaders: one module per source format. Each reads files and yields validated records
(:mod:`graphsvc.records`); none touches the database. Per format name (as in
``graphsvc load <format>`` and ``POST /works?format=``):

- ``FORMATS[name](paths)``: every item of the files and directories ``paths``;
- ``INPUT_FILES[name](paths)``: the same load as a list of :class:`InputFile` (one file and
  its reader each), the units a resumable load's checkpoint counts in;
- ``BYTES_READERS[name](data, name)``: the same parser over content held in memory (a
  request body), with origins ``name:line``.

``read(paths)`` is ``read_files(files(paths))`` in every module, so the three agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from loaders import arxiv, bibtex, crossref, detect, openalex, semantic_scholar
from loaders.common import InputFile, LoaderItem, read_files

Reader = Callable[[list[Path]], Iterator[LoaderItem]]
FileLister = Callable[[list[Path]], list[InputFile]]
BytesReader = Callable[[bytes, str], Iterator[LoaderItem]]

FORMATS: dict[str, Reader] = {
    "openalex": openalex.read,
    "arxiv": arxiv.read,
    "crossref": crossref.read,
    "bibtex": bibtex.read,
    "semantic-scholar": semantic_scholar.read,
    "auto": detect.read,
}
INPUT_FILES: dict[str, FileLister] = {
    "openalex": openalex.files,
    "arxiv": arxiv.files,
    "crossref": crossref.files,
    "bibtex": bibtex.files,
    "semantic-scholar": semantic_scholar.files,
    "auto": detect.files,
}
BYTES_READERS: dict[str, BytesReader] = {**detect.BYTES_READERS, "auto": detect.read_bytes}

__all__ = [
    "BYTES_READERS",
    "FORMATS",
    "INPUT_FILES",
    "BytesReader",
    "FileLister",
    "InputFile",
    "LoaderItem",
    "Reader",
    "read_files",
]
