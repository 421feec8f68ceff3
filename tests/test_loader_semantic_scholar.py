"""Semantic Scholar Graph API objects: papers, authors, citations, references."""

from __future__ import annotations

import json
from pathlib import Path

from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.records import Rejected, WorkRecord
from graphsvc.services.checksum import graph_checksum
from loaders import semantic_scholar
from tests.support.formats import S2, load_format, nodes

PAPER = json.loads((S2 / "Paper.json").read_text())
AUTHOR = json.loads((S2 / "Author.json").read_text())


def _with_authors(papers: list[dict]) -> list[dict]:
    return [p for p in papers if isinstance(p.get("authors"), list)]


def test_a_paper_file_yields_the_paper_its_citing_papers_and_cited_papers() -> None:
    items = list(semantic_scholar.read([S2 / "Paper.json"]))
    nested = _with_authors(PAPER["citations"]) + _with_authors(PAPER["references"])
    assert len(items) == 1 + len(nested)
    paper = items[0]
    assert isinstance(paper, WorkRecord)
    assert paper.s2_id == PAPER["paperId"]
    assert paper.doi == PAPER["externalIds"]["DOI"].lower()
    assert paper.dblp_key == PAPER["externalIds"]["DBLP"]
    assert [a.s2_id for a in paper.authors] == [a["authorId"] for a in PAPER["authors"]]
    assert paper.authors[0].dblp_name == PAPER["authors"][0]["externalIds"]["DBLP"][0]
    assert len(paper.references) == len({r["paperId"] for r in PAPER["references"] if r["paperId"]})
    citing = [i for i in items if isinstance(i, WorkRecord) and ":citations[" in i.origin]
    assert citing and all(c.references == [f"doi:{paper.doi}"] for c in citing)


def test_semantic_scholar_files_load_once_per_paper_and_author(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.jsonl"
    summary = load_format(backend, settings, "semantic-scholar", [S2], rejects)
    papers = [
        PAPER,
        *_with_authors(PAPER["citations"]),
        *_with_authors(PAPER["references"]),
        *_with_authors(AUTHOR["papers"]),
        json.loads((S2 / "Citation.json").read_text())["citingPaper"],
        json.loads((S2 / "Reference.json").read_text())["citedPaper"],
    ]
    with_id = {p["paperId"] for p in papers if p.get("paperId")}
    assert summary.rejected == sum(1 for p in papers if not p.get("paperId"))
    assert {w["s2_id"] for w in nodes(backend, "Work")} == with_id
    people = {a["authorId"] for p in papers for a in p["authors"] if a.get("authorId")}
    researchers = nodes(backend, "Researcher")
    assert {r["s2_id"] for r in researchers} == people and len(researchers) == len(people)
    turing = next(r for r in researchers if r["s2_id"] == AUTHOR["authorId"])
    assert turing["dblp_name"] == AUTHOR["externalIds"]["DBLP"][0]


def test_semantic_scholar_load_twice_leaves_the_graph_unchanged(
    backend: GraphBackend, settings: Settings
) -> None:
    files = [S2 / "Author.json", S2 / "Citation.json", S2 / "Reference.json"]
    first = load_format(backend, settings, "semantic-scholar", files)
    before = graph_checksum(backend)
    again = load_format(backend, settings, "semantic-scholar", files)
    assert graph_checksum(backend) == before
    assert again.unchanged == first.works_loaded and again.created == 0


def test_malformed_semantic_scholar_inputs_are_rejected_with_reasons(tmp_path: Path) -> None:
    citing = _with_authors(PAPER["citations"])
    no_id = dict(citing[0], paperId=None)  # S2 writes null for papers it could not resolve
    huge = dict(citing[1], abstract="w " * 60_000)
    lines = [
        json.dumps(citing[2]),
        json.dumps(no_id),
        json.dumps(huge),
        json.dumps({"something": "else"}),
        json.dumps(citing[3])[:300],
    ]
    source = tmp_path / "papers.jsonl"
    source.write_text("\n".join(lines))
    latin = tmp_path / "author.json"
    latin.write_bytes(
        json.dumps(AUTHOR, ensure_ascii=False)
        .encode("utf-8")
        .replace(b"Turing", "Türing".encode("latin-1"), 1)
    )
    items = list(semantic_scholar.read([source, latin]))
    reasons = [i.reason for i in items if isinstance(i, Rejected)]
    assert isinstance(items[0], WorkRecord)
    assert "without paperId" in reasons[0]
    assert "abstract too large" in reasons[1]
    assert "not a Semantic Scholar paper or author" in reasons[2]
    assert "invalid JSON" in reasons[3]
    assert "not UTF-8" in reasons[4]
    assert len(reasons) == 5
