"""Dependencies that routes declare with ``Annotated`` aliases (no globals in routes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graphsvc.backends.base import GraphBackend
from graphsvc.config import Settings
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
