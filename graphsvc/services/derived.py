"""The researchers' derived state: counts and WORKS_ON edges kept exact at write time.

Profiles of hubs (thousands of works and coauthors) must cost what anyone else's does, so
the counts a profile shows are stored on the Researcher and kept exact by ingest, by
differences (``ingest/write_batch``). The close-collaborator count depends on a setting;
the threshold it was built with is recorded on the graph's ``GraphMeta`` node, and a
service whose setting differs refuses to start rather than show wrong numbers.
``graphsvc recount`` rebuilds everything from the edges (``researcher/refresh_derived``).
"""

from __future__ import annotations

from collections.abc import Callable

from graphsvc.backends.base import GraphBackend
from graphsvc.errors import ConfigurationError

RECOUNT_PAGE = 500
DERIVED_VERSION = 3
"""Bumped when the derived state gains a part; a graph built before must be recounted."""

TOP_K = 25
"""How many top coauthors and topics each researcher keeps in order (its profile and the
research graph's first ring read them instead of sorting every edge of a hub); a slice
asking for more sorts the edges."""

WEIGHT_BASE = 10_000_000_000


def newest_key(year: int | None, work_id: str) -> str:
    """The sort key of a ``top_works`` entry: ascending order is newest first, then id.
    ``ingest/write_batch`` builds the same key in Cypher (five digits for years -1..9999,
    null counting as -1)."""
    return f"{20000 - (-1 if year is None else year)}|{work_id}"


def top_key(weight: int, ident: str) -> str:
    """The sort key of a top list entry: ascending order is most weight first, then id.
    ``ingest/write_batch`` builds the same key in Cypher (10 digits while weight < 1e9)."""
    return f"{WEIGHT_BASE - weight}|{ident}"


def check_derived_state(backend: GraphBackend, close_min: int) -> None:
    """ConfigurationError unless the stored counts were built for ``close_min``."""
    row = backend.read("graph/get_derived_meta")[0]
    built = row["close_min"]
    if (built is None and row["has_researchers"]) or (
        built is not None and row["version"] != DERIVED_VERSION
    ):
        raise ConfigurationError(
            "this graph's researchers lack derived counts or top lists this graphsvc keeps "
            "(an older graphsvc wrote it); run `graphsvc recount` once"
        )
    if built is not None and built != close_min:
        raise ConfigurationError(
            f"GRAPHSVC_CLOSE_COLLABORATOR_MIN_SHARED is {close_min} but this graph's close "
            f"collaborator counts were built for {built}: set it back to {built}, or run "
            "`graphsvc recount` to rebuild them for the new value"
        )


def refresh(backend: GraphBackend, researcher_ids: list[str], close_min: int) -> int:
    """Recompute the derived state of these researchers from their edges."""
    if not researcher_ids:
        return 0
    rows = backend.write(
        "researcher/refresh_derived",
        {"ids": researcher_ids, "close_min": close_min, "top_k": TOP_K},
    )
    return int(rows[0]["refreshed"]) if rows else 0


def recount(
    backend: GraphBackend,
    close_min: int,
    on_page: Callable[[int], None] | None = None,
) -> int:
    """Rebuild every researcher's derived state for ``close_min``; returns how many."""
    done, after = 0, ""
    while True:
        rows = backend.read("researcher/list_ids", {"after": after, "limit": RECOUNT_PAGE})
        page = [row["id"] for row in rows]
        if not page:
            break
        done += refresh(backend, page, close_min)
        after = page[-1]
        if on_page is not None:
            on_page(done)
    backend.write("graph/set_derived_meta", {"close_min": close_min, "version": DERIVED_VERSION})
    return done
