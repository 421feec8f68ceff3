"""The analysts' endpoint: read-only Cypher with limits, every query in the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request

from graphsvc.api.analyst_models import CypherErrorPublic, CypherRequest, CypherResultPublic
from graphsvc.api.deps import AnalystDep, AnalystServiceDep
from graphsvc.api.hardening import rate_limit
from graphsvc.api.models import ErrorPublic
from graphsvc.observability import request_id
from graphsvc.services.analyst import Caller

router = APIRouter(tags=["analysts"])


@router.post(
    "/cypher",
    response_model=CypherResultPublic,
    dependencies=[rate_limit("cypher")],
    responses={
        400: {"model": CypherErrorPublic, "description": "Not valid Cypher (message, position)."},
        401: {"model": ErrorPublic, "description": "No token, or an unknown or revoked one."},
        403: {
            "model": ErrorPublic,
            "description": "Not an analyst, or the query would write or read outside the graph.",
        },
        413: {"model": ErrorPublic, "description": "The request body is too large."},
        422: {"description": "Malformed input, or the query ran past timeout_ms (error: timeout)."},
        429: {
            "model": ErrorPublic,
            "description": "Rate limit or concurrency cap; see Retry-After.",
        },
        503: {"model": ErrorPublic, "description": "The engine or the audit log is unavailable."},
    },
)
def run_cypher(
    body: CypherRequest, user: AnalystDep, service: AnalystServiceDep, request: Request
) -> dict[str, object]:
    """Run one read-only Cypher query (analyst role). The engine refuses writes, stops the
    query at ``timeout_ms`` and stops producing rows past ``limit``."""
    caller = Caller(
        who=user.handle,
        via="api",
        user_id=user.id,
        client=request.client.host if request.client else None,
        request_id=request_id.get(),
    )
    result = service.run(
        caller, body.query, body.parameters, limit=body.limit, timeout_ms=body.timeout_ms
    )
    return {
        "columns": result.columns,
        "rows": result.rows,
        "row_count": len(result.rows),
        "truncated": result.truncated,
        "truncated_by": result.truncated_by,
        "limit": body.limit or service.settings.cypher_row_limit,
        "timeout_ms": body.timeout_ms or service.settings.cypher_timeout_ms,
        "elapsed_ms": round(result.elapsed_ms, 2),
        "engine": service.backend.engine,
        "notes": result.notes,
    }
