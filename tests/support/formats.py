"""Loading any format into a test graph, and reading nodes back by label."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.services.ingest import IngestPipeline
from graphsvc.services.loading import LoadSummary, run_load
from loaders import FORMATS
from tests.support.raw import SHARED

DATA = SHARED
ARXIV = DATA / "arxiv" / "arxiv-metadata-sample.jsonl"
CROSSREF = DATA / "crossref" / "works_sample.jsonl.gz"
CROSSREF_RESPONSES = DATA / "crossref" / "responses"
BIBTEX = DATA / "bibtex"
S2 = DATA / "semantic-scholar"
OPENALEX = DATA / "openalex" / "works_sample.jsonl.gz"


def load_format(
    backend: GraphBackend,
    settings: Settings,
    fmt: str,
    paths: list[Path],
    rejects: Path | None = None,
) -> LoadSummary:
    """What `graphsvc load <fmt> PATH...` does, without the terminal."""
    pipeline = IngestPipeline(
        backend,
        coauthor_max_authors=settings.coauthor_max_authors,
        lock_path=settings.data_dir / "ingest.lock",
        duplicate_name_max=settings.duplicate_name_max,
    )
    return run_load(
        FORMATS[fmt](paths), pipeline, batch_size=settings.ingest_batch_size, rejects_path=rejects
    )


def nodes(backend: GraphBackend, label: str) -> list[dict[str, Any]]:
    """Every node with ``label``, as its property map."""
    return [row["props"] for row in backend.read("graph/dump_nodes") if label in row["labels"]]


def edges(backend: GraphBackend, kind: str) -> list[dict[str, Any]]:
    return [row for row in backend.read("graph/dump_edges") if row["type"] == kind]
