"""A curator's desk: a fresh embedded engine with real records loaded, a curator and a
plain user, the API in front, and checks of the graph against the raw records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings
from graphsvc.services.auth import AuthService
from graphsvc.services.checksum import GraphChecksum, graph_checksum
from graphsvc.services.researchers import ResearcherService
from tests.conftest import make_settings
from tests.support.formats import OPENALEX, edges, load_format, nodes
from tests.support.raw import Merge, RawCounts, Split, raw_counts, read_works, work_authors

Loads = Sequence[tuple[str, Sequence[Path]]]


@dataclass
class Desk:
    client: TestClient
    backend: GraphBackend
    settings: Settings
    loads: Loads
    headers: dict[str, dict[str, str]]

    def call(self, method: str, path: str, who: str | None = "curator", body: Any = None) -> Any:
        return self.client.request(
            method,
            path,
            headers=self.headers[who] if who else {},
            json=body,
            follow_redirects=False,
        )

    def merge(self, survivor: str, merged: str, reason: str = "test: same person") -> Any:
        res = self.call(
            "POST",
            "/curation/merges",
            body={"survivor": survivor, "merged": merged, "reason": reason},
        )
        assert res.status_code == 201, res.text
        return res.json()

    def split(self, researcher: str, works: list[str], **extra: Any) -> Any:
        body = {"researcher": researcher, "works": works, "reason": "test: conflated", **extra}
        res = self.call("POST", "/curation/splits", body=body)
        assert res.status_code == 201, res.text
        return res.json()

    def reload(self) -> None:
        """Load the same files again, as an operator re-running a load would."""
        for fmt, paths in self.loads:
            summary = load_format(self.backend, self.settings, fmt, list(paths))
            assert summary.works_loaded > 0

    def checksum(self) -> GraphChecksum:
        return graph_checksum(self.backend)

    def pending(self) -> list[dict[str, Any]]:
        found, cursor = [], None
        while True:
            query = "?limit=100" + (f"&cursor={cursor}" if cursor else "")
            page = self.call("GET", f"/curation/duplicates{query}").json()
            found += page["data"]
            cursor = page["next_cursor"]
            if cursor is None:
                return found


def build_desk(data_dir: Path, loads: Loads, **overrides: object) -> Iterator[Desk]:
    settings = make_settings(data_dir, **overrides)
    backend = open_backend(settings)
    try:
        for fmt, paths in loads:
            load_format(backend, settings, fmt, list(paths))
        auth = AuthService(backend)
        headers = {}
        for name, role in (("curator", "curator"), ("user", "user"), ("fan", "user")):
            _, token = auth.create_user(name, [role])
            headers[name] = {"Authorization": f"Bearer {token}"}
        with TestClient(create_app(settings, backend)) as client:
            yield Desk(client, backend, settings, loads, headers)
    finally:
        backend.close()


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    """The bundled real OpenAlex sample, freshly loaded."""
    yield from build_desk(tmp_path / "data", [("openalex", [OPENALEX])])


def expected_counts(cap: int, curation: Sequence[Merge | Split]) -> RawCounts:
    return raw_counts(read_works(OPENALEX), cap, curation)


def assert_matches_raw(desk: Desk, curation: Sequence[Merge | Split]) -> None:
    """Every researcher's works_count, topics_count, coauthors and COAUTHOR weights, and
    every work's author count, equal what the raw records say with ``curation`` applied."""
    cap = desk.settings.coauthor_max_authors
    raw = expected_counts(cap, curation)
    service = ResearcherService(desk.backend, desk.settings)
    assert {r["id"] for r in nodes(desk.backend, "Researcher")} == set(raw.works)
    for author, works in raw.works.items():
        profile = service.profile(author)
        assert (profile["works_count"], profile["topics_count"]) == (
            len(works),
            len(raw.topics[author]),
        ), author
        listed = service.collaborators(author, 1, 10_000)["data"]
        assert {c["id"]: c["shared_works"] for c in listed} == raw.coauthors(author), author
    coauthor_edges = edges(desk.backend, "COAUTHOR")
    weights = {
        tuple(sorted((e["source"], e["target"]))): e["props"]["works"] for e in coauthor_edges
    }
    assert len(weights) == len(coauthor_edges)  # one edge per pair
    assert weights == {pair: len(ws) for pair, ws in raw.shared.items()}
    authors = work_authors(read_works(OPENALEX), curation)
    for work in nodes(desk.backend, "Work"):
        assert work["author_count"] == len(authors[work["id"]]), work["id"]
