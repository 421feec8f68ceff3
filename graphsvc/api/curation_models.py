"""Request and response models for curation: candidate duplicates, merges, splits, history."""

from __future__ import annotations

from pydantic import BaseModel, Field

Reason = Field(max_length=2000, description="Why; required, kept with the decision.")


class CandidateResearcherPublic(BaseModel):
    id: str
    in_graph: bool = Field(description="False once this side was merged away.")
    name: str | None = None
    alt_names: list[str] = []
    orcid: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None
    dblp_name: str | None = None
    merged_ids: list[str] = []
    works_count: int


class DuplicatePublic(BaseModel):
    id: str
    status: str = Field(description="pending, dismissed, merged or separated.")
    rule: str | None = Field(default=None, description="Why the pair was made.")
    reason: str | None = None
    name_key: str | None = Field(default=None, description="The normalised name both share.")
    created_at: int | None = None
    updated_at: int | None = None
    decided_by: str | None = None
    decided_at: int | None = None
    decision_reason: str | None = None
    researchers: list[CandidateResearcherPublic]


class DuplicatesPublic(BaseModel):
    data: list[DuplicatePublic]
    next_cursor: str | None = None


class DismissCreate(BaseModel):
    reason: str = Reason


class MergeCreate(BaseModel):
    survivor: str = Field(max_length=300, description="The record that stays (any id form).")
    merged: str = Field(max_length=300, description="The record merged into it and removed.")
    reason: str = Reason


class SplitCreate(BaseModel):
    researcher: str = Field(max_length=300, description="The conflated record.")
    works: list[str] = Field(description="Works (any id form) whose authorship moves.")
    into: str | None = Field(
        default=None, max_length=300, description="An existing record to move them to."
    )
    name: str | None = Field(
        default=None,
        max_length=300,
        description="Name of the new record (default: the conflated record's name).",
    )
    reason: str = Reason


class CurationActionPublic(BaseModel):
    id: str
    action: str = Field(description="merge, split or dismiss.")
    by: str | None = None
    at: int
    reason: str | None = None
    researchers: list[str] = []
    survivor: str | None = None
    merged: str | None = None
    merged_name: str | None = None
    works_moved: int | None = None
    works_shared: int | None = Field(default=None, description="Works both records authored.")
    coauthor_changes: int | None = Field(default=None, description="COAUTHOR pairs changed.")
    aliases: list[str] | None = Field(
        default=None, description="Ids and identifiers that now redirect to the survivor."
    )
    researcher: str | None = None
    into: str | None = None
    works: list[str] | None = None
    created: bool | None = Field(default=None, description="The split made a new record.")
    candidate: str | None = None


class CurationActionsPublic(BaseModel):
    data: list[CurationActionPublic]
    next_cursor: str | None = None
