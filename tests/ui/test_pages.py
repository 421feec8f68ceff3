"""The UI's pages and assets over HTTP (no browser): status codes, error pages, assets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.backends import GraphBackend
from graphsvc.config import Settings


def most_productive(backend: GraphBackend) -> dict[str, object]:
    return backend.read("researcher/list_most_productive", {"limit": 1})[0]


def test_profile_page_renders_the_profile_the_api_returns(
    sample_client: TestClient, sample_backend: GraphBackend
) -> None:
    rid = str(most_productive(sample_backend)["id"])
    profile = sample_client.get(f"/researchers/{rid}").json()
    page = sample_client.get(f"/ui/researchers/{rid}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f'data-researcher-id="{rid}"' in page.text
    assert f"<strong>{profile['works_count']}</strong> works" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "connect-src 'self'" in page.headers["content-security-policy"]


def test_profile_page_accepts_the_researchers_openalex_url(
    sample_client: TestClient, sample_backend: GraphBackend
) -> None:
    rid = str(most_productive(sample_backend)["id"])
    page = sample_client.get(f"/ui/researchers/https://openalex.org/{rid}")
    assert page.status_code == 200
    assert f'data-researcher-id="{rid}"' in page.text


@pytest.mark.parametrize("rid", ["A1", "not-an-id"])
def test_unknown_researcher_gets_a_designed_404_page(sample_client: TestClient, rid: str) -> None:
    page = sample_client.get(f"/ui/researchers/{rid}")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Researcher not found" in page.text
    assert 'href="/"' in page.text


def test_unknown_work_gets_a_designed_404_page(sample_client: TestClient) -> None:
    page = sample_client.get("/ui/works/W1")
    assert page.status_code == 404
    assert "Work not found" in page.text


def test_work_page_links_every_author_to_their_profile(
    sample_client: TestClient, sample_backend: GraphBackend
) -> None:
    rid = str(most_productive(sample_backend)["id"])
    wid = sample_client.get(f"/researchers/{rid}/works", params={"limit": 1}).json()["data"][0][
        "id"
    ]
    work = sample_client.get(f"/works/{wid}").json()
    page = sample_client.get(f"/ui/works/{wid}")
    assert page.status_code == 200
    for author in work["authors"]:
        assert f'href="/ui/researchers/{author["id"]}"' in page.text


def test_search_page_is_the_front_page(sample_client: TestClient) -> None:
    page = sample_client.get("/")
    assert page.status_code == 200
    assert 'role="combobox"' in page.text
    assert 'aria-controls="q-list"' in page.text


def test_vis_network_is_served_from_the_installed_pyvis_with_its_licence(
    sample_client: TestClient,
) -> None:
    script = sample_client.get("/static/vendor/vis-network.min.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "@license" in script.text[:2000]
    assert sample_client.get("/static/vendor/vis-network.css").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/vis-network.js",
        "/static/vendor/..%2F..%2F__init__.py",
        "/static/ui/..%2F__init__.py",
        "/static/ui/nope.js",
    ],
)
def test_only_known_asset_files_are_served(sample_client: TestClient, path: str) -> None:
    assert sample_client.get(path).status_code == 404


def test_every_asset_a_page_names_is_served(sample_client: TestClient) -> None:
    import re

    page = sample_client.get("/").text
    for src in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert sample_client.get(src).status_code == 200, src


@pytest.fixture
def stopped_engine_client(settings: Settings, backend: GraphBackend) -> Iterator[TestClient]:
    with TestClient(create_app(settings, backend)) as client:
        backend.close()
        yield client


def test_profile_page_says_the_engine_is_down_when_it_is(
    stopped_engine_client: TestClient,
) -> None:
    page = stopped_engine_client.get("/ui/researchers/A5007671479")
    assert page.status_code == 503
    assert "not available right now" in page.text
    assert page.headers["retry-after"] == "5"


def test_trust_snapshot_shows_score_band_level_and_claim_when_the_profile_has_them(
    sample_client: TestClient, sample_backend: GraphBackend
) -> None:
    """The people features add these fields to the profile; the page shows them as given."""
    from graphsvc.api.routes.ui import templates

    rid = str(most_productive(sample_backend)["id"])
    profile = sample_client.get(f"/researchers/{rid}").json()
    template = templates.get_template("profile.html")
    people_fields = ("trust_score", "trust_band", "verification_level")
    bare = {k: v for k, v in profile.items() if k not in people_fields}
    without = template.render(
        profile={**bare, "claimed": False, "open_to_collaborate": False},
        page_size=10,
        version="test",
    )
    assert "Not yet scored" in without and "Unclaimed author" in without
    people = {"trust_score": 21, "trust_band": "Emerging", "verification_level": "L1"}
    html = template.render(
        profile={**bare, **people, "claimed": True, "open_to_collaborate": True},
        page_size=10,
        version="test",
    )
    assert "Open to collaborate" in html and "Open to collaborate" not in without
    assert "<strong>21</strong> - Emerging" in html
    assert ">L1</span>" in html
    assert ">Claimed</span>" in html
    assert "Not yet scored" not in html
