"""Candidate duplicates: name-only matches on the real records of every source, found at
ingest time through an indexed name key, recorded once, listed for curators, dismissable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graphsvc.backends import GraphBackend
from graphsvc.services.identity import identity_conflict, name_key
from tests.curation.conftest import Desk, build_desk
from tests.support.formats import BIBTEX, CROSSREF, OPENALEX, S2, nodes

EVERY_SOURCE = [
    ("openalex", [OPENALEX]),
    ("bibtex", [BIBTEX]),
    ("semantic-scholar", [S2]),
    ("crossref", [CROSSREF]),
]


@pytest.fixture(scope="module")
def every_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """OpenAlex, DBLP, Semantic Scholar and Crossref records in one graph (read only)."""
    yield from build_desk(tmp_path_factory.mktemp("sources") / "data", EVERY_SOURCE)


def pairs_by_key(desk: Desk) -> dict[str, set[frozenset[str]]]:
    out: dict[str, set[frozenset[str]]] = {}
    for c in desk.pending():
        out.setdefault(c["name_key"], set()).add(frozenset(r["id"] for r in c["researchers"]))
    return out


# Real people whom two sources (or one source twice) name without a shared identifier.
REAL_PAIRS = {
    "raffaello cervigni": {"A5007671479", "A5113139420"},  # two OpenAlex ids, one with ORCID
    "kai zhang": {"A5050384742", "dblp:Kai Zhang"},  # OpenAlex (ORCID) and DBLP
    "sohail bahmani": {"orcid:0000-0002-8316-8313", "dblp:Sohail Bahmani"},  # Crossref, DBLP
    "yann lecun": {"dblp:Yann LeCun", "s2:1688882"},  # DBLP and Semantic Scholar
    "istvan szita": {"dblp:Istvan Szita", "dblp:István Szita"},  # two DBLP spellings
    "ji rong wen": {"dblp:Ji-Rong Wen", "s2:153693432"},  # "Ji-rong Wen" in S2
}


@pytest.mark.parametrize("key", sorted(REAL_PAIRS))
def test_real_name_only_matches_across_sources_are_listed_with_both_records(
    every_source: Desk, key: str
) -> None:
    (candidate,) = [
        c for c in every_source.pending() if {r["id"] for r in c["researchers"]} == REAL_PAIRS[key]
    ]
    assert candidate["name_key"] == key and candidate["status"] == "pending"
    assert candidate["rule"] == "same_normalised_name" and key in candidate["reason"]
    stored = {n["id"]: n for n in nodes(every_source.backend, "Researcher")}
    for side in candidate["researchers"]:
        node = stored[side["id"]]
        assert side["in_graph"] and side["works_count"] >= 1
        assert (
            side["name"],
            side["orcid"],
            side["openalex_id"],
            side["s2_id"],
            side["dblp_name"],
        ) == (
            node.get("name"),
            node.get("orcid"),
            node.get("openalex_id"),
            node.get("s2_id"),
            node.get("dblp_name"),
        )


def test_identifiers_that_tell_people_apart_make_no_candidate(every_source: Desk) -> None:
    found = pairs_by_key(every_source)
    ids = {n["id"] for n in nodes(every_source.backend, "Researcher")}
    # DBLP's homonym suffix: "Tong Zhang 0001" is not the unnumbered "Tong Zhang"
    assert {"dblp:Tong Zhang", "dblp:Tong Zhang 0001"} <= ids
    assert "tong zhang" not in found
    # three OpenAlex "Wei Zhang" with three ORCIDs, three numbered DBLP "Wei Zhang": only
    # pairs across the two groups can be the same person
    wei = {
        n["id"]: n
        for n in nodes(every_source.backend, "Researcher")
        if n.get("name_key") == "wei zhang"
    }
    orcids = {rid for rid, n in wei.items() if n.get("orcid")}
    dblp = {rid for rid, n in wei.items() if n.get("dblp_name")}
    assert len(orcids) == 3 and len(dblp) == 3
    assert found["wei zhang"] == {frozenset({o, d}) for o in orcids for d in dblp}
    # an initial and a family name is too weak to pair anyone ("J. McCarthy" twice in S2)
    mccarthy = [
        n for n in nodes(every_source.backend, "Researcher") if n.get("name") == "J. McCarthy"
    ]
    assert len(mccarthy) == 2 and all("name_key" not in n for n in mccarthy)


def test_every_pending_pair_shares_a_name_key_and_no_identifier_conflicts(
    every_source: Desk,
) -> None:
    stored = {n["id"]: n for n in nodes(every_source.backend, "Researcher")}
    pending = every_source.pending()
    assert len(pending) > 50
    for c in pending:
        a, b = (stored[r["id"]] for r in c["researchers"])
        assert name_key(a["name"]) == name_key(b["name"]) == c["name_key"], c
        assert identity_conflict(a, b) is None, c


def test_the_pending_list_pages_oldest_first_with_a_cursor(every_source: Desk) -> None:
    everything = every_source.pending()
    seen, cursor = [], None
    while True:
        page = every_source.call(
            "GET", "/curation/duplicates?limit=7" + (f"&cursor={cursor}" if cursor else "")
        ).json()
        assert len(page["data"]) <= 7
        seen += page["data"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [c["id"] for c in seen] == [c["id"] for c in everything]
    assert len({c["id"] for c in seen}) == len(seen)
    order = [(c["created_at"], c["id"]) for c in seen]
    assert order == sorted(order)
    bad = every_source.call("GET", "/curation/duplicates?status=maybe")
    assert bad.status_code == 422 and "pending" in bad.json()["detail"]
    damaged = every_source.call("GET", "/curation/duplicates?cursor=abc")
    assert damaged.status_code == 422


def test_reloading_every_source_records_no_new_candidate_and_changes_nothing(
    every_source: Desk,
) -> None:
    before = every_source.checksum()
    pending = every_source.pending()
    every_source.reload()
    assert every_source.checksum() == before
    assert every_source.pending() == pending


def test_candidates_do_not_depend_on_the_order_sources_arrive_in(tmp_path: Path) -> None:
    """Detection is incremental (each batch pairs what it names with what is stored), so
    the second source's batches find the first source's records, whichever comes first."""
    loads = [
        ("openalex", [OPENALEX]),
        ("bibtex", [BIBTEX / "jmlr.bib"]),
        ("semantic-scholar", [S2]),
    ]
    found = []
    for index, order in enumerate((loads, loads[::-1])):
        for desk in build_desk(tmp_path / f"data{index}", order):
            found.append({c["id"]: c["name_key"] for c in desk.pending()})
    assert found[0] == found[1]
    assert {"kai zhang", "yann lecun", "raffaello cervigni"} <= set(found[0].values())


def test_a_name_shared_by_too_many_records_makes_no_new_candidates(tmp_path: Path) -> None:
    """OpenAlex brings three "Wei Zhang" (three ORCIDs: no pairs); with a cap of three
    records per name, DBLP's "Wei Zhang" records make the group too big to pair."""
    for desk in build_desk(tmp_path / "data", EVERY_SOURCE[:2], duplicate_name_max=3):
        keys = {c["name_key"] for c in desk.pending()}
        assert "wei zhang" not in keys
        assert {"kai zhang", "raffaello cervigni"} <= keys


def test_a_dismissed_candidate_is_not_listed_again_even_after_reloading(desk: Desk) -> None:
    (cervigni,) = [c for c in desk.pending() if c["name_key"] == "raffaello cervigni"]
    path = f"/curation/duplicates/{cervigni['id']}/dismiss"
    assert desk.call("POST", path, body={"reason": " "}).status_code == 422
    assert desk.call("POST", path, "user", {"reason": "two people"}).status_code == 403
    res = desk.call("POST", path, body={"reason": "two people, different fields"})
    assert res.status_code == 200, res.text
    dismissed = res.json()
    assert (dismissed["status"], dismissed["decided_by"], dismissed["decision_reason"]) == (
        "dismissed",
        "curator",
        "two people, different fields",
    )
    assert cervigni["id"] not in {c["id"] for c in desk.pending()}
    again = desk.call("POST", path, body={"reason": "again"})
    assert again.status_code == 409 and "dismissed" in again.json()["detail"]
    unknown = desk.call("POST", "/curation/duplicates/dup-nothing/dismiss", body={"reason": "x"})
    assert unknown.status_code == 404

    before = desk.checksum()
    desk.reload()
    assert desk.checksum() == before
    assert cervigni["id"] not in {c["id"] for c in desk.pending()}
    listed = desk.call("GET", "/curation/duplicates?status=dismissed").json()["data"]
    assert [c["id"] for c in listed] == [cervigni["id"]]
    (entry,) = desk.call("GET", "/curation/actions?researcher=A5113139420").json()["data"]
    assert (entry["action"], entry["candidate"], entry["by"]) == (
        "dismiss",
        cervigni["id"],
        "curator",
    )


@pytest.mark.parametrize(
    "name",
    [
        "ingest/resolve_aliases",
        "ingest/get_name_groups",
        "ingest/get_work_state",
        "ingest/write_batch",
    ],
)
def test_the_queries_a_batch_runs_use_indexes_and_scan_no_label(
    backend: GraphBackend, name: str
) -> None:
    """No global scan per batch: every node a batch's queries find is found by an index
    (or by following an edge from one), so a batch costs what it names."""
    query = backend.catalog[name]
    plan = str(backend.graph.explain(query.text, query.example))  # type: ignore[attr-defined]
    assert "Node By Index Scan" in plan
    assert "Label Scan" not in plan and "All Node Scan" not in plan, plan
