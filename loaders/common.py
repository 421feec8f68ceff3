"""What every loader shares: walking paths and reading JSON documents robustly.

Malformed input never stops a load: a line or file that cannot be decoded becomes a
:class:`Rejected` item with its origin (``file:line``) and the reason.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphsvc.records import MergedId, Rejected, WorkRecord

LoaderItem = WorkRecord | MergedId | Rejected


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file of a load and the function that reads it.

    A load is the files a loader's ``files(paths)`` lists, read one after the other; a
    resumable load's checkpoint counts its position in these units (file, item in file),
    so files already committed are never opened again.
    """

    path: Path
    reader: Callable[[Path], Iterator[LoaderItem]]

    def read(self) -> Iterator[LoaderItem]:
        return self.reader(self.path)


def read_files(files: Iterable[InputFile]) -> Iterator[LoaderItem]:
    """Every item of ``files``, in order: what each loader's ``read(paths)`` is."""
    for input_file in files:
        yield from input_file.read()


def iter_paths(paths: Iterable[Path], suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files as given, and the matching files under directories, each directory sorted."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix in suffixes:
                    yield child
        else:
            yield path


def _open_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        return gzip.decompress(raw)
    return raw


def is_json_lines(path: Path, data: bytes) -> bool:
    """JSON lines: .jsonl(.gz), OpenAlex snapshot parts (part_*.gz), or several top-level lines."""
    name = path.name
    if ".jsonl" in name or name.startswith("part_"):
        return True
    if name.endswith(".json") or name.endswith(".json.gz"):
        return False
    first = data.lstrip()[:1]
    return first == b"{" and data.strip().count(b"\n") > 0


def looks_like_json_lines(data: bytes) -> bool:
    """From the content alone (a request body has no file name): JSON lines when the first
    line is a whole JSON value and more lines follow. A pretty-printed document's first
    line (``{`` or ``[``) is never a whole value, so it stays one document."""
    first, newline, rest = data.strip().partition(b"\n")
    if not newline or not rest.strip():
        return False
    try:
        json.loads(first)
    except (ValueError, UnicodeDecodeError):
        return False
    return True


def iter_json_documents(path: Path) -> Iterator[tuple[str, Any] | Rejected]:
    """(origin, parsed JSON) per document in a .json / .jsonl / gzipped file, or Rejected."""
    try:
        data = _open_bytes(path)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Rejected(f"{path}:0", f"cannot read the file: {exc}")
        return
    yield from iter_json_bytes(data, str(path), is_json_lines(path, data))


def iter_json_bytes(
    data: bytes, name: str, json_lines: bool | None = None
) -> Iterator[tuple[str, Any] | Rejected]:
    """(origin, parsed JSON) per document in ``data``; origins are ``name:line``.

    ``json_lines`` None: told from the content (:func:`looks_like_json_lines`).
    """
    if json_lines is None:
        json_lines = looks_like_json_lines(data)
    if json_lines:
        for number, line in enumerate(data.split(b"\n"), start=1):
            if not line.strip():
                continue
            yield _parse(line, f"{name}:{number}")
        return
    yield _parse(data, f"{name}:1")


def _parse(raw: bytes, origin: str) -> tuple[str, Any] | Rejected:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected(
            origin,
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); re-encode the file as UTF-8",
        )
    try:
        return origin, json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejected(origin, f"invalid JSON: {exc.msg} at column {exc.colno}")


# --- shared by the non-OpenAlex loaders ------------------------------------------------

# Larger than any real value; a field past these is a broken or hostile record, not data.
MAX_TITLE = 2_000
MAX_ABSTRACT = 100_000
MAX_AUTHORS = 10_000
MAX_NAME = 500
MAX_REFERENCES = 50_000
MAX_ID = 300  # the API refuses longer ids, so a record could never be looked up


def read_data(path: Path) -> bytes | Rejected:
    """A file's bytes, gunzipped when gzipped; a Rejected (line 0) when it cannot be read."""
    try:
        return _open_bytes(path)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        return Rejected(f"{path}:0", f"cannot read the file: {exc}")


def decode_utf8(data: bytes, origin: str) -> str | Rejected:
    """UTF-8 text (a BOM is dropped), or a Rejected that says how to fix the file."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Rejected(
            origin,
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); re-encode the file as UTF-8",
        )


def clean(value: Any) -> str:
    """A string field with runs of whitespace (arXiv wraps titles) collapsed; "" otherwise."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def validate(record: WorkRecord) -> WorkRecord | Rejected:
    """The checks every loader's record passes: an identifier, a title, sane sizes."""
    origin = record.origin
    if not (record.openalex_id or record.doi or record.arxiv_id or record.s2_id or record.dblp_key):
        return Rejected(origin, "no work identifier (DOI, arXiv id, S2 id, DBLP key)")
    if not record.title:
        return Rejected(origin, "the work has no title")
    for name in ("doi", "arxiv_id", "s2_id", "dblp_key"):
        value = getattr(record, name)
        if value and len(value) > MAX_ID:
            return Rejected(origin, f"{name} too long: {len(value)} characters (limit {MAX_ID})")
    checks = (
        ("title", len(record.title), MAX_TITLE),
        ("abstract", len(record.abstract or ""), MAX_ABSTRACT),
        ("author list", len(record.authors) + record.skipped_authorships, MAX_AUTHORS),
        ("reference list", len(record.references), MAX_REFERENCES),
        ("longest author name", max((len(a.name) for a in record.authors), default=0), MAX_NAME),
    )
    for what, size, limit in checks:
        if size > limit:
            return Rejected(origin, f"{what} too large: {size} (limit {limit})")
    if record.year is not None and not 1000 <= record.year <= 2100:
        return Rejected(origin, f"implausible year {record.year}")
    return record
