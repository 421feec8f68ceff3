"""Shared fixtures: a real embedded FalkorDB per test (or per session, read-only)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings, load_settings
from graphsvc.services.ingest import IngestPipeline
from graphsvc.services.loading import LoadSummary, run_load
from loaders import openalex
from tests.support.raw import SAMPLE

os.environ.pop("GRAPHSVC_DATABASE_URL", None)


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    return load_settings(data_dir=data_dir, database_url="", **overrides)


def load_paths(
    backend: GraphBackend, settings: Settings, paths: list[Path], rejects: Path | None = None
) -> LoadSummary:
    pipeline = IngestPipeline(
        backend,
        coauthor_max_authors=settings.coauthor_max_authors,
        close_min=settings.close_collaborator_min_shared,
        lock_path=settings.data_dir / "ingest.lock",
        duplicate_name_max=settings.duplicate_name_max,
    )
    return run_load(
        openalex.read(paths), pipeline, batch_size=settings.ingest_batch_size, rejects_path=rejects
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@pytest.fixture
def backend(settings: Settings) -> Iterator[GraphBackend]:
    """A fresh, empty embedded engine for one test."""
    opened = open_backend(settings)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return make_settings(tmp_path_factory.mktemp("sample") / "data")


@pytest.fixture(scope="session")
def sample_backend(sample_settings: Settings) -> Iterator[GraphBackend]:
    """The bundled real sample, loaded once; tests using it must not write."""
    opened = open_backend(sample_settings)
    load_paths(opened, sample_settings, [SAMPLE])
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def sample_client(sample_settings: Settings, sample_backend: GraphBackend) -> Iterator[TestClient]:
    with TestClient(create_app(sample_settings, sample_backend)) as client:
        yield client
