"""Splitting works off a conflated record: the authorships move, counts stay exact, and
re-loading the sources keeps every split where the curator put it."""

from __future__ import annotations

import pytest

from graphsvc.services.identity import candidate_id
from tests.curation.conftest import Desk, assert_matches_raw, expected_counts
from tests.support.formats import edges, nodes
from tests.support.raw import Merge, Split


def busiest(with_coauthors: bool = False) -> tuple[str, list[str]]:
    """The sample's researcher with the most works (among those with coauthors)."""
    raw = expected_counts(50, [])
    pool = [r for r in raw.works if raw.coauthors(r) or not with_coauthors]
    rid = max(pool, key=lambda r: (len(raw.works[r]), r))
    return rid, sorted(raw.works[rid])


def test_a_split_moves_authorships_exactly_and_survives_reloading(desk: Desk) -> None:
    rid, works = busiest()
    moved = works[::2]
    action = desk.split(rid, moved, name="Split-off record")
    new = action["into"]
    assert new.startswith("split:") and action["created"] is True
    assert action["works"] == sorted(moved) and action["researcher"] == rid
    curation = [Split(rid, frozenset(moved), new)]
    assert_matches_raw(desk, curation)
    profile = desk.call("GET", f"/researchers/{new}", None).json()
    assert (profile["name"], profile["split_from"], profile["orcid"]) == (
        "Split-off record",
        rid,
        None,
    )

    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before
    assert_matches_raw(desk, curation)
    # the two records are a known 'separated' pair, which ingest never lists again
    pair = desk.call("GET", f"/curation/duplicates/{candidate_id(rid, new)}").json()
    print(pair)
    assert pair["status"] == "separated" and pair["decided_by"] == "curator"
    assert all(new not in {r["id"] for r in c["researchers"]} for c in desk.pending())


def test_a_split_off_record_gets_its_candidate_duplicates_at_once(desk: Desk) -> None:
    """A new record named like a third one is listed with it now, so re-loading later has
    no candidate to add ("Raffaello Cervigni" has a second OpenAlex id in the sample)."""
    rid, other = "A5007671479", "A5113139420"
    works = sorted(expected_counts(50, []).works[rid])
    new = desk.split(rid, works[:2])["into"]
    pending = {frozenset(r["id"] for r in c["researchers"]) for c in desk.pending()}
    assert frozenset({new, other}) in pending and frozenset({new, rid}) not in pending
    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before


def test_a_split_into_a_coauthor_counts_their_shared_work_once(desk: Desk) -> None:
    """Moving a work to a record that also authored it leaves one authorship, one fewer
    distinct author, and no double-counted COAUTHOR weight."""
    raw = expected_counts(50, [])
    rid, works = busiest(with_coauthors=True)
    work = next(w for w in works if any(w in raw.works[c] for c in raw.coauthors(rid)))
    coauthor = sorted(c for c in raw.coauthors(rid) if work in raw.works[c])[0]
    desk.split(rid, [work], into=coauthor)
    curation = [Split(rid, frozenset([work]), coauthor)]
    assert_matches_raw(desk, curation)
    (edge,) = [
        e
        for e in edges(desk.backend, "AUTHORED")
        if e["target"] == work and e["source"] == coauthor
    ]
    assert edge["props"]["sources"] == ["openalex"]
    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before


def test_works_split_on_and_back_keep_their_place_across_reloads(desk: Desk) -> None:
    """Each split leaves overrides that re-loading obeys; moving works on re-points them,
    moving a work back drops the one that named the record's own identity, and merging
    the split-off records back restores the original graph exactly."""
    rid, works = busiest()
    w0, w1, w2 = works[:3]
    first = desk.split(rid, [w0, w1, w2])["into"]
    second = desk.split(first, [w0, w1])["into"]
    desk.split(second, [w0], into=rid)
    curation = [
        Split(rid, frozenset([w0, w1, w2]), first),
        Split(first, frozenset([w0, w1]), second),
        Split(second, frozenset([w0]), rid),
    ]
    assert_matches_raw(desk, curation)
    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before
    assert_matches_raw(desk, curation)

    desk.merge(rid, second)
    desk.merge(rid, first)
    assert_matches_raw(desk, [])
    # every override would now send the record's own authorships to itself: none is left
    assert edges(desk.backend, "ASSIGNED_TO") == []
    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before
    assert_matches_raw(desk, [])


def test_split_then_merge_of_real_duplicates_matches_the_raw_records(desk: Desk) -> None:
    survivor, merged = "A5007671479", "A5113139420"  # "Raffaello Cervigni", twice in OpenAlex
    desk.merge(survivor, merged)
    works = sorted(expected_counts(50, [Merge(survivor, merged)]).works[survivor])
    from_merged = sorted(expected_counts(50, []).works[merged])
    moved = [from_merged[0], works[0] if works[0] != from_merged[0] else works[1]]
    new = desk.split(survivor, moved)["into"]
    curation = [Merge(survivor, merged), Split(survivor, frozenset(moved), new)]
    assert_matches_raw(desk, curation)
    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        ({"works": []}, 422, "list the works"),
        ({"works": ["W2741809807"]}, 422, "has no authorship of W2741809807"),
        ({"works": ["W1"]}, 422, "no such works"),
        ({"works": "every work"}, 422, "every work of"),
        ({"into": "itself"}, 422, "itself"),
        ({"into": "A9999999999"}, 404, "no researcher"),
        ({"into": "a coauthor", "name": "x"}, 422, "either into"),
        ({"reason": " "}, 422, "reason"),
    ],
)
def test_bad_split_requests_say_what_to_change_and_write_nothing(
    desk: Desk, change: dict, status: int, says: str
) -> None:
    rid, works = busiest(with_coauthors=True)
    stand_ins = {
        "every work": works,
        "itself": rid,
        "a coauthor": sorted(expected_counts(50, []).coauthors(rid))[0],
    }
    body = {"researcher": rid, "works": works[:1], "reason": "test"}
    body |= {k: stand_ins.get(v, v) if isinstance(v, str) else v for k, v in change.items()}
    before = desk.checksum()
    res = desk.call("POST", "/curation/splits", body=body)
    assert res.status_code == status, res.text
    assert says in res.json()["detail"]
    assert desk.checksum() == before


def test_splitting_a_merged_away_record_names_its_survivor(desk: Desk) -> None:
    survivor, merged = "A5007671479", "A5113139420"
    desk.merge(survivor, merged)
    works = sorted(expected_counts(50, []).works[merged])
    res = desk.call(
        "POST", "/curation/splits", body={"researcher": merged, "works": works[:1], "reason": "x"}
    )
    assert res.status_code == 409 and f"merged into {survivor}" in res.json()["detail"]
    assert len([n for n in nodes(desk.backend, "Researcher") if n["id"].startswith("split:")]) == 0
