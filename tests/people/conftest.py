"""A writable world for the people tests: the real sample in a fresh embedded engine,
one account per role plus people who claim, own and invite, and the API in front."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings
from graphsvc.services.auth import ROLES, AuthService, User
from tests.conftest import load_paths, make_settings
from tests.support.raw import SAMPLE, raw_counts, read_works, short

ACTORS = ("claimant", "owner", "sender")


@dataclass
class World:
    """The API client, accounts (headers by name) and a supply of unused real researchers."""

    client: TestClient
    backend: GraphBackend
    settings: Settings
    users: dict[str, User]
    headers: dict[str, dict[str, str]]
    researchers: list[str]
    used: int = 0
    cache: dict[str, Any] = field(default_factory=dict)

    def fresh_researcher(self) -> str:
        """A sample researcher no earlier step of this world touched."""
        rid = self.researchers[self.used]
        self.used += 1
        return rid

    def as_(self, who: str | None) -> dict[str, str]:
        return self.headers[who] if who else {}

    def call(self, method: str, path: str, who: str | None, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"headers": self.as_(who)}
        if body is not None:
            kwargs["json"] = body
        return self.client.request(method, path, **kwargs)

    # --- states reached through the API, as a person would ---------------------------

    def pending_claim(self, rid: str | None = None, who: str = "claimant") -> str:
        rid = rid or self.fresh_researcher()
        res = self.call("POST", f"/researchers/{rid}/claims", who, {"note": "this is me"})
        assert res.status_code == 201, res.text
        return str(res.json()["id"])

    def claim_in(self, status: str, who: str = "claimant") -> str:
        """A claim brought to ``status`` by the legal path through the state machine."""
        cid = self.pending_claim(who=who)
        steps = {
            "pending": [],
            "approved": ["approve"],
            "verified": ["approve", "verify"],
            "rejected": ["reject"],
            "withdrawn": ["withdraw"],
            "revoked": ["approve", "revoke"],
            "transferred": ["approve", "transfer"],
        }[status]
        for action in steps:
            self.act(cid, action, who if action == "withdraw" else "curator")
        return cid

    def act(self, cid: str, action: str, who: str, reason: str = "checked the evidence") -> Any:
        body = {"to": "other", "reason": reason} if action == "transfer" else {"reason": reason}
        res = self.call("POST", f"/claims/{cid}/{action}", who, body)
        assert res.status_code == 200, (action, res.text)
        return res.json()

    def owned_record(self, who: str = "owner", open_: bool = True) -> str:
        rid = self.fresh_researcher()
        cid = self.pending_claim(rid, who)
        self.act(cid, "approve", "curator")
        if open_:
            res = self.call(
                "PUT", f"/researchers/{rid}/collaboration", who, {"open_to_collaborate": True}
            )
            assert res.status_code == 200, res.text
        return rid

    def invitation(self, rid: str | None = None, who: str = "sender") -> str:
        rid = rid or self.owned_record()
        res = self.call("POST", f"/researchers/{rid}/invitations", who, {"message": "A project?"})
        assert res.status_code == 201, res.text
        return str(res.json()["id"])


def build_world(
    data_dir: Path, paths: list[Path] | None = None, **overrides: object
) -> Iterator[World]:
    """Open a fresh engine, load ``paths`` (default: the bundled sample), create accounts."""
    settings = make_settings(data_dir, **overrides)
    backend = open_backend(settings)
    try:
        load_paths(backend, settings, paths or [SAMPLE])
        auth = AuthService(backend)
        users: dict[str, User] = {}
        headers: dict[str, dict[str, str]] = {}
        for name, roles in [*((r, [r]) for r in ROLES), *((a, ["user"]) for a in ACTORS)]:
            user, token = auth.create_user(name, roles)
            users[name], headers[name] = user, {"Authorization": f"Bearer {token}"}
        other, _ = auth.create_user("other", ["user"])
        users["other"] = other
        researchers = sorted(raw_counts(read_works()).works)
        with TestClient(create_app(settings, backend)) as client:
            yield World(client, backend, settings, users, headers, researchers)
    finally:
        backend.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One world per module; each test takes fresh researchers, so tests do not interfere."""
    yield from build_world(
        tmp_path_factory.mktemp("people") / "data",
        claims_pending_max=10_000,
        invitations_per_day=10_000,
    )


@dataclass
class Split:
    world: World
    busiest: str
    later: list[str]  # the busiest researcher's works that arrive in the second load
    later_path: Path


@pytest.fixture
def split(tmp_path: Path) -> Iterator[Split]:
    """The sample minus all but one work of its busiest researcher; the rest load later."""
    works = read_works()
    raw = raw_counts(works)
    busiest = max(raw.works, key=lambda a: (len(raw.works[a]), a))
    later = [w for w in works if short(w["id"]) in raw.works[busiest]][1:]
    first = [w for w in works if w not in later]
    first_path = write_jsonl(tmp_path / "first.jsonl", first)
    later_path = write_jsonl(tmp_path / "later.jsonl", later)
    for world in build_world(tmp_path / "data", [first_path]):
        yield Split(world, busiest, [str(short(w["id"])) for w in later], later_path)


def write_jsonl(path: Path, works: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(w) for w in works) + "\n")
    return path
