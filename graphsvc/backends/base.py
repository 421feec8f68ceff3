"""The one small protocol every engine implements.

Services ask for a named query with parameters and get plain Python values back (dicts,
lists, str, int, float, bool, None): no driver object (Record, Node, redis reply) ever
passes above this layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from graphsvc.queries import Catalog

Row = dict[str, Any]
Params = Mapping[str, Any]


@dataclass(slots=True)
class AnalystResult:
    """Rows of an analyst's read-only query, already converted to JSON-ready values."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    """True when there were more rows than the limit (or than fit the response size cap)."""
    truncated_by: str | None = None
    """``rows`` (the row cap) or ``bytes`` (the response size cap) when truncated."""
    elapsed_ms: float = 0.0
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class NodeTable:
    """Every node of one label, for writing a whole graph at once (the bulk path): each
    row holds one value per name in ``properties`` (None: not set). Edges name nodes by
    their position in their label's table."""

    label: str
    properties: tuple[str, ...]
    rows: Iterable[Sequence[Any]]
    count: int


@dataclass(slots=True)
class EdgeTable:
    """Every edge of one type: (source position, target position, values) rows, the
    positions in the ``source_label`` and ``target_label`` node tables."""

    type: str
    source_label: str
    target_label: str
    properties: tuple[str, ...]
    rows: Iterable[tuple[int, int, Sequence[Any]]]
    count: int
    int_columns: tuple[Sequence[int], Sequence[int], Sequence[int]] | None = None
    """Instead of ``rows``, for a type whose one property is an int on every edge: source
    positions, target positions and values as three columns (written far faster)."""


class GraphBackend(Protocol):
    """What services need from an engine. Implementations: FalkorDB (embedded or URL), Neo4j."""

    engine: str
    catalog: Catalog

    def read(self, name: str, params: Params | None = None) -> list[Row]:
        """Run a named read query (routed to a reader on a cluster)."""
        ...

    def write(self, name: str, params: Params | None = None) -> list[Row]:
        """Run a named write query as one atomic statement, durable when it returns."""
        ...

    def run_read_only(
        self, text: str, params: Params, *, timeout_ms: int, limit: int
    ) -> AnalystResult:
        """Run an analyst's Cypher; the engine itself refuses writes and enforces the timeout.

        At most ``limit`` rows come back (``truncated`` says whether there were more), and
        the engine stops producing rows past the limit rather than sending them all.
        """
        ...

    def data_version(self) -> str | None:
        """A token that changes whenever the graph does (any process's write), so answers
        computed from the graph can be reused until it changes; None: no such token."""
        ...

    def ensure_schema(self) -> None:
        """Create indexes (and constraints where the engine has them); safe to repeat."""
        ...

    def ping(self) -> None:
        """Raise EngineUnavailable unless the engine answers now."""
        ...

    def close(self) -> None:
        """Release connections (and stop an engine process this backend started)."""
        ...
