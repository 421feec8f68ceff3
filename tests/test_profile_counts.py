"""Every researcher's profile numbers equal what the raw OpenAlex records say."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.services.researchers import ResearcherService
from tests.support.raw import RawCounts, raw_counts, read_works


@pytest.fixture(scope="module")
def raw() -> RawCounts:
    return raw_counts(read_works())


def test_every_researcher_profile_matches_the_raw_records(
    raw: RawCounts, sample_backend: GraphBackend, sample_settings: Settings
) -> None:
    service = ResearcherService(sample_backend, sample_settings)
    close_min = sample_settings.close_collaborator_min_shared
    assert len(raw.works) > 500  # the sample names hundreds of authors
    for author, works in raw.works.items():
        profile = service.profile(author)
        expected_close = sum(1 for n in raw.coauthors(author).values() if n >= close_min)
        assert (
            profile["works_count"],
            profile["topics_count"],
            profile["close_collaborators_count"],
        ) == (len(works), len(raw.topics[author]), expected_close), author


def test_every_collaborator_list_matches_the_raw_records(
    raw: RawCounts, sample_backend: GraphBackend, sample_settings: Settings
) -> None:
    service = ResearcherService(sample_backend, sample_settings)
    for author in raw.works:
        listed = service.collaborators(author, 1, 500)["data"]
        assert {c["id"]: c["shared_works"] for c in listed} == raw.coauthors(author), author
        shared = [c["shared_works"] for c in listed]
        assert shared == sorted(shared, reverse=True)


def test_profile_over_http_carries_every_documented_field(
    raw: RawCounts, sample_client: TestClient
) -> None:
    busiest = max(raw.works, key=lambda a: len(raw.works[a]))
    body = sample_client.get(f"/researchers/{busiest}").json()
    for key in (
        "id",
        "name",
        "orcid",
        "openalex_id",
        "affiliation",
        "works_count",
        "topics_count",
        "followers_count",
        "close_collaborators_count",
        "top_topics",
    ):
        assert key in body
    assert body["works_count"] == len(raw.works[busiest])
    assert body["name"] == raw.names[busiest]
    assert body["followers_count"] == 0


def test_works_pages_walk_every_work_newest_first_without_repeats(
    raw: RawCounts, sample_client: TestClient
) -> None:
    busiest = max(raw.works, key=lambda a: len(raw.works[a]))
    seen: list[dict] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = sample_client.get(f"/researchers/{busiest}/works", params=params).json()
        seen.extend(page["data"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [w["id"] for w in seen] and len({w["id"] for w in seen}) == len(seen)
    assert {w["id"] for w in seen} == raw.works[busiest]
    years = [w["year"] if w["year"] is not None else -1 for w in seen]
    assert years == sorted(years, reverse=True)


def test_an_older_snapshot_schema_gives_the_raw_records_counts_too(
    backend: GraphBackend, settings: Settings
) -> None:
    from tests.conftest import load_paths
    from tests.support.raw import SHARED

    parts = sorted((SHARED / "openalex" / "snapshot" / "works").glob("updated_date=*/part_*.gz"))
    entity = SHARED / "openalex" / "entities" / "W2741809807.json"
    load_paths(backend, settings, [*parts, entity])
    works = [w for p in parts for w in read_works(p)] + read_works(entity)
    raw = raw_counts(works)
    service = ResearcherService(backend, settings)
    assert len(raw.works) >= 5 and len(works) > 20
    for author, ids in raw.works.items():
        profile = service.profile(author)
        assert (profile["works_count"], profile["topics_count"]) == (
            len(ids),
            len(raw.topics[author]),
        ), author
        listed = service.collaborators(author, 1, 1000)["data"]
        assert {c["id"]: c["shared_works"] for c in listed} == raw.coauthors(author)
