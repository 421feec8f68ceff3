"""Request and response models for people: accounts, follows, claims, trust, invitations."""

from __future__ import annotations

from pydantic import BaseModel, Field


class MePublic(BaseModel):
    id: str
    handle: str
    roles: list[str]


class ResearcherRefPublic(BaseModel):
    id: str
    name: str | None = None


class FollowPublic(BaseModel):
    researcher_id: str
    following: bool
    since: int | None = Field(default=None, description="When the follow began (epoch ms).")
    followers_count: int


class FollowedPublic(ResearcherRefPublic):
    since: int = Field(description="When the user followed (epoch ms).")


class FollowingPublic(BaseModel):
    data: list[FollowedPublic]
    next_cursor: str | None = None


class FeedItemPublic(BaseModel):
    id: str
    title: str | None = None
    year: int | None = None
    type: str | None = None
    venue: str | None = None
    doi: str | None = None
    openalex_id: str | None = None
    added_at: int = Field(description="When the work entered the graph (epoch ms).")
    followed_authors: list[ResearcherRefPublic]


class FeedPublic(BaseModel):
    data: list[FeedItemPublic]
    next_cursor: str | None = Field(
        default=None, description="Pass as ?cursor= for the next page of this same look."
    )
    since: int | None = Field(
        description="The previous look (epoch ms) this feed counts from; null = first look."
    )


class TrustComponentPublic(BaseModel):
    name: str
    value: int
    max: int
    why: str


class TrustPublic(BaseModel):
    researcher_id: str
    score: int = Field(ge=0, le=100)
    band: str = Field(description="New, Emerging, Established, Trusted or Highly trusted.")
    verification_level: str
    verification_reason: str
    claimed: bool
    components: list[TrustComponentPublic] = Field(
        description="The score is the sum of the component values."
    )


class ClaimCreate(BaseModel):
    orcid: str | None = Field(default=None, max_length=60, description="Your ORCID.")
    email: str | None = Field(default=None, max_length=200, description="Institutional e-mail.")
    note: str | None = Field(default=None, max_length=2000, description="Anything else.")


class ClaimDecisionCreate(BaseModel):
    reason: str | None = Field(
        default=None,
        max_length=2000,
        description="Why; required for curator decisions, kept with the decision.",
    )


class ClaimTransferCreate(BaseModel):
    to: str = Field(min_length=2, max_length=40, description="Handle of the new owner.")
    reason: str = Field(min_length=1, max_length=2000)


class EvidencePublic(BaseModel):
    orcid: str | None = None
    email: str | None = None
    note: str | None = None
    orcid_matches_record: bool | None = Field(
        default=None,
        description="Whether the ORCID given equals the record's; null if either is missing.",
    )


class ClaimDecisionPublic(BaseModel):
    action: str
    from_status: str | None = None
    to_status: str | None = None
    by: str | None = None
    at: int | None = None
    reason: str | None = None
    to_user: str | None = None


class ClaimPublic(BaseModel):
    id: str
    status: str
    user: str = Field(description="The claimant's handle.")
    researcher: ResearcherRefPublic
    evidence: EvidencePublic
    created_at: int
    updated_at: int
    decided_by: str | None = None
    decision_reason: str | None = None
    transferred_from: str | None = None
    next_actions: list[str] = Field(description="What the state machine allows from here.")
    history: list[ClaimDecisionPublic] | None = Field(
        default=None, description="Every decision, oldest first (on single-claim reads)."
    )


class ClaimsPublic(BaseModel):
    data: list[ClaimPublic]
    next_cursor: str | None = None


class CollaborationUpdate(BaseModel):
    open_to_collaborate: bool


class CollaborationPublic(BaseModel):
    researcher_id: str
    open_to_collaborate: bool


class InvitationCreate(BaseModel):
    message: str = Field(min_length=1, max_length=2000)


class InvitationPublic(BaseModel):
    id: str
    from_user: str
    researcher: ResearcherRefPublic
    message: str
    status: str
    created_at: int
    decided_at: int | None = None


class InvitationsPublic(BaseModel):
    data: list[InvitationPublic]
