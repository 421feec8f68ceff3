"""Trust and verification: a pure, deterministic formula, recomputed from current data on
every read, so each kind of change (followers, claim decisions, verification, new works)
moves the score at once, with an explanation."""

from __future__ import annotations

import dataclasses

import pytest

from graphsvc.services.trust import BANDS, LOWEST_BAND, TrustInputs, assess, band
from tests.conftest import load_paths
from tests.people.conftest import Split, World

NONE = TrustInputs(None, None, None, None, 0, 0, 0)
FULL = TrustInputs("0000-0002-1825-0097", "A1", "1", "verified", 500, 500, 500)


def trust(world: World, rid: str) -> dict:
    res = world.call("GET", f"/researchers/{rid}/trust", None)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["score"] == sum(c["value"] for c in body["components"])
    assert all(0 <= c["value"] <= c["max"] and c["why"] for c in body["components"])
    return body


def parts(body: dict) -> dict[str, int]:
    return {c["name"]: c["value"] for c in body["components"]}


def test_the_score_runs_from_0_to_100_and_the_maxima_add_up_to_100() -> None:
    assert assess(NONE)["score"] == 0 and assess(NONE)["band"] == LOWEST_BAND
    full = assess(FULL)
    assert full["score"] == 100 == sum(c["max"] for c in full["components"])
    assert full["band"] == BANDS[0][1]


def test_the_score_is_deterministic_and_never_falls_when_an_input_grows() -> None:
    assert assess(FULL) == assess(dataclasses.replace(FULL))
    base = TrustInputs(None, "A1", None, None, 3, 4, 1)
    grown = [
        dataclasses.replace(base, works_count=4),
        dataclasses.replace(base, coauthors_count=9),
        dataclasses.replace(base, followers_count=2),
        dataclasses.replace(base, orcid="0000-0002-1825-0097"),
        dataclasses.replace(base, owner_status="approved"),
    ]
    for inputs in grown:
        assert assess(inputs)["score"] >= assess(base)["score"], inputs


@pytest.mark.parametrize(
    ("inputs", "level"),
    [
        (NONE, "L0"),
        (dataclasses.replace(NONE, s2_id="123"), "L1"),
        (dataclasses.replace(NONE, orcid="0000-0002-1825-0097"), "L1"),
        (dataclasses.replace(NONE, openalex_id="A1"), "L1"),
        (dataclasses.replace(NONE, owner_status="approved"), "L2"),
        (dataclasses.replace(NONE, owner_status="verified"), "L3"),
    ],
)
def test_verification_levels_follow_the_documented_rules(inputs: TrustInputs, level: str) -> None:
    assert assess(inputs)["verification_level"] == level


def test_band_edges() -> None:
    assert [band(s) for s in (0, 19, 20, 39, 40, 59, 60, 79, 80, 100)] == [
        "New", "New", "Emerging", "Emerging", "Established", "Established",
        "Trusted", "Trusted", "Highly trusted", "Highly trusted",
    ]  # fmt: skip


def test_the_profile_carries_the_same_trust_as_the_trust_endpoint(world: World) -> None:
    rid = world.fresh_researcher()
    body = trust(world, rid)
    profile = world.call("GET", f"/researchers/{rid}", None).json()
    assert (profile["trust_score"], profile["trust_band"]) == (body["score"], body["band"])
    assert (profile["verification_level"], profile["claimed"]) == (
        body["verification_level"],
        body["claimed"],
    )
    assert profile["verification_level"] == "L1"  # every sample record has an OpenAlex id


def test_a_follower_raises_the_followers_component_at_once(world: World) -> None:
    rid = world.fresh_researcher()
    before = trust(world, rid)
    world.call("POST", f"/researchers/{rid}/follow", "user")
    after = trust(world, rid)
    assert parts(after)["followers"] > parts(before)["followers"] == 0
    assert after["score"] - before["score"] == parts(after)["followers"]
    world.call("DELETE", f"/researchers/{rid}/follow", "user")
    assert trust(world, rid) == before


def test_claim_decisions_and_verification_move_level_and_score(world: World) -> None:
    rid = world.fresh_researcher()
    start = trust(world, rid)
    cid = world.pending_claim(rid)
    assert trust(world, rid) == start  # a pending claim proves nothing yet
    world.act(cid, "approve", "curator")
    approved = trust(world, rid)
    assert (approved["verification_level"], approved["claimed"]) == ("L2", True)
    assert parts(approved)["claim"] > parts(start)["claim"]
    assert approved["score"] > start["score"]
    world.act(cid, "verify", "curator")
    verified = trust(world, rid)
    assert verified["verification_level"] == "L3" and verified["score"] > approved["score"]
    assert "curator verified" in verified["verification_reason"]
    world.act(cid, "unverify", "curator")
    assert trust(world, rid) == approved
    world.act(cid, "revoke", "curator")
    assert trust(world, rid) == start


def test_a_rejected_claim_changes_nothing(world: World) -> None:
    rid = world.fresh_researcher()
    start = trust(world, rid)
    world.act(world.pending_claim(rid), "reject", "curator")
    assert trust(world, rid) == start


def test_new_works_raise_the_publication_and_network_components(split: Split) -> None:
    w = split.world
    before = trust(w, split.busiest)
    load_paths(w.backend, w.settings, [split.later_path])
    after = trust(w, split.busiest)
    assert parts(after)["publication_record"] > parts(before)["publication_record"]
    assert parts(after)["network"] >= parts(before)["network"]
    assert after["score"] > before["score"]
    profile = w.call("GET", f"/researchers/{split.busiest}", None).json()
    assert f"{profile['works_count']} works" in next(
        c["why"] for c in after["components"] if c["name"] == "publication_record"
    )
