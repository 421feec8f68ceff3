"""OpenAlex Work objects -> WorkRecord.

Reads every shape OpenAlex hands out:
- ``.json``: one Work object, an array of them, or an API list page ``{meta, results}``;
- ``.jsonl`` / ``.jsonl.gz`` / ``.gz``: one Work per line (split on "\\n" only: real
  records hold U+2028/U+2029 inside strings, which ``str.splitlines`` would break on);
- a snapshot directory: ``works/updated_date=*/part_*.gz`` plus ``merged_ids/`` (CSV of
  ``merge_date,id,merge_into_id``), whose rows become :class:`MergedId` so merged-away ids
  keep resolving.

Never touches the database: it yields WorkRecord, MergedId and Rejected items.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from graphsvc import ids
from graphsvc.records import AuthorRef, InstitutionRef, MergedId, Rejected, TopicRef, WorkRecord
from loaders.common import (
    InputFile,
    LoaderItem,
    is_json_lines_name,
    iter_json_bytes,
    iter_json_documents,
    iter_lines,
    iter_paths,
    json_items,
    parse_json,
    read_files,
    refuse_nul,
)

SOURCE = "openalex"
_MERGED_KINDS = {"authors": "researcher", "works": "work"}


def read(paths: list[Path]) -> Iterator[LoaderItem]:
    """Yield records from files, directories and snapshot layouts, in a stable order."""
    yield from read_files(files(paths))


def files(paths: list[Path]) -> list[InputFile]:
    """The files a load of ``paths`` reads, in order (a snapshot: its works and merged ids)."""
    suffixes = (".json", ".jsonl", ".gz", ".csv")
    return [InputFile(p, read_file) for p in iter_paths(_snapshot_parts(paths), suffixes)]


def read_file(path: Path) -> Iterator[LoaderItem]:
    """One file: Work JSON in any shape, or a snapshot's merged_ids CSV.

    JSON lines (``.jsonl``, ``.jsonl.gz``, snapshot ``part_*`` files) are read as a
    stream: decompressed and parsed a line at a time, so a file of any size costs the
    memory of one chunk. A file that turns out truncated or corrupt half-way yields the
    lines before the damage, then a reject for the rest (as the arXiv loader does).
    """
    if "merged_ids" in path.parts:
        yield from _read_merged_ids(path)
        return
    if is_json_lines_name(path):
        for origin, line in iter_lines(path):
            if isinstance(line, Rejected):
                yield line
                continue
            try:  # orjson: several times faster than the standard parser
                doc = orjson.loads(line)
            except orjson.JSONDecodeError:
                # ... and whatever it refuses goes to the standard parser, which accepts
                # what it accepts (NaN, huge integers) and words the reasons of rejects
                # as every loader does.
                parsed = parse_json(line, origin)
                if isinstance(parsed, Rejected):
                    yield parsed
                    continue
                doc = parsed[1]
            if doc.__class__ is not dict:
                yield from _documents(origin, doc)
                continue
            item = parse_work(doc, origin)
            # JSON spells NUL only as \u0000: a line without it needs no closer look
            if b"\\u0000" in line and isinstance(item, WorkRecord):
                yield refuse_nul(item)
            else:
                yield item
        return
    yield from json_items(iter_json_documents(path), _documents)


def read_bytes(data: bytes, name: str) -> Iterator[LoaderItem]:
    """Work JSON in any shape (object, array, API page, JSON lines) held in memory, e.g. a
    request body; origins are ``name:line``."""
    yield from json_items(iter_json_bytes(data, name), _documents)


def _snapshot_parts(paths: list[Path]) -> list[Path]:
    """A snapshot root holds many entity kinds: of those, only works and merged_ids matter."""
    chosen: list[Path] = []
    for path in paths:
        if path.is_dir() and (path / "works").is_dir():
            chosen.append(path / "works")
            if (path / "merged_ids").is_dir():
                chosen.append(path / "merged_ids")
        else:
            chosen.append(path)
    return chosen


def _documents(origin: str, doc: Any) -> Iterator[LoaderItem]:
    works: Iterator[tuple[Any, str]]
    if isinstance(doc, list):
        works = ((item, f"{origin}[{index}]") for index, item in enumerate(doc))
    elif isinstance(doc, dict) and isinstance(doc.get("results"), list):
        works = ((item, f"{origin}:results[{index}]") for index, item in enumerate(doc["results"]))
    else:
        works = iter([(doc, origin)])
    for obj, where in works:
        item = parse_work(obj, where)
        yield refuse_nul(item) if isinstance(item, WorkRecord) else item


def _read_merged_ids(path: Path) -> Iterator[LoaderItem]:
    kind = next((_MERGED_KINDS[p] for p in path.parts if p in _MERGED_KINDS), None)
    if kind is None:
        return
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8")))
    letter = "A" if kind == "researcher" else "W"
    for line, row in enumerate(reader, start=2):
        old = ids.openalex_id(row.get("id"), letter)
        new = ids.openalex_id(row.get("merge_into_id"), letter)
        if old and new:
            yield MergedId(kind=kind, old=old, new=new)
        else:
            yield Rejected(f"{path}:{line}", "merged_ids row needs id and merge_into_id")


def rebuild_abstract(inverted: dict[str, list[int]] | None) -> str | None:
    """OpenAlex ships abstracts as {word: [positions]}; put the words back in order."""
    if not inverted:
        return None
    try:
        words = _dense_words(inverted)
    except (TypeError, AttributeError, IndexError):
        words = None  # the general way below says what is wrong
    if words is not None:
        return " ".join(words) or None
    positions: list[tuple[int, str]] = []
    for word, places in inverted.items():
        positions.extend((p, word) for p in places if isinstance(p, int))
    return " ".join(word for _, word in sorted(positions)) or None


def _dense_words(inverted: dict[str, list[int]]) -> list[str] | None:
    """The common shape fast: every position a distinct int in 0..n-1 (n positions in
    all), so each word goes straight to its place. None for anything else (gaps, repeats,
    other types), which the sort in :func:`rebuild_abstract` handles."""
    total = sum(map(len, inverted.values()))
    words: list[Any] = [None] * total
    for word, places in inverted.items():
        for p in places:
            if p.__class__ is not int or p < 0 or words[p] is not None:
                return None
            words[p] = word
    return words


def parse_work(obj: Any, origin: str) -> WorkRecord | Rejected:
    """One OpenAlex Work object -> WorkRecord, or Rejected with the reason."""
    if not isinstance(obj, dict):
        return Rejected(origin, f"expected a Work object, found {type(obj).__name__}")
    raw_id = obj.get("id")
    work_id = ids.openalex_id(raw_id if isinstance(raw_id, str) else None, "W")
    if work_id is None:
        return Rejected(origin, f"not an OpenAlex Work: id {raw_id!r} is not a W... id")
    try:
        return _work(obj, work_id, origin)
    except (TypeError, ValueError, AttributeError) as exc:
        return Rejected(origin, f"malformed Work {work_id}: {exc}")


def _work(obj: dict[str, Any], work_id: str, origin: str) -> WorkRecord:
    abstract = obj.get("abstract")
    if not isinstance(abstract, str) or not abstract.strip():
        abstract = rebuild_abstract(obj.get("abstract_inverted_index"))
    location = obj.get("primary_location") or {}
    source = location.get("source") or {}
    year = obj.get("publication_year")
    record = WorkRecord(
        source=SOURCE,
        title=_text(obj.get("title") or obj.get("display_name")),
        openalex_id=work_id,
        doi=ids.doi(obj.get("doi") or (obj.get("ids") or {}).get("doi")),
        abstract=abstract,
        year=_year(year),
        type=_text(obj.get("type")) or None,
        venue=_text(source.get("display_name")) or None,
        cited_by_count=_int(obj.get("cited_by_count")),
        origin=origin,
    )
    seen: set[str] = set()
    for authorship in obj.get("authorships") or []:
        author = authorship.get("author") or {}
        author_id = ids.openalex_id(author.get("id"), "A")
        if author_id is None:
            record.skipped_authorships += 1
            continue
        if author_id in seen:
            continue
        seen.add(author_id)
        record.authors.append(
            AuthorRef(
                name=_text(author.get("display_name") or authorship.get("raw_author_name")),
                openalex_id=author_id,
                orcid=ids.orcid(author.get("orcid")),
                position=authorship.get("author_position"),
                corresponding=bool(authorship.get("is_corresponding")),
                institutions=[
                    InstitutionRef(
                        id=inst_id,
                        name=_text(inst.get("display_name")),
                        ror=inst.get("ror"),
                        country=inst.get("country_code"),
                    )
                    for inst in authorship.get("institutions") or []
                    if (inst_id := ids.openalex_id(inst.get("id"), "I"))
                ],
            )
        )
    topic_seen: set[str] = set()
    for topic in obj.get("topics") or []:
        topic_id = ids.openalex_id(topic.get("id"), "T")
        if topic_id is None or topic_id in topic_seen:
            continue
        topic_seen.add(topic_id)
        record.topics.append(
            TopicRef(
                id=topic_id,
                name=_text(topic.get("display_name")),
                score=_float(topic.get("score")),
                field=_text((topic.get("field") or {}).get("display_name")) or None,
                domain=_text((topic.get("domain") or {}).get("display_name")) or None,
            )
        )
    record.references = [
        ref for raw in obj.get("referenced_works") or [] if (ref := ids.openalex_id(raw, "W"))
    ]
    return record


def _year(value: Any) -> int | None:
    """A year as OpenAlex gives it (int, sometimes a string); anything else is unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
