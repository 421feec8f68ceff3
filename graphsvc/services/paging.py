"""Opaque cursors for keyset paging (``next_cursor``), as OpenAlex and pyalex do."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from graphsvc.errors import InvalidInput


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    """Decode a cursor this service issued; anything else is a 422 saying what to do."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != arity:
        raise InvalidInput(
            "the cursor is not one this service issued: pass the next_cursor value of the "
            "previous page unchanged, or omit it to start at the first page"
        )
    return values
