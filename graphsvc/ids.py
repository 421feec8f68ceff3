"""Identifier parsing: every form a user pastes or a source writes, to one canonical form.

Canonical forms (what the graph stores):
- OpenAlex ids: ``A5023888391``, ``W2741809807``, ``I27837315``, ``T11636``, ``S137773608``
  (upper-case letter and digits, no URL);
- ORCID: ``0000-0002-1825-0097`` (checksum verified, ISO 7064 mod 11-2);
- DOI: ``10.1234/abc`` in lower case, without ``https://doi.org/`` or ``doi:``;
- arXiv: ``2101.00001`` or ``hep-th/9901001`` without the version suffix.
"""

from __future__ import annotations

import functools
import re

_OPENALEX = re.compile(
    r"^(?:https?://(?:api\.)?openalex\.org/(?:[a-z]+/)?)?([WAISTPCFwaistpcf]\d{1,12})/?$"
)
_OPENALEX_URL = "https://openalex.org/"
_LETTERS = frozenset("WAISTPCF")
_ORCID = re.compile(
    r"^(?:https?://(?:www\.)?orcid\.org/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])/?$"
)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_ARXIV_NEW = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_OLD = re.compile(r"^(?:arxiv:)?([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$", re.I)


def openalex_id(value: str | None, kind: str | None = None) -> str | None:
    """``https://openalex.org/A123`` or ``a123`` -> ``A123``; None when not an OpenAlex id.

    ``kind`` ("A", "W", ...) restricts which entity letter is accepted.
    """
    if not value:
        return None
    if value.startswith(_OPENALEX_URL):  # the form every OpenAlex record uses, checked fast
        rest = value[len(_OPENALEX_URL) :]
        if 2 <= len(rest) <= 13 and rest[0] in _LETTERS and rest.isascii() and rest[1:].isdigit():
            return rest if kind is None or rest[0] == kind else None
    match = _OPENALEX.match(value.strip())
    if not match:
        return None
    ident = match.group(1).upper()
    if kind is not None and ident[0] != kind:
        return None
    return ident


@functools.lru_cache(maxsize=1 << 16)
def orcid(value: str | None) -> str | None:
    """An ORCID in any pasted form -> ``0000-0002-1825-0097``; None if malformed or bad checksum."""
    if not value:
        return None
    match = _ORCID.match(value.strip())
    if not match:
        return None
    digits = "".join(match.groups()).upper()
    if _orcid_check_digit(digits[:-1]) != digits[-1]:
        return None
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def _orcid_check_digit(base: str) -> str:
    total = 0
    for ch in base:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def doi(value: str | None) -> str | None:
    """A DOI in any pasted form -> lower-case ``10.x/y``; None when not a DOI."""
    if not value:
        return None
    match = _DOI.match(value.strip())
    return match.group(1).lower() if match else None


def arxiv_id(value: str | None) -> str | None:
    """``arXiv:2101.00001v2`` or an abs/pdf URL -> ``2101.00001``; None when not an arXiv id."""
    if not value:
        return None
    text = value.strip()
    url = _ARXIV_URL.match(text)
    if url:
        text = url.group(1)
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(text)
        if match:
            return match.group(1).lower() if pattern is _ARXIV_NEW else match.group(1)
    return None
