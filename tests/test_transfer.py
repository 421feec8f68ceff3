"""Export and import: the real sample round-trips into an empty engine unchanged."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings, load_settings
from graphsvc.errors import Conflict, InvalidInput
from graphsvc.queries import Catalog, cypher_root, query_files
from graphsvc.services.checksum import graph_checksum
from graphsvc.services.transfer import edge_query, export_graph, import_graph, node_query
from tests.conftest import make_settings


def cli(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    return subprocess.run(
        [sys.executable, "-m", "graphsvc", *args],
        env={**clean, "GRAPHSVC_DATA_DIR": str(data_dir), "GRAPHSVC_DATABASE_URL": "", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_export_writes_every_node_and_edge_by_kind_with_a_manifest(
    sample_backend: GraphBackend, tmp_path: Path
) -> None:
    target = tmp_path / "export"
    manifest = export_graph(sample_backend, target)
    expected = graph_checksum(sample_backend)
    assert manifest.graph_checksum == expected
    assert sum(manifest.nodes.values()) == expected.nodes
    assert sum(manifest.edges.values()) == expected.edges
    for label, count in manifest.nodes.items():
        lines = (target / "nodes" / f"{label}.jsonl").read_text().splitlines()
        assert len(lines) == count
        assert all(json.loads(line)["labels"] == [label] for line in lines)
    for rel_type, count in manifest.edges.items():
        assert len((target / "edges" / f"{rel_type}.jsonl").read_text().splitlines()) == count
    on_disk = json.loads((target / "manifest.json").read_text())
    assert on_disk["checksum"]["digest"] == expected.digest


def test_cli_export_then_import_into_an_empty_embedded_engine_gives_an_identical_graph(
    sample_backend: GraphBackend, tmp_path: Path
) -> None:
    # The sample's engine belongs to this test process; the CLI joins it to export.
    sample_dir = Path(sample_backend.embedded.data_dir)  # type: ignore[attr-defined]
    exported = cli(["export", str(tmp_path / "dump")], sample_dir)
    assert exported.returncode == 0, exported.stderr
    target_dir = tmp_path / "restored"
    imported = cli(["import", str(tmp_path / "dump")], target_dir)
    assert imported.returncode == 0, imported.stderr
    assert "checksum matches" in imported.stderr

    restored = open_backend(make_settings(target_dir))
    try:
        assert graph_checksum(restored) == graph_checksum(sample_backend)
        with pytest.raises(Conflict, match="empty graph"):  # no import over existing data
            import_graph(restored, tmp_path / "dump")
    finally:
        restored.close()


def test_import_refuses_an_export_with_a_kind_it_has_no_query_for(
    sample_backend: GraphBackend, backend: GraphBackend, tmp_path: Path
) -> None:
    target = tmp_path / "export"
    export_graph(sample_backend, target)
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["nodes"]["Spaceship"] = 1
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(InvalidInput, match="graph/import_spaceship_nodes"):
        import_graph(backend, target)
    assert backend.read("graph/count_nodes")[0]["nodes"] == 0


def test_every_label_and_type_the_queries_write_has_an_import_query() -> None:
    """A new kind of node or relationship must come with its import query, or backups
    would silently leave it out."""
    names = set(Catalog("falkordb").names())
    labels, types = set(), set()
    for path in query_files(cypher_root()):
        if "schema" in path.parts or path.parent.name == "graph":
            continue
        text = path.read_text()
        if "Mode: write" not in text:
            continue
        body = "\n".join(x for x in text.splitlines() if not x.startswith("//"))
        labels |= set(re.findall(r"\(\w*:(\w+)", body))
        types |= set(re.findall(r"\[\w*:(\w+)", body))
    assert labels and types
    assert {node_query(label) for label in labels} <= names
    assert {edge_query(rel_type) for rel_type in types} <= names


@pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason="set NEO4J_URI to run")
def test_export_from_embedded_imports_into_neo4j_with_the_same_counts(
    sample_backend: GraphBackend, tmp_path: Path
) -> None:
    export_graph(sample_backend, tmp_path / "dump")
    settings: Settings = load_settings(
        database_url=os.environ["NEO4J_URI"],
        database_user=os.environ.get("NEO4J_USER", "neo4j"),
        database_password=os.environ.get("NEO4J_PASSWORD"),
    )
    neo = open_backend(settings)
    try:
        if neo.read("graph/count_nodes")[0]["nodes"]:
            pytest.skip("the Neo4j database at NEO4J_URI is not empty")
        import_graph(neo, tmp_path / "dump")
        assert graph_checksum(neo) == graph_checksum(sample_backend)
    finally:
        neo.close()
