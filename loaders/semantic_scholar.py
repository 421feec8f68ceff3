"""Semantic Scholar Graph API objects -> WorkRecord.

Reads paper objects, author objects (``authorId`` + ``papers``), citation and reference
edges (``{"citingPaper": ...}`` / ``{"citedPaper": ...}``), list responses
(``{"data": [...]}``), batch answers (arrays, ``null`` for unknown ids) and JSON lines.

Mapping: ``paperId`` -> ``s2_id``; ``externalIds`` DOI -> ``doi``, ArXiv -> ``arxiv_id``,
DBLP -> ``dblp_key`` (the same key DBLP's BibTeX uses, so the two meet); title,
abstract, year, venue, citationCount, the first publication type. Authors: ``authorId``
-> ``s2_id``, an ORCID in ``externalIds`` (checksum verified) -> ``orcid``, and a single
DBLP name -> ``dblp_name`` (S2 linking the author to one DBLP person; with several DBLP
names the link is ambiguous and not used). Authors without ``authorId`` are skipped
authorships. An author object's ids also enrich its entries in its papers' author lists.

Papers nested in a citation list (``citations``) are loaded as works of their own, citing
the paper; papers in ``references`` are cited by it. ``references`` hold ids in
graphsvc's order of preference (``doi:``, ``arxiv:``, ``s2:``). A nested paper without an
``authors`` list is only referenced, not loaded: written as a work it would tell the graph
that S2 knows no authors for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphsvc import ids
from graphsvc.records import AuthorRef, Rejected, WorkRecord
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

SOURCE = "s2"
_TYPES = {
    "JournalArticle": "article",
    "Conference": "proceedings-article",
    "Review": "review",
    "Book": "book",
    "BookSection": "book-chapter",
    "Editorial": "editorial",
    "LettersAndComments": "letter",
    "Dataset": "dataset",
}


def read(paths: list[Path]) -> Iterator[LoaderItem]:
    """Yield records from Graph API files (.json, .jsonl, gzipped), in a stable order."""
    yield from read_files(files(paths))


def files(paths: list[Path]) -> list[InputFile]:
    """The files a load of ``paths`` reads, in order."""
    return [InputFile(p, read_file) for p in iter_paths(paths, suffixes=(".json", ".jsonl", ".gz"))]


def read_file(path: Path) -> Iterator[LoaderItem]:
    yield from json_items(iter_json_documents(path), documents)


def read_bytes(data: bytes, name: str) -> Iterator[LoaderItem]:
    """Graph API JSON held in memory (a request body); origins ``name:line``."""
    yield from json_items(iter_json_bytes(data, name), documents)


def documents(origin: str, doc: Any) -> Iterator[LoaderItem]:
    """Records out of any Graph API shape."""
    if isinstance(doc, list):
        for index, item in enumerate(doc):
            if item is not None:  # the batch endpoint answers null for unknown ids
                yield from documents(f"{origin}[{index}]", item)
        return
    if not isinstance(doc, dict):
        yield Rejected(origin, f"expected a Semantic Scholar object, found {type(doc).__name__}")
        return
    if isinstance(doc.get("data"), list) and "paperId" not in doc:
        yield from documents(f"{origin}:data", doc["data"])
    elif isinstance(doc.get("citingPaper"), dict):
        yield from paper_records(doc["citingPaper"], f"{origin}:citingPaper")
    elif isinstance(doc.get("citedPaper"), dict):
        yield from paper_records(doc["citedPaper"], f"{origin}:citedPaper")
    elif "paperId" in doc:
        yield from paper_records(doc, origin)
    elif "authorId" in doc:
        yield from author_records(doc, origin)
    else:
        yield Rejected(origin, "not a Semantic Scholar paper or author (no paperId / authorId)")


def work_ref(paper: dict[str, Any]) -> str | None:
    """The id a citation names a paper by: DOI, else arXiv id, else S2 paper id."""
    external = _dict(paper.get("externalIds"))
    if found := ids.doi(_str(external.get("DOI"))):
        return f"doi:{found}"
    if found := ids.arxiv_id(_str(external.get("ArXiv"))):
        return f"arxiv:{found}"
    paper_id = _str(paper.get("paperId"))
    return f"s2:{paper_id}" if paper_id else None


def paper_records(paper: dict[str, Any], origin: str) -> Iterator[LoaderItem]:
    """A paper, then the citing papers it lists (each citing it) and cited ones it lists."""
    record = parse_paper(paper, origin)
    nested = {
        name: [p for p in paper.get(name) or [] if isinstance(p, dict)]
        if isinstance(paper.get(name), list)
        else []
        for name in ("references", "citations")
    }
    if isinstance(record, WorkRecord):
        for other in nested["references"]:
            ref = work_ref(other)
            if ref and ref not in record.references:
                record.references.append(ref)
    yield record
    this = work_ref(paper)
    for list_name, papers in nested.items():
        for index, other in enumerate(papers):
            if not isinstance(other.get("authors"), list):
                continue
            found = parse_paper(other, f"{origin}:{list_name}[{index}]")
            if list_name == "citations" and isinstance(found, WorkRecord) and this:
                found.references.append(this)
            yield found


def author_records(author: dict[str, Any], origin: str) -> Iterator[LoaderItem]:
    """An author object's papers, the author's own ids filled in where the paper lists them."""
    if not _str(author.get("authorId")):
        yield Rejected(origin, "author object without authorId")
        return
    me = parse_author(author)
    for index, paper in enumerate(author.get("papers") or []):
        if isinstance(paper, dict) and isinstance(paper.get("authors"), list):
            yield parse_paper(paper, f"{origin}:papers[{index}]", known=me)


def parse_author(obj: dict[str, Any]) -> AuthorRef | None:
    """An S2 author entry -> AuthorRef; None without an authorId."""
    author_id = _str(obj.get("authorId"))
    if not author_id or not author_id.isdigit():
        return None
    external = _dict(obj.get("externalIds"))
    dblp = external.get("DBLP")
    dblp_names = [clean(d) for d in dblp if clean(d)] if isinstance(dblp, list) else []
    orcid = external.get("ORCID")
    return AuthorRef(
        name=clean(obj.get("name")),
        s2_id=author_id,
        orcid=ids.orcid(orcid if isinstance(orcid, str) else None),
        dblp_name=dblp_names[0] if len(dblp_names) == 1 else None,
    )


def parse_paper(obj: Any, origin: str, known: AuthorRef | None = None) -> LoaderItem:
    """One paper object -> WorkRecord or Rejected."""
    if not isinstance(obj, dict):
        return Rejected(origin, f"expected a paper object, found {type(obj).__name__}")
    paper_id = _str(obj.get("paperId"))
    if not paper_id:
        return Rejected(origin, "paper without paperId (S2 did not resolve it to a paper)")
    if len(paper_id) > 64 or not paper_id.isalnum():
        return Rejected(origin, f"not a Semantic Scholar paperId: {paper_id[:80]!r}")
    try:
        return validate(_paper(obj, paper_id, origin, known))
    except (TypeError, ValueError, AttributeError) as exc:
        return Rejected(origin, f"malformed S2 paper {paper_id}: {type(exc).__name__}: {exc}")


def _paper(obj: dict[str, Any], paper_id: str, origin: str, known: AuthorRef | None) -> WorkRecord:
    external = _dict(obj.get("externalIds"))
    journal = _dict(obj.get("journal"))
    venue_obj = _dict(obj.get("publicationVenue"))
    year = obj.get("year")
    cited = obj.get("citationCount")
    types = obj.get("publicationTypes") if isinstance(obj.get("publicationTypes"), list) else []
    dblp_key = clean(external.get("DBLP")) if isinstance(external.get("DBLP"), str) else ""
    record = WorkRecord(
        source=SOURCE,
        title=clean(obj.get("title")),
        s2_id=paper_id,
        doi=ids.doi(_str(external.get("DOI"))),
        arxiv_id=ids.arxiv_id(_str(external.get("ArXiv"))),
        dblp_key=dblp_key or None,
        abstract=clean(obj.get("abstract")) or None,
        year=int(year) if isinstance(year, int) and not isinstance(year, bool) else None,
        type=_TYPES.get(str(types[0])) if types else None,
        venue=clean(obj.get("venue"))
        or clean(journal.get("name"))
        or clean(venue_obj.get("name"))
        or None,
        cited_by_count=cited if isinstance(cited, int) and not isinstance(cited, bool) else None,
        origin=origin,
    )
    seen: set[str] = set()
    entries = obj.get("authors") or []
    for index, entry in enumerate(entries):
        author = parse_author(entry) if isinstance(entry, dict) else None
        if author is None:
            record.skipped_authorships += 1
            continue
        if author.s2_id in seen:
            continue
        seen.add(author.s2_id or "")
        if known is not None and known.s2_id == author.s2_id:
            author.orcid = author.orcid or known.orcid
            author.dblp_name = author.dblp_name or known.dblp_name
            author.name = author.name or known.name
        last = len(entries) - 1
        author.position = "first" if index == 0 else "last" if index == last else "middle"
        record.authors.append(author)
    return record


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) else ""
