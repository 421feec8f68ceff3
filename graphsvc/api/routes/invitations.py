"""Answering invitations: only the owner of the invited record accepts or declines."""

from __future__ import annotations

from fastapi import APIRouter

from graphsvc.api.deps import CollaborationServiceDep, UserDep
from graphsvc.api.errors import PEOPLE_RESPONSES
from graphsvc.api.people_models import InvitationPublic

router = APIRouter(prefix="/invitations", tags=["people"], responses=PEOPLE_RESPONSES)


@router.post("/{invitation_id}/accept", response_model=InvitationPublic)
def accept(invitation_id: str, user: UserDep, service: CollaborationServiceDep) -> dict:
    """Accept a pending invitation to a record you own."""
    return service.decide(user, invitation_id, accept=True)


@router.post("/{invitation_id}/decline", response_model=InvitationPublic)
def decline(invitation_id: str, user: UserDep, service: CollaborationServiceDep) -> dict:
    """Decline a pending invitation to a record you own."""
    return service.decide(user, invitation_id, accept=False)
