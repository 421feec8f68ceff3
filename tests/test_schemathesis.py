"""schemathesis against the app's own OpenAPI spec: every operation, no 5xx, every
response within its documented status codes, content type, headers and schema.

A real ``graphsvc serve`` over the real sample with accounts for every role; requests go
as an admin (who may do what every role may), so authenticated operations are exercised
past their 401s. A bounded number of examples per operation keeps the run to minutes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from graphsvc.api.app import create_app
from graphsvc.backends import open_backend
from graphsvc.services.auth import AuthService
from tests.conftest import load_paths, make_settings
from tests.support.raw import SAMPLE
from tests.support.server import Served, serve

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

# The spec as the code declares it (no engine needed to build it); the live server's own
# /openapi.json is checked to be the same below.
OPENAPI = create_app(make_settings(Path(tempfile.gettempdir()) / "graphsvc-spec")).openapi()
schema = schemathesis.openapi.from_dict(OPENAPI)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, dict[str, str]]]:
    data_dir = tmp_path_factory.mktemp("schemathesis") / "data"
    settings_ = make_settings(data_dir)
    backend = open_backend(settings_)
    try:
        load_paths(backend, settings_, [SAMPLE])
        _, token = AuthService(backend).create_user("root", ["admin"])
    finally:
        backend.close()
    served = serve(
        data_dir,
        GRAPHSVC_RATE_LIMIT_CYPHER="",
        GRAPHSVC_RATE_LIMIT_SEARCH="",
        GRAPHSVC_RATE_LIMIT_GRAPH="",
        GRAPHSVC_CLAIMS_PENDING_MAX="100000",
        GRAPHSVC_INVITATIONS_PER_DAY="100000",
        GRAPHSVC_CYPHER_TIMEOUT_MS="1000",
        GRAPHSVC_CYPHER_TIMEOUT_MAX_MS="2000",
    )
    try:
        yield served, {"Authorization": f"Bearer {token}"}
    finally:
        served.stop()


def test_the_live_server_serves_the_spec_these_tests_are_built_from(server) -> None:
    assert httpx.get(server[0].url + "/openapi.json").json() == OPENAPI
    assert len(OPENAPI["paths"]) >= 25


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_openapi_spec_says(case: schemathesis.Case, server) -> None:
    served, headers = server
    response = case.call_and_validate(base_url=served.url, headers=headers, checks=CHECKS)
    SEEN.setdefault(case.operation.label, set()).add(response.status_code)


SEEN: dict[str, set[int]] = {}


def test_the_run_reached_past_authentication() -> None:
    """Generated requests got real answers, not only 401s and 422s."""
    if not SEEN:
        pytest.skip("the schemathesis run did not take place (deselected)")
    assert len(SEEN) == sum(len(methods) for methods in OPENAPI["paths"].values())
    assert 200 in SEEN["GET /me"]
    assert 200 in SEEN["POST /cypher"]
    assert 200 in SEEN["GET /claims"]
