"""The API: ids in every form users paste, clear 404/422/301, never a 500 for user input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from graphsvc.services.ingest import IngestPipeline
from graphsvc.services.loading import run_load
from loaders import openalex
from tests.support.raw import SHARED, raw_counts, read_works, short


@pytest.fixture(scope="module")
def busiest() -> tuple[str, str | None]:
    raw = raw_counts(read_works())
    author = max(raw.works, key=lambda a: (len(raw.works[a]), a))
    work = next(
        w
        for w in read_works()
        if any(short(a["author"].get("id")) == author for a in w["authorships"])
    )
    orcid = next(
        (
            a["author"].get("orcid")
            for a in work["authorships"]
            if short(a["author"].get("id")) == author
        ),
        None,
    )
    return author, orcid


def test_researcher_ids_in_every_pasted_form_give_the_same_profile(
    sample_client: TestClient, busiest: tuple[str, str | None]
) -> None:
    author, orcid = busiest
    assert orcid, "the busiest sample author has an ORCID"
    forms = [
        author,
        author.lower(),
        f"https://openalex.org/{author}",
        orcid,
        orcid.removeprefix("https://orcid.org/"),
        f"orcid:{orcid.rsplit('/', 1)[-1]}",
    ]
    ids = {sample_client.get(f"/researchers/{form}").json()["id"] for form in forms}
    assert ids == {author}


def test_work_ids_in_every_pasted_form_give_the_same_work(sample_client: TestClient) -> None:
    work = next(w for w in read_works() if w.get("doi"))
    wid, doi = short(work["id"]), work["doi"]
    bare = doi.removeprefix("https://doi.org/")
    forms = [wid, work["id"], doi, bare, bare.upper(), f"doi:{bare}"]
    answers = [sample_client.get(f"/works/{form}") for form in forms]
    assert [a.status_code for a in answers] == [200] * len(forms)
    assert {a.json()["id"] for a in answers} == {wid}
    assert answers[0].json()["title"] == work["title"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/researchers/A1", 404),
        ("/researchers/0000-0002-1825-0097", 404),
        ("/researchers/not-an-id", 422),
        ("/researchers/0000-0002-1825-0098", 422),  # bad ORCID checksum
        ("/works/W1", 404),
        ("/works/10.9999/none", 404),
        ("/works/hello", 422),
        ("/researchers/A5007671479/works?limit=0", 422),
        ("/researchers/A5007671479/works?cursor=bm9wZQ", 422),
        ("/researchers/A5007671479/graph?depth=3", 422),
        ("/search?q=", 422),
        ("/search?q=%22%27%29%28*", 422),
    ],
)
def test_unknown_ids_are_404_and_malformed_input_is_422_with_a_message(
    sample_client: TestClient, path: str, status: int
) -> None:
    response = sample_client.get(path)
    assert response.status_code == status
    assert response.json()["detail"]


def test_collaborators_list_every_coauthor_and_min_shared_filters_close_ones(
    sample_client: TestClient,
) -> None:
    raw = raw_counts(read_works())
    author = max(raw.works, key=lambda a: (sum(n >= 2 for n in raw.coauthors(a).values()), a))
    body = sample_client.get(f"/researchers/{author}/collaborators").json()
    assert body["min_shared"] == 1
    assert {c["id"]: c["shared_works"] for c in body["data"]} == raw.coauthors(author)
    close = sample_client.get(f"/researchers/{author}/collaborators?min_shared=2").json()
    expected = {k: v for k, v in raw.coauthors(author).items() if v >= 2}
    assert expected and {c["id"]: c["shared_works"] for c in close["data"]} == expected
    profile = sample_client.get(f"/researchers/{author}").json()
    assert profile["close_collaborators_count"] == len(close["data"])


def test_graph_slice_has_the_researcher_works_coauthors_and_topics_without_duplicates(
    sample_client: TestClient,
) -> None:
    raw = raw_counts(read_works())
    author = max(raw.works, key=lambda a: (len(raw.coauthors(a)), a))
    body = sample_client.get(f"/researchers/{author}/graph", params={"limit": 3}).json()
    ids = [n["id"] for n in body["nodes"]]
    assert len(ids) == len(set(ids)) and author in ids
    kinds = {n["kind"] for n in body["nodes"]}
    assert {"researcher", "work", "topic"} <= kinds
    coauthor_edges = [e for e in body["edges"] if e["kind"] == "coauthor"]
    assert {(e["source"], e["target"]) for e in coauthor_edges} <= {
        tuple(sorted((author, o))) for o in raw.coauthors(author)
    }
    shown_works = sum(1 for n in body["nodes"] if n["kind"] == "work")
    assert shown_works == min(3, len(raw.works[author]))
    assert body["more"]["works"] == len(raw.works[author]) - shown_works
    again = sample_client.get(f"/researchers/{author}/graph", params={"limit": 3}).json()
    assert again == body


def test_search_finds_a_researcher_by_a_name_prefix(sample_client: TestClient) -> None:
    raw = raw_counts(read_works())
    author = max(raw.works, key=lambda a: (len(raw.works[a]), a))
    name = raw.names[author]
    body = sample_client.get("/search", params={"q": name[: len(name) - 2]}).json()
    assert author in [r["id"] for r in body["researchers"]]


def test_a_merged_away_researcher_id_redirects_to_the_survivor(
    backend: GraphBackend, settings: Settings
) -> None:
    snapshot = SHARED / "openalex" / "snapshot"
    pipeline = IngestPipeline(backend, lock_path=None)
    run_load(openalex.read([snapshot]), pipeline)
    row = next(r for r in backend.read("graph/dump_nodes") if "Alias" in r["labels"])
    old, target = row["props"]["id"], row["props"]["target"]
    with TestClient(create_app(settings, backend)) as client:
        response = client.get(f"/researchers/{old}/works", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == f"/researchers/{target}/works"


def test_readiness_and_liveness(sample_client: TestClient) -> None:
    assert sample_client.get("/healthz").json() == {"status": "ok"}
    assert sample_client.get("/readyz").json()["status"] == "ready"


def test_openapi_documents_every_route(sample_client: TestClient) -> None:
    paths = sample_client.get("/openapi.json").json()["paths"]
    for route in (
        "/researchers/{researcher_id}",
        "/researchers/{researcher_id}/works",
        "/researchers/{researcher_id}/collaborators",
        "/researchers/{researcher_id}/graph",
        "/works/{work_id}",
        "/search",
    ):
        assert route in paths
