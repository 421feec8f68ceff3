"""Request and response models of the analysts' endpoint, ``POST /cypher``."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(
        min_length=1,
        description="One read-only Cypher statement (GRAPHSVC_CYPHER_QUERY_MAX_CHARS at most).",
        examples=[
            "MATCH (r:Researcher)-[:AUTHORED]->(w:Work) RETURN r.name, count(w) AS works "
            "ORDER BY works DESC LIMIT 5"
        ],
    )
    parameters: dict[str, Any] = Field(
        default_factory=dict,
        description="Values for $name in the query: JSON scalars, lists and maps.",
    )
    limit: int | None = Field(
        default=None,
        ge=1,
        description="Row cap (default GRAPHSVC_CYPHER_ROW_LIMIT, at most "
        "GRAPHSVC_CYPHER_ROW_LIMIT_MAX); more rows set truncated.",
    )
    timeout_ms: int | None = Field(
        default=None,
        ge=1,
        description="The engine stops the query after this long (default "
        "GRAPHSVC_CYPHER_TIMEOUT_MS, at most GRAPHSVC_CYPHER_TIMEOUT_MAX_MS).",
    )


class CypherResultPublic(BaseModel):
    columns: list[str] = Field(description="Column names, in the order the RETURN gives them.")
    rows: list[list[Any]] = Field(
        description="One list per row, values in column order. Nodes are "
        "{id, labels, properties}; relationships {id, type, start, end, properties}; paths "
        "{nodes, relationships}; maps, lists and scalars as JSON."
    )
    row_count: int
    truncated: bool = Field(description="True when the engine had more rows than came back.")
    truncated_by: Literal["rows", "bytes"] | None = Field(
        default=None, description="rows: the row cap; bytes: the response size cap."
    )
    limit: int
    timeout_ms: int
    elapsed_ms: float
    engine: str = Field(description="falkordb or neo4j")
    notes: list[str] = Field(default_factory=list)


class CypherErrorPublic(BaseModel):
    detail: str = Field(description="The engine's message, or what to change.")
    error: (
        Literal["syntax_error", "read_only", "outside_the_graph", "timeout", "query_error"] | None
    ) = Field(default=None, description="What kind of refusal; absent when the body is not JSON.")
    position: int | None = Field(
        default=None, description="Syntax errors: offset in the query (0-based)."
    )
    limit_ms: int | None = Field(default=None, description="Timeouts: the limit that was hit.")
