"""Parameters built by graphsvc's fast header reach FalkorDB as exactly the values sent."""

from __future__ import annotations

import pytest

from graphsvc.backends import GraphBackend
from graphsvc.backends.falkordb import FalkorDBBackend
from graphsvc.backends.falkordb_params import literal
from graphsvc.errors import InvalidInput

AWKWARD_STRINGS = [
    "",
    "plain",
    'a "quoted" word',
    "back\\slash and \\u0041 written out",
    "new\nline, tab\t, return\r, form\x0cfeed, backspace\x08",
    "\x01 \x1f \x7f control characters",
    "line\u2028and paragraph\u2029separators (real OpenAlex titles hold them)",
    "é ü ß 漢字 🙂 Ω",
    "`backticks` and 'single quotes' and {braces} [brackets]",
    "CYPHER x=1 MATCH (n) DETACH DELETE n //",
]


def echo(backend: GraphBackend, value: object) -> object:
    assert isinstance(backend, FalkorDBBackend)
    result = backend._call(backend.graph.ro_query, "RETURN $value AS value", {"value": value})
    return result.result_set[0][0]


@pytest.mark.parametrize("text", AWKWARD_STRINGS)
def test_awkward_strings_arrive_unchanged(sample_backend: GraphBackend, text: str) -> None:
    assert echo(sample_backend, text) == text
    assert echo(sample_backend, [text, [text]]) == [text, [text]]


def test_numbers_booleans_nulls_and_nested_lists_arrive_unchanged(
    sample_backend: GraphBackend,
) -> None:
    values = [0, -7, 2**62, 1.5, -2.25e-9, 1e300, True, False, None]
    assert echo(sample_backend, values) == values
    rows = [["A1", "W1", None, False, ["openalex", "crossref"]], ["A2", "W2", "first", True, []]]
    assert echo(sample_backend, rows) == rows


def test_maps_with_any_key_arrive_unchanged(sample_backend: GraphBackend) -> None:
    value = {"id": "x", "odd key": 1, "@type": "work", "nested": [{"a-b": [1, {"c": None}]}]}
    assert echo(sample_backend, value) == value


def test_a_key_with_a_backtick_or_a_nul_character_is_refused_with_a_message() -> None:
    with pytest.raises(InvalidInput, match="backtick"):
        literal({"a`b": 1})
    with pytest.raises(InvalidInput, match="NUL"):
        literal(["fine", "not\x00fine"])


def test_lists_of_scalars_are_one_compact_literal() -> None:
    assert literal([["A1", "A2", 3], ["A3", "A4", -1]]) == '[["A1","A2",3],["A3","A4",-1]]'
    assert literal({"id": "x", "n": [1, 2]}) == '{`id`:"x",`n`:[1,2]}'
