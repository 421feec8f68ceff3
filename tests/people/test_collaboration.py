"""Open to collaborate (owner only) and invitations (claimed and open records only,
limits against spam, an inbox for the owner)."""

from __future__ import annotations

from pathlib import Path

from tests.people.conftest import World, build_world


def test_only_the_owner_switches_open_to_collaborate(world: World) -> None:
    rid = world.owned_record(open_=False)
    path = f"/researchers/{rid}/collaboration"
    for who in ("curator", "admin", "claimant"):
        res = world.call("PUT", path, who, {"open_to_collaborate": True})
        assert res.status_code == 403 and "owner" in res.json()["detail"], who
    assert world.call("GET", f"/researchers/{rid}", None).json()["open_to_collaborate"] is False
    assert world.call("PUT", path, "owner", {"open_to_collaborate": True}).status_code == 200
    assert world.call("GET", f"/researchers/{rid}", None).json()["open_to_collaborate"] is True
    world.call("PUT", path, "owner", {"open_to_collaborate": False})
    assert world.call("GET", f"/researchers/{rid}", None).json()["open_to_collaborate"] is False


def test_an_unclaimed_record_cannot_be_switched_or_invited(world: World) -> None:
    rid = world.fresh_researcher()
    res = world.call(
        "PUT", f"/researchers/{rid}/collaboration", "owner", {"open_to_collaborate": True}
    )
    assert res.status_code == 403 and "no owner" in res.json()["detail"]
    res = world.call("POST", f"/researchers/{rid}/invitations", "sender", {"message": "Hi"})
    assert res.status_code == 409 and "not claimed" in res.json()["detail"]


def test_a_claimed_record_that_is_not_open_refuses_invitations(world: World) -> None:
    rid = world.owned_record(open_=False)
    res = world.call("POST", f"/researchers/{rid}/invitations", "sender", {"message": "Hi"})
    assert res.status_code == 409 and "not open" in res.json()["detail"]


def test_self_invitations_and_empty_messages_are_422(world: World) -> None:
    rid = world.owned_record()
    own = world.call("POST", f"/researchers/{rid}/invitations", "owner", {"message": "Me"})
    assert own.status_code == 422 and "yourself" in own.json()["detail"]
    empty = world.call("POST", f"/researchers/{rid}/invitations", "sender", {"message": "  "})
    assert empty.status_code == 422


def test_the_owner_sees_the_invitation_and_accepts_it_once(world: World) -> None:
    rid = world.owned_record()
    iid = world.invitation(rid)
    inbox = world.call("GET", "/me/invitations?status=pending", "owner").json()["data"]
    mine = next(i for i in inbox if i["id"] == iid)
    assert (mine["from_user"], mine["researcher"]["id"], mine["message"]) == (
        "sender",
        rid,
        "A project?",
    )
    sent = world.call("GET", "/me/invitations?box=sent", "sender").json()["data"]
    assert iid in [i["id"] for i in sent]
    res = world.call("POST", f"/invitations/{iid}/accept", "owner")
    assert res.status_code == 200 and res.json()["status"] == "accepted"
    assert res.json()["decided_at"] is not None
    again = world.call("POST", f"/invitations/{iid}/decline", "owner")
    assert again.status_code == 409 and "accepted" in again.json()["detail"]


def test_a_declined_invitation_frees_the_sender_to_invite_again(world: World) -> None:
    rid = world.owned_record()
    iid = world.invitation(rid)
    dup = world.call("POST", f"/researchers/{rid}/invitations", "sender", {"message": "Again"})
    assert dup.status_code == 409 and "pending" in dup.json()["detail"]
    assert world.call("POST", f"/invitations/{iid}/decline", "owner").json()["status"] == "declined"
    world.invitation(rid)


def test_a_transfer_moves_the_inbox_to_the_new_owner(world: World) -> None:
    rid = world.owned_record()
    iid = world.invitation(rid)
    claim = next(
        c
        for c in world.call("GET", "/me/claims", "owner").json()["data"]
        if c["researcher"]["id"] == rid
    )
    world.act(claim["id"], "transfer", "curator")
    assert world.call("POST", f"/invitations/{iid}/accept", "owner").status_code == 403
    profile = world.call("GET", f"/researchers/{rid}", None).json()
    assert profile["open_to_collaborate"] is False  # the new owner decides


def test_the_daily_invitation_limit_answers_429(tmp_path: Path) -> None:
    for w in build_world(tmp_path / "data", invitations_per_day=2):
        w.invitation()
        w.invitation()
        rid = w.owned_record()
        res = w.call("POST", f"/researchers/{rid}/invitations", "sender", {"message": "Hi"})
        assert res.status_code == 429 and "limit" in res.json()["detail"]
        assert (
            w.call(
                "POST", f"/researchers/{rid}/invitations", "analyst", {"message": "Hi"}
            ).status_code
            == 201
        )


def test_openapi_declares_bearer_security_and_the_people_routes(world: World) -> None:
    spec = world.client.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    for path in (
        "/researchers/{researcher_id}/follow",
        "/researchers/{researcher_id}/trust",
        "/researchers/{researcher_id}/claims",
        "/me/feed",
        "/claims/{claim_id}/{action}",
        "/invitations/{invitation_id}/accept",
    ):
        assert path in spec["paths"], path
    profile = spec["components"]["schemas"]["ResearcherPublic"]["properties"]
    for field in ("trust_score", "trust_band", "verification_level", "claimed", "followers_count"):
        assert field in profile
