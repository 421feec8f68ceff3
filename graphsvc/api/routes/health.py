"""Liveness and readiness: /healthz answers while the process lives; /readyz asks the engine."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from graphsvc.api.deps import BackendDep
from graphsvc.api.models import HealthPublic, ReadyPublic
from graphsvc.errors import GraphsvcError
from graphsvc.observability import ENGINE_ERRORS

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthPublic)
async def healthz() -> HealthPublic:
    return HealthPublic(status="ok")


@router.get("/readyz", response_model=ReadyPublic, responses={503: {"model": ReadyPublic}})
def readyz(backend: BackendDep) -> ReadyPublic | JSONResponse:
    try:
        backend.ping()
    except GraphsvcError as exc:
        ENGINE_ERRORS.labels(kind=type(exc).__name__).inc()
        body = ReadyPublic(status="not ready", engine=backend.engine, detail=str(exc))
        return JSONResponse(body.model_dump(), status_code=503, headers={"Retry-After": "5"})
    return ReadyPublic(status="ready", engine=backend.engine)
