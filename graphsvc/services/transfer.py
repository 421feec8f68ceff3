"""Export and import of a whole graph as JSON lines: backups, restores, and the way to move
from the embedded engine to a Neo4j server.

Layout of an export directory::

    manifest.json             format, counts per label and type, checksum of the graph
    nodes/<Label>.jsonl       {"key", "labels", "props"} per node (props hold every id)
    edges/<TYPE>.jsonl        {"source", "target", "props"} per relationship (node keys)

A key is the source engine's internal node id; it joins edges to nodes within one export
and means nothing after. Labels and types cannot be query parameters, so each kind is
imported by its own fixed query (``graph/import_<label>_nodes``,
``graph/import_<type>_edges``); an export holding a kind without one is refused before
anything is written. The manifest's checksum is the :func:`graph_checksum` of exactly what
was written, and an import is verified against it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphsvc.backends.base import GraphBackend
from graphsvc.errors import Conflict, InvalidInput
from graphsvc.services.checksum import GraphChecksum, checksum_rows, graph_checksum

FORMAT = "graphsvc-export/1"
CHUNK = 1000
EXPORT_ATTEMPTS = 3


@dataclass
class Manifest:
    format: str
    engine: str
    created: str
    nodes: dict[str, int]
    edges: dict[str, int]
    checksum: dict[str, Any]

    @property
    def graph_checksum(self) -> GraphChecksum:
        return GraphChecksum(**self.checksum)


def node_query(label: str) -> str:
    return f"graph/import_{label.lower()}_nodes"


def edge_query(rel_type: str) -> str:
    return f"graph/import_{rel_type.lower()}_edges"


def _dump(path: Path, rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:  # json.dumps escapes every control character inside strings
            if line.strip():
                yield json.loads(line)


def _kind(labels: list[str]) -> str:
    if len(labels) != 1:
        raise InvalidInput(f"a node with labels {labels} cannot be exported: one label each")
    return labels[0]


def export_graph(backend: GraphBackend, target: Path) -> Manifest:
    """Write the whole graph under ``target`` (which must be empty or absent)."""
    if target.exists() and any(target.iterdir()):
        raise Conflict(f"{target} is not empty; export into a new directory")
    for _ in range(EXPORT_ATTEMPTS):
        nodes = backend.read("graph/export_nodes")
        edges = backend.read("graph/export_edges")
        manifest = _write_export(backend.engine, nodes, edges, target)
        if graph_checksum(backend) == manifest.graph_checksum:
            return manifest  # nothing was written to the graph while it was read
    raise Conflict("the graph kept changing during the export; stop writers and try again")


def _write_export(
    engine: str, nodes: list[dict[str, Any]], edges: list[dict[str, Any]], target: Path
) -> Manifest:
    by_key = {row["key"]: row for row in nodes}
    node_files: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in nodes:
        node_files[_kind(row["labels"])].append(row)
    edge_files: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in edges:
        edge_files[row["type"]].append(
            {"source": row["source"], "target": row["target"], "props": row["props"]}
        )

    def dump_row(edge: dict[str, Any]) -> dict[str, Any]:
        source, target_node = by_key[edge["source"]], by_key[edge["target"]]
        return {
            "source_label": source["labels"][0],
            "source": source["props"].get("id"),
            "type": edge["type"],
            "target_label": target_node["labels"][0],
            "target": target_node["props"].get("id"),
            "props": edge["props"],
        }

    checksum = checksum_rows(nodes, (dump_row(e) for e in edges))
    (target / "nodes").mkdir(parents=True, exist_ok=True)
    (target / "edges").mkdir(parents=True, exist_ok=True)
    for label, rows in node_files.items():
        _dump(target / "nodes" / f"{label}.jsonl", rows)
    for rel_type, rows in edge_files.items():
        _dump(target / "edges" / f"{rel_type}.jsonl", rows)
    manifest = Manifest(
        format=FORMAT,
        engine=engine,
        created=datetime.now(UTC).isoformat(timespec="seconds"),
        nodes=dict(sorted(Counter({k: len(v) for k, v in node_files.items()}).items())),
        edges=dict(sorted(Counter({k: len(v) for k, v in edge_files.items()}).items())),
        checksum=asdict(checksum),
    )
    (target / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def read_manifest(source: Path) -> Manifest:
    path = source / "manifest.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{path} is missing or unreadable ({exc}); is this an export?") from None
    if data.get("format") != FORMAT:
        raise InvalidInput(f"{path} has format {data.get('format')!r}; expected {FORMAT!r}")
    return Manifest(**data)


def import_graph(backend: GraphBackend, source: Path) -> Manifest:
    """Recreate an export in an empty graph and verify it against the manifest's checksum."""
    manifest = read_manifest(source)
    known = set(backend.catalog.names())
    missing = [node_query(k) for k in manifest.nodes if node_query(k) not in known]
    missing += [edge_query(k) for k in manifest.edges if edge_query(k) not in known]
    if missing:
        raise InvalidInput(
            "no import query for " + ", ".join(missing) + "; add cypher/<name>.cypher for each"
        )
    present = backend.read("graph/count_nodes")[0]["nodes"]
    if present:
        raise Conflict(f"import needs an empty graph; this one has {present} nodes")

    new_ids: dict[int, int] = {}
    for label in manifest.nodes:
        for chunk in _chunks(_read_jsonl(source / "nodes" / f"{label}.jsonl")):
            rows = [{"key": r["key"], "props": r["props"]} for r in chunk]
            for row in backend.write(node_query(label), {"rows": rows}):
                new_ids[row["key"]] = row["node"]
    for rel_type in manifest.edges:
        for chunk in _chunks(_read_jsonl(source / "edges" / f"{rel_type}.jsonl")):
            rows = [
                {
                    "source": new_ids[e["source"]],
                    "target": new_ids[e["target"]],
                    "props": e["props"],
                }
                for e in chunk
            ]
            backend.write(edge_query(rel_type), {"rows": rows})

    got = graph_checksum(backend)
    if got != manifest.graph_checksum:
        raise Conflict(
            f"the imported graph differs from the export ({got.nodes} nodes, {got.edges} edges; "
            f"expected {manifest.checksum['nodes']} and {manifest.checksum['edges']})"
        )
    return manifest


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
