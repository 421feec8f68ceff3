"""The signed-in user's own views: account, follows, feed, claims, invitations."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from graphsvc.api.deps import (
    ClaimServiceDep,
    CollaborationServiceDep,
    FollowServiceDep,
    UserDep,
)
from graphsvc.api.errors import PEOPLE_RESPONSES
from graphsvc.api.people_models import (
    ClaimsPublic,
    FeedPublic,
    FollowingPublic,
    InvitationsPublic,
    MePublic,
)

router = APIRouter(prefix="/me", tags=["me"], responses=PEOPLE_RESPONSES)

Limit = Annotated[int, Query(ge=1, le=100)]
Cursor = Annotated[str | None, Query(max_length=500)]


@router.get("", response_model=MePublic)
def me(user: UserDep) -> dict:
    """Who the bearer token belongs to."""
    return {"id": user.id, "handle": user.handle, "roles": sorted(user.roles)}


@router.get("/following", response_model=FollowingPublic)
def following(
    user: UserDep, service: FollowServiceDep, limit: Limit = 50, cursor: Cursor = None
) -> dict:
    """The researchers you follow, most recently followed first."""
    return service.following(user, limit, cursor)


@router.get("/feed", response_model=FeedPublic)
def feed(
    user: UserDep,
    service: FollowServiceDep,
    limit: Limit = 20,
    cursor: Cursor = None,
    mark_seen: bool = True,
) -> dict:
    """Works added since your last look, by researchers you follow, newest first.

    The first page moves your last-look mark to now (``mark_seen=false`` only peeks);
    ``next_cursor`` pages through the same look.
    """
    return service.feed(user, limit, cursor, mark_seen)


@router.get("/claims", response_model=ClaimsPublic)
def my_claims(
    user: UserDep,
    service: ClaimServiceDep,
    status: str | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> dict:
    """Your claims and their status, oldest first."""
    return service.list_claims(status, user, limit, cursor)


@router.get("/invitations", response_model=InvitationsPublic)
def my_invitations(
    user: UserDep,
    service: CollaborationServiceDep,
    box: Literal["inbox", "sent"] = "inbox",
    status: str | None = None,
    limit: Limit = 50,
) -> dict:
    """Invitations to the records you own (inbox) or that you sent, newest first."""
    if box == "sent":
        return service.sent(user, status, limit)
    return service.inbox(user, status, limit)
