"""Merging two researcher records: every edge moves, counts stay exact, old ids redirect,
and re-loading the sources afterwards changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graphsvc.services.checksum import graph_checksum
from graphsvc.services.transfer import export_graph, import_graph
from tests.conftest import make_settings
from tests.curation.conftest import Desk, assert_matches_raw, build_desk, expected_counts
from tests.support.formats import BIBTEX, OPENALEX, edges, nodes
from tests.support.raw import Merge, read_works, short

# Real same-name pairs in the sample: OpenAlex gave each of these people two author ids.
CERVIGNI = ("A5007671479", "A5113139420")  # "Raffaello Cervigni", the first with an ORCID
ALVAREZ = ("A5102472902", "A5112455276")  # "María D. Álvarez"


def busiest_coauthor_pair() -> tuple[str, str]:
    """The two researchers who share the most works in the sample.

    Chosen for its shape (shared works, a COAUTHOR edge between them, common coauthors),
    to exercise the arithmetic of a merge; not a statement that they are one person. The
    merge happens in a throw-away test graph.
    """
    raw = expected_counts(50, [])
    return max(raw.shared, key=lambda p: (len(raw.shared[p]), p))


def test_merging_real_records_gives_exactly_the_raw_counts_and_reloading_changes_nothing(
    desk: Desk,
) -> None:
    a, b = busiest_coauthor_pair()
    merges = [Merge(*CERVIGNI), Merge(*ALVAREZ), Merge(a, b)]
    raw_before = expected_counts(50, [])
    assert raw_before.works[a] & raw_before.works[b]  # works both authored count once
    for m in merges:
        action = desk.merge(m.survivor, m.merged)
        assert action["action"] == "merge" and action["by"] == "curator"
        assert action["works_moved"] == len(raw_before.works[m.merged])
    assert_matches_raw(desk, merges)
    raw = expected_counts(50, merges)
    assert b not in raw.coauthors(a)  # their own COAUTHOR edge is gone
    assert len(raw.works[a]) < len(raw_before.works[a]) + len(raw_before.works[b])

    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before
    assert_matches_raw(desk, merges)
    for m in merges:
        res = desk.call("GET", f"/researchers/{m.merged}", None)
        assert res.status_code == 301, res.text
        assert res.headers["location"] == f"/researchers/{m.survivor}"
        followed = desk.client.get(f"/researchers/{m.merged}/works?limit=100")
        assert {w["id"] for w in followed.json()["data"]} == raw.works[m.survivor]


def test_the_survivor_keeps_the_merged_name_and_id_and_the_history_says_who_and_why(
    desk: Desk,
) -> None:
    a, b = busiest_coauthor_pair()
    names = expected_counts(50, []).names
    action = desk.merge(a, b, reason="test: one person under two OpenAlex ids")
    profile = desk.call("GET", f"/researchers/{a}", None).json()
    assert profile["merged_ids"] == [b]
    assert profile["alt_names"] == ([names[b]] if names[b] != names[a] else [])
    assert profile["name"] == names[a] and profile["openalex_id"] == a
    history = desk.call("GET", f"/curation/actions?researcher={b}").json()["data"]
    assert [h["id"] for h in history] == [action["id"]]
    (entry,) = history
    assert (entry["by"], entry["reason"], entry["survivor"], entry["merged"]) == (
        "curator",
        "test: one person under two OpenAlex ids",
        a,
        b,
    )
    assert entry["aliases"] == [b]
    assert desk.call("GET", f"/curation/actions/{action['id']}").json() == entry


def test_merging_two_authors_of_a_work_just_over_the_cap_makes_its_coauthor_pairs(
    tmp_path: Path,
) -> None:
    """A work with cap + 1 distinct authors makes no pairs; once two of them are one
    person it has cap authors, and every pair of its authors appears."""
    works = read_works(OPENALEX)
    widest = max(
        works, key=lambda w: (len({a["author"].get("id") for a in w["authorships"]}), w["id"])
    )
    authors = sorted(
        {str(short(a["author"]["id"])) for a in widest["authorships"] if a["author"].get("id")}
    )
    cap = len(authors) - 1
    assert cap >= 10
    survivor, merged = authors[0], authors[1]
    for desk in build_desk(tmp_path / "data", [("openalex", [OPENALEX])], coauthor_max_authors=cap):
        assert_matches_raw(desk, [])
        assert authors[2] not in expected_counts(cap, []).coauthors(authors[3])
        desk.merge(survivor, merged)
        assert_matches_raw(desk, [Merge(survivor, merged)])
        assert authors[2] in expected_counts(cap, [Merge(survivor, merged)]).coauthors(authors[3])
        before = desk.checksum()
        desk.reload()
        assert desk.checksum() == before


def test_follows_claims_and_invitations_move_to_the_survivor_without_duplicates(
    desk: Desk,
) -> None:
    survivor, merged = CERVIGNI
    for who, rid in (("user", survivor), ("user", merged), ("fan", merged)):
        assert desk.call("POST", f"/researchers/{rid}/follow", who).status_code == 200
    since = {
        e["source"]: e["props"]["since"]
        for e in edges(desk.backend, "FOLLOWS")
        if e["target"] in CERVIGNI
    }
    claim = desk.call("POST", f"/researchers/{merged}/claims", "fan", {"note": "it is me"}).json()
    approved = desk.call("POST", f"/claims/{claim['id']}/approve", "curator", {"reason": "ok"})
    assert approved.status_code == 200, approved.text
    desk.call("PUT", f"/researchers/{merged}/collaboration", "fan", {"open_to_collaborate": True})
    invite = desk.call("POST", f"/researchers/{merged}/invitations", "user", {"message": "Hi"})
    assert invite.status_code == 201, invite.text

    desk.merge(survivor, merged)
    profile = desk.call("GET", f"/researchers/{survivor}", None).json()
    assert profile["followers_count"] == 2
    assert profile["claimed"] is True and profile["verification_level"] == "L2"
    assert profile["open_to_collaborate"] is True
    follows = [e for e in edges(desk.backend, "FOLLOWS") if e["target"] == survivor]
    assert len(follows) == 2
    assert {e["source"]: e["props"]["since"] for e in follows} == since
    moved = desk.call("GET", f"/claims/{claim['id']}", "fan").json()
    assert moved["researcher"]["id"] == survivor and moved["status"] == "approved"
    inbox = desk.call("GET", "/me/invitations", "fan").json()["data"]
    assert [i["researcher"]["id"] for i in inbox] == [survivor]


def test_two_owned_records_are_not_merged_and_nothing_changes(desk: Desk) -> None:
    survivor, merged = CERVIGNI
    for who, rid in (("user", survivor), ("fan", merged)):
        claim = desk.call("POST", f"/researchers/{rid}/claims", who, {"note": "mine"}).json()
        desk.call("POST", f"/claims/{claim['id']}/approve", "curator", {"reason": "ok"})
    before = desk.checksum()
    res = desk.call(
        "POST", "/curation/merges", body={"survivor": survivor, "merged": merged, "reason": "x"}
    )
    assert res.status_code == 409
    assert "both records have an owner" in res.json()["detail"]
    assert "revoke or transfer" in res.json()["detail"]
    assert desk.checksum() == before


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"survivor": "A5007671479", "merged": "A5007671479"}, 422, "same record"),
        ({"survivor": "A5007671479", "merged": "0000-0002-2602-6482"}, 422, "same record"),
        ({"survivor": "A5007671479", "merged": "A9999999999"}, 404, "no researcher"),
        ({"survivor": "not an id", "merged": "A5113139420"}, 422, "not a researcher id"),
        ({"survivor": "A5007671479", "merged": "A5113139420", "reason": "  "}, 422, "reason"),
    ],
)
def test_bad_merge_requests_say_what_to_change_and_write_nothing(
    desk: Desk, body: dict, status: int, says: str
) -> None:
    before = desk.checksum()
    res = desk.call("POST", "/curation/merges", body={"reason": "test", **body})
    assert res.status_code == status, res.text
    assert says in res.json()["detail"]
    assert desk.checksum() == before


def test_a_merged_away_id_is_refused_as_either_side_naming_its_survivor(desk: Desk) -> None:
    survivor, merged = CERVIGNI
    desk.merge(survivor, merged)
    before = desk.checksum()
    for body in (
        {"survivor": merged, "merged": ALVAREZ[0]},
        {"survivor": ALVAREZ[0], "merged": merged},
    ):
        res = desk.call("POST", "/curation/merges", body={**body, "reason": "test"})
        assert res.status_code == 409, res.text
        assert f"was merged into {survivor}" in res.json()["detail"]
    assert desk.checksum() == before


def test_merges_chain_and_every_old_id_redirects_to_the_last_survivor(desk: Desk) -> None:
    a, b = busiest_coauthor_pair()
    desk.merge(a, b)
    third = next(r for r in sorted(expected_counts(50, []).coauthors(a)) if r != b)
    desk.merge(third, a)
    for old in (a, b):
        res = desk.call("GET", f"/researchers/{old}", None)
        assert (res.status_code, res.headers["location"]) == (301, f"/researchers/{third}")
    assert_matches_raw(desk, [Merge(a, b), Merge(third, a)])
    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before


# --- across sources: a DBLP record and an OpenAlex record --------------------------------

KAI_OPENALEX, KAI_ORCID, KAI_DBLP = "A5050384742", "0000-0002-6121-3179", "dblp:Kai Zhang"


@pytest.fixture
def two_sources(tmp_path: Path) -> Iterator[Desk]:
    yield from build_desk(
        tmp_path / "data", [("openalex", [OPENALEX]), ("bibtex", [BIBTEX / "jmlr.bib"])]
    )


@pytest.mark.parametrize("openalex_survives", [True, False])
def test_a_cross_source_merge_follows_every_identifier_on_reload(
    two_sources: Desk, openalex_survives: bool
) -> None:
    """The real candidate pair "Kai Zhang" (OpenAlex, with an ORCID) and DBLP's "Kai
    Zhang": after a curator merges them (here to exercise the mechanics), re-loading both
    sources brings back neither record and changes nothing, whichever survives."""
    desk = two_sources
    (candidate,) = [c for c in desk.pending() if c["name_key"] == "kai zhang"]
    assert {r["id"] for r in candidate["researchers"]} == {KAI_OPENALEX, KAI_DBLP}
    works = {
        rid: {
            w["id"]
            for w in desk.call("GET", f"/researchers/{rid}/works?limit=100", None).json()["data"]
        }
        for rid in (KAI_OPENALEX, KAI_DBLP)
    }
    survivor, merged = (KAI_OPENALEX, KAI_DBLP) if openalex_survives else (KAI_DBLP, KAI_OPENALEX)
    desk.merge(survivor, merged)
    profile = desk.call("GET", f"/researchers/{survivor}", None).json()
    assert profile["works_count"] == len(works[KAI_OPENALEX] | works[KAI_DBLP])
    assert (profile["openalex_id"], profile["orcid"], profile["dblp_name"]) == (
        KAI_OPENALEX,
        KAI_ORCID,
        "Kai Zhang",
    )
    assert profile["verification_level"] == "L1"
    merged_forms = [KAI_DBLP] if openalex_survives else [KAI_OPENALEX, f"orcid:{KAI_ORCID}"]
    for form in merged_forms:
        res = desk.call("GET", f"/researchers/{form}", None)
        assert res.status_code == 301, (form, res.text)
        assert res.headers["x-graphsvc-moved-to"] == survivor
    state = desk.call("GET", f"/curation/duplicates/{candidate['id']}").json()
    assert state["status"] == "merged"
    before = desk.checksum()
    count = len(nodes(desk.backend, "Researcher"))
    desk.reload()
    assert desk.checksum() == before
    assert len(nodes(desk.backend, "Researcher")) == count
    assert desk.call("GET", f"/researchers/{survivor}", None).json() == profile


def test_export_and_import_round_trip_a_curated_graph(desk: Desk, tmp_path: Path) -> None:
    a, b = busiest_coauthor_pair()
    desk.merge(a, b)
    works = sorted(expected_counts(50, [Merge(a, b)]).works[a])
    desk.split(a, works[:1])
    export_graph(desk.backend, tmp_path / "dump")
    from graphsvc.backends import open_backend

    restored = open_backend(make_settings(tmp_path / "restored"))
    try:
        import_graph(restored, tmp_path / "dump")
        assert graph_checksum(restored) == desk.checksum()
        kinds = {row["type"] for row in restored.read("graph/dump_edges")}
        assert "ASSIGNED_TO" in kinds
        labels = {row["labels"][0] for row in restored.read("graph/dump_nodes")}
        assert {"CurationAction", "DuplicateCandidate", "Alias"} <= labels
    finally:
        restored.close()


def test_an_alias_for_an_id_still_in_the_graph_leaves_loading_unchanged(desk: Desk) -> None:
    """An alias recorded while a record with the old id is still in the graph (as when
    OpenAlex merged_ids arrive after the old id's works) does not move its authorships on
    a re-load: the record answers its own id, in the API and in the pipeline alike."""
    from graphsvc.records import MergedId
    from graphsvc.services.ingest import IngestPipeline

    survivor, old = CERVIGNI
    IngestPipeline(desk.backend).record_aliases([MergedId("researcher", old, survivor)])
    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before
    assert desk.call("GET", f"/researchers/{old}", None).status_code == 200


def test_the_merged_records_candidate_pairs_carry_over_to_the_survivor(desk: Desk) -> None:
    """A pending pair (merged, X) becomes (survivor, X). The two records are chosen for
    their pairs (each has a same-name twin in the sample), not as one person."""
    from graphsvc.services.identity import candidate_id

    survivor, merged, twin = ALVAREZ[0], CERVIGNI[1], CERVIGNI[0]
    desk.merge(survivor, merged)
    carried = desk.call("GET", f"/curation/duplicates/{candidate_id(survivor, twin)}").json()
    assert carried["status"] == "pending" and carried["name_key"] == "raffaello cervigni"
    assert {r["id"] for r in carried["researchers"]} == {survivor, twin}
    gone = desk.call("GET", f"/curation/duplicates/{candidate_id(merged, twin)}")
    assert gone.status_code == 404
    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before


def test_a_dismissal_of_the_merged_records_pair_wins_over_the_survivors_pending_one(
    desk: Desk,
) -> None:
    from graphsvc.services.identity import candidate_id

    first, second = CERVIGNI
    works = sorted(expected_counts(50, []).works[second])
    part = desk.split(second, works[:1])["into"]  # a third "Raffaello Cervigni" record
    dismissed = desk.call(
        "POST",
        f"/curation/duplicates/{candidate_id(first, part)}/dismiss",
        body={"reason": "test: not the same"},
    )
    assert dismissed.status_code == 200, dismissed.text
    desk.merge(second, part)  # the split undone
    pair = desk.call("GET", f"/curation/duplicates/{candidate_id(first, second)}").json()
    assert (pair["status"], pair["decision_reason"]) == ("dismissed", "test: not the same")
    undone = desk.call("GET", f"/curation/duplicates/{candidate_id(second, part)}").json()
    assert undone["status"] == "merged"
    assert_matches_raw(desk, [])
    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before
