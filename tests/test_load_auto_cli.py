"""`graphsvc load auto` and `graphsvc load <format>` from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from graphsvc.records import MergedId, WorkRecord
from loaders import FORMATS, detect
from tests.support.formats import ARXIV, BIBTEX, CROSSREF, CROSSREF_RESPONSES, DATA, S2


def test_detection_names_the_format_of_every_shared_sample() -> None:
    expected = {
        ARXIV: "arxiv",
        CROSSREF: "crossref",
        next(CROSSREF_RESPONSES.glob("*.json")): "crossref",
        BIBTEX / "jmlr.bib": "bibtex",
        S2 / "Paper.json": "semantic-scholar",
        S2 / "Author.json": "semantic-scholar",
        S2 / "Citation.json": "semantic-scholar",
        DATA / "openalex" / "works_sample.jsonl.gz": "openalex",
        DATA / "openalex" / "api_pages" / "keypaper_results_page_1.json": "openalex",
    }
    assert {p: detect.detect(p) for p in expected} == expected
    assert set(detect.READERS) | {"auto"} == set(FORMATS)


def test_cli_load_auto_reads_a_mix_and_writes_unknown_files_to_rejects(tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps({"hello": "world"}))
    rejects = tmp_path / "rejects.jsonl"
    env = {**os.environ, "GRAPHSVC_DATA_DIR": str(tmp_path / "data")}
    env.pop("GRAPHSVC_DATABASE_URL", None)
    command = [sys.executable, "-m", "graphsvc", "load", "auto", str(ARXIV), str(notes)]
    done = subprocess.run(
        [*command, "--rejects", str(rejects)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "works loaded" in done.stderr
    (entry,) = [json.loads(x) for x in rejects.read_text().splitlines()]
    assert entry["file"] == str(notes) and "cannot tell the format" in entry["reason"]


def test_auto_loads_an_openalex_snapshot_inside_a_directory_with_its_merged_ids() -> None:
    items = list(detect.read([DATA / "openalex"]))
    assert any(isinstance(i, MergedId) for i in items)
    assert any(isinstance(i, WorkRecord) and i.source == "openalex" for i in items)


def test_crossref_markup_in_titles_is_stripped() -> None:
    from loaders import crossref

    items = [i for i in crossref.read([CROSSREF]) if isinstance(i, WorkRecord)]
    assert all("<i>" not in i.title and "</" not in i.title for i in items)
