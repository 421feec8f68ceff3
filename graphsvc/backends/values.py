"""Driver values to plain JSON-ready Python, one documented shape for both engines.

- node: ``{"id": str, "labels": [...], "properties": {...}}``
- relationship: ``{"id": str, "type": str, "start": str, "end": str, "properties": {...}}``
- path: ``{"nodes": [node, ...], "relationships": [relationship, ...]}``
- maps and lists recursively; strings, integers, booleans and null as they are;
- floats as they are, except NaN and the infinities, which JSON cannot carry: the strings
  ``"NaN"``, ``"Infinity"``, ``"-Infinity"``;
- anything else (temporal values, points) as its ``str``.

Labels are sorted, so a node with several labels reads the same on both engines.

Engine-internal ids are given as strings (Neo4j's element ids are strings; FalkorDB's
integer ids are turned into strings) so clients never do arithmetic on them.
"""

from __future__ import annotations

import math
from typing import Any

_SCALARS = (str, int, bool, type(None))


def _float(value: float) -> float | str:
    if math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def falkordb_value(value: Any) -> Any:
    """Convert a value of the falkordb client to plain Python."""
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path

    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, Node):
        return {
            "id": str(value.id),
            "labels": sorted(value.labels or []),
            "properties": {k: falkordb_value(v) for k, v in (value.properties or {}).items()},
        }
    if isinstance(value, Edge):
        return {
            "id": str(value.id),
            "type": value.relation,
            "start": str(_node_id(value.src_node)),
            "end": str(_node_id(value.dest_node)),
            "properties": {k: falkordb_value(v) for k, v in (value.properties or {}).items()},
        }
    if isinstance(value, Path):
        return {
            "nodes": [falkordb_value(n) for n in value.nodes()],
            "relationships": [falkordb_value(e) for e in value.edges()],
        }
    if isinstance(value, dict):
        return {str(k): falkordb_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [falkordb_value(v) for v in value]
    return str(value)


def _node_id(node: Any) -> Any:
    return getattr(node, "id", node)


def neo4j_value(value: Any) -> Any:
    """Convert a value of the neo4j driver to plain Python."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, Node):
        return {
            "id": value.element_id,
            "labels": sorted(value.labels),
            "properties": {k: neo4j_value(v) for k, v in value.items()},
        }
    if isinstance(value, Relationship):
        return {
            "id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": {k: neo4j_value(v) for k, v in value.items()},
        }
    if isinstance(value, Path):
        return {
            "nodes": [neo4j_value(n) for n in value.nodes],
            "relationships": [neo4j_value(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {str(k): neo4j_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [neo4j_value(v) for v in value]
    return str(value)
