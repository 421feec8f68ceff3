"""A small Cypher lexer for one presentation detail: the column order of a query's result.

FalkorDB caps an analyst's rows inside the engine by running ``CALL { <query> } RETURN *
LIMIT n``, and ``RETURN *`` lists columns alphabetically. To give the analyst the columns
in the order they wrote them, :func:`result_columns` reads the names of the last top-level
``RETURN``. This is never a security check: read-only enforcement is the engine's. When the
names it finds do not match the engine's header exactly, the caller keeps the engine's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<line_comment>//[^\n]*)
  | (?P<block_comment>/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<quoted>`(?:[^`]|``)*`)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_ENDS_ITEMS = {"ORDER", "SKIP", "LIMIT", "UNION"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int
    end: int
    depth: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> list[Token]:
    """Tokens without whitespace and comments, each with its bracket depth."""
    out: list[Token] = []
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "line_comment", "block_comment"):
            continue
        if kind == "close":
            depth = max(0, depth - 1)
        out.append(Token(kind, match.group(), match.start(), match.end(), depth))
        if kind == "open":
            depth += 1
    return out


def result_columns(text: str) -> list[str] | None:
    """The column names of the last top-level RETURN, as FalkorDB names them; None if unsure.

    An aliased item is named by its alias; an unaliased one by its text as written (up to
    the next item). ``RETURN *`` gives None: the engine's own order is the right one then.
    """
    toks = tokens(text)
    starts = [i for i, t in enumerate(toks) if t.depth == 0 and t.upper == "RETURN"]
    if not starts:
        return None
    i = starts[-1] + 1
    if i < len(toks) and toks[i].upper == "DISTINCT":
        i += 1
    items: list[list[Token]] = [[]]
    stops: list[int] = []  # where each item ends: its comma, or the end of the RETURN
    while i < len(toks):
        tok = toks[i]
        if tok.depth == 0 and (tok.upper in _ENDS_ITEMS or tok.text == ";"):
            break
        if tok.depth == 0 and tok.text == ",":
            stops.append(tok.start)
            items.append([])
        else:
            items[-1].append(tok)
        i += 1
    stops.append(toks[i].start if i < len(toks) else len(text))
    names: list[str] = []
    for item, stop in zip(items, stops, strict=True):
        if not item or (len(item) == 1 and item[0].text == "*"):
            return None
        if len(item) >= 3 and item[-2].upper == "AS":
            alias = item[-1]
            quoted = alias.kind == "quoted"
            names.append(alias.text[1:-1].replace("``", "`") if quoted else alias.text)
        else:
            names.append(text[item[0].start : stop].strip())
    return names
