"""The Cypher catalog: Neo4j's own linter passes every file, and every query runs here."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graphsvc.backends import GraphBackend
from graphsvc.queries import Catalog, cypher_root, query_files
from tests.support.raw import REPO

LINTER = REPO / "tools" / "lint_cypher.mjs"


def lint(files: list[Path]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, "node is needed for Neo4j's Cypher linter (make test installs it)"
    assert (REPO / "node_modules" / "@neo4j-cypher" / "language-support").is_dir(), (
        "run `make node-tools` (npm ci) to install @neo4j-cypher/language-support"
    )
    done = subprocess.run(
        [node, str(LINTER), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=300,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def test_neo4j_linter_finds_no_error_in_any_query_file() -> None:
    files = query_files()
    assert len(files) > 20
    reports = lint(files)
    assert len(reports) == len(files)
    errors = [(r["file"], d) for r in reports for d in r["diagnostics"] if d["severity"] == 1]
    assert errors == []


def test_neo4j_linter_gate_catches_a_broken_query(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cypher"
    broken.write_text("MATCH (n:Researcher {id: $id} RETURN n\n")
    [report] = lint([broken])
    assert any(d["severity"] == 1 for d in report["diagnostics"])


def test_every_named_read_query_has_an_example_and_runs_on_falkordb(
    sample_backend: GraphBackend,
) -> None:
    names = [n for n in Catalog("falkordb").names() if not n.startswith("schema/")]
    assert len(names) > 15
    for name in names:
        query = sample_backend.catalog[name]
        assert query.example is not None, f"{query.path} needs an '// Example: {{...}}' line"
        assert query.parameters <= set(query.example), name
        if not query.writes:
            sample_backend.read(name, query.example)


def test_every_named_write_query_runs_on_falkordb(backend: GraphBackend) -> None:
    writes = [
        n
        for n in backend.catalog.names()
        if backend.catalog[n].writes and not n.startswith("schema/")
    ]
    assert "ingest/write_batch" in writes
    for name in writes:
        backend.write(name, backend.catalog[name].example)


def test_both_engines_have_every_query_name() -> None:
    falkor, neo = Catalog("falkordb").names(), Catalog("neo4j").names()
    assert falkor == neo


def test_query_files_name_their_query_in_a_header() -> None:
    root = cypher_root()
    for path in query_files(root):
        first = path.read_text().splitlines()[0]
        name = path.relative_to(root).as_posix().removesuffix(".cypher")
        base = name.removesuffix(".neo4j").removesuffix(".falkordb")
        assert first.startswith(f"// {base}"), path


@pytest.mark.parametrize("engine", ["falkordb", "neo4j"])
def test_catalog_picks_the_engine_variant(engine: str) -> None:
    query = Catalog(engine)["search/search_researchers"]
    assert query.path.name == f"search_researchers.{engine}.cypher"
