"""Query parameters as FalkorDB's ``CYPHER name=value ...`` header, built fast.

FalkorDB takes parameters as Cypher literals in a text header before the query. The
falkordb client builds it value by value in Python, which costs more than the engine
takes to parse it for an ingest batch of thousands of rows. Here whole lists of scalars
(and lists of lists: the ingest's positional rows) go through orjson in one call, since
JSON's string, number, boolean, null and list syntax is also Cypher's; maps are written
with backticked keys, as Cypher wants. The two places where JSON and FalkorDB disagree
fall back to the client's own quoting: control characters (JSON's ``\\u00XX`` escapes,
which FalkorDB's lexer keeps as text) and integers beyond 64 bits. A NUL character cannot
reach FalkorDB at all (its parser stops there), so it is refused with a clear message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from falkordb.helpers import stringify_param_value

from graphsvc.errors import InvalidInput


def cypher_header(params: Mapping[str, Any] | None) -> str:
    """``CYPHER a=1 b="x" `` for these parameters ('' when there are none)."""
    if not params:
        return ""
    return "CYPHER " + " ".join(f"{_name(k)}={literal(v)}" for k, v in params.items()) + " "


def literal(value: Any) -> str:
    """One value as a Cypher literal FalkorDB reads back as the same value."""
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_name(k)}:{literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple) and _holds_maps(value):
        return "[" + ",".join(literal(v) for v in value) + "]"
    try:
        encoded = orjson.dumps(value)
    except TypeError:  # an integer beyond 64 bits, a set, ...: the client's own way
        return str(stringify_param_value(value))
    if b"\\u00" in encoded:  # a control character: JSON's escape is not FalkorDB's
        quoted = str(stringify_param_value(value))
        if "\x00" in quoted:
            raise InvalidInput("text with a NUL character cannot be stored: remove it")
        return quoted
    return encoded.decode()


def _holds_maps(values: list[Any] | tuple[Any, ...]) -> bool:
    for value in values:
        if isinstance(value, Mapping):
            return True
        if isinstance(value, list | tuple) and _holds_maps(value):
            return True
    return False


def _name(key: object) -> str:
    text = str(key)
    if not text or "`" in text:
        raise InvalidInput(
            f"parameter and map key names must be non-empty and free of backticks: {text!r}"
        )
    return f"`{text}`"
