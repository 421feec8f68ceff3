"""Crossref: work items, API responses and JSON lines, on real recorded records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from graphsvc import ids
from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.records import Rejected, WorkRecord
from graphsvc.services.checksum import graph_checksum
from loaders import crossref
from tests.support.formats import CROSSREF, CROSSREF_RESPONSES, edges, load_format, nodes

ITEMS = [json.loads(x) for x in gzip.decompress(CROSSREF.read_bytes()).split(b"\n") if x.strip()]


def _titled(item: dict) -> bool:
    return any(isinstance(t, str) and t.strip() for t in item.get("title") or [])


def test_crossref_items_load_with_orcid_authors_and_doi_references(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.jsonl"
    summary = load_format(backend, settings, "crossref", [CROSSREF], rejects)
    titled = [i for i in ITEMS if _titled(i)]
    assert summary.created == len(titled) and summary.rejected == len(ITEMS) - len(titled)
    assert {json.loads(x)["reason"] for x in rejects.read_text().splitlines()} == {
        "the work has no title"
    }
    orcids = {o for i in titled for a in i.get("author") or [] if (o := ids.orcid(a.get("ORCID")))}
    researchers = nodes(backend, "Researcher")
    assert {r["orcid"] for r in researchers} == orcids and len(researchers) == len(orcids)
    authorships = sum(len(i.get("author") or []) for i in titled)
    with_orcid = len(edges(backend, "AUTHORED"))
    assert summary.authorships_skipped == authorships - with_orcid
    works = {w["doi"]: w for w in nodes(backend, "Work")}
    sample = next(i for i in titled if i.get("reference") and i.get("container-title"))
    work = works[sample["DOI"].lower()]
    assert work["title"] == " ".join(sample["title"][0].split())
    assert work["venue"] == sample["container-title"][0]
    assert work["cited_by_count"] == sample["is-referenced-by-count"]


def test_references_are_the_cited_dois_crossref_knows() -> None:
    item = next(i for i in ITEMS if i.get("reference") and _titled(i))
    record = crossref.parse_work(item, "x:1")
    assert isinstance(record, WorkRecord)
    expected = []
    for ref in item["reference"]:
        if ref.get("DOI") and f"doi:{ref['DOI'].lower()}" not in expected:
            expected.append(f"doi:{ref['DOI'].lower()}")
    assert record.references == expected
    assert len(expected) < len(item["reference"]) or all("DOI" in r for r in item["reference"])


def test_an_orcid_with_a_bad_checksum_is_not_an_identifier() -> None:
    item = next(i for i in ITEMS if _titled(i) and any("ORCID" in a for a in i.get("author", [])))
    broken = json.loads(json.dumps(item))
    author = next(a for a in broken["author"] if "ORCID" in a)
    digits = author["ORCID"][-1]
    author["ORCID"] = author["ORCID"][:-1] + ("0" if digits != "0" else "1")
    good = crossref.parse_work(item, "x:1")
    bad = crossref.parse_work(broken, "x:1")
    assert isinstance(good, WorkRecord) and isinstance(bad, WorkRecord)
    assert len(bad.authors) == len(good.authors) - 1
    assert bad.skipped_authorships == good.skipped_authorships + 1


def test_whole_api_responses_load_and_other_message_types_are_rejected(
    backend: GraphBackend, settings: Settings
) -> None:
    files = sorted(CROSSREF_RESPONSES.glob("*.json"))
    items = list(crossref.read(files))
    kinds = [json.loads(p.read_text())["response"].get("message-type") for p in files]
    expected_items = 0
    for path in files:
        response = json.loads(path.read_text())["response"]
        if response["message-type"] == "work-list":
            expected_items += len(response["message"]["items"])
        elif response["message-type"] == "work":
            expected_items += 1
    agency = [i for i in items if isinstance(i, Rejected) and "work-agency" in i.reason]
    assert len(agency) == kinds.count("work-agency") > 0
    assert len(items) == expected_items + len(agency)
    summary = load_format(backend, settings, "crossref", [CROSSREF_RESPONSES])
    before = graph_checksum(backend)
    again = load_format(backend, settings, "crossref", [CROSSREF_RESPONSES])
    assert graph_checksum(backend) == before
    assert again.created == 0 and again.unchanged == summary.works_loaded


def test_crossref_load_twice_leaves_the_graph_unchanged(
    backend: GraphBackend, settings: Settings
) -> None:
    load_format(backend, settings, "crossref", [CROSSREF])
    before = graph_checksum(backend)
    load_format(backend, settings, "crossref", [CROSSREF])
    assert graph_checksum(backend) == before


def test_malformed_crossref_inputs_are_rejected_with_reasons(tmp_path: Path) -> None:
    titled = [i for i in ITEMS if _titled(i)]
    no_doi = {k: v for k, v in titled[1].items() if k != "DOI"}
    huge = dict(titled[2], title=["y" * 50_000])
    many = dict(titled[3], author=[{"given": "x", "family": "y"}] * 20_000)
    long_doi = dict(titled[6], DOI=titled[6]["DOI"] + "x" * 400)
    lines = [
        json.dumps(titled[0]).encode(),
        json.dumps(no_doi).encode(),
        json.dumps(huge).encode(),
        json.dumps(many).encode(),
        "é".encode("latin-1") + json.dumps(titled[4]).encode(),
        json.dumps(titled[5]).encode()[:200],
        json.dumps(long_doi).encode(),
    ]
    source = tmp_path / "items.jsonl.gz"
    source.write_bytes(gzip.compress(b"\n".join(lines)))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(b"\n".join(lines))[:100])
    items = list(crossref.read([source, cut]))
    reasons = [i.reason for i in items if isinstance(i, Rejected)]
    assert [type(i).__name__ for i in items[:1]] == ["WorkRecord"]
    assert "not a Crossref work: DOI 'None'" in reasons[0]
    assert "title too large" in reasons[1]
    assert "author list too large" in reasons[2]
    assert "not UTF-8" in reasons[3]
    assert "invalid JSON" in reasons[4]
    assert "doi too long" in reasons[5]
    assert "cannot read the file" in reasons[6]
    assert len(reasons) == 7
