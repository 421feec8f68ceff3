"""Response models: what the API promises, checked by FastAPI and published in OpenAPI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorPublic(BaseModel):
    detail: str = Field(description="What went wrong and what to change.")


class InstitutionPublic(BaseModel):
    id: str
    name: str | None = None
    country: str | None = None


class TopicCountPublic(BaseModel):
    id: str
    name: str | None = None
    works: int = Field(description="How many of the researcher's works carry this topic.")


class ResearcherPublic(BaseModel):
    id: str
    name: str | None = None
    orcid: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None
    dblp_name: str | None = None
    alt_names: list[str] = Field(
        default=[], description="Names of records a curator merged into this one."
    )
    merged_ids: list[str] = Field(
        default=[], description="Ids merged into this record; they redirect (301) here."
    )
    split_from: str | None = Field(
        default=None, description="The record a curator split this one off."
    )
    affiliation: InstitutionPublic | None = Field(
        default=None, description="Institution of the most recent affiliated year."
    )
    open_to_collaborate: bool = Field(
        default=False, description="Set by the record's owner: invitations are welcome."
    )
    claimed: bool = Field(default=False, description="A user's claim a curator approved.")
    verification_level: str | None = Field(
        default=None, description="L0-L3; the rules are in GET /researchers/{id}/trust."
    )
    trust_score: int | None = Field(
        default=None, description="0-100, computed at read time from current data."
    )
    trust_band: str | None = Field(
        default=None, description="New, Emerging, Established, Trusted or Highly trusted."
    )
    works_count: int = Field(description="Distinct works with an authorship by this researcher.")
    topics_count: int = Field(description="Distinct topics over this researcher's works.")
    followers_count: int
    close_collaborators_count: int = Field(
        description="Coauthors with at least close_collaborator_min_shared shared works."
    )
    close_collaborator_min_shared: int
    top_topics: list[TopicCountPublic]


class WorkSummaryPublic(BaseModel):
    id: str
    title: str | None = None
    year: int | None = None
    type: str | None = None
    venue: str | None = None
    doi: str | None = None
    abstract: str | None = None
    arxiv_id: str | None = None
    openalex_id: str | None = None


class WorksPagePublic(BaseModel):
    data: list[WorkSummaryPublic]
    next_cursor: str | None = Field(
        default=None, description="Pass as ?cursor= for the next page; null on the last page."
    )


class CollaboratorPublic(BaseModel):
    id: str
    name: str | None = None
    shared_works: int


class CollaboratorsPublic(BaseModel):
    data: list[CollaboratorPublic]
    min_shared: int


class AuthorPublic(BaseModel):
    id: str
    name: str | None = None
    position: str | None = None


class WorkTopicPublic(BaseModel):
    id: str
    name: str | None = None
    score: float | None = None


class WorkPublic(WorkSummaryPublic):
    s2_id: str | None = None
    dblp_key: str | None = None
    cited_by_count: int | None = None
    authors: list[AuthorPublic]
    topics: list[WorkTopicPublic]


class GraphNodePublic(BaseModel):
    model_config = {"extra": "allow"}
    id: str = Field(description="Stable across requests, so slices can be merged.")
    kind: str = Field(description="researcher, work, topic or institution")
    label: str


class GraphEdgePublic(BaseModel):
    model_config = {"extra": "allow"}
    id: str
    source: str
    target: str
    kind: str = Field(description="authored, coauthor, topic, affiliated or has_topic")
    weight: float | None = Field(default=None, description="coauthor: shared works")


class GraphSlicePublic(BaseModel):
    center: str
    nodes: list[GraphNodePublic]
    edges: list[GraphEdgePublic]
    more: dict[str, int] = Field(description="Per kind, how many were left out by the cap.")


class SearchResearcherPublic(BaseModel):
    id: str
    name: str | None = None
    works_count: int


class SearchWorkPublic(BaseModel):
    id: str
    title: str | None = None
    year: int | None = None


class SearchPublic(BaseModel):
    query: str
    researchers: list[SearchResearcherPublic]
    works: list[SearchWorkPublic]


class HealthPublic(BaseModel):
    status: str


class ReadyPublic(BaseModel):
    status: str
    engine: str
    detail: str | None = None


# --- POST /works: batches pushed by loaders ------------------------------------------------


class RecordAnswerPublic(BaseModel):
    index: int = Field(description="Position of the record among those the body holds (0-based).")
    origin: str = Field(
        description="Where in the body: 'request:<line>' (JSON lines, BibTeX), "
        "'request:1[<i>]' (an array), 'request:1:results[<i>]' (an API page), "
        "'request:record[<n>]' (XML), ..."
    )
    status: str = Field(description="created, updated, unchanged or rejected")
    work_id: str | None = Field(
        default=None, description="The Work it became (GET /works/{work_id}); null if rejected."
    )
    reason: str | None = Field(default=None, description="Why it was rejected: what to change.")
    authorships_skipped: int = Field(
        default=0, description="Authorships without an author identifier (not loaded)."
    )


class BatchCountsPublic(BaseModel):
    created: int
    updated: int
    unchanged: int
    rejected: int


class BatchAnswerPublic(BaseModel):
    format: str
    counts: BatchCountsPublic
    authorships_skipped: int
    records: list[RecordAnswerPublic]


class BatchRejectedPublic(BaseModel):
    detail: str | list[dict[str, Any]] = Field(
        description="What to change: a sentence, or (for a bad query parameter such as an "
        "unknown format) FastAPI's list of validation errors."
    )
    records: list[RecordAnswerPublic] | None = Field(
        default=None,
        description="When no record was usable: every record, each with its reason.",
    )
