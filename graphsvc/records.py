"""The records that loaders yield and the ingest pipeline writes.

Loaders turn a source format into these validated, source-neutral records and never touch
the database; :mod:`graphsvc.services.ingest` is the one place that writes them. Plain
slotted dataclasses rather than pydantic models: loaders build millions of them and
validate as they parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class InstitutionRef:
    """An institution named by an authorship."""

    id: str  # canonical, e.g. "I27837315"
    name: str
    ror: str | None = None
    country: str | None = None


@dataclass(slots=True)
class TopicRef:
    """A topic a work is about, with the source's confidence."""

    id: str  # e.g. "T11636"
    name: str
    score: float | None = None
    field: str | None = None
    domain: str | None = None


@dataclass(slots=True)
class AuthorRef:
    """One authorship: who, in which position, with which affiliations."""

    name: str
    openalex_id: str | None = None
    orcid: str | None = None
    s2_id: str | None = None
    dblp_name: str | None = None
    position: str | None = None  # first / middle / last
    corresponding: bool = False
    institutions: list[InstitutionRef] = field(default_factory=list)

    @property
    def has_identifier(self) -> bool:
        """Names alone never identify a person (DESIGN.md): an authorship needs one of these."""
        return bool(self.openalex_id or self.orcid or self.s2_id or self.dblp_name)


@dataclass(slots=True)
class WorkRecord:
    """One work as a source describes it; ``origin`` says where it came from for rejects."""

    source: str  # "openalex", "crossref", ...
    title: str
    openalex_id: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    s2_id: str | None = None
    dblp_key: str | None = None  # e.g. "conf/icml/MnihG14": DBLP's id for a work
    abstract: str | None = None
    year: int | None = None
    type: str | None = None
    venue: str | None = None
    cited_by_count: int | None = None
    authors: list[AuthorRef] = field(default_factory=list)
    topics: list[TopicRef] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # canonical work ids it cites
    skipped_authorships: int = 0  # authorships without any identifier
    origin: str = ""  # "file:line" for progress and rejects


@dataclass(slots=True)
class MergedId:
    """A source's statement that ``old`` was merged into ``new`` (OpenAlex merged_ids)."""

    kind: str  # "researcher" or "work"
    old: str
    new: str


@dataclass(slots=True)
class Rejected:
    """A record a loader could not turn into a WorkRecord, with the reason."""

    origin: str
    reason: str
