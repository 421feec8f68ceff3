"""Verification level and trust score: pure functions of what the profile query reads.

Both are computed when a profile or ``/trust`` is read, never stored, so they are always
current: a new work, a follower, a claim decided or a verification changes the inputs and
the next read shows the new score, with no hook in ingest or in the claim workflow.
The rules and the formula are written out in the README ("Verification and trust").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

LEVELS = ("L0", "L1", "L2", "L3")
VERIFICATION_POINTS = {"L0": 0, "L1": 8, "L2": 16, "L3": 25}
CLAIM_POINTS = 10
IDENTIFIER_POINTS = {"orcid": 8, "openalex_id": 4, "s2_id": 3}
WORKS_POINTS, WORKS_FULL = 25, 50
NETWORK_POINTS, NETWORK_FULL = 15, 30
FOLLOWERS_POINTS, FOLLOWERS_FULL = 10, 20
BANDS = ((80, "Highly trusted"), (60, "Trusted"), (40, "Established"), (20, "Emerging"))
LOWEST_BAND = "New"


@dataclass(frozen=True, slots=True)
class TrustInputs:
    """What the score depends on; every field comes from one profile read."""

    orcid: str | None
    openalex_id: str | None
    s2_id: str | None
    owner_status: str | None  # status of the owning claim: "approved", "verified" or None
    works_count: int
    coauthors_count: int
    followers_count: int

    @classmethod
    def from_profile_row(cls, researcher: dict[str, Any], row: dict[str, Any]) -> TrustInputs:
        owner = row.get("owner") or {}
        return cls(
            orcid=researcher.get("orcid"),
            openalex_id=researcher.get("openalex_id"),
            s2_id=researcher.get("s2_id"),
            owner_status=owner.get("status"),
            works_count=int(row.get("works_count") or 0),
            coauthors_count=int(row.get("coauthors_count") or 0),
            followers_count=int(row.get("followers_count") or 0),
        )


def verification_level(inputs: TrustInputs) -> tuple[str, str]:
    """The level L0-L3 and the sentence saying why."""
    if inputs.owner_status == "verified":
        return "L3", "a curator verified the owner's identity and the record"
    if inputs.owner_status == "approved":
        return "L2", "claimed by a user whose claim a curator approved"
    found = [name for name in ("orcid", "openalex_id", "s2_id") if getattr(inputs, name)]
    if found:
        labels = ", ".join(_ID_LABELS[n] for n in found)
        return "L1", f"linked to a persistent identifier from a trusted source ({labels})"
    return "L0", "imported without a persistent identifier; unverified"


_ID_LABELS = {"orcid": "ORCID", "openalex_id": "OpenAlex author id", "s2_id": "S2 author id"}


def _log_share(points: int, value: int, full: int) -> int:
    """``points`` scaled by log(1+value)/log(1+full), capped: early items count most."""
    if value <= 0:
        return 0
    return round(points * min(1.0, math.log1p(value) / math.log1p(full)))


def band(score: int) -> str:
    for floor, name in BANDS:
        if score >= floor:
            return name
    return LOWEST_BAND


def assess(inputs: TrustInputs) -> dict[str, Any]:
    """Score 0-100, its band, the verification level and every component with why."""
    level, level_why = verification_level(inputs)
    ids = [n for n in ("orcid", "openalex_id", "s2_id") if getattr(inputs, n)]
    id_points = sum(IDENTIFIER_POINTS[n] for n in ids)
    claimed = inputs.owner_status in ("approved", "verified")
    components = [
        _component("verification", VERIFICATION_POINTS[level], 25, f"{level}: {level_why}"),
        _component(
            "claim",
            CLAIM_POINTS if claimed else 0,
            CLAIM_POINTS,
            "an owner whose claim a curator approved keeps the record"
            if claimed
            else "nobody owns this record yet",
        ),
        _component(
            "identifiers",
            id_points,
            sum(IDENTIFIER_POINTS.values()),
            ("has " + ", ".join(_ID_LABELS[n] for n in ids)) if ids else "no persistent id",
        ),
        _component(
            "publication_record",
            _log_share(WORKS_POINTS, inputs.works_count, WORKS_FULL),
            WORKS_POINTS,
            f"{inputs.works_count} works in the graph (full marks at {WORKS_FULL}, log scale)",
        ),
        _component(
            "network",
            _log_share(NETWORK_POINTS, inputs.coauthors_count, NETWORK_FULL),
            NETWORK_POINTS,
            f"{inputs.coauthors_count} distinct coauthors "
            f"(full marks at {NETWORK_FULL}, log scale)",
        ),
        _component(
            "followers",
            _log_share(FOLLOWERS_POINTS, inputs.followers_count, FOLLOWERS_FULL),
            FOLLOWERS_POINTS,
            f"{inputs.followers_count} followers (full marks at {FOLLOWERS_FULL}, log scale)",
        ),
    ]
    score = sum(c["value"] for c in components)
    return {
        "score": score,
        "band": band(score),
        "verification_level": level,
        "verification_reason": level_why,
        "claimed": claimed,
        "components": components,
    }


def _component(name: str, value: int, maximum: int, why: str) -> dict[str, Any]:
    return {"name": name, "value": value, "max": maximum, "why": why}
