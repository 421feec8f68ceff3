"""docker-compose.yml, checked offline: no docker engine exists here.

It must validate against the Compose Specification's JSON schema (vendored under
tests/data), bring up Neo4j 5 with a volume, auth from the environment and a healthcheck,
start the service only once Neo4j is healthy, and set only settings graphsvc reads.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
import yaml
from jsonschema import Draft201909Validator, ValidationError

from graphsvc.config import Settings
from tests.support.raw import REPO

COMPOSE = REPO / "docker-compose.yml"
SCHEMA = REPO / "tests" / "data" / "compose-spec.schema.json"


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def validate(document: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text())  # declares draft 2019-09 (with a trailing "#")
    Draft201909Validator(schema).validate(document)


def test_compose_file_is_valid_against_the_compose_specification_schema() -> None:
    validate(compose())


def test_the_schema_check_catches_a_broken_compose_file() -> None:
    broken = copy.deepcopy(compose())
    broken["services"]["graphsvc"]["depends_on"]["neo4j"]["condition"] = "when_it_feels_like_it"
    with pytest.raises(ValidationError):
        validate(broken)


def test_neo4j_5_has_a_volume_auth_from_the_environment_and_a_healthcheck() -> None:
    neo4j = compose()["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5(\.[\d.]+)?(-\w+)?", neo4j["image"])
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert neo4j["volumes"][0].split(":")[0] in compose()["volumes"]
    assert "${NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]
    assert neo4j["healthcheck"]["test"]


def test_service_starts_after_neo4j_is_healthy_and_talks_to_it() -> None:
    service = compose()["services"]["graphsvc"]
    assert service["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = service["environment"]
    assert env["GRAPHSVC_DATABASE_URL"].startswith(("bolt://neo4j:", "neo4j://neo4j:"))
    assert env["GRAPHSVC_DATABASE_PASSWORD"] == "${NEO4J_PASSWORD}"
    assert (REPO / service["build"] / "Dockerfile").exists()
    assert all(p.startswith("127.0.0.1:") for p in service["ports"])


def test_every_graphsvc_variable_the_compose_file_sets_is_a_setting() -> None:
    names = [
        name
        for svc in compose()["services"].values()
        for name in (svc.get("environment") or {})
        if name.startswith("GRAPHSVC_")
    ]
    assert names
    unknown = [n for n in names if n.removeprefix("GRAPHSVC_").lower() not in Settings.model_fields]
    assert unknown == []
