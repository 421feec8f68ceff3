"""A checksum of the whole graph: node and edge counts plus a hash of every property.

Used to prove idempotence (loading twice changes nothing), that refused analyst queries
changed nothing, and that export/import round-trips.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from graphsvc.backends.base import GraphBackend


@dataclass(frozen=True)
class GraphChecksum:
    nodes: int
    edges: int
    digest: str


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def graph_checksum(backend: GraphBackend) -> GraphChecksum:
    """Order-independent: each node and edge is hashed on its own, the hashes sorted."""
    node_lines = sorted(
        _canonical([sorted(row["labels"]), row["props"]])
        for row in backend.read("graph/dump_nodes")
    )
    edge_lines = sorted(
        _canonical(
            [
                row["source_label"],
                row["source"],
                row["type"],
                row["target_label"],
                row["target"],
                row["props"],
            ]
        )
        for row in backend.read("graph/dump_edges")
    )
    digest = hashlib.sha256()
    for line in [*node_lines, "--", *edge_lines]:
        digest.update(line.encode())
        digest.update(b"\n")
    return GraphChecksum(len(node_lines), len(edge_lines), digest.hexdigest())
