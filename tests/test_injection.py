"""Hostile text to every endpoint that takes text: only a 4xx or a correct answer comes back,
never a 5xx, and the graph is as it was (user input reaches queries only as parameters).

Where text is stored on purpose (claim evidence, invitation messages, decision reasons),
it comes back exactly as sent: a value, never code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from graphsvc.services.checksum import graph_checksum
from tests.people.conftest import World, build_world

HOSTILE = [
    "'",
    '"',
    "\\",
    "`",
    "' OR 1=1 --",
    '" RETURN 1 //',
    "') MATCH (n) DETACH DELETE n //",
    "'}) DETACH DELETE n WITH 1 AS x MATCH (m",
    "*/ MATCH (n) DETACH DELETE n /*",
    "$q",
    "{id: 'A5007671479'}",
    "CALL db.labels()",
    "GRAPH.DELETE graphsvc",
    "CYPHER q='x' MATCH (n) RETURN n",
    "Ｃ Ｒ Ｅ Ａ Ｔ Ｅ",
    "\u202eevil\u202c",
    "\u2028\u2029",
    "zero\u200bwidth",
    "🧪 test",
    "\x00",
    "a\x00b",
    "\x01\x1b[31mred",
    "A" * 10_000,
    "../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e/%2e%2e/",
    "%00",
    "%27%20OR%201%3D1",
    "%252e%252e",
    "A5007671479' OR '1'='1",
    'https://openalex.org/A5007671479"',
    "0000-0002-2602-648X'",
    "10.1000/xyz'); DROP INDEX ON :Work(id) //",
]

IDS = ("HOSTILE", "A5007671479")  # a marker replaced by each hostile string


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from build_world(
        tmp_path_factory.mktemp("injection") / "data",
        claims_pending_max=10_000,
        invitations_per_day=10_000,
        rate_limit_search="",
        rate_limit_graph="",
        rate_limit_cypher="",
    )


def seg(text: str) -> str:
    """The text as one path segment (every byte escaped, '/' included)."""
    return quote(text, safe="")


# (method, path with {x} for the hostile text, who) for requests that must not write.
READS = [
    ("GET", "/researchers/{x}", None),
    ("GET", "/researchers/{x}/works", None),
    ("GET", "/researchers/A5007671479/works?cursor={x}", None),
    ("GET", "/researchers/{x}/collaborators", None),
    ("GET", "/researchers/{x}/graph", None),
    ("GET", "/researchers/{x}/trust", None),
    ("GET", "/researchers/{x}/follow", "user"),
    ("POST", "/researchers/{x}/follow", "user"),
    ("DELETE", "/researchers/{x}/follow", "user"),
    ("GET", "/works/{x}", None),
    ("GET", "/works/{x}/graph", None),
    ("GET", "/search?q={x}", None),
    ("GET", "/me/following?cursor={x}", "user"),
    ("GET", "/me/feed?mark_seen=false&cursor={x}", "user"),
    ("GET", "/me/claims?status={x}", "user"),
    ("GET", "/me/claims?cursor={x}", "user"),
    ("GET", "/me/invitations?status={x}", "user"),
    ("GET", "/claims?status={x}", "curator"),
    ("GET", "/claims?cursor={x}", "curator"),
    ("GET", "/claims/{x}", "curator"),
    ("POST", "/claims/{x}/approve", "curator"),
    ("POST", "/claims/{x}/withdraw", "claimant"),
    ("POST", "/invitations/{x}/accept", "owner"),
    ("GET", "/ui/researchers/{x}", None),
    ("GET", "/ui/works/{x}", None),
    ("GET", "/static/ui/{x}", None),
    ("GET", "/static/vendor/{x}", None),
]


def test_hostile_text_in_ids_queries_and_cursors_is_a_4xx_or_a_correct_answer(
    world: World,
) -> None:
    before = graph_checksum(world.backend)
    wrong = []
    for text in HOSTILE:
        for method, template, who in READS:
            path = template.replace("{x}", seg(text))
            body = {"reason": text} if template.startswith("/claims/{x}/") else None
            res = world.client.request(
                method, path, headers=world.as_(who), json=body, follow_redirects=False
            )
            if res.status_code >= 500 or not _correct(res, template, text):
                wrong.append((method, template, text[:40], res.status_code, res.text[:200]))
    assert wrong == []
    assert graph_checksum(world.backend) == before


def _correct(res, template: str, text: str) -> bool:  # type: ignore[no-untyped-def]
    """What a 2xx may say to hostile input: it was taken as plain text and matched nothing
    it should not have."""
    if 300 <= res.status_code < 400:  # e.g. a trailing-slash redirect: it stays on this site
        return res.headers["location"].startswith(("/", "http://testserver/"))
    if res.status_code >= 400:
        if template.startswith(("/ui/", "/static/")):
            return res.status_code < 500  # an error page or "not found"
        return res.status_code < 500 and "detail" in res.json()
    if template.startswith("/search"):
        return res.json()["query"] == text  # searched for the text as given, as text
    if "status=" in template or "cursor=" in template:
        data = res.json()["data"]
        return data == [] or "cursor=" in template
    return False  # an id that is not an id must never find something


def test_hostile_headers_are_refused_or_ignored(world: World) -> None:
    before = graph_checksum(world.backend)
    for text in HOSTILE:
        raw = text.encode()  # headers are bytes on the wire
        if any(c in raw for c in b"\x00\r\n"):
            continue  # the HTTP client itself refuses these in a header
        res = world.client.get("/me", headers={"Authorization": b"Bearer " + raw})
        assert res.status_code == 401, (text, res.text)
        res = world.client.get("/healthz", headers={"X-Request-ID": raw})
        assert res.status_code == 200
        assert re.fullmatch(r"[A-Za-z0-9._:-]{1,128}", res.headers["X-Request-ID"])
    assert graph_checksum(world.backend) == before


def test_hostile_text_stored_on_purpose_comes_back_exactly(world: World) -> None:
    for text in HOSTILE:
        if "\x00" in text:
            continue  # NUL is refused below
        rid = world.fresh_researcher()
        res = world.call("POST", f"/researchers/{rid}/claims", "claimant", {"note": text[:2000]})
        if not text.strip():  # only (unicode) white space: no evidence at all
            assert res.status_code == 422 and "evidence" in res.json()["detail"]
            continue
        assert res.status_code == 201, (text, res.text)
        claim = res.json()
        assert claim["evidence"]["note"] == text[:2000]
        assert (
            world.call("GET", f"/claims/{claim['id']}", "curator").json()["evidence"]["note"]
            == text[:2000]
        )
        decided = world.call(
            "POST", f"/claims/{claim['id']}/reject", "curator", {"reason": text[:2000]}
        )
        assert decided.status_code == 200 and decided.json()["decision_reason"] == text[:2000]
    rid = world.owned_record()
    for text in [t for t in HOSTILE if t.strip() and "\x00" not in t][:10]:
        res = world.call("POST", f"/researchers/{rid}/invitations", "sender", {"message": text})
        if res.status_code == 409:  # one pending invitation per sender and record
            world.call("POST", f"/invitations/{_pending(world)}/decline", "owner")
            res = world.call("POST", f"/researchers/{rid}/invitations", "sender", {"message": text})
        assert res.status_code == 201, (text, res.text)
        assert res.json()["message"] == text


def _pending(world: World) -> str:
    box = world.call("GET", "/me/invitations?status=pending", "owner").json()["data"]
    return str(box[0]["id"])


def test_nul_in_stored_text_is_refused_with_a_4xx(world: World) -> None:
    before = graph_checksum(world.backend)
    rid = world.fresh_researcher()
    res = world.call("POST", f"/researchers/{rid}/claims", "claimant", {"note": "a\x00b"})
    assert 400 <= res.status_code < 500, res.text
    assert graph_checksum(world.backend) == before
