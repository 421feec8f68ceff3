"""The researchers' derived counts, kept by differences at ingest, equal a recount from
the edges and the raw records, under first loads, partial loads, updates and re-loads."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphsvc.backends import GraphBackend, open_backend
from graphsvc.cli import app
from graphsvc.config import Settings
from graphsvc.errors import ConfigurationError
from graphsvc.services.checksum import graph_checksum
from graphsvc.services.derived import check_derived_state, recount
from graphsvc.services.researchers import ResearcherService
from tests.conftest import load_paths, make_settings
from tests.support.raw import SAMPLE, RawCounts, raw_counts, read_works, short


def write_jsonl(path: Path, works: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(w) for w in works) + "\n")
    return path


def test_every_top_topic_carries_the_number_of_works_the_raw_records_give(
    sample_backend: GraphBackend, sample_settings: Settings
) -> None:
    raw = raw_counts(read_works())
    service = ResearcherService(sample_backend, sample_settings)
    checked = 0
    for author, topics in raw.topic_works.items():
        profile = service.profile(author)
        counts = {t: len(ws) for t, ws in topics.items()}
        listed = {t["id"]: t["works"] for t in profile["top_topics"]}
        assert all(counts[t] == n for t, n in listed.items()), author
        # the most frequent topics are the ones listed
        assert (
            sorted(listed.values(), reverse=True)
            == sorted(counts.values(), reverse=True)[: len(listed)]
        ), author
        checked += any(n > 1 for n in listed.values())
    assert checked > 20  # many researchers have a topic on several works


def test_counts_kept_by_differences_equal_a_recount_after_loads_and_updates(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path / "data")
    works = read_works()
    backend = open_backend(settings)
    try:
        load_paths(backend, settings, [write_jsonl(tmp_path / "a.jsonl", works[::2])])
        load_paths(backend, settings, [write_jsonl(tmp_path / "b.jsonl", works[1::2])])
        # newer versions: an author removed from one work, another work's topics replaced
        changed = copy.deepcopy(
            [w for w in works if len([a for a in w["authorships"] if a["author"].get("id")]) > 3][
                :2
            ]
        )
        changed[0]["authorships"].pop()
        changed[1]["topics"] = changed[0]["topics"][:1]
        load_paths(backend, settings, [write_jsonl(tmp_path / "c.jsonl", changed)])
        by_differences = graph_checksum(backend)
        assert recount(backend, settings.close_collaborator_min_shared) > 500
        assert graph_checksum(backend) == by_differences
        updated = {w["id"]: w for w in works} | {w["id"]: w for w in changed}
        raw = raw_counts(list(updated.values()))
        assert_profiles_match(backend, settings, raw)
    finally:
        backend.close()


def assert_profiles_match(backend: GraphBackend, settings: Settings, raw: RawCounts) -> None:
    service = ResearcherService(backend, settings)
    close_min = settings.close_collaborator_min_shared
    for author, ids in raw.works.items():
        profile = service.profile(author)
        close = sum(1 for n in raw.coauthors(author).values() if n >= close_min)
        assert (
            profile["works_count"],
            profile["topics_count"],
            profile["close_collaborators_count"],
        ) == (len(ids), len(raw.topics[author]), close), author


def test_a_changed_close_threshold_is_refused_until_a_recount_rebuilds_the_counts(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    settings = make_settings(data)
    backend = open_backend(settings)
    try:
        load_paths(backend, settings, [SAMPLE])
    finally:
        backend.close()
    stricter = make_settings(data, close_collaborator_min_shared=3)
    backend = open_backend(stricter)
    try:
        with pytest.raises(ConfigurationError) as refused:
            check_derived_state(backend, 3)
        message = str(refused.value)
        assert "GRAPHSVC_CLOSE_COLLABORATOR_MIN_SHARED" in message
        assert "graphsvc recount" in message
    finally:
        backend.close()

    env = {"GRAPHSVC_DATA_DIR": str(data), "GRAPHSVC_CLOSE_COLLABORATOR_MIN_SHARED": "3"}
    runner = CliRunner()
    refused_cli = runner.invoke(app, ["cypher", "RETURN 1"], env=env)
    assert refused_cli.exit_code == 2 and "graphsvc recount" in refused_cli.output
    done = runner.invoke(app, ["recount"], env=env)
    assert done.exit_code == 0, done.output
    backend = open_backend(stricter)
    try:
        check_derived_state(backend, 3)
        assert_profiles_match(backend, stricter, raw_counts(read_works()))
    finally:
        backend.close()


def test_a_researcher_left_without_works_counts_nothing(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    works = read_works()
    target = next(
        w for w in works if len([a for a in w["authorships"] if a["author"].get("id")]) >= 2
    )
    backend = open_backend(settings)
    try:
        load_paths(backend, settings, [write_jsonl(tmp_path / "v1.jsonl", [target])])
        dropped = copy.deepcopy(target)
        gone = dropped["authorships"].pop()
        load_paths(backend, settings, [write_jsonl(tmp_path / "v2.jsonl", [dropped])])
        profile = ResearcherService(backend, settings).profile(short(gone["author"]["id"]))
        assert (
            profile["works_count"],
            profile["topics_count"],
            profile["close_collaborators_count"],
            profile["top_topics"],
        ) == (0, 0, 0, [])
    finally:
        backend.close()


def test_top_lists_of_hubs_stay_exact_through_loads_updates_and_removals(tmp_path: Path) -> None:
    """Researchers with more coauthors, topics and works than a top list holds, loaded in many
    batches, then with authors removed from their works: each list kept row by row (and
    re-sorted where a weight went down) equals a sort of the edges and of the raw records."""
    from benchmarks.generate import generate
    from graphsvc.services.derived import TOP_K, newest_key, top_key

    works = read_works(generate(3_000, tmp_path / "gen", seed=11))
    settings = make_settings(tmp_path / "data", ingest_batch_size=250)
    backend = open_backend(settings)
    try:
        load_paths(backend, settings, [write_jsonl(tmp_path / "a.jsonl", works)])
        raw = raw_counts(works)
        hubs = sorted(raw.works, key=lambda a: -len(raw.coauthors(a)))[:5]
        assert len(raw.coauthors(hubs[-1])) > TOP_K  # the lists are really cut
        lowered = copy.deepcopy(
            [
                w
                for w in works
                if any(short(a["author"]["id"]) in hubs for a in w["authorships"])
                and len(w["authorships"]) > 2
            ][:40]
        )
        for number, work in enumerate(lowered):
            work["authorships"] = work["authorships"][:-1]
            if number % 4 == 0:  # and some works redated: their entries move in top_works
                work["publication_year"] = 1990 + number
        load_paths(backend, settings, [write_jsonl(tmp_path / "b.jsonl", lowered)])
        by_rows = graph_checksum(backend)
        recount(backend, settings.close_collaborator_min_shared)
        assert graph_checksum(backend) == by_rows
        current_works = list(({w["id"]: w for w in works} | {w["id"]: w for w in lowered}).values())
        current = raw_counts(current_works)
        for hub in hubs:
            stored = backend.read("researcher/get_top_lists", {"id": hub})[0]
            expected = sorted(top_key(n, other) for other, n in current.coauthors(hub).items())
            assert stored["top_coauthors"] == expected[:TOP_K], hub
            topic_counts = {t: len(ws) for t, ws in current.topic_works[hub].items()}
            expected_topics = sorted(top_key(n, t) for t, n in topic_counts.items())
            assert stored["top_topics"] == expected_topics[:TOP_K], hub
            years = {short(w["id"]): w.get("publication_year") for w in current_works}
            expected_works = sorted(newest_key(years[w], w) for w in current.works[hub])
            assert len(expected_works) > TOP_K
            assert stored["top_works"] == expected_works[:TOP_K], hub
            # the research graph's first ring read from the lists = sorted from the edges
            params = {"id": hub, "limit": 25}
            from_lists = backend.read("researcher/slice_neighbourhood", params)
            assert from_lists == backend.read("researcher/slice_neighbourhood_sorted", params)
    finally:
        backend.close()
