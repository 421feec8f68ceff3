"""The rules that decide what a name-only match is, on names taken from the shared data."""

from __future__ import annotations

import pytest

from graphsvc.services.identity import (
    candidate_id,
    identity_conflict,
    name_key,
    name_only_pairs,
    record_forms,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("István Szita", "Istvan Szita"),  # accents (DBLP spells him both ways)
        ("Ji-Rong Wen", "Ji-rong Wen"),  # case and hyphens (DBLP vs Semantic Scholar)
        ("María D. Álvarez", "Maria D Alvarez"),  # accents and the initial's full stop
        ("Tong Zhang 0001", "Tong Zhang"),  # DBLP's homonym suffix is not part of the name
        ("KyungHyun Cho", "Kyunghyun Cho"),
    ],
)
def test_names_that_differ_only_in_case_accents_punctuation_are_the_same_name(
    a: str, b: str
) -> None:
    assert name_key(a) is not None and name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("J. McCarthy", "John McCarthy"),  # initials are never expanded
        ("Jose M. Peña", "Jose Peña"),  # a middle initial counts
        ("Jirong Wen", "Ji-Rong Wen"),  # the spacing inside a name counts
        ("Wei Zhang", "Zhang Wei"),  # so does word order
    ],
)
def test_names_that_differ_in_anything_else_are_different_names(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("weak", ["J. McCarthy", "P. Ferreira", "Anonymous", "", None, "A. B."])
def test_too_weak_a_name_has_no_key_and_makes_no_candidates(weak: str | None) -> None:
    assert name_key(weak) is None


def test_orcids_and_dblp_suffixes_tell_people_apart_other_ids_do_not() -> None:
    assert identity_conflict({"orcid": "0000-0002-2933-6275"}, {"orcid": "0000-0002-9697-0778"})
    assert identity_conflict({"dblp_name": "Wei Zhang 0014"}, {"dblp_name": "Wei Zhang 0016"})
    assert identity_conflict({"dblp_name": "Tong Zhang 0001"}, {"dblp_name": "Tong Zhang"})
    assert (
        identity_conflict({"dblp_name": "Peter Grünwald"}, {"dblp_name": "Peter Grunwald"}) is None
    )
    assert identity_conflict({"openalex_id": "A5007671479"}, {"openalex_id": "A5113139420"}) is None
    assert identity_conflict({"s2_id": "143805238"}, {"s2_id": "143805236"}) is None
    assert identity_conflict({"orcid": "0000-0002-6121-3179"}, {"dblp_name": "Kai Zhang"}) is None


def test_a_pair_has_one_id_whichever_side_comes_first() -> None:
    assert candidate_id("A5007671479", "A5113139420") == candidate_id("A5113139420", "A5007671479")
    assert candidate_id("A5007671479", "A5113139420") != candidate_id("A5007671479", "A1")


def test_pairs_are_made_with_each_stored_record_of_the_name_unless_they_conflict() -> None:
    touched = {"dblp:Wei Zhang 0014": {"name_key": "wei zhang", "dblp_name": "Wei Zhang 0014"}}
    stored = {
        "wei zhang": [
            {"id": "A5100609014", "orcid": "0000-0002-2933-6275"},
            {"id": "dblp:Wei Zhang 0016", "dblp_name": "Wei Zhang 0016"},
        ]
    }
    rows = name_only_pairs(touched, stored, 20)
    assert [(r["a"], r["b"]) for r in rows] == [("A5100609014", "dblp:Wei Zhang 0014")]
    assert name_only_pairs(touched, stored, 2) == []  # three records: over a cap of two


def test_a_record_stands_for_its_id_identifiers_and_what_was_merged_into_it() -> None:
    props = {
        "id": "A5050384742",
        "openalex_id": "A5050384742",
        "orcid": "0000-0002-6121-3179",
        "merged_identifiers": ["dblp:Kai Zhang"],
    }
    assert record_forms(props) == ["A5050384742", "orcid:0000-0002-6121-3179", "dblp:Kai Zhang"]
