"""Claims: curators' queue and decisions, the claimant's withdrawal, reading one claim."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from graphsvc.api.deps import ClaimServiceDep, CuratorDep, UserDep
from graphsvc.api.errors import PEOPLE_RESPONSES
from graphsvc.api.people_models import (
    ClaimDecisionCreate,
    ClaimPublic,
    ClaimsPublic,
    ClaimTransferCreate,
)

router = APIRouter(prefix="/claims", tags=["claims"], responses=PEOPLE_RESPONSES)

Action = Literal["approve", "reject", "withdraw", "verify", "unverify", "revoke"]


@router.get("", response_model=ClaimsPublic)
def list_claims(
    user: CuratorDep,
    service: ClaimServiceDep,
    status: str | None = "pending",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> dict:
    """Curators: claims with a status (default pending; ``all`` for every one), oldest first."""
    return service.list_claims(None if status == "all" else status, None, limit, cursor)


@router.get("/{claim_id}", response_model=ClaimPublic)
def get_claim(claim_id: str, user: UserDep, service: ClaimServiceDep) -> dict:
    """A claim with every decision taken on it; for its claimant and curators."""
    return service.get(user, claim_id)


@router.post("/{claim_id}/transfer", response_model=ClaimPublic)
def transfer_claim(
    claim_id: str, body: ClaimTransferCreate, user: UserDep, service: ClaimServiceDep
) -> dict:
    """Curators: move ownership to another user; returns the new owner's claim."""
    return service.transfer(user, claim_id, body.to, body.reason)


@router.post("/{claim_id}/{action}", response_model=ClaimPublic)
def decide_claim(
    claim_id: str,
    action: Action,
    user: UserDep,
    service: ClaimServiceDep,
    body: ClaimDecisionCreate | None = None,
) -> dict:
    """One step of the claim state machine.

    Curators approve, reject, verify (L3), unverify, revoke, each with a reason; the
    claimant may withdraw a pending claim. Illegal steps answer 409 saying what is allowed.
    """
    return service.decide(user, claim_id, action, body.reason if body else None)
