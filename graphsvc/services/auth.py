"""Accounts and API tokens.

Tokens are random (256 bits) and shown once; only their SHA-256 is stored, so a stolen
database does not yield usable tokens, and a plain hash is enough for high-entropy secrets.
Roles: user, curator, analyst, loader, admin (admin may do everything).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
import uuid
from dataclasses import dataclass

from graphsvc.backends.base import GraphBackend
from graphsvc.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized

ROLES = ("user", "curator", "analyst", "loader", "admin")
TOKEN_PREFIX = "gs_"
_HANDLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$")


@dataclass(frozen=True, slots=True)
class User:
    id: str
    handle: str
    roles: frozenset[str]

    def has_role(self, role: str) -> bool:
        return role in self.roles or "admin" in self.roles


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(row: dict[str, object]) -> User:
    roles = row.get("roles") or []
    assert isinstance(roles, list)
    return User(id=str(row["id"]), handle=str(row["handle"]), roles=frozenset(map(str, roles)))


@dataclass
class AuthService:
    backend: GraphBackend

    def create_user(self, handle: str, roles: list[str]) -> tuple[User, str]:
        """Create an account and its first token; the token is returned once, never stored."""
        if not _HANDLE.match(handle):
            raise InvalidInput("a handle is 2-40 letters, digits, '.', '_' or '-'")
        unknown = sorted(set(roles) - set(ROLES))
        if unknown or not roles:
            raise InvalidInput(f"roles must be among {', '.join(ROLES)}")
        if self.backend.read("user/find_by_handle", {"handle": handle}):
            raise Conflict(f"the handle {handle!r} is taken")
        row = self.backend.write(
            "user/create_user",
            {
                "id": f"u-{uuid.uuid4().hex[:16]}",
                "handle": handle,
                "roles": sorted(set(roles)),
                "now": _now(),
            },
        )[0]["user"]
        user = _user(row)
        return user, self.issue_token(user)

    def issue_token(self, user: User) -> str:
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.backend.write(
            "user/add_token", {"user_id": user.id, "hash": hash_token(token), "now": _now()}
        )
        return token

    def authenticate(self, token: str) -> User:
        """The user a bearer token belongs to; Unauthorized for unknown or revoked tokens."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            raise Unauthorized("the bearer token is not a graphsvc token")
        rows = self.backend.read("user/find_by_token", {"hash": hash_token(token)})
        if not rows:
            raise Unauthorized("the bearer token is unknown or revoked")
        return _user(rows[0]["user"])

    def revoke(self, handle: str) -> int:
        rows = self.backend.read("user/find_by_handle", {"handle": handle})
        if not rows:
            raise NotFound(f"no user {handle!r}")
        return int(self.backend.write("user/revoke_tokens", {"handle": handle})[0]["revoked"])


def require(user: User | None, role: str | None = None) -> User:
    """The signed-in user with ``role``; 401 when anonymous, 403 when the role is missing."""
    if user is None:
        raise Unauthorized("sign in: send 'Authorization: Bearer <token>'")
    if role is not None and not user.has_role(role):
        raise Forbidden(f"this needs the {role} role; your roles: {', '.join(sorted(user.roles))}")
    return user


def _now() -> int:
    return int(time.time() * 1000)
