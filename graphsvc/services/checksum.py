"""A checksum of the whole graph: node and edge counts plus a hash of every property.

Used to prove idempotence (loading twice changes nothing), that refused analyst queries
changed nothing, and that export/import round-trips.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
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


WRITE_TIMES = ("created_at", "updated_at")
"""Properties that record when a write happened: two separate loads of the same files
differ only in these, so comparisons across runs leave them out."""


def _without(props: dict[str, Any], ignore: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k not in ignore} if ignore else props


def graph_checksum(backend: GraphBackend, *, ignore: tuple[str, ...] = ()) -> GraphChecksum:
    """Order-independent: each node and edge is hashed on its own, the hashes sorted.

    ``ignore`` names properties left out (e.g. :data:`WRITE_TIMES` when comparing a crashed
    and resumed load with a clean one, which ran at other times).
    """
    return checksum_rows(
        backend.read("graph/dump_nodes"), backend.read("graph/dump_edges"), ignore=ignore
    )


def checksum_rows(
    nodes: Iterable[dict[str, Any]],
    edges: Iterable[dict[str, Any]],
    *,
    ignore: tuple[str, ...] = (),
) -> GraphChecksum:
    """The checksum of rows shaped like ``graph/dump_nodes`` and ``graph/dump_edges`` give,
    so an export can state the checksum of exactly what it wrote."""
    node_lines = sorted(
        _canonical([sorted(row["labels"]), _without(row["props"], ignore)]) for row in nodes
    )
    edge_lines = sorted(
        _canonical(
            [
                row["source_label"],
                row["source"],
                row["type"],
                row["target_label"],
                row["target"],
                _without(row["props"], ignore),
            ]
        )
        for row in edges
    )
    digest = hashlib.sha256()
    for line in [*node_lines, "--", *edge_lines]:
        digest.update(line.encode())
        digest.update(b"\n")
    return GraphChecksum(len(node_lines), len(edge_lines), digest.hexdigest())
