"""Settings, read once from the environment (prefix ``GRAPHSVC_``) or a ``.env`` file.

Every knob a user can turn lives here, so the README, docker-compose.yml and the tests
can all name the same variables.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    page_size_max: int = Field(default=100, ge=1, le=1000)

    invitations_per_day: int = Field(
        default=20, ge=1, description="Invitations one user may send in 24 hours (anti-spam)."
    )
    claims_pending_max: int = Field(
        default=5, ge=1, description="Claims one user may have waiting for a curator."
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
