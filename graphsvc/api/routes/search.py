"""Search and autocomplete: researchers by name, works by title."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from graphsvc.api.deps import SearchServiceDep
from graphsvc.api.errors import ERROR_RESPONSES, LIMITED_RESPONSES
from graphsvc.api.hardening import rate_limit
from graphsvc.api.models import SearchPublic

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)


@router.get(
    "/search",
    response_model=SearchPublic,
    dependencies=[rate_limit("search")],
    responses=LIMITED_RESPONSES,
)
def search(
    service: SearchServiceDep,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, object]:
    """Researchers whose name and works whose title match ``q`` (the last word as a prefix)."""
    return service.search(q, limit)
