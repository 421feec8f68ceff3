"""Newer versions of a work: title fixed, an author added, an author removed.

The versions are real records: the "older" one is the real OpenAlex record with one real
authorship missing and its title cut short (as an early, wrong version would be); the
"newer" one is the real record itself; a later one drops that authorship again. After
each version arrives, through ``graphsvc load`` or ``POST /works``, every COAUTHOR edge
of the graph must equal the shared works counted straight from the current raw records,
and a pair whose count reaches 0 must have no edge at all.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.backends import GraphBackend, open_backend
from graphsvc.config import Settings
from graphsvc.services.auth import AuthService
from graphsvc.services.checkpoint import default_checkpoint_path
from graphsvc.services.researchers import ResearcherService
from tests.conftest import make_settings
from tests.support.formats import edges, load_format
from tests.support.raw import SAMPLE, raw_counts, read_works, short
from tests.test_cross_source_identity import (
    _openalex_work_with_orcids,
    crossref_item_from_openalex,
)


def author_ids(work: dict[str, Any]) -> list[str]:
    return [short(a["author"]["id"]) for a in work["authorships"] if a["author"].get("id")]


@dataclass
class Versions:
    """A real work, the author whose authorship comes and goes, and that author's coauthors
    on it: one who shares only this work with them, one who shares others too."""

    real: dict[str, Any]
    author: str
    only_here: str
    also_elsewhere: str

    def without_author(self, title: str | None = None) -> dict[str, Any]:
        version = copy.deepcopy(self.real)
        version["authorships"] = [
            a for a in version["authorships"] if short(a["author"].get("id")) != self.author
        ]
        if title is not None:
            version["title"] = version["display_name"] = title
        return version

    def draft(self) -> dict[str, Any]:
        """The early version: the author missing, the title cut short."""
        return self.without_author(title=self.real["title"][:-1])


def pick_versions() -> Versions:
    works = read_works()
    raw = raw_counts(works)
    for work in works:
        ids = author_ids(work)
        if not 3 <= len(set(ids)) <= 10:
            continue
        for author in ids:
            shared = raw.coauthors(author)
            only = [c for c in ids if c != author and shared.get(c) == 1]
            more = [c for c in ids if c != author and shared.get(c, 0) >= 2]
            if only and more:
                return Versions(work, author, only[0], more[0])
    raise AssertionError("the sample has a work with such an author")


def replaced(works: list[dict[str, Any]], version: dict[str, Any]) -> list[dict[str, Any]]:
    return [version if w["id"] == version["id"] else w for w in works]


def coauthor_edges(backend: GraphBackend) -> dict[frozenset[str], int]:
    return {
        frozenset((e["source"], e["target"])): e["props"]["works"]
        for e in edges(backend, "COAUTHOR")
    }


def assert_graph_matches(
    backend: GraphBackend, settings: Settings, works: list[dict[str, Any]], v: Versions
) -> dict[frozenset[str], int]:
    """Every COAUTHOR edge equals the raw count (none left at 0), and the touched
    researchers' works counts too."""
    raw = raw_counts(works)
    expected = {frozenset(pair): len(shared) for pair, shared in raw.shared.items()}
    found = coauthor_edges(backend)
    assert found == expected
    assert all(weight > 0 for weight in found.values())
    service = ResearcherService(backend, settings)
    for author in author_ids(v.real):
        assert service.profile(author)["works_count"] == len(raw.works.get(author, ()))
        listed = service.collaborators(author, 1, 500)["data"]
        assert {c["id"]: c["shared_works"] for c in listed} == raw.coauthors(author)
    return found


Deliver = Callable[[list[dict[str, Any]]], list[str]]  # works -> one status per work


@dataclass
class Channel:
    backend: GraphBackend
    settings: Settings
    deliver: Deliver


def cli_channel(backend: GraphBackend, settings: Settings, tmp_path: Path) -> Channel:
    """``graphsvc load openalex FILE`` in a process of its own, joining the test's engine;
    the statuses come from the run record its checkpoint keeps."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    env.update(GRAPHSVC_DATA_DIR=str(settings.data_dir), GRAPHSVC_DATABASE_URL="")
    count = iter(range(1000))

    def deliver(works: list[dict[str, Any]]) -> list[str]:
        path = tmp_path / f"version-{next(count)}.jsonl"
        path.write_text("\n".join(json.dumps(w) for w in works) + "\n")
        done = subprocess.run(
            [sys.executable, "-m", "graphsvc", "load", "openalex", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        run = json.loads(default_checkpoint_path(settings, "openalex", [path]).read_text())
        stats = run["runs"][-1]
        return sorted(
            status for status in ("created", "updated", "unchanged") for _ in range(stats[status])
        )

    return Channel(backend, settings, deliver)


@pytest.fixture(params=["cli", "http"])
def channel(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Channel]:
    settings = make_settings(tmp_path / "data")
    backend = open_backend(settings)
    try:
        if request.param == "cli":
            yield cli_channel(backend, settings, tmp_path)
            return
        _, token = AuthService(backend).create_user("harvester", ["loader"])
        with TestClient(create_app(settings, backend)) as client:

            def deliver(works: list[dict[str, Any]]) -> list[str]:
                body = "\n".join(json.dumps(w) for w in works).encode()
                res = client.post(
                    "/works?format=openalex",
                    content=body,
                    headers={"Authorization": f"Bearer {token}"},
                )
                assert res.status_code == 200, res.text
                return sorted(r["status"] for r in res.json()["records"])

            yield Channel(backend, settings, deliver)
    finally:
        backend.close()


def test_a_newer_version_adds_the_author_fixes_the_title_and_a_later_one_removes_the_author(
    channel: Channel,
) -> None:
    backend, settings = channel.backend, channel.settings
    v = pick_versions()
    works = read_works()
    pair_here = frozenset((v.author, v.only_here))
    pair_elsewhere = frozenset((v.author, v.also_elsewhere))

    # The early version is what the graph first learns.
    drafted = replaced(works, v.draft())
    assert channel.deliver(drafted) == ["created"] * len(works)
    before = assert_graph_matches(backend, settings, drafted, v)
    assert pair_here not in before  # they share no other work

    # The newer version: the author added, the title fixed.
    assert channel.deliver([v.real]) == ["updated"]
    added = assert_graph_matches(backend, settings, works, v)
    assert added[pair_here] == 1
    assert added[pair_elsewhere] == before[pair_elsewhere] + 1
    (row,) = backend.read("work/get_work", {"id": short(v.real["id"])})
    assert row["work"]["title"] == v.real["title"] != v.draft()["title"]
    assert v.author in {a["id"] for a in row["authors"]}

    # A later version drops the author again: their contribution goes, and the edge that
    # only this work made goes with it (not an edge of weight 0).
    removed = v.without_author()
    assert channel.deliver([removed]) == ["updated"]
    after = assert_graph_matches(backend, settings, replaced(works, removed), v)
    assert pair_here not in after
    assert after[pair_elsewhere] == added[pair_elsewhere] - 1
    assert not [
        e
        for e in edges(backend, "AUTHORED")
        if (e["source"], e["target"]) == (v.author, short(v.real["id"]))
    ]
    assert channel.deliver([removed]) == ["unchanged"]


def test_a_source_that_drops_an_author_keeps_the_authorship_another_source_asserts(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    work = _openalex_work_with_orcids()
    dropped = next(a for a in work["authorships"] if a["author"].get("orcid"))
    person = short(dropped["author"]["id"])
    item = crossref_item_from_openalex(work)
    works = read_works(SAMPLE)

    def write(name: str, doc: object) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(doc))
        return path

    load_format(backend, settings, "openalex", [SAMPLE])
    load_format(backend, settings, "crossref", [write("v1.json", item)])
    expected = {frozenset(p): len(s) for p, s in raw_counts(works).shared.items()}
    assert coauthor_edges(backend) == expected

    newer_item = dict(
        item, author=[a for a in item["author"] if a.get("ORCID") != dropped["author"]["orcid"]]
    )
    summary = load_format(backend, settings, "crossref", [write("v2.json", newer_item)])
    assert summary.updated == 1
    authored = {
        e["source"]: e["props"]
        for e in edges(backend, "AUTHORED")
        if e["target"] == short(work["id"])
    }
    assert authored[person]["sources"] == ["openalex"]  # OpenAlex still says so: it stays
    assert authored[person]["position"] == dropped["author_position"]  # as OpenAlex has it
    assert coauthor_edges(backend) == expected

    newer_work = copy.deepcopy(work)
    newer_work["authorships"] = [a for a in work["authorships"] if a is not dropped]
    newer_work["authorships"] = [
        a for a in newer_work["authorships"] if short(a["author"].get("id")) != person
    ]
    summary = load_format(backend, settings, "openalex", [write("w2.json", newer_work)])
    assert summary.updated == 1
    remaining = {
        e["source"] for e in edges(backend, "AUTHORED") if e["target"] == short(work["id"])
    }
    assert person not in remaining  # no source asserts it any more
    now = replaced(works, newer_work)
    assert coauthor_edges(backend) == {
        frozenset(p): len(s) for p, s in raw_counts(now).shared.items()
    }


def test_a_newer_version_that_only_reorders_the_byline_or_rescores_a_topic_is_written(
    backend: GraphBackend, settings: Settings, tmp_path: Path
) -> None:
    load_format(backend, settings, "openalex", [SAMPLE])
    work = next(w for w in read_works() if len(set(author_ids(w))) >= 3 and w["topics"])
    newer = copy.deepcopy(work)
    byline = [a for a in newer["authorships"] if a["author"].get("id")]
    first, last = byline[0], byline[-1]
    first["author_position"], last["author_position"] = "last", "first"
    first["is_corresponding"] = not first.get("is_corresponding")
    newer["topics"][0]["score"] = round(newer["topics"][0]["score"] / 2, 4)
    path = tmp_path / "reordered.json"
    path.write_text(json.dumps(newer))
    assert load_format(backend, settings, "openalex", [path]).updated == 1
    wid = short(work["id"])
    authored = {e["source"]: e["props"] for e in edges(backend, "AUTHORED") if e["target"] == wid}
    assert authored[short(first["author"]["id"])]["position"] == "last"
    assert authored[short(first["author"]["id"])]["corresponding"] == first["is_corresponding"]
    assert authored[short(last["author"]["id"])]["position"] == "first"
    scores = {
        e["target"]: e["props"]["score"] for e in edges(backend, "HAS_TOPIC") if e["source"] == wid
    }
    assert scores[short(newer["topics"][0]["id"])] == pytest.approx(newer["topics"][0]["score"])
    assert load_format(backend, settings, "openalex", [path]).unchanged == 1  # and only once
