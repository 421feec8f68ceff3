"""arXiv metadata -> WorkRecord, from the three shapes arXiv hands out:

- the Kaggle ``arxiv-metadata-oai-snapshot`` JSON lines (``authors_parsed``, ``versions``;
  the real file is named ``.json`` although it holds one object per line);
- OAI-PMH XML (``ListRecords`` / ``GetRecord``) in the ``arXiv`` and ``arXivRaw`` formats;
- the arXiv API's Atom feed (``<feed><entry>``).

Every record becomes type "preprint", venue "arXiv", its arXiv id without version, the
DOI when arXiv lists one, the year of its first version and its categories as topics
(``arxiv:cs.LG``).

Authors: arXiv names people but gives them no identifier (no ORCID, no author id), and
names alone never identify a person in graphsvc. So arXiv authorships are counted in
``skipped_authorships`` (the load summary shows them) and make no Researcher nodes; a
source that identifies the authors (OpenAlex, Crossref with ORCID, S2, DBLP) adds them to
the same Work, which arXiv resolves by arXiv id or DOI.

XML is parsed with defusedxml (no entity expansion, no external DTDs) and streamed record
by record; a truncated file yields the records before the break, then a Rejected.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, BinaryIO, cast
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from graphsvc import ids
from graphsvc.records import Rejected, TopicRef, WorkRecord
from loaders.common import (
    InputFile,
    LoaderItem,
    clean,
    decode_utf8,
    iter_paths,
    read_files,
    validate,
)

SOURCE = "arxiv"
TYPE = "preprint"
VENUE = "arXiv"
_SUFFIXES = (".json", ".jsonl", ".gz", ".xml", ".atom")
_YEAR = re.compile(r"(\d{4})")


def read(paths: list[Path]) -> Iterator[LoaderItem]:
    """Yield records from Kaggle JSON lines, OAI-PMH XML and Atom files, in order.

    Files are streamed (the Kaggle snapshot is several gigabytes): JSON line by line, XML
    element by element; only a whole-file JSON array is read at once.
    """
    yield from read_files(files(paths))


def files(paths: list[Path]) -> list[InputFile]:
    """The files a load of ``paths`` reads, in order."""
    return [InputFile(p, read_file) for p in iter_paths(paths, suffixes=_SUFFIXES)]


def read_file(path: Path) -> Iterator[LoaderItem]:
    try:
        with open_stream(path) as handle:
            yield from read_stream(handle, str(path))
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejected(f"{path}:0", f"cannot read the file: {exc}")


def read_bytes(data: bytes, name: str) -> Iterator[LoaderItem]:
    """Kaggle JSON, OAI-PMH or Atom held in memory (a request body)."""
    yield from read_stream(io.BytesIO(data), name)


def read_stream(handle: BinaryIO, name: str) -> Iterator[LoaderItem]:
    """Any of the three shapes from a seekable stream, told by its first character."""
    head = handle.read(4096)
    handle.seek(0)
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if first == b"<":
        yield from read_xml(handle, name)
    elif first == b"[":
        yield from read_json_array(handle.read(), name)
    else:
        yield from read_json_lines(handle, name)


def open_stream(path: Path) -> BinaryIO:
    """The file's bytes as a stream, gunzipped on the fly when it is gzipped."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


# --- Kaggle JSON lines --------------------------------------------------------------------


def read_json_array(data: bytes, name: str) -> Iterator[LoaderItem]:
    """A whole-file JSON array of Kaggle objects."""
    text = decode_utf8(data, f"{name}:1")
    if isinstance(text, Rejected):
        yield text
        return
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Rejected(f"{name}:{exc.lineno}", f"invalid JSON: {exc.msg}")
        return
    for index, item in enumerate(items):
        yield parse_kaggle(item, f"{name}:[{index}]")


def read_json_lines(lines: Iterable[bytes], name: str) -> Iterator[LoaderItem]:
    """One Kaggle object per line (binary lines split on "\\n" only, never on U+2028)."""
    number = 0
    try:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            origin = f"{name}:{number}"
            text = decode_utf8(line, origin)
            if isinstance(text, Rejected):
                yield text
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield Rejected(origin, f"invalid JSON: {exc.msg} at column {exc.colno}")
                continue
            yield parse_kaggle(obj, origin)
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejected(f"{name}:{number + 1}", f"truncated or corrupt compressed file: {exc}")


def parse_kaggle(obj: Any, origin: str) -> LoaderItem:
    """One Kaggle snapshot object -> WorkRecord or Rejected."""
    if not isinstance(obj, dict):
        return Rejected(origin, f"expected an arXiv metadata object, found {type(obj).__name__}")
    arxiv = ids.arxiv_id(obj.get("id") if isinstance(obj.get("id"), str) else None)
    if arxiv is None:
        return Rejected(origin, f"not an arXiv record: id {str(obj.get('id'))[:80]!r}")
    versions = obj.get("versions") if isinstance(obj.get("versions"), list) else []
    first = versions[0].get("created") if versions and isinstance(versions[0], dict) else None
    parsed = obj.get("authors_parsed")
    if isinstance(parsed, list):
        author_count = len(parsed)
    else:
        author_count = len(split_author_string(clean(obj.get("authors"))))
    return _record(
        origin,
        arxiv,
        title=obj.get("title"),
        abstract=obj.get("abstract"),
        doi=obj.get("doi"),
        first_version=first,
        categories=clean(obj.get("categories")).split(),
        author_count=author_count,
    )


def split_author_string(authors: str) -> list[str]:
    """arXiv's free-text author list ("A, B and C") -> names; only counted, never identified."""
    if not authors:
        return []
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", authors)
    return [p for p in (part.strip() for part in parts) if p]


# --- OAI-PMH and Atom XML -----------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: Element | None) -> str:
    return clean("".join(element.itertext())) if element is not None else ""


def read_xml(source: bytes | BinaryIO, name: str) -> Iterator[LoaderItem]:
    """Stream OAI-PMH ``record`` or Atom ``entry`` elements; a broken file ends in a Rejected."""
    count = 0
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        for _event, element in iterparse(stream, events=("end",)):
            tag = _local(element.tag)
            if tag == "record":
                count += 1
                yield parse_oai_record(element, f"{name}:record[{count}]")
                element.clear()
            elif tag == "entry":
                count += 1
                yield parse_atom_entry(element, f"{name}:entry[{count}]")
                element.clear()
            elif tag == "error":
                yield Rejected(
                    f"{name}:0", f"OAI-PMH error {element.get('code')}: {_text(element)}"
                )
    except ParseError as exc:
        line = exc.position[0] if exc.position else 0
        yield Rejected(f"{name}:{line}", f"malformed or truncated XML after {count} records: {exc}")
    except DefusedXmlException as exc:
        yield Rejected(f"{name}:0", f"refused unsafe XML ({type(exc).__name__}): {exc}")
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Rejected(f"{name}:0", f"truncated or corrupt compressed file: {exc}")
    if count == 0:
        yield Rejected(f"{name}:0", "no OAI-PMH <record> or Atom <entry> elements in this XML")


def parse_oai_record(record: Element, origin: str) -> LoaderItem:
    """An OAI-PMH record holding ``arXiv`` or ``arXivRaw`` metadata -> WorkRecord."""
    header = _child(record, "header")
    if header is not None and header.get("status") == "deleted":
        return Rejected(origin, f"deleted OAI record {_text(_child(header, 'identifier'))}")
    metadata = _child(record, "metadata")
    body = metadata[0] if metadata is not None and len(metadata) else None
    if body is None or _local(body.tag) not in ("arXiv", "arXivRaw"):
        found = _local(body.tag) if body is not None else "nothing"
        return Rejected(origin, f"expected arXiv or arXivRaw metadata, found {found}")
    arxiv = ids.arxiv_id(_text(_child(body, "id")))
    if arxiv is None:
        return Rejected(origin, f"not an arXiv record: id {_text(_child(body, 'id'))[:80]!r}")
    if _local(body.tag) == "arXiv":
        authors_el = _child(body, "authors")
        author_count = len(_children(authors_el, "author")) if authors_el is not None else 0
        first = _text(_child(body, "created"))
    else:
        author_count = len(split_author_string(_text(_child(body, "authors"))))
        version_els = _children(body, "version")
        first = _text(_child(version_els[0], "date")) if version_els else ""
    return _record(
        origin,
        arxiv,
        title=_text(_child(body, "title")),
        abstract=_text(_child(body, "abstract")),
        doi=_text(_child(body, "doi")),
        first_version=first,
        categories=_text(_child(body, "categories")).split(),
        author_count=author_count,
    )


def parse_atom_entry(entry: Element, origin: str) -> LoaderItem:
    """An arXiv API Atom entry -> WorkRecord; ``published`` is the first version's date."""
    raw_id = _text(_child(entry, "id"))
    arxiv = ids.arxiv_id(raw_id)
    if arxiv is None:
        return Rejected(origin, f"not an arXiv entry: id {raw_id[:80]!r}")
    categories = [c.get("term") or "" for c in _children(entry, "category")]
    primary = _child(entry, "primary_category")
    if primary is not None and primary.get("term"):
        categories.insert(0, primary.get("term") or "")
    return _record(
        origin,
        arxiv,
        title=_text(_child(entry, "title")),
        abstract=_text(_child(entry, "summary")),
        doi=_text(_child(entry, "doi")),
        first_version=_text(_child(entry, "published")),
        categories=categories,
        author_count=len(_children(entry, "author")),
    )


# --- shared -------------------------------------------------------------------------------


def first_version_year(value: Any, arxiv: str) -> int | None:
    """The year of the first version: its date (RFC 2822 or ISO), else the id's YYMM."""
    if isinstance(value, str) and value.strip():
        try:
            return parsedate_to_datetime(value).year
        except (TypeError, ValueError, IndexError):
            match = _YEAR.match(value.strip())
            if match:
                return int(match.group(1))
    digits = re.search(r"(\d{2})(\d{2})[.\d]", arxiv.rpartition("/")[2] + ".")
    if digits:
        yy = int(digits.group(1))
        return 1900 + yy if yy >= 91 else 2000 + yy
    return None


def _record(
    origin: str,
    arxiv: str,
    *,
    title: Any,
    abstract: Any,
    doi: Any,
    first_version: Any,
    categories: list[str],
    author_count: int,
) -> LoaderItem:
    doi_text = clean(doi)
    record = WorkRecord(
        source=SOURCE,
        title=clean(title),
        arxiv_id=arxiv,
        doi=next((d for token in doi_text.split() if (d := ids.doi(token))), None),
        abstract=clean(abstract) or None,
        year=first_version_year(first_version, arxiv),
        type=TYPE,
        venue=VENUE,
        skipped_authorships=author_count,
        origin=origin,
    )
    seen: set[str] = set()
    for category in categories:
        if category and category not in seen and len(category) <= 40:
            seen.add(category)
            record.topics.append(TopicRef(id=f"arxiv:{category}", name=category))
    return validate(record)
