"""Real Kaggle arXiv records written in arXiv's other two shapes (OAI-PMH and Atom).

Only the encoding changes: every value comes from the real record, so a test can check
that the three readers agree on the same papers.
"""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

OAI = "http://www.openarchives.org/OAI/2.0/"
ARXIV = "http://arxiv.org/OAI/arXiv/"
ARXIV_RAW = "http://arxiv.org/OAI/arXivRaw/"
ATOM = "http://www.w3.org/2005/Atom"
ARXIV_ATOM = "http://arxiv.org/schemas/atom"


def kaggle_records(path: Path, count: int) -> list[dict[str, Any]]:
    lines = [line for line in path.read_bytes().split(b"\n") if line.strip()]
    return [json.loads(line) for line in lines[:count]]


def _sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    child = SubElement(parent, tag, attrs)
    if text is not None:
        child.text = text
    return child


def _iso(date: str) -> str:
    return parsedate_to_datetime(date).strftime("%Y-%m-%dT%H:%M:%SZ")


def oai_pmh(records: list[dict[str, Any]], raw: bool) -> bytes:
    """An OAI-PMH ListRecords answer in the arXiv (or arXivRaw) metadata format."""
    root = Element(f"{{{OAI}}}OAI-PMH")
    listing = _sub(root, f"{{{OAI}}}ListRecords")
    ns = ARXIV_RAW if raw else ARXIV
    for rec in records:
        record = _sub(listing, f"{{{OAI}}}record")
        header = _sub(record, f"{{{OAI}}}header")
        _sub(header, f"{{{OAI}}}identifier", f"oai:arXiv.org:{rec['id']}")
        body = _sub(_sub(record, f"{{{OAI}}}metadata"), f"{{{ns}}}{'arXivRaw' if raw else 'arXiv'}")
        _sub(body, f"{{{ns}}}id", rec["id"])
        if raw:
            _sub(body, f"{{{ns}}}submitter", rec.get("submitter"))
            for version in rec["versions"]:
                v = _sub(body, f"{{{ns}}}version", version=version["version"])
                _sub(v, f"{{{ns}}}date", version["created"])
            _sub(body, f"{{{ns}}}title", rec["title"])
            _sub(body, f"{{{ns}}}authors", rec["authors"])
        else:
            created = parsedate_to_datetime(rec["versions"][0]["created"]).date().isoformat()
            _sub(body, f"{{{ns}}}created", created)
            authors = _sub(body, f"{{{ns}}}authors")
            for last, first, *_ in rec["authors_parsed"]:
                author = _sub(authors, f"{{{ns}}}author")
                _sub(author, f"{{{ns}}}keyname", last)
                if first:
                    _sub(author, f"{{{ns}}}forenames", first)
            _sub(body, f"{{{ns}}}title", rec["title"])
        _sub(body, f"{{{ns}}}categories", rec["categories"])
        if rec.get("doi"):
            _sub(body, f"{{{ns}}}doi", rec["doi"])
        _sub(body, f"{{{ns}}}abstract", rec["abstract"])
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root)


def atom_feed(records: list[dict[str, Any]]) -> bytes:
    """An arXiv API answer (Atom) for the same records."""
    root = Element(f"{{{ATOM}}}feed")
    _sub(root, f"{{{ATOM}}}title", "arXiv Query")
    for rec in records:
        entry = _sub(root, f"{{{ATOM}}}entry")
        last = rec["versions"][-1]["version"]
        _sub(entry, f"{{{ATOM}}}id", f"http://arxiv.org/abs/{rec['id']}{last}")
        _sub(entry, f"{{{ATOM}}}published", _iso(rec["versions"][0]["created"]))
        _sub(entry, f"{{{ATOM}}}updated", _iso(rec["versions"][-1]["created"]))
        _sub(entry, f"{{{ATOM}}}title", rec["title"])
        _sub(entry, f"{{{ATOM}}}summary", rec["abstract"])
        for last_name, first, *_ in rec["authors_parsed"]:
            author = _sub(entry, f"{{{ATOM}}}author")
            _sub(author, f"{{{ATOM}}}name", f"{first} {last_name}".strip())
        if rec.get("doi"):
            _sub(entry, f"{{{ARXIV_ATOM}}}doi", rec["doi"])
        categories = rec["categories"].split()
        _sub(entry, f"{{{ARXIV_ATOM}}}primary_category", term=categories[0])
        for category in categories:
            _sub(entry, f"{{{ATOM}}}category", term=category)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root)
