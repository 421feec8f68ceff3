"""Curation: candidate duplicates, merges and splits of researcher records, the history.

Curators only. Thin routes: each calls :class:`~graphsvc.services.curation.CurationService`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.curation_models import (
    CurationActionPublic,
    CurationActionsPublic,
    DismissCreate,
    DuplicatePublic,
    DuplicatesPublic,
    MergeCreate,
    SplitCreate,
)
from graphsvc.api.deps import CurationServiceDep, CuratorDep
from graphsvc.api.errors import PEOPLE_RESPONSES

router = APIRouter(prefix="/curation", tags=["curation"], responses=PEOPLE_RESPONSES)


@router.get("/duplicates", response_model=DuplicatesPublic)
def list_duplicates(
    user: CuratorDep,
    service: CurationServiceDep,
    status: str = "pending",
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> dict:
    """Candidate duplicates (name-only matches), oldest first; ``status=all`` for every one."""
    return service.list_duplicates(None if status == "all" else status, limit, cursor)


@router.get("/duplicates/{candidate_id}", response_model=DuplicatePublic)
def get_duplicate(candidate_id: str, user: CuratorDep, service: CurationServiceDep) -> dict:
    """One candidate pair with both researchers as they are now."""
    return service.get_duplicate(candidate_id)


@router.post("/duplicates/{candidate_id}/dismiss", response_model=DuplicatePublic)
def dismiss_duplicate(
    candidate_id: str, body: DismissCreate, user: CuratorDep, service: CurationServiceDep
) -> dict:
    """Not the same person: the pair is no longer listed and loading never brings it back."""
    return service.dismiss(user, candidate_id, body.reason)


@router.post("/merges", response_model=CurationActionPublic, status_code=201)
def merge(body: MergeCreate, user: CuratorDep, service: CurationServiceDep) -> dict:
    """Merge ``merged`` into ``survivor``; the merged id then answers 301 to the survivor."""
    return service.merge(user, body.survivor, body.merged, body.reason)


@router.post("/splits", response_model=CurationActionPublic, status_code=201)
def split(body: SplitCreate, user: CuratorDep, service: CurationServiceDep) -> dict:
    """Move some works' authorships off a conflated record (to a new one, or ``into``)."""
    return service.split(user, body.researcher, body.works, body.into, body.name, body.reason)


@router.get("/actions", response_model=CurationActionsPublic)
def list_actions(
    user: CuratorDep,
    service: CurationServiceDep,
    researcher: Annotated[str | None, Query(max_length=300)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> dict:
    """The curation history, newest first; ``researcher`` narrows to actions naming it."""
    return service.history(researcher, limit, cursor)


@router.get("/actions/{action_id}", response_model=CurationActionPublic)
def get_action(action_id: str, user: CuratorDep, service: CurationServiceDep) -> dict:
    """One recorded merge, split or dismissal: who, when, why, what."""
    return service.get_action(action_id)
