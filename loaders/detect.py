"""``graphsvc load auto``: the format of each file, told from its content, not its name.

Looks at the first document of a file (gunzipped if needed): XML is arXiv (OAI-PMH or
Atom); ``@type{`` is BibTeX; JSON is told apart by the keys each source always writes
(OpenAlex ``https://openalex.org/W`` ids, Crossref ``DOI`` + ``message-type`` or its item
keys, S2 ``paperId`` / ``authorId``, arXiv ``authors_parsed`` / ``versions``). A file no
rule recognises is rejected with the reason, and the load goes on. An OpenAlex snapshot
directory (``works/`` inside) goes to the OpenAlex loader whole, with its merged ids.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from graphsvc.records import Rejected
from loaders import arxiv, bibtex, crossref, openalex, semantic_scholar
from loaders.common import InputFile, LoaderItem, read_files

SNIFF_BYTES = 1 << 20
READERS: dict[str, Callable[[list[Path]], Iterator[LoaderItem]]] = {
    "openalex": openalex.read,
    "arxiv": arxiv.read,
    "crossref": crossref.read,
    "bibtex": bibtex.read,
    "semantic-scholar": semantic_scholar.read,
}
FILE_READERS: dict[str, Callable[[Path], Iterator[LoaderItem]]] = {
    "openalex": openalex.read_file,
    "arxiv": arxiv.read_file,
    "crossref": crossref.read_file,
    "bibtex": bibtex.read_file,
    "semantic-scholar": semantic_scholar.read_file,
}
BYTES_READERS: dict[str, Callable[[bytes, str], Iterator[LoaderItem]]] = {
    "openalex": openalex.read_bytes,
    "arxiv": arxiv.read_bytes,
    "crossref": crossref.read_bytes,
    "bibtex": bibtex.read_bytes,
    "semantic-scholar": semantic_scholar.read_bytes,
}
_SUFFIXES = {".json", ".jsonl", ".gz", ".xml", ".atom", ".bib", ".bibtex", ".csv"}
_BIBTEX = re.compile(rb"(?m)^[ \t]*@[A-Za-z]+\s*[{(]")  # text before entries is allowed
_CROSSREF_KEYS = {"DOI", "container-title", "reference-count", "is-referenced-by-count", "member"}


def read(paths: list[Path]) -> Iterator[LoaderItem]:
    """Each file through the loader of the format its content shows."""
    yield from read_files(files(paths))


def files(paths: list[Path]) -> list[InputFile]:
    """The files a load of ``paths`` reads: snapshot parts go to the OpenAlex reader, every
    other file to :func:`read_file`, which tells its format when it is read."""
    found: list[InputFile] = []
    for path in paths:
        if path.is_dir():
            snapshots = [d for d in [path, *sorted(path.rglob("*"))] if _is_snapshot(d)]
            for root in snapshots:
                found.extend(openalex.files([root]))
            children = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and _wanted(p) and not any(p.is_relative_to(r) for r in snapshots)
            )
            found.extend(files(children))
        else:
            found.append(InputFile(path, read_file))
    return found


def read_file(path: Path) -> Iterator[LoaderItem]:
    """One file through the reader of the format its content shows."""
    fmt = detect(path)
    if isinstance(fmt, Rejected):
        yield fmt
    else:
        yield from FILE_READERS[fmt](path)


def read_bytes(data: bytes, name: str) -> Iterator[LoaderItem]:
    """Content held in memory (a request body) through the reader of its format."""
    fmt = sniff(data[:SNIFF_BYTES])
    if fmt is None:
        yield Rejected(
            f"{name}:0",
            "cannot tell the format from the content; name it: one of " + ", ".join(READERS),
        )
    else:
        yield from BYTES_READERS[fmt](data, name)


def _is_snapshot(path: Path) -> bool:
    works = path / "works"
    return (
        path.is_dir()
        and works.is_dir()
        and ((works / "manifest").exists() or (path / "merged_ids").is_dir())
    )


def _wanted(path: Path) -> bool:
    return path.suffix in _SUFFIXES and "merged_ids" not in path.parts


def detect(path: Path) -> str | Rejected:
    """The format name for ``path``, or a Rejected saying why it cannot be told."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
        if head[:2] == b"\x1f\x8b":
            with gzip.open(path, "rb") as handle:
                head = handle.read(SNIFF_BYTES)
    except (OSError, EOFError, zlib.error) as exc:
        return Rejected(f"{path}:0", f"cannot read the file: {exc}")
    fmt = sniff(head)
    if fmt is None:
        return Rejected(
            f"{path}:0",
            "cannot tell the format from the content; name it: graphsvc load "
            + "|".join(READERS)
            + " PATH",
        )
    return fmt


def sniff(head: bytes) -> str | None:
    """The format of a file that starts with ``head``."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"<":
        lowered = text[:4096].lower()
        return "arxiv" if b"arxiv" in lowered or b"openarchives" in lowered else None
    if text[:1] not in (b"{", b"["):
        return "bibtex" if _BIBTEX.search(text[:65536]) else None
    doc = _first_document(text)
    if doc is not None:
        return _json_format(doc)
    return _key_format(text[:4096])  # a document longer than the sniffed head


def _first_document(text: bytes) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        pass
    first_line = text.split(b"\n", 1)[0]
    try:
        return json.loads(first_line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None


_KEY_RULES = (
    (b'"message-type"', "crossref"),
    (b'"paperId"', "semantic-scholar"),
    (b'"authorId"', "semantic-scholar"),
    (b'"authors_parsed"', "arxiv"),
    (b'"https://openalex.org/W', "openalex"),
)


def _key_format(head: bytes) -> str | None:
    found = [(head.find(key), fmt) for key, fmt in _KEY_RULES if key in head]
    return min(found)[1] if found else None


def _json_format(doc: Any) -> str | None:
    if isinstance(doc, list):
        return next((f for item in doc[:5] if (f := _json_format(item))), None)
    if not isinstance(doc, dict):
        return None
    if isinstance(doc.get("response"), dict):
        doc = doc["response"]
    if "message-type" in doc or "message" in doc:
        return "crossref"
    if isinstance(doc.get("results"), list):
        return _json_format(doc["results"])
    if isinstance(doc.get("data"), list):
        return _json_format(doc["data"])
    if "paperId" in doc or "authorId" in doc or "citingPaper" in doc or "citedPaper" in doc:
        return "semantic-scholar"
    if str(doc.get("id", "")).startswith("https://openalex.org/") or "authorships" in doc:
        return "openalex"
    if "authors_parsed" in doc or ("versions" in doc and "categories" in doc):
        return "arxiv"
    if "DOI" in doc and len(_CROSSREF_KEYS & doc.keys()) >= 2:
        return "crossref"
    return None
