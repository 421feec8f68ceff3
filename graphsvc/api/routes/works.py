"""Works: one work with authors and topics, and the graph slice around it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.deps import SettingsDep, WorkServiceDep
from graphsvc.api.errors import ERROR_RESPONSES, LIMITED_RESPONSES
from graphsvc.api.hardening import rate_limit
from graphsvc.api.models import GraphSlicePublic, WorkPublic

router = APIRouter(prefix="/works", tags=["works"], responses=ERROR_RESPONSES)


@router.get(
    "/{work_id:path}/graph",
    response_model=GraphSlicePublic,
    dependencies=[rate_limit("graph")],
    responses=LIMITED_RESPONSES,
)
def work_graph(
    work_id: str,
    service: WorkServiceDep,
    settings: SettingsDep,
    limit: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> dict[str, object]:
    """The graph slice around a work: its authors and topics."""
    return service.graph(work_id, limit or settings.graph_slice_limit)


@router.get("/{work_id:path}", response_model=WorkPublic)
def work_detail(work_id: str, service: WorkServiceDep) -> dict[str, object]:
    """A work by OpenAlex id or URL, DOI (any form) or arXiv id."""
    return service.get(work_id)
