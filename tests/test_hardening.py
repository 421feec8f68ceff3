"""The API against abuse: rate limits (429 + Retry-After), body limits (413), CORS from
settings (none by default) and security headers on pages and API responses alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.api.hardening import API_CSP, body_limit
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings
from graphsvc.errors import ConfigurationError
from graphsvc.services.auth import AuthService
from tests.conftest import load_paths, make_settings
from tests.support.raw import SAMPLE


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GraphBackend, Settings]]:
    settings = make_settings(tmp_path_factory.mktemp("hardening") / "data")
    backend = open_backend(settings)
    load_paths(backend, settings, [SAMPLE])
    yield backend, settings
    backend.close()


@pytest.fixture(scope="module")
def tokens(engine: tuple[GraphBackend, Settings]) -> dict[str, str]:
    auth = AuthService(engine[0])
    return {name: auth.create_user(name, ["analyst"])[1] for name in ("ana", "bea")}


def client(
    engine: tuple[GraphBackend, Settings], address: str = "10.0.0.1", **overrides: object
) -> TestClient:
    backend, settings = engine
    return TestClient(
        create_app(settings.model_copy(update=overrides), backend), client=(address, 40000)
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- rate limits ---------------------------------------------------------------------------


def test_a_client_address_past_its_limit_gets_429_with_retry_after(engine) -> None:
    with client(engine, rate_limit_search="3/minute") as c:
        assert [c.get("/search?q=climate").status_code for _ in range(3)] == [200] * 3
        res = c.get("/search?q=climate")
        assert res.status_code == 429
        assert 1 <= int(res.headers["Retry-After"]) <= 60
        assert "too many requests to search" in res.json()["detail"]
    with client(engine, address="10.0.0.2", rate_limit_search="3/minute") as other:
        assert other.get("/search?q=climate").status_code == 200


def test_a_token_past_its_limit_gets_429_from_any_address(engine, tokens) -> None:
    app = create_app(engine[1].model_copy(update={"rate_limit_cypher": "2/minute"}), engine[0])
    here = TestClient(app, client=("10.0.0.1", 40000))
    there = TestClient(app, client=("10.0.0.9", 40000))
    with here, there:
        body = {"query": "RETURN 1 AS one"}
        assert here.post("/cypher", json=body, headers=bearer(tokens["ana"])).status_code == 200
        assert there.post("/cypher", json=body, headers=bearer(tokens["ana"])).status_code == 200
        res = there.post("/cypher", json=body, headers=bearer(tokens["ana"]))
        assert res.status_code == 429 and "per token" in res.json()["detail"]
        assert int(res.headers["Retry-After"]) >= 1
        # Another analyst at a fresh address is not held back by ana's count.
        third = TestClient(app, client=("10.0.0.10", 40000))
        with third:
            ok = third.post("/cypher", json=body, headers=bearer(tokens["bea"]))
            assert ok.status_code == 200


def test_graph_slices_are_limited_and_profiles_are_not(engine) -> None:
    rid = engine[0].read("researcher/list_most_productive", {"limit": 1})[0]["id"]
    with client(engine, address="10.0.0.3", rate_limit_graph="2/minute") as c:
        assert [c.get(f"/researchers/{rid}/graph").status_code for _ in range(2)] == [200, 200]
        assert c.get(f"/researchers/{rid}/graph").status_code == 429
        assert c.get("/works/W0/graph").status_code == 429  # one budget for graph slices
        assert [c.get(f"/researchers/{rid}").status_code for _ in range(5)] == [200] * 5


def test_an_empty_rate_limit_setting_means_no_limit(engine) -> None:
    with client(engine, address="10.0.0.4", rate_limit_search="") as c:
        assert {c.get("/search?q=a").status_code for _ in range(30)} == {200}


def test_a_rate_limit_that_does_not_parse_stops_start_up_naming_the_variable(tmp_path) -> None:
    with pytest.raises(ConfigurationError, match="GRAPHSVC_RATE_LIMIT_SEARCH"):
        make_settings(tmp_path, rate_limit_search="often")


# --- request body size ---------------------------------------------------------------------


def test_a_body_past_the_limit_is_413_naming_the_limit(engine, tokens) -> None:
    with client(engine, max_body_bytes=1_000) as c:
        big = {"query": "RETURN $x AS x", "parameters": {"x": "y" * 2_000}}
        res = c.post("/cypher", json=big, headers=bearer(tokens["ana"]))
        assert res.status_code == 413
        assert "1000 bytes" in res.json()["detail"]
        assert "GRAPHSVC_MAX_BODY_BYTES" in res.json()["detail"]
        small = {"query": "RETURN $x AS x", "parameters": {"x": "y" * 100}}
        assert c.post("/cypher", json=small, headers=bearer(tokens["ana"])).status_code == 200


def test_a_chunked_body_without_a_length_is_cut_at_the_limit(engine, tokens) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "RETURN $x AS x", "parameters": {"x": "'
        for _ in range(100):
            yield b"y" * 100
        yield b'"}}'

    with client(engine, max_body_bytes=1_000) as c:
        res = c.post(
            "/cypher",
            content=chunks(),
            headers={**bearer(tokens["ana"]), "Content-Type": "application/json"},
        )
        assert res.status_code == 413
        assert "1000 bytes" in res.json()["detail"]


class UploadSettings(Settings):
    max_upload_bytes: int = 5_000


def test_a_route_can_opt_into_its_own_body_limit_setting(engine) -> None:
    backend, settings = engine
    app: FastAPI = create_app(
        UploadSettings(**{**settings.model_dump(), "max_body_bytes": 100}), backend
    )

    @app.post("/upload-test")
    @body_limit("max_upload_bytes")
    def upload(payload: dict[str, str]) -> dict[str, int]:
        return {"size": len(payload["data"])}

    with TestClient(app) as c:
        assert c.post("/upload-test", json={"data": "x" * 4_000}).json() == {"size": 4_000}
        res = c.post("/upload-test", json={"data": "x" * 6_000})
        assert res.status_code == 413 and "GRAPHSVC_MAX_UPLOAD_BYTES" in res.json()["detail"]
        other = c.post("/cypher", json={"query": "RETURN 1", "parameters": {"x": "x" * 200}})
        assert other.status_code == 413  # everything else keeps the default


# --- CORS ----------------------------------------------------------------------------------


def _preflight(c: TestClient, origin: str) -> dict[str, str]:
    res = c.options(
        "/cypher",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )
    return dict(res.headers)


def test_no_origin_is_allowed_by_default(engine) -> None:
    with client(engine) as c:
        assert "access-control-allow-origin" not in _preflight(c, "https://ui.example")
        res = c.get("/healthz", headers={"Origin": "https://ui.example"})
        assert "access-control-allow-origin" not in res.headers


def test_origins_from_the_settings_are_allowed_and_others_are_not(engine) -> None:
    with client(engine, cors_origins=["https://ui.example"]) as c:
        allowed = _preflight(c, "https://ui.example")
        assert allowed["access-control-allow-origin"] == "https://ui.example"
        assert "authorization" in allowed["access-control-allow-headers"].lower()
        assert "access-control-allow-credentials" not in allowed
        assert "access-control-allow-origin" not in _preflight(c, "https://evil.example")
        res = c.get("/healthz", headers={"Origin": "https://ui.example"})
        assert res.headers["access-control-allow-origin"] == "https://ui.example"


# --- security headers ----------------------------------------------------------------------

BASELINE = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


def test_security_headers_are_on_pages_api_answers_and_errors(engine, tokens) -> None:
    rid = engine[0].read("researcher/list_most_productive", {"limit": 1})[0]["id"]
    with client(engine, address="10.0.0.5", max_body_bytes=500, rate_limit_search="1/minute") as c:
        c.get("/search?q=a")
        answers = {
            "page": c.get("/"),
            "profile page": c.get(f"/ui/researchers/{rid}"),
            "404 page": c.get("/ui/researchers/A0"),
            "script": c.get("/static/ui/search.js"),
            "json": c.get(f"/researchers/{rid}"),
            "json 404": c.get("/researchers/A0"),
            "json 422": c.get("/search"),
            "429": c.get("/search?q=a"),
            "413": c.post("/cypher", content=b"x" * 1_000),
            "openapi": c.get("/openapi.json"),
        }
        for what, res in answers.items():
            for name, value in BASELINE.items():
                assert res.headers.get(name) == value, (what, name, res.status_code)
        assert answers["413"].status_code == 413 and answers["429"].status_code == 429
        # Pages keep their own policy (scripts from 'self'); JSON gets one that allows nothing.
        assert "script-src 'self'" in answers["page"].headers["content-security-policy"]
        assert "script-src 'self'" in answers["404 page"].headers["content-security-policy"]
        assert answers["json"].headers["content-security-policy"] == API_CSP
        assert answers["json 404"].headers["content-security-policy"] == API_CSP
        # /docs loads Swagger UI from its CDN, so no policy there; the rest still applies.
        docs = c.get("/docs")
        assert "content-security-policy" not in docs.headers
        assert docs.headers["x-content-type-options"] == "nosniff"
        # Answers to a signed-in caller are not cached on the way.
        me = c.post("/cypher", json={"query": "RETURN 1"}, headers=bearer(tokens["ana"]))
        assert me.headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in me.headers  # plain HTTP here


def test_https_requests_get_strict_transport_security(engine) -> None:
    backend, settings = engine
    with TestClient(create_app(settings, backend), base_url="https://graphsvc.example") as c:
        res = c.get("/healthz")
        assert res.headers["strict-transport-security"].startswith("max-age=")


# --- what the OWASP section of the README leans on -----------------------------------------


def test_tokens_are_stored_only_as_their_hash(engine, tokens) -> None:
    import hashlib

    from graphsvc.services.checksum import graph_checksum

    rows = engine[0].read("graph/dump_nodes")
    stored = "\n".join(repr(row["props"]) for row in rows)
    assert graph_checksum(engine[0]).nodes == len(rows)
    for token in tokens.values():
        assert token not in stored
        assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_request_bodies_cannot_set_fields_they_do_not_declare(engine, tokens) -> None:
    with client(engine, address="10.0.0.6") as c:
        res = c.post(
            "/cypher",
            json={"query": "RETURN 1", "role": "admin", "timeout": 0},
            headers=bearer(tokens["ana"]),
        )
        assert res.status_code == 422 and "extra" in res.text.lower()
        rid = engine[0].read("researcher/list_most_productive", {"limit": 3})[2]["id"]
        claim = c.post(
            f"/researchers/{rid}/claims",
            json={"note": "mine", "status": "approved", "user": "root", "decided_by": "root"},
            headers=bearer(tokens["bea"]),
        )
        assert claim.status_code == 201, claim.text
        assert claim.json()["status"] == "pending" and claim.json()["user"] == "bea"
        assert claim.json()["decided_by"] is None


def test_unknown_query_parameters_are_422_naming_what_the_route_takes(engine) -> None:
    rid = engine[0].read("researcher/list_most_productive", {"limit": 1})[0]["id"]
    with client(engine, address="10.0.0.7") as c:
        res = c.get(f"/researchers/{rid}/works?limt=5")
        assert res.status_code == 422
        assert "'limt'" in res.json()["detail"] and "cursor, limit" in res.json()["detail"]
        assert c.get(f"/researchers/{rid}/works?limit=5").status_code == 200
        assert c.get(f"/ui/researchers/{rid}?utm_source=mail").status_code == 200  # pages


def test_unexpected_failures_answer_without_internals(engine) -> None:
    """A bug must not hand out a traceback: the body is a plain 500, details stay in the log."""
    backend, settings = engine
    app = create_app(settings, backend)

    @app.get("/boom-test")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as c:
        res = c.get("/boom-test")
        assert res.status_code == 500
        assert "secret" not in res.text and "Traceback" not in res.text
