"""Ingest over HTTP: ``POST /works?format=...`` for the loader role.

The body is the source's own document, exactly as a file of it would hold it; see
:mod:`graphsvc.services.batch_ingest` for what happens to it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from graphsvc.api.deps import BatchIngestServiceDep, IngestBodyDep, LoaderDep
from graphsvc.api.hardening import body_limit
from graphsvc.api.models import BatchAnswerPublic, BatchRejectedPublic, ErrorPublic

router = APIRouter(prefix="/works", tags=["ingest"])

IngestFormat = Literal["openalex", "arxiv", "crossref", "bibtex", "semantic-scholar", "auto"]

_BINARY = {"schema": {"type": "string", "format": "binary"}}
_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": (
            "The records as the source hands them out, the same bytes a file for "
            "`graphsvc load FORMAT` would hold: OpenAlex Work objects, arrays or API pages; "
            "Crossref items or responses; S2 Graph API answers; JSON lines of any of these; "
            "Kaggle arXiv JSON lines, OAI-PMH XML or an Atom feed; BibTeX. Gzip it (or send "
            "`Content-Encoding: gzip`) to save bandwidth."
        ),
        "content": {
            "application/json": _BINARY,
            "application/x-ndjson": _BINARY,
            "application/xml": _BINARY,
            "application/atom+xml": _BINARY,
            "application/x-bibtex": _BINARY,
            "text/plain": _BINARY,
            "application/gzip": _BINARY,
        },
    }
}


@router.post(
    "",
    response_model=BatchAnswerPublic,
    openapi_extra=_BODY,
    responses={
        401: {"model": ErrorPublic, "description": "No or bad token."},
        403: {"model": ErrorPublic, "description": "The token lacks the loader role."},
        413: {"model": ErrorPublic, "description": "Past the byte or record limit; split it."},
        422: {
            "model": BatchRejectedPublic,
            "description": "Nothing in the body was usable, or a bad format / encoding.",
        },
        503: {"model": ErrorPublic, "description": "The engine is unavailable; send it again."},
    },
)
@body_limit("ingest_request_max_bytes")  # batches are larger than other bodies
def push_works(
    user: LoaderDep,
    body: IngestBodyDep,
    service: BatchIngestServiceDep,
    format: Annotated[IngestFormat, Query(description="The body's format; auto tells it.")],
) -> dict[str, object]:
    """Ingest a batch of works; one answer per record: created, updated, unchanged or
    rejected with the reason, with the work id each became. Sending it again changes
    nothing (every record answers unchanged). Nothing is written when the answer is 413
    or 422."""
    return service.submit(format, body).as_dict()
