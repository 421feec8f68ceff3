"""What every loader shares: walking paths and reading JSON documents robustly.

Malformed input never stops a load: a line or file that cannot be decoded becomes a
:class:`Rejected` item with its origin (``file:line``) and the reason.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graphsvc.records import MergedId, Rejected, WorkRecord

LoaderItem = WorkRecord | MergedId | Rejected


def iter_paths(paths: Iterable[Path], suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files as given, and the matching files under directories, each directory sorted."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix in suffixes:
                    yield child
        else:
            yield path


def _open_bytes(path: Path) -> bytes:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        return gzip.decompress(raw)
    return raw


def is_json_lines(path: Path, data: bytes) -> bool:
    """JSON lines: .jsonl(.gz), OpenAlex snapshot parts (part_*.gz), or several top-level lines."""
    name = path.name
    if ".jsonl" in name or name.startswith("part_"):
        return True
    if name.endswith(".json") or name.endswith(".json.gz"):
        return False
    first = data.lstrip()[:1]
    return first == b"{" and data.strip().count(b"\n") > 0


def iter_json_documents(path: Path) -> Iterator[tuple[str, Any] | Rejected]:
    """(origin, parsed JSON) per document in a .json / .jsonl / gzipped file, or Rejected."""
    try:
        data = _open_bytes(path)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield Rejected(f"{path}:0", f"cannot read the file: {exc}")
        return
    if is_json_lines(path, data):
        for number, line in enumerate(data.split(b"\n"), start=1):
            if not line.strip():
                continue
            parsed = _parse(line, f"{path}:{number}")
            yield parsed
        return
    yield _parse(data, f"{path}:1")


def _parse(raw: bytes, origin: str) -> tuple[str, Any] | Rejected:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected(
            origin,
            f"not UTF-8 text ({exc.reason} at byte {exc.start}); re-encode the file as UTF-8",
        )
    try:
        return origin, json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejected(origin, f"invalid JSON: {exc.msg} at column {exc.colno}")
