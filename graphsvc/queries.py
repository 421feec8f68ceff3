"""The Cypher catalog: every query graphsvc runs is a file under ``cypher/``.

A query is named by its path without the extension (``researcher/get_profile``). Where the
engines' dialects differ, ``<name>.neo4j.cypher`` or ``<name>.falkordb.cypher`` sits beside
(or instead of) the portable ``<name>.cypher`` and the catalog picks the engine's variant.
Files start with ``//`` header lines naming the query and its parameters; the text is sent
as-is, with values only ever passed as ``$parameters``.

This module is the one place where query text becomes ``LiteralString``: it comes from files
shipped with the package, never from user input.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import LiteralString, cast

from graphsvc.errors import ConfigurationError

ENGINES = ("falkordb", "neo4j")
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True, slots=True)
class Query:
    """One named query for one engine."""

    name: str
    text: LiteralString
    path: Path
    engine: str

    @property
    def header(self) -> list[str]:
        """The leading ``//`` comment lines, without the slashes."""
        lines = []
        for line in self.text.splitlines():
            if not line.startswith("//"):
                break
            lines.append(line[2:].strip())
        return lines

    @property
    def example(self) -> dict[str, object] | None:
        """Parameters from the ``// Example: {...}`` header line (the tests run each query)."""
        for line in self.header:
            if line.startswith("Example:"):
                value = json.loads(line.removeprefix("Example:"))
                return value if isinstance(value, dict) else None
        return None

    @property
    def writes(self) -> bool:
        """True when the header says ``// Mode: write`` (or the query is schema DDL)."""
        return "Mode: write" in self.header or self.name.startswith("schema/")

    @property
    def parameters(self) -> frozenset[str]:
        """The ``$names`` the text uses (header comments excluded)."""
        body = "\n".join(
            line for line in self.text.splitlines() if not line.lstrip().startswith("//")
        )
        return frozenset(_PARAM.findall(body))


def cypher_root() -> Path:
    """Where the .cypher files are: inside the installed package, or the checkout's cypher/."""
    packaged = resources.files("graphsvc") / "cypher"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "cypher"


def query_files(root: Path | None = None) -> list[Path]:
    """Every .cypher file of the catalog, sorted (the linter gate and tests walk these)."""
    return sorted((root or cypher_root()).rglob("*.cypher"))


def _split_name(path: Path, root: Path) -> tuple[str, str | None]:
    rel = path.relative_to(root).as_posix().removesuffix(".cypher")
    for engine in ENGINES:
        if rel.endswith("." + engine):
            return rel.removesuffix("." + engine), engine
    return rel, None


class Catalog:
    """Named queries for one engine, loaded once from disk."""

    def __init__(self, engine: str, root: Path | None = None) -> None:
        if engine not in ENGINES:
            raise ConfigurationError(f"unknown engine {engine!r}; expected one of {ENGINES}")
        self.engine = engine
        self.root = root or cypher_root()
        portable: dict[str, Path] = {}
        specific: dict[str, Path] = {}
        for path in query_files(self.root):
            name, variant = _split_name(path, self.root)
            if variant is None:
                portable[name] = path
            elif variant == engine:
                specific[name] = path
        self._paths = {**portable, **specific}

    def names(self) -> list[str]:
        """Every query name this engine can run."""
        return sorted(self._paths)

    def __getitem__(self, name: str) -> Query:
        return self._load(name)

    def _load(self, name: str) -> Query:
        path = self._paths.get(name)
        if path is None:
            raise KeyError(f"no query named {name!r} for {self.engine} under {self.root}")
        return _read(path, name, self.engine)


@lru_cache(maxsize=512)
def _read(path: Path, name: str, engine: str) -> Query:
    text = path.read_text(encoding="utf-8").strip()
    return Query(name=name, text=cast(LiteralString, text), path=path, engine=engine)
