"""The claim state machine over HTTP on the real sample: every transition, every illegal
one refused (409, nothing changed), one owner per record, every decision kept."""

from __future__ import annotations

import pytest

from graphsvc.services.claims import STATUSES, TRANSITIONS
from tests.people.conftest import World

ACTIONS = tuple(TRANSITIONS)
CELLS = [(status, action) for status in STATUSES for action in ACTIONS]


def _actor(action: str) -> str:
    return "claimant" if action == "withdraw" else "curator"


def _body(action: str) -> dict[str, str]:
    if action == "transfer":
        return {"to": "other", "reason": "the record belongs to another person"}
    return {"reason": f"reason for {action}"}


def test_every_status_and_action_is_in_the_table() -> None:
    assert len(CELLS) == len(STATUSES) * len(ACTIONS) == 49
    legal = [(s, a) for s, a in CELLS if s in TRANSITIONS[a][0]]
    assert len(legal) == 9  # pending x3, approved x3, verified x3


@pytest.mark.parametrize(("status", "action"), CELLS)
def test_claim_transition(world: World, status: str, action: str) -> None:
    cid = world.claim_in(status)
    before = world.call("GET", f"/claims/{cid}", "curator").json()
    assert before["status"] == status
    res = world.call("POST", f"/claims/{cid}/{action}", _actor(action), _body(action))
    after = world.call("GET", f"/claims/{cid}", "curator").json()
    sources, target = TRANSITIONS[action]
    if status in sources:
        assert res.status_code == 200, res.text
        assert after["status"] == target
        last = after["history"][-1]
        assert (last["action"], last["from_status"], last["to_status"]) == (
            action,
            status,
            target,
        )
        assert last["by"] == _actor(action) and last["reason"] == _body(action)["reason"]
        assert last["at"] >= before["updated_at"]
        assert after["next_actions"] == [a for a in ACTIONS if target in TRANSITIONS[a][0]]
    else:
        assert res.status_code == 409, res.text
        assert status in res.json()["detail"]
        assert after == before  # nothing changed, no decision recorded


def test_approval_makes_the_claimant_the_one_owner(world: World) -> None:
    rid = world.fresh_researcher()
    first = world.pending_claim(rid, "claimant")
    second = world.pending_claim(rid, "owner")
    world.act(first, "approve", "curator")
    profile = world.call("GET", f"/researchers/{rid}", None).json()
    assert profile["claimed"] is True and profile["verification_level"] == "L2"
    res = world.call("POST", f"/claims/{second}/approve", "curator", {"reason": "also me"})
    assert res.status_code == 409 and "owner" in res.json()["detail"]
    assert world.call("GET", f"/claims/{second}", "curator").json()["status"] == "pending"
    again = world.call("POST", f"/researchers/{rid}/claims", "sender", {"note": "mine"})
    assert again.status_code == 409 and "already claimed" in again.json()["detail"]
    world.act(second, "reject", "curator", "the record is owned by another user")


def test_a_second_pending_claim_by_the_same_user_is_a_conflict(world: World) -> None:
    rid = world.fresh_researcher()
    world.pending_claim(rid)
    res = world.call("POST", f"/researchers/{rid}/claims", "claimant", {"note": "again"})
    assert res.status_code == 409 and "pending" in res.json()["detail"]


def test_revoking_frees_the_record_for_a_new_claim(world: World) -> None:
    rid = world.fresh_researcher()
    cid = world.pending_claim(rid)
    world.act(cid, "approve", "curator")
    world.call(
        "PUT", f"/researchers/{rid}/collaboration", "claimant", {"open_to_collaborate": True}
    )
    world.act(cid, "revoke", "curator", "identity not confirmed")
    profile = world.call("GET", f"/researchers/{rid}", None).json()
    assert (profile["claimed"], profile["open_to_collaborate"]) == (False, False)
    assert profile["verification_level"] == "L1"
    world.pending_claim(rid, "owner")


def test_transfer_gives_the_new_owner_an_approved_claim_and_keeps_the_trail(
    world: World,
) -> None:
    rid = world.fresh_researcher()
    cid = world.pending_claim(rid)
    world.act(cid, "approve", "curator")
    res = world.call(
        "POST", f"/claims/{cid}/transfer", "curator", {"to": "other", "reason": "wrong person"}
    )
    new = res.json()
    assert res.status_code == 200
    assert (new["status"], new["user"], new["transferred_from"]) == ("approved", "other", cid)
    old = world.call("GET", f"/claims/{cid}", "claimant").json()
    assert old["status"] == "transferred"
    assert [h["action"] for h in old["history"]] == ["submit", "approve", "transfer"]
    assert old["history"][-1]["to_user"] == "other"
    assert old["history"][-1]["reason"] == "wrong person"
    assert world.call("GET", f"/researchers/{rid}", None).json()["claimed"] is True


def test_transfer_to_the_current_owner_or_to_nobody_is_refused(world: World) -> None:
    cid = world.claim_in("approved")
    same = world.call(
        "POST", f"/claims/{cid}/transfer", "curator", {"to": "claimant", "reason": "x"}
    )
    nobody = world.call(
        "POST", f"/claims/{cid}/transfer", "curator", {"to": "ghost", "reason": "x"}
    )
    assert (same.status_code, nobody.status_code) == (422, 404)


def test_curator_decisions_need_a_reason(world: World) -> None:
    cid = world.pending_claim()
    res = world.call("POST", f"/claims/{cid}/reject", "curator", {})
    assert res.status_code == 422 and "reason" in res.json()["detail"]


def test_a_curator_may_not_decide_their_own_claim(world: World) -> None:
    cid = world.pending_claim(who="curator")
    res = world.call("POST", f"/claims/{cid}/approve", "curator", {"reason": "it is me"})
    assert res.status_code == 403
    world.act(cid, "approve", "admin")


def test_claims_need_wellformed_evidence(world: World) -> None:
    rid = world.fresh_researcher()
    path = f"/researchers/{rid}/claims"
    assert world.call("POST", path, "claimant", {}).status_code == 422
    bad_orcid = world.call("POST", path, "claimant", {"orcid": "0000-0002-1825-0098"})
    assert bad_orcid.status_code == 422 and "ORCID" in bad_orcid.json()["detail"]
    assert world.call("POST", path, "claimant", {"email": "not-an-address"}).status_code == 422


def test_orcid_evidence_is_compared_with_the_record(world: World) -> None:
    rid = world.fresh_researcher()
    while not (orcid := world.call("GET", f"/researchers/{rid}", None).json()["orcid"]):
        rid = world.fresh_researcher()
    res = world.call("POST", f"/researchers/{rid}/claims", "sender", {"orcid": orcid})
    assert res.json()["evidence"]["orcid_matches_record"] is True
    other = world.fresh_researcher()
    res = world.call("POST", f"/researchers/{other}/claims", "sender", {"orcid": orcid})
    record = world.call("GET", f"/researchers/{other}", None).json()["orcid"]
    assert res.json()["evidence"]["orcid_matches_record"] is (None if not record else False)


def test_users_see_their_claims_and_curators_see_the_queue(world: World) -> None:
    cid = world.pending_claim(who="sender")
    world.act(cid, "reject", "curator", "no evidence of identity")
    mine = world.call("GET", "/me/claims", "sender").json()["data"]
    mine_by_id = {c["id"]: c for c in mine}
    assert mine_by_id[cid]["status"] == "rejected"
    assert mine_by_id[cid]["decision_reason"] == "no evidence of identity"
    assert all(c["user"] == "sender" for c in mine)
    pending = world.pending_claim(who="sender")
    queue = world.call("GET", "/claims", "curator", None).json()["data"]
    assert pending in [c["id"] for c in queue]
    assert all(c["status"] == "pending" for c in queue)
    everything = world.call("GET", "/claims?status=all&limit=100", "curator").json()["data"]
    assert {"pending", "rejected"} <= {c["status"] for c in everything}


def test_the_queue_pages_without_repeats(world: World) -> None:
    for _ in range(3):
        world.pending_claim(who="owner")
    seen: list[str] = []
    cursor = None
    while True:
        params = f"?limit=2&status=pending{'&cursor=' + cursor if cursor else ''}"
        page = world.call("GET", f"/claims{params}", "curator").json()
        seen += [c["id"] for c in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) >= 3


def test_the_pending_claims_limit_is_enforced(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.people.conftest import build_world

    for w in build_world(tmp_path / "data", claims_pending_max=2):
        w.pending_claim()
        w.pending_claim()
        res = w.call(
            "POST", f"/researchers/{w.fresh_researcher()}/claims", "claimant", {"note": "x"}
        )
        assert res.status_code == 429 and "limit" in res.json()["detail"]
