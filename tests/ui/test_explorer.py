"""The explorer in a real browser (Debian's chromium) against the bundled real sample.

What the page should show is computed from the JSON API's answers in each test, and the
researcher is picked by what the sample holds (a coauthor whose slice adds nodes), so no
id or number is typed in by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser

from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from tests.conftest import load_paths
from tests.support.raw import read_works
from tests.ui.conftest import OUTPUT, Session, browser_session, live_server

pytestmark = pytest.mark.browser

COUNTS = ("works_count", "followers_count", "topics_count", "close_collaborators_count")


@dataclass
class Subject:
    id: str
    profile: dict[str, Any]
    slice: dict[str, Any]
    coauthor: str
    coauthor_slice: dict[str, Any]


def node_ids(slice_: dict[str, Any]) -> set[str]:
    return {n["id"] for n in slice_["nodes"]}


def edge_ids(slice_: dict[str, Any]) -> set[str]:
    return {e["id"] for e in slice_["edges"]}


def graph_of(api: httpx.Client, rid: str) -> dict[str, Any]:
    response = api.get(f"/researchers/{quote(rid, safe='')}/graph")
    response.raise_for_status()
    return response.json()


@pytest.fixture(scope="module")
def subject(api: httpx.Client, sample_backend: GraphBackend) -> Subject:
    """A sample researcher with more than two works and a coauthor whose slice adds nodes."""
    for row in sample_backend.read("researcher/list_most_productive", {"limit": 100}):
        if row["works"] <= 2:
            continue
        slice_ = graph_of(api, row["id"])
        coauthors = [
            e["target"] if e["source"] == row["id"] else e["source"]
            for e in slice_["edges"]
            if e["kind"] == "coauthor"
        ]
        for coauthor in coauthors:
            other = graph_of(api, coauthor)
            if node_ids(other) - node_ids(slice_):
                profile = api.get(f"/researchers/{quote(row['id'], safe='')}").json()
                return Subject(row["id"], profile, slice_, coauthor, other)
    pytest.fail("the sample has no researcher with a coauthor whose slice adds nodes")


def open_profile(tab: Session, rid: str, query: str = "") -> None:
    tab.open(f"/ui/researchers/{quote(rid, safe='')}{query}")
    tab.wait_graph_idle()


def graph_counts(tab: Session) -> dict[str, Any]:
    return tab.eval(
        """() => {
          const x = window.graphsvcExplorer;
          return {nodes: x.nodes.getIds(), edges: x.edges.getIds(),
                  drawn: Object.keys(x.network.getPositions()).length,
                  attr: Number(document.getElementById('graph').dataset.nodeCount)};
        }"""
    )


def click_node(tab: Session, node_id: str) -> None:
    """Zoom onto a node, check it is the one under the pointer, and click it with the mouse."""
    tab.page.locator("#graph").scroll_into_view_if_needed()
    point = tab.eval(
        """id => {
          const net = window.graphsvcExplorer.network;
          net.focus(id, {scale: 1.8, animation: false});
          const dom = net.canvasToDOM(net.getPositions([id])[id]);
          return {x: dom.x, y: dom.y, hit: net.getNodeAt(dom)};
        }""",
        node_id,
    )
    assert point["hit"] == node_id, "another node covers the one to click"
    box = tab.page.locator("#graph canvas").bounding_box()
    assert box is not None
    graph_path = f"/researchers/{quote(node_id, safe='')}/graph"
    with tab.page.expect_response(lambda r: r.url.split("?")[0].endswith(graph_path)):
        tab.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    tab.wait_graph_idle()


def test_profile_shows_the_api_counts_with_no_console_errors_or_foreign_requests(
    tab: Session, subject: Subject
) -> None:
    open_profile(tab, subject.id)
    page = tab.page
    assert page.locator("h1#name").inner_text() == subject.profile["name"]
    for key in COUNTS:
        shown = page.locator(f"[data-count={key}] strong").inner_text()
        assert shown == str(subject.profile[key]), key
    page.wait_for_selector("#works-list li")
    expected_rows = min(10, subject.profile["works_count"])
    assert page.locator("#works-list li.work").count() == expected_rows
    # The profile's sections, in the order the issue gives.
    order = page.eval_on_selector_all(
        "main > section", "sections => sections.map(s => s.id || s.className)"
    )
    assert order[:6] == ["profile-header", "trust", "counts", "actions", "graph-section", "works"]
    assert page.locator("#follow-btn").is_disabled()
    assert "Sign in" in page.locator("#action-reason").inner_text()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "profile.png"), full_page=True)
    assert tab.errors == []
    assert tab.foreign_requests() == []
    assert any("/static/vendor/vis-network.min.js" in u for u in tab.requests)


def test_graph_canvas_holds_the_nodes_of_the_api_slice(tab: Session, subject: Subject) -> None:
    open_profile(tab, subject.id)
    counts = graph_counts(tab)
    assert set(counts["nodes"]) == node_ids(subject.slice)
    assert counts["drawn"] == counts["attr"] == len(subject.slice["nodes"])
    assert set(counts["edges"]) == edge_ids(subject.slice)
    assert tab.errors == []


def test_clicking_a_coauthor_merges_its_slice_and_a_second_click_adds_nothing(
    tab: Session, subject: Subject
) -> None:
    open_profile(tab, subject.id)
    expected_nodes = node_ids(subject.slice) | node_ids(subject.coauthor_slice)
    expected_edges = edge_ids(subject.slice) | edge_ids(subject.coauthor_slice)
    assert len(expected_nodes) > len(subject.slice["nodes"])

    click_node(tab, subject.coauthor)
    after = graph_counts(tab)
    assert after["drawn"] == len(after["nodes"]) == len(expected_nodes)
    assert set(after["nodes"]) == expected_nodes
    assert set(after["edges"]) == expected_edges
    link = tab.page.locator("#node-details a", has_text="Open their profile")
    assert link.get_attribute("href") == f"/ui/researchers/{quote(subject.coauthor, safe='')}"

    click_node(tab, subject.coauthor)
    again = graph_counts(tab)
    assert again["drawn"] == len(again["nodes"]) == len(expected_nodes)
    assert len(again["edges"]) == len(expected_edges)
    assert tab.errors == []
    assert tab.foreign_requests() == []


def test_works_pager_shows_the_next_page_the_api_gives(
    tab: Session, subject: Subject, api: httpx.Client
) -> None:
    size = 2
    path = f"/researchers/{quote(subject.id, safe='')}/works"
    first = api.get(path, params={"limit": size}).json()
    assert first["next_cursor"], "the subject has more works than one page"
    second = api.get(path, params={"limit": size, "cursor": first["next_cursor"]}).json()

    open_profile(tab, subject.id, f"?page_size={size}")
    page = tab.page
    page.wait_for_selector("main[data-works-page='1']")
    titles = page.locator("#works-list li.work h3")
    assert titles.all_inner_texts() == [w["title"] for w in first["data"]]
    page.get_by_role("button", name="Next page").click()
    page.wait_for_selector("main[data-works-page='2']")
    assert titles.all_inner_texts() == [w["title"] for w in second["data"]]
    assert page.locator("#works-list").get_attribute("start") == str(size + 1)
    page.get_by_role("button", name="Previous page").click()
    page.wait_for_selector("main[data-works-page='1']")
    assert titles.all_inner_texts() == [w["title"] for w in first["data"]]
    assert tab.errors == []


def test_search_then_keyboard_choice_of_a_suggestion_opens_the_profile(
    tab: Session, subject: Subject
) -> None:
    name = subject.profile["name"]
    tab.open("/")
    box = tab.page.get_by_role("combobox", name="Search researchers and works")
    box.press_sequentially(name, delay=15)
    answered = tab.page.locator("#q-list").and_(
        tab.page.locator(f"[data-query={json.dumps(name)}]")
    )
    answered.wait_for()
    option = tab.page.locator(f"#q-list [role=option][data-id='{subject.id}']")
    option.wait_for()
    option_id = option.get_attribute("id")
    for _ in range(tab.page.locator("#q-list [role=option]").count()):
        box.press("ArrowDown")
        if box.get_attribute("aria-activedescendant") == option_id:
            break
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")
    tab.page.wait_for_url(f"**/ui/researchers/{subject.id}")
    assert tab.page.locator("h1#name").inner_text() == name
    assert tab.errors == []
    assert tab.foreign_requests() == []


def test_graph_list_expands_a_coauthor_from_the_keyboard(tab: Session, subject: Subject) -> None:
    open_profile(tab, subject.id)
    page = tab.page
    page.locator("details.graph-list summary").focus()
    page.keyboard.press("Enter")
    name = next(n["label"] for n in subject.slice["nodes"] if n["id"] == subject.coauthor)
    expand = page.locator(f"#graph-list li[data-id='{subject.coauthor}'] button", has_text="Expand")
    expand.focus()
    with page.expect_response(lambda r: "/graph" in r.url and subject.coauthor in r.url):
        page.keyboard.press("Enter")
    tab.wait_graph_idle()
    expected = node_ids(subject.slice) | node_ids(subject.coauthor_slice)
    assert set(graph_counts(tab)["nodes"]) == expected
    assert expand.get_attribute("aria-label") == f"Expand {name}"
    assert tab.errors == []


def test_profile_tells_the_reader_when_the_engine_goes_down(
    browser: Browser, settings: Settings, backend: GraphBackend, tmp_path: Path
) -> None:
    part = tmp_path / "part.jsonl"
    part.write_text("".join(json.dumps(w) + "\n" for w in read_works()[:40]))
    load_paths(backend, settings, [part])
    rid = backend.read("researcher/list_most_productive", {"limit": 1})[0]["id"]
    with live_server(settings, backend) as url, browser_session(browser, url) as tab:
        open_profile(tab, rid)
        backend.close()  # the engine stops while the page is open
        with tab.page.expect_response(lambda r: "/collaborators" in r.url) as answer:
            tab.page.get_by_label("Show every coauthor").check()
        assert answer.value.status == 503
        status = tab.page.locator("#collab-status")
        status.filter(has_text="not answering").wait_for()
        assert "try again" in status.inner_text()


def test_capped_slice_says_how_many_more_and_shows_them_on_request(
    tab: Session, subject: Subject, api: httpx.Client
) -> None:
    path = f"/researchers/{quote(subject.id, safe='')}/graph"
    small = api.get(path, params={"limit": 2}).json()
    full = api.get(path, params={"limit": 200}).json()
    hidden = {kind: n for kind, n in small["more"].items() if n > 0}
    assert hidden, "the subject has more than two nodes of some kind"

    open_profile(tab, subject.id, "?graph_limit=2")
    assert set(graph_counts(tab)["nodes"]) == node_ids(small)
    note = tab.page.locator("#graph-more li").first.inner_text()
    for kind, n in hidden.items():
        assert f"{n} more {kind}" in note
    with tab.page.expect_response(lambda r: r.url.endswith(f"{path}?limit=200")):
        tab.page.get_by_role("button", name="Show up to 200 of each").click()
    tab.wait_graph_idle()
    assert set(graph_counts(tab)["nodes"]) == node_ids(small) | node_ids(full)
    assert tab.page.locator("#graph-more li").count() == 0
    assert tab.errors == []


def test_follow_and_claim_wait_for_a_token_then_send_it_as_a_bearer(
    tab: Session, subject: Subject
) -> None:
    open_profile(tab, subject.id)
    page = tab.page
    follow = page.get_by_role("button", name="Follow")
    claim = page.get_by_role("button", name="Claim this record")
    assert follow.is_disabled() and claim.is_disabled()
    assert "Sign in with an API token" in page.locator("#action-reason").inner_text()

    token = "test-token-not-issued"
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    assert follow.is_enabled() and claim.is_enabled()
    assert page.evaluate("() => sessionStorage.getItem('graphsvc.token')") == token
    with page.expect_request(lambda r: r.url.endswith("/follow")) as sent:
        follow.click()
    assert sent.value.method == "POST"
    assert sent.value.headers["authorization"] == f"Bearer {token}"
    with page.expect_request(lambda r: r.url.endswith("/claims")) as sent:
        claim.click()
    assert sent.value.method == "POST"
    assert sent.value.headers["authorization"] == f"Bearer {token}"
    page.wait_for_function("() => document.getElementById('action-status').textContent !== ''")

    page.get_by_role("button", name="Sign out").click()
    assert follow.is_disabled()
    assert page.evaluate("() => sessionStorage.getItem('graphsvc.token')") is None


def test_researcher_without_coauthors_gets_the_empty_states(
    tab: Session, api: httpx.Client, sample_backend: GraphBackend
) -> None:
    rows = sample_backend.read("researcher/list_most_productive", {"limit": 100})
    loner = next(
        (
            r["id"]
            for r in rows
            if not any(e["kind"] == "coauthor" for e in graph_of(api, r["id"])["edges"])
        ),
        None,
    )
    assert loner is not None, "the sample has a researcher without coauthors"
    open_profile(tab, loner)
    assert "No coauthors in this graph yet." in tab.page.locator("#graph-status").inner_text()
    tab.page.locator("#collab-status", has_text="No close collaborators").wait_for()
    tab.page.get_by_label("Show every coauthor").check()
    tab.page.locator("#collab-status", has_text="No coauthors in this graph yet.").wait_for()
    assert tab.errors == []
