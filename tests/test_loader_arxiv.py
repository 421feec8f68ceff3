"""arXiv: Kaggle JSON lines, OAI-PMH (arXiv, arXivRaw) and Atom, on real records."""

from __future__ import annotations

import json
from pathlib import Path

from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.records import Rejected, WorkRecord
from graphsvc.services.checksum import graph_checksum
from loaders import arxiv
from tests.support.arxiv_xml import atom_feed, kaggle_records, oai_pmh
from tests.support.formats import ARXIV, load_format, nodes

RAW = kaggle_records(ARXIV, 200)


def _works(items: list) -> list[WorkRecord]:
    return [i for i in items if isinstance(i, WorkRecord)]


def test_kaggle_sample_loads_as_preprints_with_first_version_year_and_categories(
    backend: GraphBackend, settings: Settings
) -> None:
    summary = load_format(backend, settings, "arxiv", [ARXIV])
    assert (summary.created, summary.rejected) == (len(RAW), 0)
    # arXiv names authors without identifiers: every authorship is counted, none is a node
    assert summary.authorships_skipped == sum(len(r["authors_parsed"]) for r in RAW)
    assert nodes(backend, "Researcher") == []
    works = {w["arxiv_id"]: w for w in nodes(backend, "Work")}
    assert set(works) == {r["id"] for r in RAW}
    first = RAW[0]
    work = works[first["id"]]
    assert (work["type"], work["venue"]) == ("preprint", "arXiv")
    assert work["year"] == int(first["versions"][0]["created"].split()[3])
    assert work["doi"] == first["doi"].lower()
    topics = {t["id"] for t in nodes(backend, "Topic")}
    assert {f"arxiv:{c}" for r in RAW for c in r["categories"].split()} == topics


def test_arxiv_load_twice_leaves_the_graph_unchanged(
    backend: GraphBackend, settings: Settings
) -> None:
    load_format(backend, settings, "arxiv", [ARXIV])
    before = graph_checksum(backend)
    again = load_format(backend, settings, "arxiv", [ARXIV])
    assert graph_checksum(backend) == before and again.unchanged == len(RAW)


def test_oai_pmh_arxiv_arxivraw_and_atom_read_the_same_papers_as_kaggle(tmp_path: Path) -> None:
    records = RAW[:12]
    kaggle = tmp_path / "k.jsonl"
    kaggle.write_text("\n".join(json.dumps(r) for r in records))
    files = {
        "kaggle": kaggle,
        "oai": tmp_path / "oai.xml",
        "raw": tmp_path / "raw.xml",
        "atom": tmp_path / "feed.atom",
    }
    files["oai"].write_bytes(oai_pmh(records, raw=False))
    files["raw"].write_bytes(oai_pmh(records, raw=True))
    files["atom"].write_bytes(atom_feed(records))

    def key(w: WorkRecord) -> tuple:
        topics = sorted(t.id for t in w.topics)
        return (w.arxiv_id, w.title, w.doi, w.year, w.abstract, topics, w.skipped_authorships)

    read = {name: _works(list(arxiv.read([path]))) for name, path in files.items()}
    assert len(read["kaggle"]) == len(records)
    for name in ("oai", "raw", "atom"):
        assert [key(w) for w in read[name]] == [key(w) for w in read["kaggle"]], name


def test_xml_from_oai_loads_into_the_same_works_as_json(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    load_format(backend, settings, "arxiv", [ARXIV])
    before = graph_checksum(backend)
    oai = tmp_path / "oai.xml"
    oai.write_bytes(oai_pmh(RAW[:20], raw=True))
    summary = load_format(backend, settings, "arxiv", [oai])
    assert (summary.unchanged, summary.created) == (20, 0)
    assert graph_checksum(backend) == before


def test_malformed_arxiv_inputs_are_rejected_with_reasons_and_the_rest_loads(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    good = [json.dumps(r).encode() for r in RAW[:3]]
    no_id = dict(RAW[3])
    del no_id["id"]
    huge = dict(RAW[4], title="x" * 100_000)
    accented = next(r for r in RAW if not json.dumps(r, ensure_ascii=False).isascii())
    lines = [
        good[0],
        json.dumps(no_id).encode(),
        json.dumps(huge).encode(),
        json.dumps(accented, ensure_ascii=False).encode("latin-1", "replace"),
        good[1],
        good[2][: len(good[2]) // 2],  # truncated last line
    ]
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b"\n".join(lines))
    truncated_xml = tmp_path / "cut.xml"
    whole = oai_pmh(RAW[5:9], raw=False)
    truncated_xml.write_bytes(whole[: int(len(whole) * 0.6)])
    rejects = tmp_path / "rejects.jsonl"
    summary = load_format(backend, settings, "arxiv", [source, truncated_xml], rejects)
    entries = [json.loads(line) for line in rejects.read_text().splitlines()]
    reasons = " | ".join(e["reason"] for e in entries)
    assert "not an arXiv record" in reasons
    assert "title too large" in reasons
    assert "not UTF-8" in reasons
    assert "invalid JSON" in reasons
    assert "truncated XML" in reasons
    parsed_xml = _works(list(arxiv.read([truncated_xml])))
    assert summary.created == 2 + len(parsed_xml) and 0 < len(parsed_xml) < 4
    assert summary.rejected == len(entries) == 5


def test_unsafe_xml_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><feed><entry><id>&b;</id></entry></feed>'
    )
    items = list(arxiv.read_xml(bomb, "bomb.xml"))
    assert len(items) >= 1 and isinstance(items[0], Rejected)
    assert "unsafe XML" in items[0].reason


def test_without_version_dates_the_year_comes_from_the_arxiv_id() -> None:
    assert arxiv.first_version_year(None, "0704.0001") == 2007
    assert arxiv.first_version_year("", "hep-th/9901001") == 1999
    assert arxiv.first_version_year("2007-04-02", "2101.00001") == 2007
    assert arxiv.first_version_year("Mon, 2 Apr 2007 19:18:42 GMT", "2101.00001") == 2007


def test_a_kaggle_snapshot_named_json_and_a_cut_gzip_stream_line_by_line(tmp_path: Path) -> None:
    import gzip

    snapshot = tmp_path / "arxiv-metadata-oai-snapshot.json"  # Kaggle's own file name
    snapshot.write_bytes(ARXIV.read_bytes())
    assert len(_works(list(arxiv.read([snapshot])))) == len(RAW)
    packed = gzip.compress(ARXIV.read_bytes())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    items = list(arxiv.read([cut]))
    assert 0 < len(_works(items)) < len(RAW)
    assert isinstance(items[-1], Rejected) and "truncated or corrupt" in items[-1].reason
