"""Observability: request ids in and out, JSON log lines carrying them, Prometheus metrics."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from graphsvc.observability import JsonFormatter
from tests.support.raw import raw_counts, read_works


def busiest_author() -> str:
    counts = raw_counts(read_works())
    return max(counts.works, key=lambda a: (len(counts.works[a]), a))


def test_request_id_is_echoed_when_given_and_made_when_absent(sample_client: TestClient) -> None:
    given = sample_client.get("/healthz", headers={"X-Request-ID": "trace-42.a"})
    assert given.headers["X-Request-ID"] == "trace-42.a"
    made = sample_client.get("/healthz")
    assert len(made.headers["X-Request-ID"]) == 32
    hostile = sample_client.get("/healthz", headers={"X-Request-ID": "x\ty" * 100})
    assert hostile.headers["X-Request-ID"] != "x\ty" * 100


def test_access_log_lines_are_json_with_the_request_id_and_route_template(
    sample_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    author = busiest_author()
    with caplog.at_level(logging.INFO, logger="graphsvc.access"):
        sample_client.get(f"/researchers/{author}", headers={"X-Request-ID": "req-profile-1"})
    [record] = [r for r in caplog.records if r.name == "graphsvc.access"]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-profile-1"
    assert line["route"] == "/researchers/{researcher_id:path}"
    assert line["path"] == f"/researchers/{author}"
    assert line["status"] == 200 and line["duration_ms"] >= 0


def metric(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_by_route_template_not_raw_path(sample_client: TestClient) -> None:
    author = busiest_author()
    route = "/researchers/{researcher_id:path}"  # as declared in api/routes/researchers.py
    before = metric(
        sample_client.get("/metrics").text,
        "graphsvc_http_request_duration_seconds_count",
        route=route,
        status="200",
    )
    for _ in range(3):
        assert sample_client.get(f"/researchers/{author}").status_code == 200
    text = sample_client.get("/metrics").text
    after = metric(text, "graphsvc_http_request_duration_seconds_count", route=route, status="200")
    assert after - before == 3
    assert author not in text  # raw ids never become label values
    assert "graphsvc_ingest_batches_total" in text
    assert "graphsvc_engine_errors_total" in text or "graphsvc_engine_errors" in text


def test_ingest_counters_grow_with_each_acknowledged_batch(sample_client: TestClient) -> None:
    from graphsvc.observability import INGEST_BATCHES

    # The session's sample load already wrote batches in this process.
    assert INGEST_BATCHES._value.get() >= 1  # type: ignore[attr-defined]
    assert metric(sample_client.get("/metrics").text, "graphsvc_ingest_batches_total") >= 1
