"""Actions on a researcher record: follow, trust, claim, collaboration, invitations.

Every path here ends in a fixed suffix after ``{researcher_id:path}``; the router is
included before the researchers router, whose catch-all profile route would otherwise
take ``/researchers/A1/follow`` as the id ``A1/follow``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from graphsvc.api.deps import (
    ClaimServiceDep,
    CollaborationServiceDep,
    FollowServiceDep,
    ResearcherServiceDep,
    UserDep,
)
from graphsvc.api.errors import PEOPLE_RESPONSES
from graphsvc.api.people_models import (
    ClaimCreate,
    ClaimPublic,
    CollaborationPublic,
    CollaborationUpdate,
    FollowPublic,
    InvitationCreate,
    InvitationPublic,
    TrustPublic,
)

router = APIRouter(prefix="/researchers", tags=["people"], responses=PEOPLE_RESPONSES)

ResearcherId = Annotated[str, "OpenAlex author id or URL, ORCID or ORCID URL"]


@router.post("/{researcher_id:path}/follow", response_model=FollowPublic)
def follow(researcher_id: ResearcherId, user: UserDep, service: FollowServiceDep) -> dict:
    """Follow a researcher; following again changes nothing (idempotent)."""
    return service.follow(user, researcher_id)


@router.get("/{researcher_id:path}/follow", response_model=FollowPublic)
def follow_status(researcher_id: ResearcherId, user: UserDep, service: FollowServiceDep) -> dict:
    """Whether you follow this researcher, since when, and the followers count."""
    return service.status(user, researcher_id)


@router.delete("/{researcher_id:path}/follow", response_model=FollowPublic)
def unfollow(researcher_id: ResearcherId, user: UserDep, service: FollowServiceDep) -> dict:
    """Stop following; unfollowing someone you do not follow changes nothing (idempotent)."""
    return service.unfollow(user, researcher_id)


@router.get("/{researcher_id:path}/trust", response_model=TrustPublic)
def trust(researcher_id: ResearcherId, service: ResearcherServiceDep) -> dict:
    """The trust score 0-100, its band, and every component with its value and why."""
    return service.trust(researcher_id)


@router.post("/{researcher_id:path}/claims", response_model=ClaimPublic, status_code=201)
def claim(
    researcher_id: ResearcherId, body: ClaimCreate, user: UserDep, service: ClaimServiceDep
) -> dict:
    """Ask to own this record, with evidence; a curator decides. 409 if it has an owner."""
    return service.submit(user, researcher_id, body.orcid, body.email, body.note)


@router.put("/{researcher_id:path}/collaboration", response_model=CollaborationPublic)
def set_collaboration(
    researcher_id: ResearcherId,
    body: CollaborationUpdate,
    user: UserDep,
    service: CollaborationServiceDep,
) -> dict:
    """Turn "open to collaborate" on or off; only the record's owner may."""
    return service.set_open(user, researcher_id, body.open_to_collaborate)


@router.post("/{researcher_id:path}/invitations", response_model=InvitationPublic, status_code=201)
def invite(
    researcher_id: ResearcherId,
    body: InvitationCreate,
    user: UserDep,
    service: CollaborationServiceDep,
) -> dict:
    """Invite a claimed researcher who is open to collaborate (409 otherwise, saying why)."""
    return service.invite(user, researcher_id, body.message)
