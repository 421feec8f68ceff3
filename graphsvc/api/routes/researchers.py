"""Researcher profiles, their works, collaborators and research graph slices."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.deps import ResearcherServiceDep, SettingsDep
from graphsvc.api.errors import ERROR_RESPONSES, LIMITED_RESPONSES
from graphsvc.api.hardening import rate_limit
from graphsvc.api.models import (
    CollaboratorsPublic,
    GraphSlicePublic,
    ResearcherPublic,
    WorksPagePublic,
)

router = APIRouter(prefix="/researchers", tags=["researchers"], responses=ERROR_RESPONSES)

ResearcherId = Annotated[str, "OpenAlex author id or URL, ORCID or ORCID URL"]


@router.get("/{researcher_id:path}/works", response_model=WorksPagePublic)
def researcher_works(
    researcher_id: ResearcherId,
    service: ResearcherServiceDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> dict[str, object]:
    """The researcher's works, newest first; follow ``next_cursor`` for the next page."""
    return service.works(researcher_id, limit, cursor)


@router.get("/{researcher_id:path}/collaborators", response_model=CollaboratorsPublic)
def researcher_collaborators(
    researcher_id: ResearcherId,
    service: ResearcherServiceDep,
    min_shared: Annotated[int, Query(ge=1, le=10_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1_000,
) -> dict[str, object]:
    """Coauthors with at least ``min_shared`` shared works (default 1: every coauthor).

    ``?min_shared=2`` (the default close threshold) lists the close collaborators.
    """
    return service.collaborators(researcher_id, min_shared, limit)


@router.get(
    "/{researcher_id:path}/graph",
    response_model=GraphSlicePublic,
    dependencies=[rate_limit("graph")],
    responses=LIMITED_RESPONSES,
)
def researcher_graph(
    researcher_id: ResearcherId,
    service: ResearcherServiceDep,
    settings: SettingsDep,
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> dict[str, object]:
    """The research graph around a researcher: works, coauthors, topics, institutions."""
    return service.graph(researcher_id, depth, limit or settings.graph_slice_limit)


@router.get("/{researcher_id:path}", response_model=ResearcherPublic)
def researcher_profile(
    researcher_id: ResearcherId, service: ResearcherServiceDep
) -> dict[str, object]:
    """A researcher's profile: identity, affiliation and the counts a profile page shows."""
    return service.profile(researcher_id)
