"""Crossref REST work items -> WorkRecord.

Reads every shape the Crossref REST API hands out: a single work item, an array of them,
a whole response (``{"message-type": "work-list", "message": {"items": [...]}}`` or
``"work"`` with one ``message``), a recorded response ``{"request_uri", "response"}``, and
JSON lines (``.jsonl`` / ``.jsonl.gz``) of items. Responses of other kinds (funders,
members, ``work-agency``) are rejected with their message type.

Mapping: DOI (lower case, required), title, abstract (JATS tags stripped), year of the
earliest of published-print / published-online / issued / created, Crossref's type,
container-title as venue, is-referenced-by-count, and the cited works whose DOI Crossref
knows as references (``doi:<doi>``, graphsvc's id for a DOI-only work).

Authors: those with an ORCID that passes its checksum become researchers (``orcid``);
their affiliations become institutions only when Crossref gives a ROR id (``ror:<id>``),
since a free-text affiliation name identifies no institution. Authors without a valid
ORCID (and organisations as authors) count as skipped authorships.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphsvc import ids
from graphsvc.records import AuthorRef, InstitutionRef, Rejected, WorkRecord
from loaders.common import (
    InputFile,
    LoaderItem,
    clean,
    iter_json_bytes,
    iter_json_documents,
    iter_paths,
    json_items,
    read_files,
    validate,
)

SOURCE = "crossref"
_TAGS = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]{0,300})?/?>")  # JATS / HTML markup
_ROR = re.compile(r"^(?:https?://ror\.org/)?(0[a-z0-9]{6}\d{2})$")
_DATE_FIELDS = ("published-print", "published-online", "published", "issued", "created")


def read(paths: list[Path]) -> Iterator[LoaderItem]:
    """Yield records from item files, API responses and JSON lines, in a stable order."""
    yield from read_files(files(paths))


def files(paths: list[Path]) -> list[InputFile]:
    """The files a load of ``paths`` reads, in order."""
    return [InputFile(p, read_file) for p in iter_paths(paths, suffixes=(".json", ".jsonl", ".gz"))]


def read_file(path: Path) -> Iterator[LoaderItem]:
    yield from json_items(iter_json_documents(path), documents)


def read_bytes(data: bytes, name: str) -> Iterator[LoaderItem]:
    """Items, responses or JSON lines held in memory (a request body); origins ``name:line``."""
    yield from json_items(iter_json_bytes(data, name), documents)


def documents(origin: str, doc: Any) -> Iterator[LoaderItem]:
    """Items out of whatever shape ``doc`` has."""
    if isinstance(doc, list):
        for index, item in enumerate(doc):
            yield from documents(f"{origin}[{index}]", item)
        return
    if not isinstance(doc, dict):
        yield Rejected(origin, f"expected a Crossref work or response, found {type(doc).__name__}")
        return
    if isinstance(doc.get("response"), dict):  # a recorded exchange {request_uri, response}
        doc = doc["response"]
    if "message" in doc:
        kind = doc.get("message-type")
        message = doc["message"]
        if kind == "work-list" and isinstance(message, dict):
            for index, item in enumerate(message.get("items") or []):
                yield parse_work(item, f"{origin}:items[{index}]")
        elif kind == "work" or (kind is None and isinstance(message, dict) and "DOI" in message):
            yield parse_work(message, origin)
        else:
            yield Rejected(origin, f"not a works response (message-type {kind!r})")
        return
    yield parse_work(doc, origin)


def parse_work(obj: Any, origin: str) -> LoaderItem:
    """One Crossref work item -> WorkRecord or Rejected."""
    if not isinstance(obj, dict):
        return Rejected(origin, f"expected a Crossref work item, found {type(obj).__name__}")
    doi = ids.doi(obj.get("DOI") if isinstance(obj.get("DOI"), str) else None)
    if doi is None:
        return Rejected(origin, f"not a Crossref work: DOI {str(obj.get('DOI'))[:80]!r}")
    try:
        return validate(_work(obj, doi, origin))
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        return Rejected(origin, f"malformed Crossref work {doi}: {type(exc).__name__}: {exc}")


def _first(value: Any) -> str:
    if isinstance(value, list):
        return next((clean(v) for v in value if clean(v)), "")
    return clean(value)


def year_of(obj: dict[str, Any]) -> int | None:
    """The earliest year among Crossref's publication dates."""
    years = []
    for name in _DATE_FIELDS:
        parts = (obj.get(name) or {}).get("date-parts") or []
        if parts and parts[0] and isinstance(parts[0][0], int):
            years.append(parts[0][0])
    return min(years) if years else None


def _work(obj: dict[str, Any], doi: str, origin: str) -> WorkRecord:
    abstract = (
        clean(_TAGS.sub(" ", obj["abstract"])) if isinstance(obj.get("abstract"), str) else ""
    )
    cited = obj.get("is-referenced-by-count")
    record = WorkRecord(
        source=SOURCE,
        title=clean(_TAGS.sub("", _first(obj.get("title")))),
        doi=doi,
        abstract=abstract or None,
        year=year_of(obj),
        type=clean(obj.get("type")) or None,
        venue=_first(obj.get("container-title")) or None,
        cited_by_count=cited if isinstance(cited, int) and not isinstance(cited, bool) else None,
        origin=origin,
    )
    authors = [a for a in obj.get("author") or [] if isinstance(a, dict)]
    seen: set[str] = set()
    for index, author in enumerate(authors):
        orcid = ids.orcid(author.get("ORCID") if isinstance(author.get("ORCID"), str) else None)
        if orcid is None:
            record.skipped_authorships += 1
            continue
        if orcid in seen:  # the same person listed twice
            continue
        seen.add(orcid)
        name = clean(" ".join(str(author.get(k) or "") for k in ("given", "family")))
        record.authors.append(
            AuthorRef(
                name=name or clean(author.get("name")),
                orcid=orcid,
                position=_position(author.get("sequence"), index, len(authors)),
                institutions=_institutions(author.get("affiliation")),
            )
        )
    record.skipped_authorships += len(obj.get("author") or []) - len(authors)
    references: list[str] = []
    for ref in obj.get("reference") or []:
        cited_doi = ids.doi(ref.get("DOI")) if isinstance(ref, dict) else None
        if cited_doi and f"doi:{cited_doi}" not in references:
            references.append(f"doi:{cited_doi}")
    record.references = references
    return record


def _position(sequence: Any, index: int, total: int) -> str:
    if sequence == "first" or index == 0:
        return "first"
    return "last" if index == total - 1 else "middle"


def _institutions(affiliations: Any) -> list[InstitutionRef]:
    out: list[InstitutionRef] = []
    for aff in affiliations or []:
        if not isinstance(aff, dict):
            continue
        for ident in aff.get("id") or []:
            if not isinstance(ident, dict) or str(ident.get("id-type", "")).upper() != "ROR":
                continue
            match = _ROR.match(str(ident.get("id", "")).strip().lower())
            if match and all(i.id != f"ror:{match.group(1)}" for i in out):
                out.append(
                    InstitutionRef(
                        id=f"ror:{match.group(1)}",
                        name=clean(aff.get("name")),
                        ror=f"https://ror.org/{match.group(1)}",
                    )
                )
    return out
