"""Dependencies that routes declare with ``Annotated`` aliases (no globals in routes).

Those that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency in its
thread pool, and each such hop costs more than a cached profile takes to answer. Only the
ones that ask the engine (the token check) stay ``def``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graphsvc.backends.base import GraphBackend
from graphsvc.config import Settings
from graphsvc.errors import InvalidInput, PayloadTooLarge
from graphsvc.services.analyst import AnalystService
from graphsvc.services.audit import AuditLog
from graphsvc.services.auth import AuthService, User, require
from graphsvc.services.batch_ingest import BatchIngestService
from graphsvc.services.claims import ClaimService
from graphsvc.services.collaboration import CollaborationService
from graphsvc.services.curation import CurationService
from graphsvc.services.follows import FollowService
from graphsvc.services.ingest import pipeline_for
from graphsvc.services.researchers import ResearcherService, WorkService
from graphsvc.services.search import SearchService


async def get_backend(request: Request) -> GraphBackend:
    return request.app.state.backend


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


BackendDep = Annotated[GraphBackend, Depends(get_backend)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def researcher_service(backend: BackendDep, settings: SettingsDep) -> ResearcherService:
    return ResearcherService(backend, settings)


async def work_service(backend: BackendDep) -> WorkService:
    return WorkService(backend)


async def search_service(backend: BackendDep) -> SearchService:
    return SearchService(backend)


ResearcherServiceDep = Annotated[ResearcherService, Depends(researcher_service)]
WorkServiceDep = Annotated[WorkService, Depends(work_service)]
SearchServiceDep = Annotated[SearchService, Depends(search_service)]


bearer = HTTPBearer(auto_error=False, description="An API token from `graphsvc users create`.")


async def optional_user(
    backend: BackendDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User | None:
    """The signed-in user, or None for anonymous requests; a bad token is a 401. (Only a
    token asks the engine, in the thread pool; an anonymous request costs nothing here.)"""
    if credentials is None:
        return None
    return await run_in_threadpool(AuthService(backend).authenticate, credentials.credentials)


OptionalUserDep = Annotated[User | None, Depends(optional_user)]


async def signed_in_user(user: OptionalUserDep) -> User:
    return require(user)


UserDep = Annotated[User, Depends(signed_in_user)]


def role_required(role: str) -> object:
    """A dependency that lets only users with ``role`` (or admin) through."""

    async def check(user: OptionalUserDep) -> User:
        return require(user, role)

    return Depends(check)


CuratorDep = Annotated[User, role_required("curator")]
AnalystDep = Annotated[User, role_required("analyst")]
LoaderDep = Annotated[User, role_required("loader")]
AdminDep = Annotated[User, role_required("admin")]


# --- people: follows, claims, collaboration (issue 4) -----------------------------------


async def follow_service(backend: BackendDep) -> FollowService:
    return FollowService(backend)


async def claim_service(backend: BackendDep, settings: SettingsDep) -> ClaimService:
    return ClaimService(backend, settings)


async def collaboration_service(backend: BackendDep, settings: SettingsDep) -> CollaborationService:
    return CollaborationService(backend, settings)


FollowServiceDep = Annotated[FollowService, Depends(follow_service)]
ClaimServiceDep = Annotated[ClaimService, Depends(claim_service)]
CollaborationServiceDep = Annotated[CollaborationService, Depends(collaboration_service)]


# --- ingest over HTTP (issue 6) -----------------------------------------------------------


async def batch_ingest_service(backend: BackendDep, settings: SettingsDep) -> BatchIngestService:
    return BatchIngestService(
        pipeline_for(backend, settings),
        max_records=settings.ingest_request_max_records,
        max_bytes=settings.ingest_request_max_bytes,
    )


BatchIngestServiceDep = Annotated[BatchIngestService, Depends(batch_ingest_service)]


async def ingest_body(request: Request, settings: SettingsDep) -> bytes:
    """The raw request body, refused with 413 as soon as it passes the byte limit: from its
    Content-Length before reading anything, else while it streams in, so a huge body is
    never held in memory."""
    limit = settings.ingest_request_max_bytes
    too_large = (
        "the request body has more than {size} bytes; the limit is "
        f"{limit} bytes (GRAPHSVC_INGEST_REQUEST_MAX_BYTES): split the batch into smaller "
        "requests"
    )
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", ""):
        raise InvalidInput(f"Content-Encoding {encoding!r} is not supported; send gzip or none")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(too_large.format(size=limit) + f" (Content-Length {declared})")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(too_large.format(size=limit))
        chunks.append(chunk)
    return b"".join(chunks)


IngestBodyDep = Annotated[bytes, Depends(ingest_body)]


# --- curation (issue 6) ------------------------------------------------------------------


async def curation_service(backend: BackendDep, settings: SettingsDep) -> CurationService:
    return CurationService.for_settings(backend, settings)


CurationServiceDep = Annotated[CurationService, Depends(curation_service)]


# --- analysts (issue 7) ------------------------------------------------------------------


async def analyst_service(
    request: Request, backend: BackendDep, settings: SettingsDep
) -> AnalystService:
    """One audit log and one concurrency gate per app, made on first use."""
    state = request.app.state
    if getattr(state, "audit_log", None) is None:
        state.audit_log = AuditLog(settings.audit_log_path)
    return AnalystService(backend, settings, state.audit_log, gate=state.analyst_gate)


AnalystServiceDep = Annotated[AnalystService, Depends(analyst_service)]
