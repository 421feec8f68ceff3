"""Settings, read once from the environment (prefix ``GRAPHSVC_``) or a ``.env`` file.

Every knob a user can turn lives here, so the README, docker-compose.yml and the tests
can all name the same variables.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from graphsvc.errors import ConfigurationError

SUPPORTED_SCHEMES = (
    "falkordb",
    "falkordbs",
    "bolt",
    "bolt+s",
    "neo4j",
    "neo4j+s",
    "neo4j+ssc",
    "bolt+ssc",
)


class Settings(BaseSettings):
    """graphsvc's configuration. Unset ``database_url`` means the embedded engine."""

    model_config = SettingsConfigDict(env_prefix="GRAPHSVC_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="falkordb://host:port, bolt://, neo4j:// or neo4j+s://; unset = embedded.",
    )
    database_user: str = "neo4j"
    database_password: str | None = None
    database_name: str | None = Field(default=None, description="Neo4j database name.")
    database_retry_s: float = Field(
        default=15.0,
        ge=0,
        le=600,
        description="Neo4j: how long transient errors and leader switches are retried.",
    )
    graph_name: str = Field(default="graphsvc", description="FalkorDB graph key.")
    data_dir: Path = Field(default=Path("./data"), description="Embedded engine's data dir.")
    appendfsync: str = Field(
        default="always",
        description="Embedded AOF fsync policy: always (no acknowledged batch lost), everysec, no.",
    )

    coauthor_max_authors: int = Field(default=50, ge=2)
    close_collaborator_min_shared: int = Field(default=2, ge=1)
    duplicate_name_max: int = Field(
        default=20,
        ge=1,
        description="A name shared by more researcher records makes no candidate duplicates.",
    )

    ingest_batch_size: int = Field(default=500, ge=1, le=20000)
    rejects_path: Path | None = None
    ingest_request_max_records: int = Field(
        default=1000,
        ge=1,
        le=20000,
        description="POST /works: records (accepted or rejected) per request (413 beyond).",
    )
    ingest_request_max_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=1024,
        description="POST /works: bytes of one request body, as sent and unzipped (413 beyond).",
    )

    graph_slice_limit: int = Field(default=25, ge=1, le=500)
    response_cache_entries: int = Field(
        default=10_000,
        ge=0,
        description="Public answers kept while the graph is unchanged (0: no cache).",
    )
    response_cache_max_age_s: float = Field(
        default=30.0, gt=0, description="The longest a kept answer is served, in seconds."
    )
    page_size_max: int = Field(default=100, ge=1, le=1000)

    invitations_per_day: int = Field(
        default=20, ge=1, description="Invitations one user may send in 24 hours (anti-spam)."
    )
    claims_pending_max: int = Field(
        default=5, ge=1, description="Claims one user may have waiting for a curator."
    )

    engine_start_timeout_s: float = Field(
        default=600.0,
        gt=0,
        description="Embedded engine: how long start-up may take; it replays its append-only "
        "file first (about a minute per million works).",
    )
    engine_threads: int = Field(
        default=4,
        ge=1,
        le=64,
        description="Embedded engine: query threads (FalkorDB THREAD_COUNT); keep it above "
        "cypher_max_concurrent so analysts never take every thread.",
    )

    # --- analysts' read-only Cypher (POST /cypher, graphsvc cypher) ---------------------
    cypher_timeout_ms: int = Field(default=5_000, ge=1, description="Timeout when none is sent.")
    cypher_timeout_max_ms: int = Field(default=60_000, ge=1, description="Largest timeout_ms.")
    cypher_row_limit: int = Field(default=1_000, ge=1, description="Row cap when none is sent.")
    cypher_row_limit_max: int = Field(default=10_000, ge=1, description="Largest limit.")
    cypher_response_max_bytes: int = Field(
        default=5_000_000, ge=1_000, description="Rows past this many bytes of JSON are cut."
    )
    cypher_query_max_chars: int = Field(default=20_000, ge=10)
    cypher_max_concurrent: int = Field(
        default=2, ge=1, description="Analyst queries running at once per API process (429)."
    )
    audit_log: Path | None = Field(
        default=None, description="Analyst audit log (JSON lines); unset = <data_dir>/audit/."
    )

    # --- API hardening --------------------------------------------------------------------
    rate_limit_cypher: str = Field(
        default="60/minute", description="Per token and per client address; empty = no limit."
    )
    rate_limit_search: str = Field(default="600/minute")
    rate_limit_graph: str = Field(default="600/minute")
    max_body_bytes: int = Field(
        default=1_048_576, ge=1, description="Largest request body (413 beyond)."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser."
    )

    host: str = "127.0.0.1"
    port: int = 8000

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        scheme = value.split("://", 1)[0].lower() if "://" in value else ""
        if scheme not in SUPPORTED_SCHEMES:
            raise ValueError(
                f"GRAPHSVC_DATABASE_URL has scheme {scheme or '(none)'!r}; use one of "
                + ", ".join(f"{s}://" for s in SUPPORTED_SCHEMES)
                + " or leave it unset for the embedded engine"
            )
        return value

    @field_validator("appendfsync")
    @classmethod
    def _known_fsync(cls, value: str) -> str:
        if value not in ("always", "everysec", "no"):
            raise ValueError("GRAPHSVC_APPENDFSYNC must be always, everysec or no")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins_list(cls, value: object) -> object:
        """Accept ``https://a.example,https://b.example`` as well as a JSON list."""
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [o.strip() for o in value.split(",") if o.strip()]
        return value

    @field_validator("rate_limit_cypher", "rate_limit_search", "rate_limit_graph")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        from limits import parse_many

        if value.strip():
            try:
                parse_many(value)
            except ValueError:
                raise ValueError(
                    f"{value!r} is not a rate limit; write e.g. 60/minute or 10/second;1000/day"
                ) from None
        return value.strip()

    @model_validator(mode="after")
    def _defaults_within_maxima(self) -> Settings:
        if self.cypher_timeout_ms > self.cypher_timeout_max_ms:
            raise ValueError(
                "GRAPHSVC_CYPHER_TIMEOUT_MS must not exceed GRAPHSVC_CYPHER_TIMEOUT_MAX_MS"
            )
        if self.cypher_row_limit > self.cypher_row_limit_max:
            raise ValueError(
                "GRAPHSVC_CYPHER_ROW_LIMIT must not exceed GRAPHSVC_CYPHER_ROW_LIMIT_MAX"
            )
        return self

    @property
    def audit_log_path(self) -> Path:
        """Where analyst queries are recorded (one JSON line each)."""
        return self.audit_log or self.data_dir / "audit" / "cypher.jsonl"

    @property
    def engine(self) -> str:
        """Which backend family the URL selects: embedded, falkordb or neo4j."""
        if self.database_url is None:
            return "embedded"
        scheme = self.database_url.split("://", 1)[0].lower()
        return "falkordb" if scheme.startswith("falkordb") else "neo4j"


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning pydantic's validation error into one line saying what to fix."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValueError as exc:
        raise ConfigurationError(_one_line(exc)) from None


def _one_line(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        parts = []
        for err in errors():
            loc = ".".join(str(p) for p in err.get("loc", ()))
            msg = str(err.get("msg", "")).removeprefix("Value error, ")
            name = f"GRAPHSVC_{loc.upper()}" if loc else ""
            parts.append(msg if not name or msg.startswith(name) else f"{name}: {msg}")
        return "; ".join(parts)
    return str(exc)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own with ``load_settings``)."""
    return load_settings()
