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

import re
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
    try:
        encoded = orjson.dumps(value)
    except TypeError:  # an integer beyond 64 bits, a set, ...: value by value
        return _slow(value)
    if b"\\u00" in encoded:  # a control character: JSON's escape is not FalkorDB's
        return _slow(value)
    if b"{" not in encoded:
        return encoded.decode()
    # Maps: JSON quotes their keys, Cypher wants bare (or backticked) names. A quote right
    # after `{` or `,` opens a key, never a string's content (a quote inside a JSON string
    # is always escaped), so each key, when it is an identifier, is rewritten in place;
    # any other key sends the value down the slow path, which backticks it (or refuses it).
    keys = _map_keys(value, set())
    if not all(_IDENTIFIER.fullmatch(k) for k in keys):
        return _slow(value)
    for key in keys:
        quoted, bare = b'"' + key.encode() + b'":', b"`" + key.encode() + b"`:"
        encoded = encoded.replace(b"{" + quoted, b"{" + bare).replace(b"," + quoted, b"," + bare)
    return encoded.decode()


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _map_keys(value: Any, keys: set[str]) -> set[str]:
    """Every map key inside ``value`` (orjson encoded it, so its maps are dicts)."""
    if isinstance(value, dict):
        keys.update(value)
        children: Any = value.values()
    else:
        children = value
    for item in children:
        if isinstance(item, dict | list):
            _map_keys(item, keys)
    return keys


def _slow(value: Any) -> str:
    """Value by value: maps with backticked keys, the client's quoting for the rest."""
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{_name(k)}:{_slow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple) and _holds_maps(value):
        return "[" + ",".join(_slow(v) for v in value) + "]"
    quoted = str(stringify_param_value(value))
    if "\x00" in quoted:
        raise InvalidInput("text with a NUL character cannot be stored: remove it")
    return quoted


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
