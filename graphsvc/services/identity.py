"""Who a researcher record is: its identifier forms, its name key, and when two records
may be the same person.

*Identifier forms* are the strings graphsvc uses for a person's identifiers, the same
forms its own ids take: ``A5023888391`` (OpenAlex), ``orcid:0000-…``, ``s2:<authorId>``,
``dblp:<name with suffix>``. Aliases (``(:Alias {id, kind: 'researcher', target})``) are
keyed by these forms, so a merged-away record's every identifier leads to its survivor.

*Name key*: the conservative normalisation under which two names count as "the same
name" for candidate duplicates (:func:`name_key`). Names never merge people by
themselves; equal keys only make a candidate pair a curator looks at.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

IDENTIFIER_FIELDS = ("openalex_id", "orcid", "s2_id", "dblp_name")
"""The researcher properties that identify a person, in the order identity resolution
prefers them."""

SAME_NAME_RULE = "same_normalised_name"

_DBLP_SUFFIX = re.compile(r"\s(\d{4})$")
_NOT_WORD = re.compile(r"[\W_]+")


def identity_forms(
    openalex_id: str | None = None,
    orcid: str | None = None,
    s2_id: str | None = None,
    dblp_name: str | None = None,
) -> list[str]:
    """The identifier forms of one person, strongest first (absent ones left out)."""
    forms = [
        openalex_id,
        f"orcid:{orcid}" if orcid else None,
        f"s2:{s2_id}" if s2_id else None,
        f"dblp:{dblp_name}" if dblp_name else None,
    ]
    return [f for f in forms if f]


def record_forms(props: Mapping[str, Any]) -> list[str]:
    """Every form that stands for a stored record: its id, its identifiers, and the
    identifiers of records merged into it."""
    forms = [str(props["id"])] if props.get("id") else []
    forms += identity_forms(*(props.get(k) for k in IDENTIFIER_FIELDS))
    forms += [str(f) for f in props.get("merged_identifiers") or []]
    return list(dict.fromkeys(forms))


@functools.lru_cache(maxsize=1 << 17)
def name_key(name: str | None) -> str | None:
    """The key under which two names are "the same name", or None when a name is too weak.

    Conservative on purpose: case, accents (Unicode decomposition, combining marks
    dropped), punctuation and hyphens (each becomes a space) and a DBLP homonym suffix
    ("Tong Zhang 0001") are ignored; nothing else is. Initials are not expanded ("J.
    McCarthy" never meets "John McCarthy"), word order and spacing inside a name count
    ("Jirong Wen" is not "Ji-Rong Wen"), and a name needs at least two parts of two or
    more letters, so "P. Ferreira" or a single-word name makes no candidates at all.
    Cached: a load asks for the same names again and again.
    """
    if not name:
        return None
    if name.isascii():  # decomposition leaves ASCII as it is, and it has no combining marks
        text = name.casefold()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    tokens = _NOT_WORD.sub(" ", text).split()
    if tokens and len(tokens[-1]) == 4 and tokens[-1].isdigit():
        tokens = tokens[:-1]
    if sum(1 for t in tokens if len(t) >= 2 and not t.isdigit()) < 2:
        return None
    return " ".join(tokens)


def dblp_suffix(dblp_name: str) -> str:
    """DBLP's homonym number ("0001"), or "" for a name without one."""
    found = _DBLP_SUFFIX.search(dblp_name)
    return found.group(1) if found else ""


def identity_conflict(a: Mapping[str, Any], b: Mapping[str, Any]) -> str | None:
    """Why two records are known to be different people, or None when nothing says so.

    - two different ORCIDs: an ORCID is the person's own identifier;
    - two DBLP names with different homonym suffixes ("Wei Zhang 0014" vs "Wei Zhang
      0016", or vs the unnumbered "Wei Zhang"): DBLP's curators told them apart.

    Different OpenAlex or Semantic Scholar author ids are no conflict: both services split
    one person into several ids often enough (that is what merges repair).
    """
    if a.get("orcid") and b.get("orcid") and a["orcid"] != b["orcid"]:
        return "different ORCIDs"
    if (
        a.get("dblp_name")
        and b.get("dblp_name")
        and dblp_suffix(str(a["dblp_name"])) != dblp_suffix(str(b["dblp_name"]))
    ):
        return "DBLP homonym suffixes tell them apart"
    return None


def pair(a: str, b: str) -> tuple[str, str]:
    """A researcher pair in its stored order (smaller id first)."""
    return (a, b) if a < b else (b, a)


def candidate_id(a: str, b: str) -> str:
    """The stable id of the candidate pair {a, b}: the same pair always gets the same id,
    which makes recording a candidate idempotent."""
    first, second = pair(a, b)
    digest = hashlib.sha256(f"{first}\n{second}".encode()).hexdigest()
    return f"dup-{digest[:20]}"


def same_name_reason(key: str) -> str:
    return (
        f"the same name once case, accents and punctuation are set aside ({key!r}), "
        "and no identifier tells them apart"
    )


def name_only_pairs(
    touched: Mapping[str, Mapping[str, Any]],
    groups: Mapping[str, Iterable[Mapping[str, Any]]],
    max_group: int,
) -> list[dict[str, Any]]:
    """Candidate rows for researchers a batch touched: every other record with the same
    name key, unless identifiers conflict or the name is shared by more than
    ``max_group`` records (too common to suggest anything).

    ``touched``: id -> identifiers and ``name_key`` as the batch leaves them.
    ``groups``: name key -> the stored records with that key (at most ``max_group + 1``).
    """
    rows: dict[str, dict[str, Any]] = {}
    by_key: dict[str, dict[str, Mapping[str, Any]]] = {
        key: {str(m["id"]): m for m in stored} for key, stored in groups.items()
    }
    for rid, props in touched.items():
        if props.get("name_key"):
            group = by_key.setdefault(str(props["name_key"]), {})
            group[rid] = {**group.get(rid, {}), **props}
    for rid, props in touched.items():
        key = props.get("name_key")
        group = by_key.get(str(key), {}) if key else {}
        if not group or len(group) > max_group:
            continue
        for other_id, other in group.items():
            if other_id == rid or identity_conflict(group[rid], other):
                continue
            first, second = pair(rid, other_id)
            cid = candidate_id(first, second)
            rows[cid] = {
                "id": cid,
                "a": first,
                "b": second,
                "name_key": key,
                "rule": SAME_NAME_RULE,
                "reason": same_name_reason(str(key)),
            }
    return sorted(rows.values(), key=lambda r: r["id"])
