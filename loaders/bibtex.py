"""BibTeX files (DBLP's first of all) -> WorkRecord.

A small brace-aware scanner rather than a general BibTeX library: it knows the line each
entry starts on (for the rejects file), resynchronises at the next ``@`` after a broken
entry, and keeps repeated fields. LaTeX accents, commands and protective braces are
decoded to Unicode with pylatexenc (``Bal{\\'a}zs`` -> ``Balázs``, ``{SVM}s`` -> ``SVMs``).

Names: ``and``-separated (outside braces), in "First Last" or "Last, First" /
"Last, Jr, First" form, turned into "First Last". DBLP's homonym suffix ("Tong Zhang
0001") is part of DBLP's name for the person, so it is kept in ``dblp_name`` (the
identifier) and dropped from the display name: "Tong Zhang 0001" and "Tong Zhang 0002"
are two people, "Tong Zhang" (no suffix) a third.

Identity: an entry is DBLP's when its key is a DBLP key (``conf/icml/MnihG14``, with or
without ``DBLP:``) or it names dblp as its bibsource. Only then are names identifiers
(DBLP disambiguates its persons); authors of other BibTeX files are counted as skipped
authorships, and such an entry needs a DOI or arXiv id to be loaded. A DBLP entry's key
becomes the work's ``dblp_key``; DOIs come from ``doi`` or a doi.org / doi.acm.org URL,
arXiv ids from ``eprint`` or DBLP's CoRR ``volume = {abs/...}``.

``@proceedings`` (a volume of editors, not a paper), ``@string``, ``@preamble`` and
``@comment`` are not works and are passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pylatexenc.latex2text import LatexNodes2Text

from graphsvc import ids
from graphsvc.records import AuthorRef, Rejected, WorkRecord
from loaders.common import (
    InputFile,
    LoaderItem,
    clean,
    decode_utf8,
    iter_paths,
    read_data,
    read_files,
    validate,
)

SOURCE = "dblp"
OTHER_SOURCE = "bibtex"
MAX_ENTRY = 1_000_000  # characters; a longer "entry" is a missing brace eating the file
_DBLP_KEY = re.compile(
    r"^(?:DBLP:)?((?:conf|journals|books|series|reference|phd|tr|ms|persons|informal)/\S+/\S+)$"
)
_SUFFIX = re.compile(r"^\d{4}$")
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi(?:\.acm)?\.org/(10\.\d{4,9}/\S+)$", re.I)
_NOT_WORKS = {"proceedings", "string", "preamble", "comment"}
_TYPES = {
    "article": "article",
    "inproceedings": "proceedings-article",
    "conference": "proceedings-article",
    "incollection": "book-chapter",
    "inbook": "book-chapter",
    "book": "book",
    "phdthesis": "dissertation",
    "mastersthesis": "dissertation",
    "techreport": "report",
}
_latex = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)


@dataclass
class Entry:
    """One parsed BibTeX entry: type, key, fields (repeated fields keep every value)."""

    type: str
    key: str
    line: int
    fields: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> str:
        values = self.fields.get(name)
        return values[0] if values else ""


class BibSyntaxError(ValueError):
    """An entry the scanner could not read; ``offset`` is where it stopped."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def read(paths: list[Path]) -> Iterator[LoaderItem]:
    """Yield records from .bib files (plain or gzipped), in file order."""
    yield from read_files(files(paths))


def files(paths: list[Path]) -> list[InputFile]:
    """The files a load of ``paths`` reads, in order."""
    suffixes = (".bib", ".bibtex", ".gz")
    return [InputFile(p, read_file) for p in iter_paths(paths, suffixes=suffixes)]


def read_file(path: Path) -> Iterator[LoaderItem]:
    data = read_data(path)
    if isinstance(data, Rejected):
        yield data
        return
    yield from read_bytes(data, str(path))


def read_bytes(data: bytes, name: str) -> Iterator[LoaderItem]:
    """BibTeX text held in memory (a request body); origins are ``name:line``."""
    text = decode_utf8(data, f"{name}:0")
    if isinstance(text, Rejected):
        yield text
        return
    for item in iter_entries(text, name):
        parsed = item if isinstance(item, Rejected) else parse_entry(item, name)
        if parsed is not None:
            yield parsed


def latex_to_unicode(value: str) -> str:
    """LaTeX accents, commands and braces -> Unicode text with whitespace collapsed."""
    if not any(ch in value for ch in "\\{}$~"):
        return clean(value)
    try:
        return clean(_latex.latex_to_text(value))
    except Exception:  # pylatexenc raises assorted errors on broken LaTeX; keep the raw text
        return clean(value.replace("{", "").replace("}", ""))


# --- scanning -----------------------------------------------------------------------------


def iter_entries(text: str, name: str) -> Iterator[Entry | Rejected]:
    """Entries in order; a broken one becomes a Rejected and scanning resumes after it."""
    pos = 0
    line = 1
    while True:
        at = text.find("@", pos)
        if at < 0:
            return
        line += text.count("\n", pos, at)
        pos = at
        try:
            entry, end = _scan_entry(text, at, line)
        except BibSyntaxError as exc:
            yield Rejected(f"{name}:{line}", str(exc))
            following = text.find("\n@", at + 1)  # resume at the next entry, not mid-entry
            end = following + 1 if following >= 0 else len(text)
        else:
            if entry is not None:
                yield entry
        line += text.count("\n", pos, end)
        pos = end


_WORD = re.compile(r"[A-Za-z][\w\-:./+']*")


def _scan_entry(text: str, at: int, line: int) -> tuple[Entry | None, int]:
    match = _WORD.match(text, at + 1)
    if not match:
        return None, at + 1  # a stray "@" outside an entry
    kind = match.group(0).lower()
    pos = _skip_space(text, match.end())
    if pos >= len(text) or text[pos] not in "{(":
        return None, pos
    close = "}" if text[pos] == "{" else ")"
    if kind in ("comment", "preamble", "string"):
        if close == ")":
            end = text.find(")", pos)
            return None, (end + 1 if end >= 0 else len(text))
        return None, _balanced(text, pos, at)
    key_end = pos + 1
    while key_end < len(text) and text[key_end] not in ",\n" + close:
        key_end += 1
    key = text[pos + 1 : key_end].strip()
    entry = Entry(type=kind, key=key, line=line)
    pos = key_end
    while True:
        pos = _skip_space(text, pos)
        if pos >= len(text):
            raise BibSyntaxError(f"truncated entry {key!r}: the file ends inside it", len(text))
        if text[pos] == close:
            return entry, pos + 1
        if text[pos] == ",":
            pos += 1
            continue
        if text[pos] == "@" and text[pos - 1] == "\n":
            raise BibSyntaxError(
                f"truncated entry {key!r}: the next entry starts before its closing brace", pos
            )
        name_match = _WORD.match(text, pos)
        if not name_match:
            raise BibSyntaxError(
                f"entry {key!r}: expected a field name at {text[pos : pos + 20]!r}", pos
            )
        field_name = name_match.group(0).lower()
        pos = _skip_space(text, name_match.end())
        if pos < len(text) and text[pos] == "@" and text[pos - 1] == "\n":
            raise BibSyntaxError(
                f"truncated entry {key!r}: the next entry starts before its closing brace", pos
            )
        if pos >= len(text) or text[pos] != "=":
            raise BibSyntaxError(f"entry {key!r}: field {field_name!r} has no '='", pos)
        value, pos = _scan_value(text, _skip_space(text, pos + 1), at, key)
        entry.fields.setdefault(field_name, []).append(value)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _balanced(text: str, pos: int, start: int) -> int:
    """Index after the brace group opening at ``pos``."""
    depth = 0
    limit = min(len(text), start + MAX_ENTRY)
    for index in range(pos, limit):
        ch = text[index]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        elif ch == "@" and text[index - 1] == "\n" and index > pos:
            raise BibSyntaxError(
                "truncated entry: the next entry starts inside an unclosed '{'", index
            )
    if limit < len(text):
        raise BibSyntaxError(
            f"an entry longer than {MAX_ENTRY} characters (a missing '}}'?)", limit
        )
    raise BibSyntaxError("truncated entry: unbalanced braces until the end of the file", len(text))


def _scan_value(text: str, pos: int, start: int, key: str) -> tuple[str, int]:
    parts: list[str] = []
    while True:
        if pos >= len(text):
            raise BibSyntaxError(f"truncated entry {key!r}: the file ends in a value", len(text))
        ch = text[pos]
        if ch == "{":
            end = _balanced(text, pos, start)
            parts.append(text[pos + 1 : end - 1])
        elif ch == '"':
            end = pos + 1
            depth = 0
            while end < len(text) and not (text[end] == '"' and depth == 0):
                depth += {"{": 1, "}": -1}.get(text[end], 0)
                end += 1
            if end >= len(text):
                raise BibSyntaxError(f"truncated entry {key!r}: unclosed quote", len(text))
            parts.append(text[pos + 1 : end])
            end += 1
        else:
            word = re.match(r"[^\s,#}\)]+", text[pos:])
            if not word:
                raise BibSyntaxError(
                    f"entry {key!r}: expected a value at {text[pos : pos + 20]!r}", pos
                )
            parts.append(word.group(0))  # a number or an undefined macro: kept as written
            end = pos + word.end()
        pos = _skip_space(text, end)
        if pos < len(text) and text[pos] == "#":
            pos = _skip_space(text, pos + 1)
            continue
        if end - start > MAX_ENTRY:
            raise BibSyntaxError(f"entry {key!r} is longer than {MAX_ENTRY} characters", end)
        return "".join(parts), pos


# --- names --------------------------------------------------------------------------------


def split_names(value: str) -> list[str]:
    """Split on ``and`` outside braces."""
    names: list[str] = []
    depth = 0
    current: list[str] = []
    tokens = re.split(r"(\s+|[{}])", value)
    for token in tokens:
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if depth == 0 and token.lower() == "and":
            names.append("".join(current))
            current = []
        else:
            current.append(token)
    names.append("".join(current))
    return [n for n in (clean(n) for n in names) if n]


def person_name(raw: str) -> tuple[str, str]:
    """A BibTeX name -> (display name, full name with any DBLP homonym suffix)."""
    parts = [p.strip() for p in _split_top_commas(raw)]
    if len(parts) == 2:
        raw = f"{parts[1]} {parts[0]}"
    elif len(parts) >= 3:
        raw = f"{parts[2]} {parts[0]} {parts[1]}"
    tokens = latex_to_unicode(raw).split()
    suffix = [t for t in tokens if _SUFFIX.match(t)]
    words = [t for t in tokens if not _SUFFIX.match(t)]
    display = " ".join(words)
    return display, " ".join(words + suffix[:1])


def _split_top_commas(value: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p for p in parts if p.strip()]


# --- entries -> records ---------------------------------------------------------------------


def is_dblp(entry: Entry) -> bool:
    """DBLP's entries: a DBLP key, or dblp named as the bibsource / biburl."""
    if _DBLP_KEY.match(entry.key):
        return True
    return "dblp" in (entry.get("bibsource") + entry.get("biburl")).lower()


def _doi(entry: Entry) -> str | None:
    if found := ids.doi(clean(entry.get("doi"))):
        return found
    for url_field in ("url", "ee"):
        for url in entry.fields.get(url_field, []):
            match = _DOI_URL.match(clean(url))
            if match and (found := ids.doi(match.group(1))):
                return found
    return None


def _arxiv(entry: Entry) -> str | None:
    prefix = entry.get("archiveprefix").lower()
    eprint = clean(entry.get("eprint"))
    if eprint and prefix in ("", "arxiv") and (found := ids.arxiv_id(eprint)):
        return found
    volume = clean(entry.get("volume"))
    if entry.get("journal").strip().lower() == "corr" and volume.lower().startswith("abs/"):
        return ids.arxiv_id(volume[4:])
    for url in entry.fields.get("url", []) + entry.fields.get("ee", []):
        if "arxiv.org/" in url and (found := ids.arxiv_id(clean(url))):
            return found
    return None


def parse_entry(entry: Entry, name: str) -> LoaderItem | None:
    """One entry -> WorkRecord or Rejected; None for entries that are not works."""
    origin = f"{name}:{entry.line}"
    if entry.type in _NOT_WORKS:
        return None
    dblp = is_dblp(entry)
    key_match = _DBLP_KEY.match(entry.key)
    year_text = clean(entry.get("year"))
    if year_text and not year_text.isdigit():
        return Rejected(origin, f"entry {entry.key!r}: year {year_text[:20]!r} is not a number")
    record = WorkRecord(
        source=SOURCE if dblp else OTHER_SOURCE,
        title=latex_to_unicode(entry.get("title")).rstrip("."),
        doi=_doi(entry),
        arxiv_id=_arxiv(entry),
        dblp_key=key_match.group(1) if dblp and key_match else None,
        year=int(year_text) if year_text else None,
        type=_TYPES.get(entry.type),
        venue=latex_to_unicode(entry.get("journal") or entry.get("booktitle")) or None,
        abstract=latex_to_unicode(entry.get("abstract")) or None,
        origin=origin,
    )
    seen: set[str] = set()
    raw_names = [n for value in entry.fields.get("author", []) for n in split_names(value)]
    for raw in raw_names:
        display, full = person_name(raw)
        if not dblp or not display or full.lower() == "others":
            record.skipped_authorships += 1
            continue
        if full in seen:
            continue
        seen.add(full)
        record.authors.append(AuthorRef(name=display, dblp_name=full))
    for index, author in enumerate(record.authors):
        last = len(record.authors) - 1
        author.position = "first" if index == 0 else "last" if index == last else "middle"
    return validate(record)
