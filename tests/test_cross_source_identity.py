"""One Work per real work, one Researcher per identified person, across sources.

The shared samples have no paper in common between sources, so each second-source record
is built from the first source's real record in the second source's own format: the same
real DOI / arXiv id / DBLP key / title / people, nothing invented. The one id taken from
outside a record is OpenAlex's work id for a MAG paper, which OpenAlex kept as "W" + the
MAG id that Semantic Scholar lists.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.services.checksum import graph_checksum
from tests.support.arxiv_xml import kaggle_records
from tests.support.formats import ARXIV, BIBTEX, S2, edges, load_format, nodes
from tests.support.raw import SAMPLE, read_works, short


def _write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _split_name(name: str) -> tuple[str, str]:
    given, _, family = name.rpartition(" ")
    return given, family


def _load_in_order(
    backend: GraphBackend, settings: Settings, steps: list[tuple[str, list[Path]]]
) -> None:
    for fmt, paths in steps:
        summary = load_format(backend, settings, fmt, paths)
        assert summary.rejected == 0, (fmt, paths)


# --- arXiv and Crossref: the same DOI ---------------------------------------------------


def crossref_item_from_arxiv(rec: dict[str, Any]) -> dict[str, Any]:
    """The Crossref item for an arXiv record's published version (its DOI and journal-ref)."""
    journal, _, _rest = rec["journal-ref"].partition("D76")
    return {
        "DOI": rec["doi"],
        "title": [" ".join(rec["title"].split())],
        "type": "journal-article",
        "container-title": [journal + "D"],
        "published-print": {"date-parts": [[int(rec["journal-ref"].rsplit(",", 1)[1])]]},
        "author": [
            {"given": first, "family": last, "sequence": "first" if i == 0 else "additional"}
            for i, (last, first, _suffix) in enumerate(rec["authors_parsed"])
        ],
    }


@pytest.mark.parametrize("arxiv_first", [True, False])
def test_the_same_paper_from_arxiv_and_crossref_is_one_work_with_both_ids(
    backend: GraphBackend, settings: Settings, tmp_path: Path, arxiv_first: bool
) -> None:
    records = kaggle_records(ARXIV, 200)
    rec = records[0]
    assert rec["doi"] and rec["journal-ref"].startswith("Phys.Rev.D76")
    item = _write(tmp_path / "crossref.json", crossref_item_from_arxiv(rec))
    steps = [("arxiv", [ARXIV]), ("crossref", [item])]
    _load_in_order(backend, settings, steps if arxiv_first else steps[::-1])
    works = nodes(backend, "Work")
    assert len(works) == len(records)
    (work,) = [w for w in works if w.get("doi") == rec["doi"].lower()]
    assert work["arxiv_id"] == rec["id"]
    assert work["abstract"]  # arXiv's abstract survives Crossref's absent one
    assert work["year"] == 2007
    assert work["venue"] in ("arXiv", "Phys.Rev.D")
    topics = {e["target"] for e in edges(backend, "HAS_TOPIC") if e["source"] == work["id"]}
    assert topics == {f"arxiv:{c}" for c in rec["categories"].split()}
    before = graph_checksum(backend)
    _load_in_order(backend, settings, steps if arxiv_first else steps[::-1])
    assert graph_checksum(backend) == before


# --- OpenAlex and Crossref: the same DOI, the same ORCIDs -----------------------------


def _openalex_work_with_orcids() -> dict[str, Any]:
    for work in read_works(SAMPLE):
        with_orcid = [a for a in work["authorships"] if a["author"].get("orcid")]
        without = [a for a in work["authorships"] if not a["author"].get("orcid")]
        if work.get("doi") and len(with_orcid) >= 2 and without:
            return work
    raise AssertionError("the sample has a work with ORCID and non-ORCID authors")


def crossref_item_from_openalex(work: dict[str, Any]) -> dict[str, Any]:
    authors = []
    for index, authorship in enumerate(work["authorships"]):
        given, family = _split_name(authorship["author"]["display_name"])
        author = {"given": given, "family": family}
        author["sequence"] = "first" if index == 0 else "additional"
        if authorship["author"].get("orcid"):
            author["ORCID"] = authorship["author"]["orcid"]
        authors.append(author)
    source = (work.get("primary_location") or {}).get("source") or {}
    return {
        "DOI": work["doi"].removeprefix("https://doi.org/"),
        "title": [work["title"]],
        "type": "journal-article",
        "container-title": [source["display_name"]] if source.get("display_name") else [],
        "issued": {"date-parts": [[work["publication_year"]]]},
        "author": authors,
    }


@pytest.mark.parametrize("openalex_first", [True, False])
def test_the_same_paper_from_openalex_and_crossref_is_one_work_and_orcids_one_person(
    backend: GraphBackend, settings: Settings, tmp_path: Path, openalex_first: bool
) -> None:
    work = _openalex_work_with_orcids()
    item = _write(tmp_path / "crossref.json", crossref_item_from_openalex(work))
    steps = [("openalex", [SAMPLE]), ("crossref", [item])]
    _load_in_order(backend, settings, steps if openalex_first else steps[::-1])
    works = read_works(SAMPLE)
    assert len(nodes(backend, "Work")) == len(works)
    author_ids = {short(a["author"]["id"]) for w in works for a in w["authorships"]}
    researchers = nodes(backend, "Researcher")
    assert {r["openalex_id"] for r in researchers} == author_ids - {None}
    assert len(researchers) == len(author_ids - {None})
    (node,) = [n for n in nodes(backend, "Work") if n.get("openalex_id") == short(work["id"])]
    assert node["doi"] == work["doi"].removeprefix("https://doi.org/").lower()
    by_openalex = {r["id"]: r["openalex_id"] for r in researchers}
    sources = {
        by_openalex[e["source"]]: sorted(e["props"]["sources"])
        for e in edges(backend, "AUTHORED")
        if e["target"] == node["id"]
    }
    for authorship in work["authorships"]:
        expected = ["crossref", "openalex"] if authorship["author"].get("orcid") else ["openalex"]
        assert sources[short(authorship["author"]["id"])] == expected


# --- Semantic Scholar with OpenAlex and DBLP: the Turing paper -------------------------


def openalex_work_from_s2(paper: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"https://openalex.org/W{paper['externalIds']['MAG']}",
        "doi": f"https://doi.org/{paper['externalIds']['DOI'].lower()}",
        "title": paper["title"],
        "publication_year": paper["year"],
        "type": "article",
        "authorships": [
            {"author": {"display_name": a["name"]}, "author_position": "first"}
            for a in paper["authors"]
        ],
    }


def dblp_entry_from_s2(paper: dict[str, Any]) -> str:
    authors = " and ".join(a["externalIds"]["DBLP"][0] for a in paper["authors"])
    return (
        f"@article{{{paper['externalIds']['DBLP']},\n"
        f"  author = {{{authors}}},\n"
        f"  title = {{{paper['title']}}},\n"
        f"  journal = {{{paper['journal']['name']}}},\n"
        f"  volume = {{{paper['journal']['volume']}}},\n"
        f"  pages = {{{paper['journal']['pages']}}},\n"
        f"  year = {{{paper['year']}}},\n"
        f"  doi = {{{paper['externalIds']['DOI']}}}\n}}\n"
    )


def test_the_turing_paper_from_s2_openalex_and_dblp_is_one_work_and_one_person(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    paper = json.loads((S2 / "Paper.json").read_text())
    openalex = _write(tmp_path / "w.json", openalex_work_from_s2(paper))
    bib = tmp_path / "turing.bib"
    bib.write_text(dblp_entry_from_s2(paper), encoding="utf-8")
    s2_only = tmp_path / "paper.json"
    _write(s2_only, {k: v for k, v in paper.items() if k not in ("citations", "references")})
    _load_in_order(backend, settings, [("semantic-scholar", [s2_only])])
    counts = (len(nodes(backend, "Work")), len(nodes(backend, "Researcher")))
    _load_in_order(backend, settings, [("openalex", [openalex]), ("bibtex", [bib])])
    assert (len(nodes(backend, "Work")), len(nodes(backend, "Researcher"))) == counts == (1, 1)
    (work,) = nodes(backend, "Work")
    assert work["s2_id"] == paper["paperId"]
    assert work["openalex_id"] == f"W{paper['externalIds']['MAG']}"
    assert work["dblp_key"] == paper["externalIds"]["DBLP"]
    assert work["doi"] == paper["externalIds"]["DOI"].lower()
    assert work["abstract"] and work["cited_by_count"] == paper["citationCount"]
    (person,) = nodes(backend, "Researcher")
    assert person["s2_id"] == paper["authors"][0]["authorId"]
    assert person["dblp_name"] == paper["authors"][0]["externalIds"]["DBLP"][0]
    (authored,) = edges(backend, "AUTHORED")
    assert sorted(authored["props"]["sources"]) == ["dblp", "s2"]
    from fastapi.testclient import TestClient

    from graphsvc.api.app import create_app

    with TestClient(create_app(settings, backend)) as client:
        for ident in (f"s2:{person['s2_id']}", f"dblp:{person['dblp_name']}"):
            answer = client.get(f"/researchers/{ident}")
            assert answer.status_code == 200 and answer.json()["id"] == person["id"], ident


# --- arXiv and Semantic Scholar: the same arXiv id -------------------------------------


def kaggle_line_from_s2(paper: dict[str, Any]) -> dict[str, Any]:
    parsed = []
    for author in paper["authors"]:
        given, family = _split_name(author["name"])
        parsed.append([family, given, ""])
    return {
        "id": paper["externalIds"]["ArXiv"],
        "title": paper["title"],
        "abstract": paper["abstract"],
        "authors": ", ".join(a["name"] for a in paper["authors"]),
        "authors_parsed": parsed,
        "categories": "",
        "versions": [],
    }


def test_the_same_preprint_from_s2_and_arxiv_is_one_work_and_a_dblp_twin_stays_apart(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    cited = json.loads((S2 / "Reference.json").read_text())["citedPaper"]
    line = tmp_path / "arxiv.jsonl"
    line.write_text(json.dumps(kaggle_line_from_s2(cited)) + "\n")
    # DBLP's ICML entry of the same title: a different DBLP record (CoRR vs ICML), and
    # no identifier links them, so a matching title must not merge them
    icml = (BIBTEX / "icml.bib").read_text(encoding="utf-8")
    start = icml.index("@inproceedings{conf/icml/MnihG14,")
    twin = tmp_path / "icml.bib"
    twin.write_text(icml[start : icml.index("\n}", start) + 3], encoding="utf-8")
    _load_in_order(
        backend,
        settings,
        [("semantic-scholar", [S2 / "Reference.json"]), ("arxiv", [line]), ("bibtex", [twin])],
    )
    works = nodes(backend, "Work")
    assert len(works) == 2
    (s2_work,) = [w for w in works if w.get("s2_id")]
    assert s2_work["arxiv_id"] == cited["externalIds"]["ArXiv"]
    assert s2_work["dblp_key"] == cited["externalIds"]["DBLP"]
    assert s2_work["year"] == cited["year"]
    (dblp_work,) = [w for w in works if not w.get("s2_id")]
    assert dblp_work["dblp_key"] == "conf/icml/MnihG14"
    assert dblp_work["title"].lower() == s2_work["title"].lower()
    # S2's authors (no DBLP link in this record) and DBLP's are separate people
    researchers = nodes(backend, "Researcher")
    assert len(researchers) == len(cited["authors"]) + 2


def test_auto_detects_every_shared_format_and_loads_them_into_one_graph(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    records = kaggle_records(ARXIV, 200)
    crossref = tmp_path / "crossref.jsonl.gz"
    crossref.write_bytes(gzip.compress(json.dumps(crossref_item_from_arxiv(records[0])).encode()))
    summary = load_format(backend, settings, "auto", [ARXIV, crossref])
    assert summary.rejected == 0 and summary.created == len(records)
    assert summary.works_loaded == len(records) + 1


def test_the_api_answers_a_merged_work_by_each_of_its_ids(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from graphsvc.api.app import create_app

    cited = json.loads((S2 / "Reference.json").read_text())["citedPaper"]
    line = tmp_path / "arxiv.jsonl"
    line.write_text(json.dumps(kaggle_line_from_s2(cited)) + "\n")
    icml = (BIBTEX / "icml.bib").read_text(encoding="utf-8")
    start = icml.index("@inproceedings{conf/icml/MnihG14,")
    twin = tmp_path / "icml.bib"
    twin.write_text(icml[start : icml.index("\n}", start) + 3], encoding="utf-8")
    _load_in_order(
        backend,
        settings,
        [("semantic-scholar", [S2 / "Reference.json"]), ("arxiv", [line]), ("bibtex", [twin])],
    )
    with TestClient(create_app(settings, backend)) as client:
        dblp = client.get("/works/dblp:conf/icml/MnihG14")
        assert dblp.status_code == 200 and dblp.json()["dblp_key"] == "conf/icml/MnihG14"
        by_arxiv = client.get(f"/works/{cited['externalIds']['ArXiv']}")
        assert by_arxiv.status_code == 200, by_arxiv.text
        work = by_arxiv.json()
        assert work["s2_id"] == cited["paperId"]
        assert work["dblp_key"] == cited["externalIds"]["DBLP"]
        assert work["arxiv_id"] == cited["externalIds"]["ArXiv"]
        assert len(work["authors"]) == len(cited["authors"])
        assert client.get(f"/works/{work['id']}").json()["id"] == work["id"]
        for other_id in (f"s2:{cited['paperId']}", f"dblp:{cited['externalIds']['DBLP']}"):
            assert client.get(f"/works/{other_id}").json()["id"] == work["id"], other_id
