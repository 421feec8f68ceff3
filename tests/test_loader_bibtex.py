"""BibTeX (DBLP): entries, LaTeX decoding, both name forms, homonym suffixes, bad input."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.records import Rejected, WorkRecord
from graphsvc.services.checksum import graph_checksum
from loaders import bibtex
from tests.support.formats import BIBTEX, edges, load_format, nodes

FILES = sorted(BIBTEX.glob("*.bib"))
TEXT = {p.name: p.read_text(encoding="utf-8") for p in FILES}


def _raw_entries(text: str) -> list[str]:
    """Entries split at line-initial "@" (an independent, cruder reading of the file)."""
    return [chunk for chunk in re.split(r"\n(?=@)", "\n" + text) if chunk.startswith("@")]


def _author_names(entry: str) -> list[str]:
    match = re.search(r"\n  author = \{(.*)\}\n?", entry)
    return [n.strip() for n in match.group(1).split(" and ")] if match and match.group(1) else []


def _key(entry: str) -> str:
    return re.match(r"@\w+\{([^,]+),", entry).group(1)  # type: ignore[union-attr]


def test_every_dblp_paper_is_read_and_proceedings_volumes_are_passed_over() -> None:
    items = list(bibtex.read(FILES))
    papers = [e for t in TEXT.values() for e in _raw_entries(t) if not e.startswith("@proceedings")]
    assert all(isinstance(i, WorkRecord) for i in items)
    assert [i.dblp_key for i in items] == [_key(e) for e in papers]  # type: ignore[union-attr]
    assert [[a.dblp_name for a in i.authors] for i in items] == [  # type: ignore[union-attr]
        list(dict.fromkeys(_author_names(e))) for e in papers
    ]


def test_dblp_homonyms_stay_distinct_people(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    # colt.bib, plus the real icml.bib entries by the "Tong Zhang" without a suffix
    extra = [e for e in _raw_entries(TEXT["icml.bib"]) if "Tong Zhang" in e]
    more = tmp_path / "icml-tong-zhang.bib"
    more.write_text("\n".join(extra), encoding="utf-8")
    summary = load_format(backend, settings, "bibtex", [BIBTEX / "colt.bib", more])
    papers = [e for e in _raw_entries(TEXT["colt.bib"]) + extra if not e.startswith("@proceedings")]
    keys = {_key(e) for e in papers}
    assert summary.rejected == 0 and summary.created == len(keys)
    assert {w["dblp_key"] for w in nodes(backend, "Work")} == keys
    names_per_key = {_key(e): set(_author_names(e)) for e in papers}
    researchers = nodes(backend, "Researcher")
    assert {r["dblp_name"] for r in researchers} == set().union(*names_per_key.values())
    # "Tong Zhang 0001" and "Tong Zhang" are two people with the same display name
    tong = {r["dblp_name"]: r for r in researchers if r["name"] == "Tong Zhang"}
    assert set(tong) == {"Tong Zhang 0001", "Tong Zhang"}
    authored = Counter(e["source"] for e in edges(backend, "AUTHORED"))
    for full, person in tong.items():
        expected = sum(1 for names in names_per_key.values() if full in names)
        assert authored[person["id"]] == expected > 0


def test_bibtex_load_twice_leaves_the_graph_unchanged(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    colt = tmp_path / "colt-part.bib"  # the first 300 real entries: enough shared authors
    colt.write_text("\n".join(_raw_entries(TEXT["colt.bib"])[:300]), encoding="utf-8")
    first = load_format(backend, settings, "bibtex", [colt])
    before = graph_checksum(backend)
    again = load_format(backend, settings, "bibtex", [colt])
    assert first.created > 250 and before.edges > first.created
    assert graph_checksum(backend) == before and again.created == 0


def test_latex_accents_and_last_first_names_decode_to_the_dblp_name(tmp_path: Path) -> None:
    records = [r for r in bibtex.read([BIBTEX / "icml.bib"]) if isinstance(r, WorkRecord)]
    accented = next(r for r in records if any(not a.name.isascii() for a in r.authors))
    entry_text = next(
        e
        for e in _raw_entries(TEXT["icml.bib"])
        if e.split("{", 1)[1].startswith(accented.dblp_key + ",")
    )
    latex = {
        "é": "{\\'e}",
        "á": "{\\'a}",
        "ö": '{\\"o}',
        "ü": '{\\"u}',
        "ó": "{\\'o}",
        "í": "{\\'i}",
        "è": "{\\`e}",
        "ç": "{\\c c}",
        "ñ": "{\\~n}",
        "ä": '{\\"a}',
    }
    rewritten_names = []
    for name in _author_names(entry_text):
        words = name.split()
        suffix = [w for w in words if re.fullmatch(r"\d{4}", w)]
        words = [w for w in words if w not in suffix]
        last_first = f"{words[-1]}{' ' + suffix[0] if suffix else ''}, {' '.join(words[:-1])}"
        rewritten_names.append("".join(latex.get(ch, ch) for ch in last_first))
    rewritten = entry_text.replace(
        " and ".join(_author_names(entry_text)), " and ".join(rewritten_names)
    )
    assert rewritten != entry_text
    path = tmp_path / "one.bib"
    path.write_text(rewritten, encoding="utf-8")
    (again,) = list(bibtex.read([path]))
    assert isinstance(again, WorkRecord)
    assert [(a.name, a.dblp_name) for a in again.authors] == [
        (a.name, a.dblp_name) for a in accented.authors
    ]


def test_latex_in_titles_becomes_unicode() -> None:
    assert bibtex.latex_to_unicode('Sch{\\"o}lkopf and {SVM}s') == "Schölkopf and SVMs"
    assert bibtex.latex_to_unicode("J{\\'{e}}r{\\^o}me") == "Jérôme"
    records = [r for r in bibtex.read([BIBTEX / "colt.bib"]) if isinstance(r, WorkRecord)]
    assert all("{" not in r.title and "\\" not in r.title for r in records)
    assert any("ℓ" in r.title for r in records)


def test_names_in_non_dblp_files_are_not_identifiers(tmp_path: Path) -> None:
    entry = _raw_entries(TEXT["colt.bib"])[0]
    key = re.match(r"@\w+\{([^,]+),", entry).group(1)  # type: ignore[union-attr]
    plain = tmp_path / "mine.bib"
    plain.write_text(entry.replace(key, "my-own-key"), encoding="utf-8")
    (record,) = list(bibtex.read([plain]))
    assert isinstance(record, Rejected) or not record.authors
    if isinstance(record, WorkRecord):
        assert record.skipped_authorships == len(_author_names(entry))


def test_malformed_bibtex_is_rejected_with_reasons_and_the_rest_loads(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    entries = [e for e in _raw_entries(TEXT["colt.bib"]) if e.startswith("@inproceedings")]
    good = entries[:3]
    no_title = re.sub(r"\n  title = \{.*\},", "", entries[3])
    huge = re.sub(r"title = \{", "title = {" + "z" * 5000, entries[4], count=1)
    bad_year = re.sub(r"year = \{\d+\}", "year = {19x5}", entries[5])
    truncated = entries[6][: len(entries[6]) // 2]
    text = "\n".join([good[0], no_title, huge, good[1], bad_year, truncated, good[2]])
    path = tmp_path / "mixed.bib"
    path.write_text(text, encoding="utf-8")
    latin = tmp_path / "latin1.bib"
    latin.write_bytes(entries[7].replace("}", "} % caf\xe9", 1).encode("latin-1"))
    rejects = tmp_path / "rejects.jsonl"
    summary = load_format(backend, settings, "bibtex", [path, latin], rejects)
    reasons = [json.loads(x)["reason"] for x in rejects.read_text().splitlines()]
    assert summary.created == 3
    assert "the work has no title" in reasons[0]
    assert "title too large" in reasons[1]
    assert "is not a number" in reasons[2]
    assert "truncated entry" in reasons[3]
    assert "not UTF-8" in reasons[4]
    assert len(reasons) == 5
