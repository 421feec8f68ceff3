"""POST /works: loaders elsewhere push real records in any format through the one pipeline.

Every body here is a real shared file (or a slice of one cut at a record boundary); the
graph a pushed batch gives is compared with the graph the same file gives through the
file loaders, and a refused request (413, 422) must leave the graph exactly as it was.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.api.routes.ingest import IngestFormat
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings
from graphsvc.records import Rejected, WorkRecord
from graphsvc.services.auth import AuthService
from graphsvc.services.checksum import WRITE_TIMES, GraphChecksum, checksum_rows, graph_checksum
from loaders import BYTES_READERS, FORMATS
from tests.conftest import make_settings
from tests.support.formats import (
    ARXIV,
    BIBTEX,
    CROSSREF,
    CROSSREF_RESPONSES,
    OPENALEX,
    S2,
    load_format,
)
from tests.support.raw import SHARED, read_works, short

OPENALEX_PAGES = SHARED / "openalex" / "api_pages"


@dataclass
class Pusher:
    """The API with a loader's token, over a fresh engine."""

    client: TestClient
    backend: GraphBackend
    settings: Settings
    headers: dict[str, str]

    def push(self, fmt: str, body: bytes, **headers: str) -> object:
        return self.client.post(
            f"/works?format={fmt}", content=body, headers={**self.headers, **headers}
        )


def open_pusher(data_dir: Path, **overrides: object) -> Iterator[Pusher]:
    settings = make_settings(data_dir, **overrides)
    backend = open_backend(settings)
    try:
        _, token = AuthService(backend).create_user("harvester", ["loader"])
        with TestClient(create_app(settings, backend)) as client:
            yield Pusher(client, backend, settings, {"Authorization": f"Bearer {token}"})
    finally:
        backend.close()


@pytest.fixture
def pusher(tmp_path: Path) -> Iterator[Pusher]:
    yield from open_pusher(tmp_path / "data")


def scholarly_checksum(backend: GraphBackend) -> GraphChecksum:
    """The graph's checksum without accounts (the pusher's loader token is one), and
    without write times (two engines loaded at other moments)."""
    accounts = {"User", "Token"}
    nodes = [r for r in backend.read("graph/dump_nodes") if not accounts & set(r["labels"])]
    edges = [
        r
        for r in backend.read("graph/dump_edges")
        if r["source_label"] not in accounts and r["target_label"] not in accounts
    ]
    return checksum_rows(nodes, edges, ignore=WRITE_TIMES)


def unzipped(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def bibtex_slice(path: Path, entries: int) -> bytes:
    """The first ``entries`` entries of a real BibTeX file (which starts with one), cut
    before the next line-initial ``@``."""
    text = path.read_bytes()
    assert text.startswith(b"@")
    cut = 0
    for _ in range(entries):
        cut = text.index(b"\n@", cut + 1)
    return text[: cut + 1]


# --- the parsers read a body exactly as they read the file ----------------------------------

BODY_CASES = [
    ("openalex", OPENALEX),
    *[("openalex", p) for p in sorted(OPENALEX_PAGES.glob("*.json"))],
    ("openalex", SHARED / "openalex" / "entities" / "W2741809807.json"),
    ("crossref", CROSSREF),
    *[("crossref", p) for p in sorted(CROSSREF_RESPONSES.glob("*.json"))[:8]],
    ("arxiv", ARXIV),
    *[("bibtex", p) for p in sorted(BIBTEX.glob("*.bib"))],
    *[("semantic-scholar", p) for p in sorted(S2.glob("*.json"))],
    ("auto", CROSSREF),
    ("auto", BIBTEX / "colt.bib"),
    ("auto", S2 / "Paper.json"),
    ("auto", ARXIV),
]


@pytest.mark.parametrize(("fmt", "path"), BODY_CASES, ids=lambda v: getattr(v, "name", v))
def test_a_body_parses_into_the_records_its_file_gives(fmt: str, path: Path) -> None:
    from_file = list(FORMATS[fmt]([path]))
    from_body = list(BYTES_READERS[fmt](unzipped(path), "request"))

    def renamed(item: object) -> object:
        if isinstance(item, WorkRecord | Rejected):
            return replace(item, origin=item.origin.replace(str(path), "request", 1))
        return item

    assert sum(isinstance(i, WorkRecord) for i in from_file) > 0
    assert from_body == [renamed(i) for i in from_file]


def test_the_api_accepts_exactly_the_formats_the_loaders_have() -> None:
    from typing import get_args

    assert set(get_args(IngestFormat)) == set(BYTES_READERS) == set(FORMATS)


# --- what a pushed batch does to the graph --------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "path", "body"),
    [
        ("crossref", CROSSREF, CROSSREF.read_bytes()),  # gzipped JSON lines, as stored
        ("bibtex", BIBTEX / "colt.bib", bibtex_slice(BIBTEX / "colt.bib", 400)),
        ("semantic-scholar", S2 / "Author.json", (S2 / "Author.json").read_bytes()),
        ("openalex", OPENALEX_PAGES / "keypaper_results_page_1.json", None),
    ],
    ids=["crossref-jsonl-gz", "dblp-bibtex", "s2-author", "openalex-page"],
)
def test_a_pushed_batch_gives_the_graph_loading_the_file_gives(
    tmp_path: Path, fmt: str, path: Path, body: bytes | None
) -> None:
    body = body if body is not None else path.read_bytes()
    source = tmp_path / f"same-as-body{''.join(path.suffixes)}"
    source.write_bytes(body)
    file_settings = make_settings(tmp_path / "by-file")
    file_backend = open_backend(file_settings)
    try:
        loaded = load_format(file_backend, file_settings, fmt, [source])
        expected = scholarly_checksum(file_backend)
    finally:
        file_backend.close()
    for pusher in open_pusher(tmp_path / "by-http"):
        res = pusher.push(fmt, body)
        assert res.status_code == 200, res.text
        answer = res.json()
        assert answer["counts"]["created"] == loaded.created > 0
        assert answer["counts"]["rejected"] == loaded.rejected
        assert answer["authorships_skipped"] == loaded.authorships_skipped
        assert scholarly_checksum(pusher.backend) == expected


def test_sending_the_same_batch_again_answers_unchanged_and_changes_nothing(
    pusher: Pusher,
) -> None:
    body = CROSSREF.read_bytes()
    first = pusher.push("crossref", body).json()
    before = graph_checksum(pusher.backend)
    again = pusher.push("crossref", body)
    assert again.status_code == 200
    second = again.json()
    assert graph_checksum(pusher.backend) == before  # write times included: nothing written
    written = [r for r in first["records"] if r["status"] != "rejected"]
    assert len(written) > 400 and {r["status"] for r in written} == {"created"}
    assert [r["work_id"] for r in second["records"]] == [r["work_id"] for r in first["records"]]
    assert {r["status"] for r in second["records"] if r["work_id"]} == {"unchanged"}
    assert second["counts"]["unchanged"] == len(written)


def test_each_answer_names_its_record_and_the_work_it_became(pusher: Pusher) -> None:
    works = read_works()[:3]
    body = json.dumps([works[0], {"id": "https://openalex.org/A5023888391"}, *works[1:]])
    res = pusher.push("openalex", body.encode(), **{"Content-Type": "application/json"})
    assert res.status_code == 200, res.text
    records = res.json()["records"]
    assert [r["index"] for r in records] == [0, 1, 2, 3]
    assert [r["origin"] for r in records] == [f"request:1[{i}]" for i in range(4)]
    assert [r["status"] for r in records] == ["created", "rejected", "created", "created"]
    assert "not an OpenAlex Work" in records[1]["reason"] and records[1]["work_id"] is None
    expected_ids = [short(works[0]["id"]), None, short(works[1]["id"]), short(works[2]["id"])]
    assert [r["work_id"] for r in records] == expected_ids
    for record in records:
        if record["work_id"]:
            assert pusher.client.get(f"/works/{record['work_id']}").status_code == 200


def test_a_newer_version_pushed_answers_updated_for_that_record_only(pusher: Pusher) -> None:
    works = read_works()[:4]
    pusher.push("openalex", "\n".join(json.dumps(w) for w in works).encode())
    newer = json.loads(json.dumps(works[2]))
    newer["cited_by_count"] = (works[2].get("cited_by_count") or 0) + 1
    lines = [json.dumps(w) for w in [works[0], works[1], newer, works[3]]]
    res = pusher.push(
        "openalex", "\n".join(lines).encode(), **{"Content-Type": "application/x-ndjson"}
    )
    records = res.json()["records"]
    assert [r["origin"] for r in records] == [f"request:{n}" for n in (1, 2, 3, 4)]
    assert [r["status"] for r in records] == ["unchanged", "unchanged", "updated", "unchanged"]


def test_pushed_batches_count_in_the_ingest_metrics(pusher: Pusher) -> None:
    from tests.test_observability import metric

    def scrape() -> tuple[float, float, float]:
        text = pusher.client.get("/metrics").text
        return (
            metric(text, "graphsvc_ingest_batches_total"),
            metric(text, "graphsvc_ingest_works_total", status="created"),
            metric(text, "graphsvc_ingest_works_total", status="unchanged"),
        )

    body = (S2 / "Author.json").read_bytes()
    batches, created, unchanged = scrape()
    first = pusher.push("semantic-scholar", body).json()["counts"]
    pusher.push("semantic-scholar", body)
    batches2, created2, unchanged2 = scrape()
    assert batches2 - batches == 2
    assert created2 - created == first["created"] > 0
    assert unchanged2 - unchanged == first["created"]


# --- limits and refusals: each says what to change and writes nothing -------------------------


def test_a_batch_past_the_record_limit_is_413_and_writes_nothing(tmp_path: Path) -> None:
    for pusher in open_pusher(tmp_path / "data", ingest_request_max_records=50):
        before = graph_checksum(pusher.backend)
        body = bibtex_slice(BIBTEX / "jmlr.bib", 51)
        res = pusher.push("bibtex", body)
        assert res.status_code == 413, res.text
        detail = res.json()["detail"]
        assert "GRAPHSVC_INGEST_REQUEST_MAX_RECORDS" in detail and "at most 50" in detail
        assert graph_checksum(pusher.backend) == before
        ok = pusher.push("bibtex", bibtex_slice(BIBTEX / "jmlr.bib", 50))
        assert ok.status_code == 200 and ok.json()["counts"]["created"] > 40


def test_a_body_past_the_byte_limit_is_413_and_so_is_one_that_unzips_past_it(
    tmp_path: Path,
) -> None:
    for pusher in open_pusher(tmp_path / "data", ingest_request_max_bytes=64 * 1024):
        before = graph_checksum(pusher.backend)
        big = bibtex_slice(BIBTEX / "icml.bib", 400)
        assert len(big) > 64 * 1024
        res = pusher.push("bibtex", big)
        assert res.status_code == 413
        assert "GRAPHSVC_INGEST_REQUEST_MAX_BYTES" in res.json()["detail"]
        squeezed = gzip.compress(big)
        assert len(squeezed) < 64 * 1024  # small on the wire, too large once unzipped
        res = pusher.push("bibtex", squeezed, **{"Content-Encoding": "gzip"})
        assert res.status_code == 413 and "unzips to more than" in res.json()["detail"]
        assert graph_checksum(pusher.backend) == before
        fits = gzip.compress(bibtex_slice(BIBTEX / "icml.bib", 100))
        assert pusher.push("bibtex", fits).status_code == 200


def test_a_body_with_nothing_usable_is_422_with_every_reason_and_writes_nothing(
    pusher: Pusher,
) -> None:
    pusher.push("bibtex", bibtex_slice(BIBTEX / "colt.bib", 20))
    before = graph_checksum(pusher.backend)
    crossref_as_bibtex = pusher.push("openalex", unzipped(CROSSREF))
    assert crossref_as_bibtex.status_code == 422
    answer = crossref_as_bibtex.json()
    assert "could be read as openalex" in answer["detail"] and "?format=" in answer["detail"]
    assert len(answer["records"]) == 521
    assert all(r["status"] == "rejected" and r["reason"] for r in answer["records"])
    broken = pusher.push("bibtex", b"@article{conf/x/Y01,\n  title = {Cut off")
    assert broken.status_code == 422 and "truncated" in broken.json()["records"][0]["reason"]
    assert pusher.push("bibtex", b"").status_code == 422
    assert pusher.push("crossref", b"\x1f\x8bnot gzip at all").status_code == 422
    unknown = pusher.push("endnote", b"%0 Journal Article")
    assert unknown.status_code == 422 and "bibtex" in unknown.text
    brotli = pusher.push("crossref", CROSSREF.read_bytes(), **{"Content-Encoding": "br"})
    assert brotli.status_code == 422 and "gzip" in brotli.json()["detail"]
    assert graph_checksum(pusher.backend) == before


def test_a_batch_with_some_bad_records_loads_the_good_ones_and_says_why_for_the_rest(
    pusher: Pusher,
) -> None:
    lines = (ARXIV.read_bytes().split(b"\n"))[:5]
    lines.insert(2, b'{"id": "not-an-arxiv-id", "title": "x"}')
    lines.insert(4, b"{broken")
    res = pusher.push("arxiv", b"\n".join(lines))
    assert res.status_code == 200
    records = res.json()["records"]
    assert [r["status"] for r in records] == [
        "created",
        "created",
        "rejected",
        "created",
        "rejected",
        "created",
        "created",
    ]
    assert "not an arXiv record" in records[2]["reason"]
    assert "invalid JSON" in records[4]["reason"] and records[4]["origin"] == "request:5"
    assert all(r["authorships_skipped"] > 0 for r in records if r["status"] == "created")


def test_anonymous_and_non_loader_callers_may_not_push(pusher: Pusher) -> None:
    body = (S2 / "Author.json").read_bytes()
    _, token = AuthService(pusher.backend).create_user("reader", ["user", "analyst"])
    before = graph_checksum(pusher.backend)
    anonymous = pusher.client.post("/works?format=semantic-scholar", content=body)
    assert anonymous.status_code == 401
    other = pusher.client.post(
        "/works?format=semantic-scholar", content=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert other.status_code == 403 and "loader" in other.json()["detail"]
    assert graph_checksum(pusher.backend) == before


def test_the_openapi_document_describes_the_body_limits_and_answers(pusher: Pusher) -> None:
    operation = pusher.client.get("/openapi.json").json()["paths"]["/works"]["post"]
    assert {"application/json", "application/x-bibtex", "application/gzip"} <= set(
        operation["requestBody"]["content"]
    )
    assert {"200", "401", "403", "413", "422", "503"} <= set(operation["responses"])
    formats = next(p for p in operation["parameters"] if p["name"] == "format")
    assert set(formats["schema"]["enum"]) == set(FORMATS)


# --- a loader elsewhere, over a real server -------------------------------------------------


@pytest.mark.slow
def test_a_loader_elsewhere_pushes_gzip_to_a_real_server_and_is_stopped_at_the_byte_limit(
    tmp_path: Path,
) -> None:
    import os
    import subprocess
    import sys

    import httpx

    from tests.support.server import serve

    limit = 64 * 1024
    served = serve(tmp_path / "data", GRAPHSVC_INGEST_REQUEST_MAX_BYTES=str(limit))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
        env.update(GRAPHSVC_DATA_DIR=str(served.data_dir), GRAPHSVC_DATABASE_URL="")
        created = subprocess.run(
            [sys.executable, "-m", "graphsvc", "users", "create", "harvester", "--role", "loader"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert created.returncode == 0, created.stderr
        headers = {"Authorization": f"Bearer {created.stdout.strip()}"}
        url = served.url + "/works"
        body = bibtex_slice(BIBTEX / "icml.bib", 600)
        assert len(body) > limit > len(gzip.compress(body))
        res = httpx.post(
            url,
            params={"format": "bibtex"},
            content=gzip.compress(bibtex_slice(BIBTEX / "icml.bib", 150)),
            headers={**headers, "Content-Encoding": "gzip", "Content-Type": "application/x-bibtex"},
            timeout=60,
        )
        assert res.status_code == 200, res.text
        first = res.json()["records"][0]
        assert first["status"] == "created"
        assert httpx.get(f"{served.url}/works/{first['work_id']}", timeout=10).status_code == 200
        # Too large by its Content-Length, and too large while streaming in (no length).
        declared = httpx.post(url, params={"format": "bibtex"}, content=body, headers=headers)
        assert declared.status_code == 413, declared.text

        def chunks() -> Iterator[bytes]:
            for start in range(0, len(body), 16 * 1024):
                yield body[start : start + 16 * 1024]

        streamed = httpx.post(url, params={"format": "bibtex"}, content=chunks(), headers=headers)
        assert streamed.status_code == 413, streamed.text
        assert "GRAPHSVC_INGEST_REQUEST_MAX_BYTES" in streamed.json()["detail"]
        again = httpx.post(
            url,
            params={"format": "bibtex"},
            content=gzip.compress(bibtex_slice(BIBTEX / "icml.bib", 150)),
            headers=headers,
            timeout=60,
        )
        assert again.json()["counts"]["created"] == 0
        assert again.json()["counts"]["unchanged"] == res.json()["counts"]["created"]
    finally:
        log = served.stop()
    assert '"route": "/works"' in log
