""" "Open to collaborate" and invitations.

Only a record's owner (the user whose claim is approved or verified) turns the switch;
not curators, not admins: it speaks for the person. Invitations go only to claimed
records that are open (409 saying which is missing), never to one's own record (422), at
most one pending per sender and record (409) and ``invitations_per_day`` per sender in any
24 hours (429). The owner's inbox lists invitations to every record they own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from graphsvc.backends.base import GraphBackend
from graphsvc.config import Settings
from graphsvc.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited
from graphsvc.services.auth import User
from graphsvc.services.follows import now_ms
from graphsvc.services.identifiers import resolve_researcher_id

DAY_MS = 24 * 3600 * 1000
INVITATION_STATUSES = ("pending", "accepted", "declined")


@dataclass
class CollaborationService:
    backend: GraphBackend
    settings: Settings

    def set_open(self, user: User, raw_id: str, open_: bool) -> dict[str, Any]:
        rid = resolve_researcher_id(self.backend, raw_id)
        owner = self._owner(rid)
        if owner is None or owner["user_id"] != user.id:
            raise Forbidden(
                f"only the owner of {rid} may set 'open to collaborate'"
                + ("; the record has no owner yet (claim it first)" if owner is None else "")
            )
        rows = self.backend.write(
            "researcher/set_open_to_collaborate",
            {"researcher_id": rid, "user_id": user.id, "open": open_},
        )
        if not rows:
            raise Conflict(f"you no longer own {rid}")
        return {"researcher_id": rid, "open_to_collaborate": bool(rows[0]["open_to_collaborate"])}

    def invite(self, user: User, raw_id: str, message: str) -> dict[str, Any]:
        rid = resolve_researcher_id(self.backend, raw_id)
        text = message.strip()
        if not text:
            raise InvalidInput("an invitation needs a message saying what you propose")
        state = self.backend.read(
            "claim/get_record_state", {"researcher_id": rid, "user_id": user.id}
        )[0]
        owner = state["owner"]
        if owner is None:
            raise Conflict(
                f"{rid} is not claimed: invitations go only to records whose owner can answer them"
            )
        if owner["user_id"] == user.id:
            raise InvalidInput("you own this record: you cannot invite yourself")
        if not state["researcher"].get("open_to_collaborate"):
            raise Conflict(f"{rid} is not open to collaborate right now")
        counts = self.backend.read(
            "invitation/count_sent_since",
            {"user_id": user.id, "researcher_id": rid, "since": now_ms() - DAY_MS},
        )[0]
        if counts["pending_here"]:
            raise Conflict(f"you already have a pending invitation to {rid}")
        if counts["recent"] >= self.settings.invitations_per_day:
            raise RateLimited(
                f"you sent {counts['recent']} invitations in the last 24 hours (the limit "
                f"is {self.settings.invitations_per_day}); try again later"
            )
        inv_id = f"i-{uuid.uuid4().hex[:16]}"
        rows = self.backend.write(
            "invitation/create_invitation",
            {
                "id": inv_id,
                "user_id": user.id,
                "researcher_id": rid,
                "message": text,
                "now": now_ms(),
            },
        )
        if not rows:
            raise Conflict(f"{rid} stopped accepting invitations meanwhile")
        return self._get(inv_id)[0]

    def inbox(self, user: User, status: str | None, limit: int) -> dict[str, Any]:
        return self._list("invitation/list_inbox", user, status, limit)

    def sent(self, user: User, status: str | None, limit: int) -> dict[str, Any]:
        return self._list("invitation/list_sent", user, status, limit)

    def decide(self, user: User, inv_id: str, accept: bool) -> dict[str, Any]:
        invitation, owner_id = self._get(inv_id)
        if owner_id != user.id:
            raise Forbidden("only the owner of the invited record may answer an invitation")
        if invitation["status"] != "pending":
            raise Conflict(f"this invitation was already {invitation['status']}")
        rows = self.backend.write(
            "invitation/decide_invitation",
            {"id": inv_id, "status": "accepted" if accept else "declined", "now": now_ms()},
        )
        if not rows:
            raise Conflict("this invitation was answered meanwhile")
        return self._get(inv_id)[0]

    # --- helpers -------------------------------------------------------------------------

    def _owner(self, rid: str) -> dict[str, Any] | None:
        state = self.backend.read("claim/get_record_state", {"researcher_id": rid, "user_id": ""})
        return state[0]["owner"] if state else None

    def _get(self, inv_id: str) -> tuple[dict[str, Any], str | None]:
        rows = self.backend.read("invitation/get_invitation", {"id": inv_id})
        if not rows:
            raise NotFound(f"no invitation {inv_id}")
        row = rows[0]
        return _public(row["invitation"], row["researcher"]), row["owner_id"]

    def _list(self, name: str, user: User, status: str | None, limit: int) -> dict[str, Any]:
        if status is not None and status not in INVITATION_STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(INVITATION_STATUSES)}")
        rows = self.backend.read(name, {"user_id": user.id, "status": status, "limit": limit})
        return {"data": [_public(r["invitation"], r["researcher"]) for r in rows]}


def _public(inv: dict[str, Any], researcher: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": inv["id"],
        "from_user": inv["from_handle"],
        "researcher": {"id": researcher["id"], "name": researcher.get("name")},
        "message": inv["message"],
        "status": inv["status"],
        "created_at": inv["created_at"],
        "decided_at": inv.get("decided_at"),
    }
