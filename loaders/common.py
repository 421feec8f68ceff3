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


def is_json_lines_name(path: Path) -> bool:
    """JSON lines by the name alone: .jsonl(.gz) or an OpenAlex snapshot part (part_*)."""
    return ".jsonl" in path.name or path.name.startswith("part_")


def is_json_lines(path: Path, data: bytes) -> bool:
    """JSON lines: .jsonl(.gz), OpenAlex snapshot parts (part_*.gz), or several top-level lines."""
    name = path.name
    if is_json_lines_name(path):
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


def json_items(
    parsed: Iterable[tuple[str, Any] | Rejected],
    documents: Callable[[str, Any], Iterator[LoaderItem]],
) -> Iterator[LoaderItem]:
    """What a loader's ``documents`` makes of each parsed JSON document (from
    :func:`iter_json_documents` or :func:`iter_json_bytes`); unparsable ones rejected."""
    for each in parsed:
        if isinstance(each, Rejected):
            yield each
        else:
            yield from documents(*each)


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


STREAM_CHUNK = 1 << 22
"""Bytes read (and, gzipped, decompressed) at a time by :func:`iter_lines`."""


def iter_lines(path: Path) -> Iterator[tuple[str, bytes | Rejected]]:
    """``(origin, line)`` for each non-blank line of a plain or gzipped file, read as a
    stream (a chunk in memory at a time; gzip members may be concatenated, as in
    snapshots). Lines are split on "\\n" only, numbered as ``data.split(b"\\n")`` would.
    A file that cannot be read, or turns out truncated or corrupt, ends with a
    ``Rejected`` naming the line it got to; the lines before it are yielded."""
    number = 0
    tail = b""
    try:
        for chunk in _chunks(path):
            lines = (tail + chunk).split(b"\n")
            tail = lines.pop()
            for line in lines:
                number += 1
                if line.strip():
                    yield f"{path}:{number}", line
        number += 1
        if tail.strip():
            yield f"{path}:{number}", tail
    except (OSError, EOFError, zlib.error) as exc:
        yield (
            f"{path}:{number + 1}",
            Rejected(f"{path}:{number + 1}", f"cannot read the file: {exc}"),
        )


def _chunks(path: Path) -> Iterator[bytes]:
    """The file's content in chunks, gunzipped (member after member) when it is gzip."""
    with open(path, "rb") as handle:
        data = handle.read(STREAM_CHUNK)
        if data[:2] != b"\x1f\x8b":
            while data:
                yield data
                data = handle.read(STREAM_CHUNK)
            return
        unzip = zlib.decompressobj(wbits=31)
        while True:
            if data:
                out = unzip.decompress(data, STREAM_CHUNK)
                while out:
                    yield out
                    out = unzip.decompress(unzip.unconsumed_tail, STREAM_CHUNK)
            if unzip.eof:
                rest = unzip.unused_data.lstrip(b"\x00")  # gzip allows zero padding
                if not rest:
                    rest = handle.read(STREAM_CHUNK).lstrip(b"\x00")
                    if not rest:
                        return
                if rest[:2] != b"\x1f\x8b":
                    raise OSError(f"Not a gzipped file ({rest[:2]!r})")
                unzip = zlib.decompressobj(wbits=31)
                data = rest
                continue
            data = handle.read(STREAM_CHUNK)
            if not data:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")


def parse_json(raw: bytes, origin: str) -> tuple[str, Any] | Rejected:
    """One JSON document (a line, or a whole file), or a Rejected saying why not."""
    return _parse(raw, origin)


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
    return refuse_nul(record)


_WORK_TEXT = (
    "title",
    "abstract",
    "openalex_id",
    "doi",
    "arxiv_id",
    "s2_id",
    "dblp_key",
    "type",
    "venue",
)
_AUTHOR_TEXT = ("name", "openalex_id", "orcid", "s2_id", "dblp_name", "position")


def nul_field(record: WorkRecord) -> str | None:
    """The first text of a record that holds a NUL character (U+0000), or None."""
    for name in _WORK_TEXT:
        value = getattr(record, name)
        if value and "\x00" in value:
            return name
    for author in record.authors:
        for name in _AUTHOR_TEXT:
            value = getattr(author, name)
            if value and "\x00" in value:
                return f"author {name}"
        for inst in author.institutions:
            if any(v and "\x00" in v for v in (inst.id, inst.name, inst.ror, inst.country)):
                return "institution"
    for topic in record.topics:
        if any(v and "\x00" in v for v in (topic.id, topic.name, topic.field, topic.domain)):
            return "topic"
    if any("\x00" in ref for ref in record.references):
        return "reference"
    return None


def refuse_nul(record: WorkRecord) -> WorkRecord | Rejected:
    """The record, or a reject when a text holds NUL: the engine cannot store it (a text
    ends at the first NUL there), and a record is never stored cut short."""
    field = nul_field(record)
    if field is None:
        return record
    return Rejected(
        record.origin,
        f"the {field} holds a NUL character (U+0000), which cannot be stored; remove it",
    )
