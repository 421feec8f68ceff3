"""Claims: a user asks to own a researcher record; curators decide; every decision is kept.

The state machine (:data:`TRANSITIONS`)::

    pending --approve--> approved --verify--> verified      (L2, then L3)
       |  \\--reject--> rejected                 |
       \\--withdraw--> withdrawn   approved <--unverify--/
    approved|verified --revoke--> revoked
    approved|verified --transfer--> transferred  (+ a new approved claim for the new owner)

rejected, withdrawn, revoked and transferred are final. One owner per record: a claim is
the owner while it is approved or verified, and approving a second one is refused in the
same statement that would write it. Each transition is a compare-and-set on the status and
leaves a ClaimDecision (action, from, to, who, when, why) beside the claim.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from graphsvc import ids
from graphsvc.backends.base import GraphBackend
from graphsvc.config import Settings
from graphsvc.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited
from graphsvc.services.auth import User
from graphsvc.services.follows import now_ms
from graphsvc.services.identifiers import resolve_researcher_id
from graphsvc.services.paging import decode_cursor, encode_cursor

STATUSES = ("pending", "approved", "verified", "rejected", "withdrawn", "revoked", "transferred")
OWNING = ("approved", "verified")
FINAL = ("rejected", "withdrawn", "revoked", "transferred")

#: action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "approve": (("pending",), "approved"),
    "reject": (("pending",), "rejected"),
    "withdraw": (("pending",), "withdrawn"),
    "verify": (("approved",), "verified"),
    "unverify": (("verified",), "approved"),
    "revoke": (OWNING, "revoked"),
    "transfer": (OWNING, "transferred"),
}
CURATOR_ACTIONS = ("approve", "reject", "verify", "unverify", "revoke", "transfer")
CLAIMANT_ACTIONS = ("withdraw",)

_EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def next_actions(status: str) -> list[str]:
    """The actions the state machine allows from ``status``."""
    return [a for a, (sources, _) in TRANSITIONS.items() if status in sources]


def check_transition(status: str, action: str) -> str:
    """The status ``action`` leads to from ``status``; Conflict (409) when it is illegal."""
    if action not in TRANSITIONS:
        raise InvalidInput(f"unknown action {action!r}; one of {', '.join(TRANSITIONS)}")
    sources, target = TRANSITIONS[action]
    if status not in sources:
        allowed = ", ".join(next_actions(status)) or "none (it is final)"
        raise Conflict(
            f"this claim is {status}; {action} needs a claim that is "
            f"{' or '.join(sources)} (allowed now: {allowed})"
        )
    return target


@dataclass
class ClaimService:
    backend: GraphBackend
    settings: Settings

    def submit(
        self,
        user: User,
        raw_id: str,
        orcid: str | None,
        email: str | None,
        note: str | None,
    ) -> dict[str, Any]:
        """A pending claim with evidence; 409 when the record has an owner already."""
        rid = resolve_researcher_id(self.backend, raw_id)
        evidence = _evidence(orcid, email, note)
        state = self.backend.read(
            "claim/get_record_state", {"researcher_id": rid, "user_id": user.id}
        )[0]
        owner = state["owner"]
        if owner:
            who = "you own it" if owner["user_id"] == user.id else "another user owns it"
            raise Conflict(f"{rid} is already claimed ({who}); one owner per record")
        if state["own_pending"]:
            raise Conflict(f"you already have a pending claim on {rid}; wait for a curator")
        pending = self.backend.read("claim/count_pending_by_user", {"user_id": user.id})
        if pending[0]["pending"] >= self.settings.claims_pending_max:
            raise RateLimited(
                f"you have {pending[0]['pending']} claims waiting for a curator (the limit is "
                f"{self.settings.claims_pending_max}); withdraw one or wait for decisions"
            )
        claim_id = f"c-{uuid.uuid4().hex[:16]}"
        rows = self.backend.write(
            "claim/create_claim",
            {"id": claim_id, "user_id": user.id, "researcher_id": rid, "now": now_ms(), **evidence},
        )
        if not rows:
            raise Conflict(f"{rid} was claimed meanwhile; one owner per record")
        return self._load(claim_id)

    def get(self, user: User, claim_id: str) -> dict[str, Any]:
        """A claim with its history; its claimant and curators may read it."""
        claim = self._load(claim_id)
        if claim["user_id"] != user.id and not user.has_role("curator"):
            raise Forbidden("only the claimant and curators may read a claim")
        return claim

    def list_claims(
        self, status: str | None, user: User | None, limit: int, cursor: str | None
    ) -> dict[str, Any]:
        """Claims oldest first (a queue); ``user`` narrows to one user's claims."""
        if status is not None and status not in STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
        after_at: int | None = None
        after_id: str | None = None
        if cursor:
            at, ident = decode_cursor(cursor, 2)
            if not isinstance(at, int) or not isinstance(ident, str):
                raise InvalidInput("the cursor is damaged: pass next_cursor unchanged")
            after_at, after_id = at, ident
        rows = self.backend.read(
            "claim/list_claims",
            {
                "status": status,
                "user_id": user.id if user else None,
                "after_at": after_at,
                "after_id": after_id,
                "limit": limit + 1,
            },
        )
        page = rows[:limit]
        next_cursor = None
        if len(rows) > limit:
            last = page[-1]["claim"]
            next_cursor = encode_cursor(last["created_at"], last["id"])
        return {
            "data": [_public(r["claim"], r["researcher"]) for r in page],
            "next_cursor": next_cursor,
        }

    def decide(self, user: User, claim_id: str, action: str, reason: str | None) -> dict[str, Any]:
        """Apply one transition, checked against the state machine and the caller's role."""
        claim = self._load(claim_id)
        self._authorize(user, claim, action)
        target = check_transition(claim["status"], action)
        if action in CURATOR_ACTIONS and not (reason and reason.strip()):
            raise InvalidInput(f"{action} needs a reason: it is kept with the decision")
        rows = self.backend.write(
            "claim/transition_claim",
            {
                "id": claim_id,
                "from": [claim["status"]],
                "to": target,
                "action": action,
                "by_id": user.id,
                "by_handle": user.handle,
                "reason": reason.strip() if reason else None,
                "now": now_ms(),
                "needs_free_record": action == "approve",
                "claimed": {"approve": True, "revoke": False}.get(action),
                "close_record": action == "revoke",
            },
        )
        if not rows:
            self._explain_refusal(claim_id, claim, action)
        return self._load(claim_id)

    def transfer(self, user: User, claim_id: str, to_handle: str, reason: str) -> dict[str, Any]:
        """Move ownership to another user; returns the new owner's (approved) claim."""
        claim = self._load(claim_id)
        self._authorize(user, claim, "transfer")
        check_transition(claim["status"], "transfer")
        if not reason.strip():
            raise InvalidInput("transfer needs a reason: it is kept with the decision")
        found = self.backend.read("user/find_by_handle", {"handle": to_handle})
        if not found:
            raise NotFound(f"no user {to_handle!r} to transfer to")
        target = found[0]["user"]
        if target["id"] == claim["user_id"]:
            raise InvalidInput(f"{to_handle} already owns this record; name another user")
        new_id = f"c-{uuid.uuid4().hex[:16]}"
        rows = self.backend.write(
            "claim/transfer_claim",
            {
                "id": claim_id,
                "from": [claim["status"]],
                "new_id": new_id,
                "to_user_id": target["id"],
                "by_id": user.id,
                "by_handle": user.handle,
                "reason": reason.strip(),
                "now": now_ms(),
            },
        )
        if not rows:
            self._explain_refusal(claim_id, claim, "transfer")
        return self._load(new_id)

    # --- helpers -------------------------------------------------------------------------

    def _authorize(self, user: User, claim: dict[str, Any], action: str) -> None:
        if action in CLAIMANT_ACTIONS:
            if claim["user_id"] != user.id:
                raise Forbidden(f"only the claimant may {action} a claim")
            return
        if not user.has_role("curator"):
            raise Forbidden(f"{action} needs the curator role")
        if claim["user_id"] == user.id:
            raise Forbidden("a curator may not decide on their own claim; ask another curator")

    def _explain_refusal(self, claim_id: str, before: dict[str, Any], action: str) -> None:
        now = self._load(claim_id)
        if now["status"] != before["status"]:
            check_transition(now["status"], action)
        raise Conflict(
            f"{now['researcher']['id']} already has an owner; one owner per record "
            "(revoke or transfer the current owner's claim first)"
        )

    def _load(self, claim_id: str) -> dict[str, Any]:
        rows = self.backend.read("claim/get_claim", {"id": claim_id})
        if not rows:
            raise NotFound(f"no claim {claim_id}")
        row = rows[0]
        claim = _public(row["claim"], row["researcher"])
        claim["history"] = [_history(d) for d in row["history"] if d.get("action")]
        claim["user_id"] = row["claim"]["user_id"]
        return claim


def _evidence(orcid: str | None, email: str | None, note: str | None) -> dict[str, str | None]:
    """Normalised evidence; at least one item, each well-formed (422 saying what to fix)."""
    canonical = None
    if orcid and orcid.strip():
        canonical = ids.orcid(orcid)
        if canonical is None:
            raise InvalidInput(
                f"{orcid[:40]!r} is not a valid ORCID (checksum included): use "
                "0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097"
            )
    mail = email.strip() if email and email.strip() else None
    if mail and not _EMAIL.match(mail):
        raise InvalidInput(f"{mail[:60]!r} is not an e-mail address")
    text = note.strip() if note and note.strip() else None
    if not (canonical or mail or text):
        raise InvalidInput("a claim needs evidence: an ORCID, an institutional e-mail or a note")
    return {"orcid": canonical, "email": mail, "note": text}


def _public(claim: dict[str, Any], researcher: dict[str, Any]) -> dict[str, Any]:
    record_orcid = researcher.get("orcid")
    return {
        "id": claim["id"],
        "status": claim["status"],
        "user": claim["user_handle"],
        "researcher": {"id": researcher["id"], "name": researcher.get("name")},
        "evidence": {
            "orcid": claim.get("orcid"),
            "email": claim.get("email"),
            "note": claim.get("note"),
            "orcid_matches_record": (
                None
                if not (claim.get("orcid") and record_orcid)
                else claim.get("orcid") == record_orcid
            ),
        },
        "created_at": claim["created_at"],
        "updated_at": claim["updated_at"],
        "decided_by": claim.get("decided_by"),
        "decision_reason": claim.get("decision_reason"),
        "transferred_from": claim.get("transferred_from"),
        "next_actions": next_actions(claim["status"]),
    }


def _history(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "action": d["action"],
        "from_status": d.get("from_status"),
        "to_status": d.get("to_status"),
        "by": d.get("by_handle"),
        "at": d.get("at"),
        "reason": d.get("reason"),
        "to_user": d.get("to_user"),
    }
