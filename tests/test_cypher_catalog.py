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

# Example parameters for every named query, so each one really runs on FalkorDB.
EXAMPLES: dict[str, dict[str, Any]] = {
    "alias/record_aliases": {"rows": [{"id": "A1", "kind": "researcher", "target": "A2"}]},
    "alias/resolve_alias": {"id": "A1", "kind": "researcher"},
    "graph/dump_edges": {},
    "graph/dump_nodes": {},
    "ingest/get_work_state": {"ids": ["W2741809807"]},
    "ingest/resolve_researchers": {
        "rows": [
            {
                "key": "k",
                "openalex_id": "A5007671479",
                "orcid": None,
                "s2_id": None,
                "dblp_name": None,
            }
        ]
    },
    "ingest/resolve_works": {
        "rows": [{"key": 0, "openalex_id": None, "doi": "10.1/x", "arxiv_id": None, "s2_id": None}]
    },
    "ingest/write_batch": {
        "now": 0,
        "works": [],
        "researchers": [],
        "institutions": [],
        "topics": [],
        "authored_remove": [],
        "authored": [],
        "topics_remove": [],
        "has_topic": [],
        "affiliations": [],
        "coauthors": [],
    },
    "researcher/exists": {"id": "A5007671479"},
    "researcher/find_by_orcid": {"orcid": "0000-0002-2602-6482"},
    "researcher/get_profile": {"id": "A5007671479", "close_min": 2, "top_topics": 5},
    "researcher/list_collaborators": {"id": "A5007671479", "min_shared": 1, "limit": 10},
    "researcher/list_most_productive": {"limit": 3},
    "researcher/list_works": {
        "id": "A5007671479",
        "after_year": None,
        "after_id": None,
        "limit": 5,
    },
    "researcher/slice_coauthors": {"id": "A5007671479", "limit": 5},
    "researcher/slice_institutions": {"id": "A5007671479", "limit": 5},
    "researcher/slice_topics": {"id": "A5007671479", "limit": 5},
    "researcher/slice_works": {"id": "A5007671479", "limit": 5},
    "search/search_researchers": {"q": "Cervig*", "limit": 5},
    "search/search_works": {"q": "biodiversity", "limit": 5},
    "work/find_by_arxiv_id": {"arxiv_id": "2101.00001"},
    "work/find_by_doi": {"doi": "10.4337/9781035335510"},
    "work/get_work": {"id": "W2526253498"},
    "work/slice_authors": {"id": "W2526253498", "limit": 5},
    "work/slice_topics": {"id": "W2526253498", "limit": 5},
}


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


def test_every_named_query_has_an_example_and_runs_on_falkordb(
    sample_backend: GraphBackend,
) -> None:
    names = [n for n in Catalog("falkordb").names() if not n.startswith("schema/")]
    assert sorted(EXAMPLES) == names, "add example parameters for new queries to EXAMPLES"
    for name in names:
        query = sample_backend.catalog[name]
        assert query.parameters <= set(EXAMPLES[name]), name
        if name in ("alias/record_aliases",):
            continue  # a write; exercised by the merged-ids tests on their own engine
        runner = sample_backend.write if name.startswith("ingest/write") else sample_backend.read
        runner(name, EXAMPLES[name])


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
