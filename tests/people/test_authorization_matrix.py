"""Every people endpoint and the analysts' POST /cypher x every role (and anonymous, and
the record's own people): each cell is one request on a state made for it, with the status
it must answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, get_args

import pytest
from fastapi.routing import APIRoute

from graphsvc.api.routes import claims, curation, cypher, ingest, invitations, me, people
from graphsvc.api.routes.claims import Action
from graphsvc.services.auth import ROLES, AuthService
from graphsvc.services.curation import CurationService
from graphsvc.services.identity import candidate_id
from tests.people.conftest import World
from tests.support.raw import raw_counts, read_works

ANON = "anonymous"
COLUMNS = (ANON, *ROLES)

# A cell: how to build the request (method, path, body) for an actor, and what it answers.
Setup = Callable[[World], tuple[str, str, Any]]


def _any_user(ok: int) -> dict[str, int]:
    return {ANON: 401, **dict.fromkeys(ROLES, ok)}


def _curators(ok: int) -> dict[str, int]:
    return {ANON: 401, "user": 403, "analyst": 403, "loader": 403, "curator": ok, "admin": ok}


def _role(role: str, ok: int) -> dict[str, int]:
    """Only ``role`` (and admin, who may do what every role may)."""
    return {ANON: 401, **dict.fromkeys(ROLES, 403), role: ok, "admin": ok}


def _nobody_but(extra: str, ok: int) -> dict[str, int]:
    """Roles grant nothing here: only a relation to the record (owner, claimant) does."""
    return {ANON: 401, **dict.fromkeys(ROLES, 403), extra: ok}


def _decide(action: str, status: str) -> Setup:
    def setup(w: World) -> tuple[str, str, Any]:
        cid = w.claim_in(status)
        body = {"to": "other", "reason": "matrix"} if action == "transfer" else {"reason": "x"}
        return "POST", f"/claims/{cid}/{action}", body

    return setup


def _researcher(method: str, suffix: str, body: Any = None) -> Setup:
    return lambda w: (method, f"/researchers/{w.fresh_researcher()}{suffix}", body)


# The sample's two real candidate duplicate pairs (one person with two OpenAlex ids each),
# kept out of the fresh-researcher supply so that dismissal cells find them pending.
CANDIDATE_PAIRS = [("A5007671479", "A5113139420"), ("A5102472902", "A5112455276")]


@pytest.fixture(scope="module", autouse=True)
def _reserve_candidates(world: World) -> None:
    reserved = {rid for pair in CANDIDATE_PAIRS for rid in pair}
    world.researchers[:] = [r for r in world.researchers if r not in reserved]


def _pending_candidate(w: World) -> str:
    for a, b in CANDIDATE_PAIRS:
        cid = candidate_id(a, b)
        if w.call("GET", f"/curation/duplicates/{cid}", "curator").json()["status"] == "pending":
            return cid
    raise AssertionError("no reserved candidate is pending any more")


def _with_works(w: World, count: int) -> tuple[str, list[str]]:
    """A fresh researcher with at least ``count`` works (skipping others)."""
    works = w.cache.setdefault("works", raw_counts(read_works()).works)
    while True:
        rid = w.fresh_researcher()
        if len(works[rid]) >= count:
            return rid, sorted(works[rid])


def _split_body(w: World) -> dict[str, Any]:
    rid, works = _with_works(w, 2)
    return {"researcher": rid, "works": works[:1], "reason": "authorization matrix"}


def _curation_action(w: World) -> str:
    body = _split_body(w)
    service = CurationService.for_settings(w.backend, w.settings)
    done = service.split(w.users["curator"], body["researcher"], body["works"], None, None, "x")
    return str(done["id"])


ENDPOINTS: dict[str, tuple[Setup, dict[str, int]]] = {
    "POST /researchers/{id}/follow": (_researcher("POST", "/follow"), _any_user(200)),
    "GET /researchers/{id}/follow": (_researcher("GET", "/follow"), _any_user(200)),
    "DELETE /researchers/{id}/follow": (_researcher("DELETE", "/follow"), _any_user(200)),
    "GET /researchers/{id}/trust": (
        _researcher("GET", "/trust"),
        {ANON: 200, **dict.fromkeys(ROLES, 200)},
    ),
    "GET /researchers/{id}": (_researcher("GET", ""), {ANON: 200, **dict.fromkeys(ROLES, 200)}),
    "POST /researchers/{id}/claims": (
        _researcher("POST", "/claims", {"note": "it is me"}),
        _any_user(201),
    ),
    "PUT /researchers/{id}/collaboration": (
        lambda w: (
            "PUT",
            f"/researchers/{w.owned_record(open_=False)}/collaboration",
            {"open_to_collaborate": True},
        ),
        _nobody_but("owner", 200),
    ),
    "POST /researchers/{id}/invitations": (
        lambda w: ("POST", f"/researchers/{w.owned_record()}/invitations", {"message": "Hi"}),
        {**_any_user(201), "owner": 422},
    ),
    "GET /me": (lambda w: ("GET", "/me", None), _any_user(200)),
    "GET /me/following": (lambda w: ("GET", "/me/following", None), _any_user(200)),
    "GET /me/feed": (lambda w: ("GET", "/me/feed", None), _any_user(200)),
    "GET /me/claims": (lambda w: ("GET", "/me/claims", None), _any_user(200)),
    "GET /me/invitations": (lambda w: ("GET", "/me/invitations", None), _any_user(200)),
    "GET /claims": (lambda w: ("GET", "/claims", None), _curators(200)),
    "GET /claims/{id}": (
        lambda w: ("GET", f"/claims/{w.pending_claim()}", None),
        {**_curators(200), "claimant": 200},
    ),
    "POST /claims/{id}/approve": (
        _decide("approve", "pending"),
        {**_curators(200), "claimant": 403},
    ),
    "POST /claims/{id}/reject": (_decide("reject", "pending"), {**_curators(200), "claimant": 403}),
    "POST /claims/{id}/withdraw": (_decide("withdraw", "pending"), _nobody_but("claimant", 200)),
    "POST /claims/{id}/verify": (
        _decide("verify", "approved"),
        {**_curators(200), "claimant": 403},
    ),
    "POST /claims/{id}/unverify": (
        _decide("unverify", "verified"),
        {**_curators(200), "claimant": 403},
    ),
    "POST /claims/{id}/revoke": (
        _decide("revoke", "approved"),
        {**_curators(200), "claimant": 403},
    ),
    "POST /claims/{id}/transfer": (
        _decide("transfer", "approved"),
        {**_curators(200), "claimant": 403},
    ),
    "POST /invitations/{id}/accept": (
        lambda w: ("POST", f"/invitations/{w.invitation()}/accept", None),
        _nobody_but("owner", 200),
    ),
    "POST /invitations/{id}/decline": (
        lambda w: ("POST", f"/invitations/{w.invitation()}/decline", None),
        _nobody_but("owner", 200),
    ),
    # ingest over HTTP (issue 6): a real sample work, already loaded, so 200 "unchanged"
    "POST /works": (
        lambda w: ("POST", "/works?format=openalex", [read_works()[0]]),
        _role("loader", 200),
    ),
}

ENDPOINTS |= {
    "GET /curation/duplicates": (lambda w: ("GET", "/curation/duplicates", None), _curators(200)),
    "GET /curation/duplicates/{id}": (
        lambda w: ("GET", f"/curation/duplicates/{candidate_id(*CANDIDATE_PAIRS[0])}", None),
        _curators(200),
    ),
    "POST /curation/duplicates/{id}/dismiss": (
        lambda w: (
            "POST",
            f"/curation/duplicates/{_pending_candidate(w)}/dismiss",
            {"reason": "two people"},
        ),
        _curators(200),
    ),
    # two records merged in a throw-away graph to test who may merge, not who is who
    "POST /curation/merges": (
        lambda w: (
            "POST",
            "/curation/merges",
            {
                "survivor": w.fresh_researcher(),
                "merged": w.fresh_researcher(),
                "reason": "authorization matrix",
            },
        ),
        _curators(201),
    ),
    "POST /curation/splits": (
        lambda w: ("POST", "/curation/splits", _split_body(w)),
        _curators(201),
    ),
    "GET /curation/actions": (lambda w: ("GET", "/curation/actions", None), _curators(200)),
    "GET /curation/actions/{id}": (
        lambda w: ("GET", f"/curation/actions/{_curation_action(w)}", None),
        _curators(200),
    ),
    "POST /cypher": (
        lambda w: ("POST", "/cypher", {"query": "MATCH (r:Researcher) RETURN count(r) AS c"}),
        _role("analyst", 200),
    ),
}

CELLS = [
    (endpoint, actor, status)
    for endpoint, (_, expected) in ENDPOINTS.items()
    for actor, status in expected.items()
]


def test_the_matrix_covers_every_people_route_and_every_role() -> None:
    """No route of these issues escapes the matrix, and every row has every column."""
    routes = set()
    for router in (
        people.router,
        me.router,
        claims.router,
        invitations.router,
        ingest.router,
        curation.router,
        cypher.router,
    ):
        for route in router.routes:
            assert isinstance(route, APIRoute)
            path = re.sub(
                r"\{(researcher_id:path|claim_id|invitation_id|candidate_id|action_id)\}",
                "{id}",
                route.path,
            )
            for method in route.methods:
                if "{action}" in path:
                    routes |= {f"{method} {path}".replace("{action}", a) for a in get_args(Action)}
                else:
                    routes.add(f"{method} {path}")
    assert routes == set(ENDPOINTS) - {"GET /researchers/{id}"}
    for _, expected in ENDPOINTS.values():
        assert set(COLUMNS) <= set(expected)


@pytest.mark.parametrize(("endpoint", "actor", "status"), CELLS)
def test_authorization_cell(world: World, endpoint: str, actor: str, status: int) -> None:
    setup, _ = ENDPOINTS[endpoint]
    method, path, body = setup(world)
    res = world.call(method, path, None if actor == ANON else actor, body)
    assert res.status_code == status, (endpoint, actor, res.text)
    if status == 401:
        assert res.headers["WWW-Authenticate"] == "Bearer"


def test_unknown_and_revoked_tokens_are_401_on_people_routes(world: World) -> None:
    auth = AuthService(world.backend)
    _, token = auth.create_user("leaving", ["curator"])
    bearer = {"Authorization": f"Bearer {token}"}
    assert world.client.get("/me", headers=bearer).status_code == 200
    auth.revoke("leaving")
    assert world.client.get("/claims", headers=bearer).status_code == 401
    unknown = {"Authorization": "Bearer gs_not-a-real-token"}
    assert world.client.get("/me/feed", headers=unknown).status_code == 401
