"""The OpenAlex load: idempotent, exact under updates, rejects written, merged ids kept."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.services.checksum import graph_checksum
from graphsvc.services.researchers import ResearcherService
from tests.conftest import load_paths, make_settings
from tests.support.raw import SAMPLE, SHARED, raw_counts, read_works, short


def write_jsonl(path: Path, works: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(w) for w in works) + "\n")
    return path


def test_loading_the_sample_twice_changes_nothing(
    backend: GraphBackend, settings: Settings
) -> None:
    first = load_paths(backend, settings, [SAMPLE])
    before = graph_checksum(backend)
    second = load_paths(backend, settings, [SAMPLE])
    assert graph_checksum(backend) == before
    assert first.created == 294 and second.unchanged == 294 and second.created == 0
    assert before.nodes > 1000 and before.edges > 1000


def test_authorships_without_author_id_are_counted_as_skipped(
    backend: GraphBackend, settings: Settings
) -> None:
    works = read_works()
    expected = sum(1 for w in works for a in w["authorships"] if not a["author"].get("id"))
    summary = load_paths(backend, settings, [SAMPLE])
    assert expected > 0 and summary.authorships_skipped == expected


def test_bad_records_go_to_the_rejects_file_and_the_load_goes_on(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    good = read_works()[:3]
    lines = [
        json.dumps(good[0]).encode(),
        b"{not json",
        json.dumps({"id": "https://openalex.org/A1"}).encode(),
        json.dumps(good[1]).encode(),
        b'{"id": "\xff\xfe"}',
        json.dumps(good[2]).encode(),
    ]
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    rejects = tmp_path / "rejects.jsonl"
    summary = load_paths(backend, settings, [source], rejects)
    assert (summary.created, summary.rejected) == (3, 3)
    entries = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [e["line"] for e in entries] == [2, 3, 5]
    assert "invalid JSON" in entries[0]["reason"]
    assert "not an OpenAlex Work" in entries[1]["reason"]
    assert "not UTF-8" in entries[2]["reason"]
    assert all(e["file"] == str(source) for e in entries)


def test_every_openalex_json_shape_loads(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    works = read_works()[:4]
    single = tmp_path / "one.json"
    single.write_text(json.dumps(works[0]))
    array = tmp_path / "many.json"
    array.write_text(json.dumps(works[1:3]))
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"meta": {"count": 1}, "results": [works[3]]}))
    gz = tmp_path / "lines.jsonl.gz"
    gz.write_bytes(gzip.compress((json.dumps(works[0]) + "\n").encode()))
    summary = load_paths(backend, settings, [single, array, page, gz])
    assert (summary.created, summary.unchanged, summary.rejected) == (4, 1, 0)


def test_snapshot_layout_loads_works_and_records_merged_ids(
    backend: GraphBackend, settings: Settings
) -> None:
    snapshot = SHARED / "openalex" / "snapshot"
    parts = sorted((snapshot / "works").glob("updated_date=*/part_*.gz"))
    expected = sum(len(read_works(p)) for p in parts)
    summary = load_paths(backend, settings, [snapshot])
    assert summary.created == expected and summary.rejected == 0
    assert summary.aliases_recorded > 0
    row = backend.read("alias/resolve_alias", {"id": "A3125154712", "kind": "researcher"})
    assert row == [{"target": "A4317838346"}]


def test_a_newer_version_without_an_author_recomputes_coauthor_weights_exactly(
    tmp_path: Path,
) -> None:
    """Through the pipeline directly; tests/test_updates.py takes a work through its versions
    (author added, title fixed, author removed) via `graphsvc load` and POST /works."""
    from graphsvc.backends import open_backend

    settings = make_settings(tmp_path / "data")
    works = read_works()
    target = next(
        w for w in works if 3 <= len([a for a in w["authorships"] if a["author"].get("id")]) <= 10
    )
    changed = copy.deepcopy(target)
    dropped = changed["authorships"].pop()
    changed["title"] = (target["title"] or "") + " (corrected)"
    backend = open_backend(settings)
    try:
        load_paths(backend, settings, [SAMPLE])
        load_paths(backend, settings, [write_jsonl(tmp_path / "v2.jsonl", [changed])])
        updated = [changed if w["id"] == target["id"] else w for w in works]
        raw = raw_counts(updated)
        service = ResearcherService(backend, settings)
        touched = {short(a["author"]["id"]) for a in target["authorships"] if a["author"].get("id")}
        for author in touched:
            listed = service.collaborators(author, 1, 500)["data"]
            assert {c["id"]: c["shared_works"] for c in listed} == raw.coauthors(author)
            assert service.profile(author)["works_count"] == len(raw.works.get(author, ()))
        assert short(dropped["author"]["id"]) in touched
        work = backend.read("work/get_work", {"id": short(target["id"])})[0]["work"]
        assert work["title"].endswith("(corrected)")
        # and loading the first version again restores the original exactly
        load_paths(backend, settings, [write_jsonl(tmp_path / "v1.jsonl", [target])])
        raw1 = raw_counts(works)
        for author in touched:
            listed = service.collaborators(author, 1, 500)["data"]
            assert {c["id"]: c["shared_works"] for c in listed} == raw1.coauthors(author)
    finally:
        backend.close()


def test_works_with_more_authors_than_the_cap_make_no_coauthor_edges(tmp_path: Path) -> None:
    from graphsvc.backends import open_backend

    settings = make_settings(tmp_path / "data", coauthor_max_authors=2)
    backend = open_backend(settings)
    try:
        load_paths(backend, settings, [SAMPLE])
        raw = raw_counts(read_works(), cap=2)
        raw_uncapped = raw_counts(read_works(), cap=50)
        assert len(raw.shared) < len(raw_uncapped.shared)
        service = ResearcherService(backend, settings)
        for author in raw.works:
            listed = service.collaborators(author, 1, 500)["data"]
            assert {c["id"]: c["shared_works"] for c in listed} == raw.coauthors(author)
            assert service.profile(author)["works_count"] == len(raw.works[author])
    finally:
        backend.close()
