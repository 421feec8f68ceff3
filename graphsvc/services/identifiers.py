"""Turning what a user pasted into the id of a node in the graph.

Researchers: ``A5023888391``, ``https://openalex.org/A5023888391``, an ORCID in any form,
or graphsvc's own prefixed ids (``orcid:…``, ``s2:…``, ``dblp:…``, and ``split:…`` for
records a curator split off). Works: ``W…``, its URL,
a DOI in any form, an arXiv id, or ``doi:…`` / ``arxiv:…`` / ``s2:…``. Ids merged into
another entity raise :class:`Moved` with the survivor's id.
"""

from __future__ import annotations

from graphsvc import ids
from graphsvc.backends.base import GraphBackend
from graphsvc.errors import InvalidInput, Moved, NotFound

MAX_ID_LENGTH = 300
_RESEARCHER_PREFIXES = ("orcid:", "s2:", "dblp:", "split:")
_WORK_PREFIXES = ("doi:", "arxiv:", "s2:", "dblp:")
_RESEARCHER_PROPERTY_LOOKUPS = {
    "s2": ("researcher/find_by_s2_id", "s2_id"),
    "dblp": ("researcher/find_by_dblp_name", "dblp_name"),
}
_WORK_PROPERTY_LOOKUPS = {
    "s2": ("work/find_by_s2_id", "s2_id"),
    "dblp": ("work/find_by_dblp_key", "dblp_key"),
}


def _check_length(raw: str, what: str) -> str:
    text = raw.strip()
    if not text:
        raise InvalidInput(f"the {what} id is empty")
    if len(text) > MAX_ID_LENGTH:
        raise InvalidInput(f"the {what} id is longer than {MAX_ID_LENGTH} characters")
    return text


def researcher_form(raw: str) -> tuple[str, tuple[str, dict[str, str]] | None]:
    """The graph id a pasted researcher id stands for, and the identifier lookup that
    finds a record carrying it under another id; InvalidInput for what is no id at all.
    No engine call: a profile tries the form first and resolves further only on a miss."""
    text = _check_length(raw, "researcher")
    if openalex := ids.openalex_id(text, "A"):
        return openalex, ("researcher/find_by_openalex_id", {"openalex_id": openalex})
    if orcid := ids.orcid(text.removeprefix("orcid:")):
        return f"orcid:{orcid}", ("researcher/find_by_orcid", {"orcid": orcid})
    if text.startswith(("s2:", "dblp:")):
        # a researcher first loaded from another source carries these as properties
        kind, _, value = text.partition(":")
        query, param = _RESEARCHER_PROPERTY_LOOKUPS[kind]
        return text, (query, {param: value})
    if text.startswith(_RESEARCHER_PREFIXES):
        return text, None
    raise InvalidInput(
        f"{text[:80]!r} is not a researcher id: use an OpenAlex author id "
        "(A5023888391 or https://openalex.org/A5023888391) or an ORCID "
        "(0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097)"
    )


def resolve_researcher_id(backend: GraphBackend, raw: str) -> str:
    """The graph id of the researcher a user named; NotFound, Moved or InvalidInput.

    In this order: a record with that id; an alias (the id, or the identifier, was merged
    into another record: Moved); a record carrying the identifier under another id.
    Aliases come before identifier properties because a survivor may carry identifiers
    of the record merged into it, and the merged-away id must answer with a redirect.
    """
    form, lookup = researcher_form(raw)
    if backend.read("researcher/exists", {"id": form}):
        return form
    _raise_if_moved(backend, form, "researcher")
    if lookup is not None:
        rows = backend.read(*lookup)
        if rows:
            return str(rows[0]["id"])
    raise NotFound(f"no researcher {form} in this graph")


def resolve_work_id(backend: GraphBackend, raw: str) -> str:
    """The graph id of the work a user named; NotFound, Moved or InvalidInput."""
    text = _check_length(raw, "work")
    candidate: str | None = None
    if openalex := ids.openalex_id(text, "W"):
        rows = backend.read("work/find_by_openalex_id", {"openalex_id": openalex})
        candidate = rows[0]["id"] if rows else openalex
    elif doi := ids.doi(text.removeprefix("doi:")):
        rows = backend.read("work/find_by_doi", {"doi": doi})
        candidate = rows[0]["id"] if rows else f"doi:{doi}"
    elif arxiv := ids.arxiv_id(text):
        rows = backend.read("work/find_by_arxiv_id", {"arxiv_id": arxiv})
        candidate = rows[0]["id"] if rows else f"arxiv:{arxiv}"
    elif text.startswith(("s2:", "dblp:")):
        # a work first loaded from another source carries these as properties, not its id
        kind, _, value = text.partition(":")
        query, param = _WORK_PROPERTY_LOOKUPS[kind]
        rows = backend.read(query, {param: value})
        candidate = rows[0]["id"] if rows else text
    elif text.startswith(_WORK_PREFIXES):
        candidate = text
    if candidate is None:
        raise InvalidInput(
            f"{text[:80]!r} is not a work id: use an OpenAlex work id (W2741809807 or its "
            "https://openalex.org/ URL), a DOI (10.1234/abc or https://doi.org/10.1234/abc) "
            "or an arXiv id (2101.00001)"
        )
    if backend.read("work/get_work", {"id": candidate}):
        return candidate
    _raise_if_moved(backend, candidate, "work")
    raise NotFound(f"no work {candidate} in this graph")


def _raise_if_moved(backend: GraphBackend, ident: str, kind: str) -> None:
    rows = backend.read("alias/resolve_alias", {"id": ident, "kind": kind})
    if rows and rows[0]["target"]:
        target = str(rows[0]["target"])
        raise Moved(f"{kind} {ident} was merged into {target}", target=target)
