"""Dependencies that routes declare with ``Annotated`` aliases (no globals in routes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graphsvc.backends.base import GraphBackend
from graphsvc.config import Settings
from graphsvc.services.analyst import AnalystService
from graphsvc.services.audit import AuditLog
from graphsvc.services.auth import AuthService, User, require
from graphsvc.services.claims import ClaimService
from graphsvc.services.collaboration import CollaborationService
from graphsvc.services.follows import FollowService
from graphsvc.services.researchers import ResearcherService, WorkService
from graphsvc.services.search import SearchService


def get_backend(request: Request) -> GraphBackend:
    return request.app.state.backend


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


BackendDep = Annotated[GraphBackend, Depends(get_backend)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def researcher_service(backend: BackendDep, settings: SettingsDep) -> ResearcherService:
    return ResearcherService(backend, settings)


def work_service(backend: BackendDep) -> WorkService:
    return WorkService(backend)


def search_service(backend: BackendDep) -> SearchService:
    return SearchService(backend)


ResearcherServiceDep = Annotated[ResearcherService, Depends(researcher_service)]
WorkServiceDep = Annotated[WorkService, Depends(work_service)]
SearchServiceDep = Annotated[SearchService, Depends(search_service)]


bearer = HTTPBearer(auto_error=False, description="An API token from `graphsvc users create`.")


def optional_user(
    backend: BackendDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User | None:
    """The signed-in user, or None for anonymous requests; a bad token is a 401."""
    if credentials is None:
        return None
    return AuthService(backend).authenticate(credentials.credentials)


OptionalUserDep = Annotated[User | None, Depends(optional_user)]


def signed_in_user(user: OptionalUserDep) -> User:
    return require(user)


UserDep = Annotated[User, Depends(signed_in_user)]


def role_required(role: str) -> object:
    """A dependency that lets only users with ``role`` (or admin) through."""

    def check(user: OptionalUserDep) -> User:
        return require(user, role)

    return Depends(check)


CuratorDep = Annotated[User, role_required("curator")]
AnalystDep = Annotated[User, role_required("analyst")]
LoaderDep = Annotated[User, role_required("loader")]
AdminDep = Annotated[User, role_required("admin")]


# --- people: follows, claims, collaboration (issue 4) -----------------------------------


def follow_service(backend: BackendDep) -> FollowService:
    return FollowService(backend)


def claim_service(backend: BackendDep, settings: SettingsDep) -> ClaimService:
    return ClaimService(backend, settings)


def collaboration_service(backend: BackendDep, settings: SettingsDep) -> CollaborationService:
    return CollaborationService(backend, settings)


FollowServiceDep = Annotated[FollowService, Depends(follow_service)]
ClaimServiceDep = Annotated[ClaimService, Depends(claim_service)]
CollaborationServiceDep = Annotated[CollaborationService, Depends(collaboration_service)]


# --- analysts (issue 7) ------------------------------------------------------------------


def analyst_service(request: Request, backend: BackendDep, settings: SettingsDep) -> AnalystService:
    """One audit log and one concurrency gate per app, made on first use."""
    state = request.app.state
    if getattr(state, "audit_log", None) is None:
        state.audit_log = AuditLog(settings.audit_log_path)
    return AnalystService(backend, settings, state.audit_log, gate=state.analyst_gate)


AnalystServiceDep = Annotated[AnalystService, Depends(analyst_service)]
