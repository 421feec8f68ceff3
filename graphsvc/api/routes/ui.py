"""The explorer UI: the search page, researcher profile pages and their static files.

Pages are rendered on the server from the same services as the JSON API (so the header,
trust snapshot and counts show without JavaScript, and an unknown researcher is a real
404); the graph, works list and actions are a small script that calls the JSON API.
Every asset, vis-network included, is served from here: pages load nothing from
elsewhere, and the Content-Security-Policy says so to the browser.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from graphsvc import __version__
from graphsvc.api.deps import ResearcherServiceDep, WorkServiceDep
from graphsvc.errors import EngineError, InvalidInput, Moved, NotFound
from graphsvc.ui import TEMPLATES_DIR, media_type, static_files, vendor_files

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(TEMPLATES_DIR))

CSP = (
    "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Inline styles stay allowed because vis-network positions its tooltips with them."""

_STATIC = static_files()
_VENDOR = vendor_files()
_ASSET_CACHE = "public, max-age=3600"


def _page(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> Response:
    response = templates.TemplateResponse(
        request, template, {"version": __version__, **context}, status_code=status_code
    )
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _error_page(request: Request, status_code: int, title: str, message: str) -> Response:
    return _page(
        request,
        "error.html",
        {"title": title, "message": message, "status_code": status_code},
        status_code=status_code,
    )


def _engine_down(request: Request) -> Response:
    response = _error_page(
        request,
        503,
        "The graph is not available right now",
        "The graph engine is not answering. Please try again in a minute.",
    )
    response.headers["Retry-After"] = "5"
    return response


@router.get("/")
def search_page(request: Request) -> Response:
    """The front page: a search box with autocomplete."""
    return _page(request, "search.html", {})


@router.get("/ui/researchers/{researcher_id:path}")
def profile_page(
    request: Request,
    researcher_id: str,
    service: ResearcherServiceDep,
    page_size: Annotated[int, Query(ge=1, le=100, description="Works per page.")] = 10,
    graph_limit: Annotated[
        int | None, Query(ge=1, le=200, description="Nodes per kind in the first graph slice.")
    ] = None,
) -> Response:
    """A researcher's profile page; unknown ids get a 404 page, a down engine a 503 page."""
    try:
        profile = service.profile(researcher_id)
    except Moved as exc:
        return RedirectResponse(f"/ui/researchers/{quote(exc.target, safe=':')}", 301)
    except NotFound:
        return _error_page(
            request,
            404,
            "Researcher not found",
            f"There is no researcher {researcher_id!r} in this graph. "
            "Search for a name instead, or check the id (an OpenAlex author id or an ORCID).",
        )
    except InvalidInput as exc:
        return _error_page(request, 404, "Researcher not found", str(exc))
    except EngineError:
        return _engine_down(request)
    return _page(
        request,
        "profile.html",
        {"profile": profile, "page_size": page_size, "graph_limit": graph_limit or ""},
    )


@router.get("/ui/works/{work_id:path}")
def work_page(request: Request, work_id: str, service: WorkServiceDep) -> Response:
    """A work's page: metadata, abstract, authors (links to their profiles) and topics."""
    try:
        work = service.get(work_id)
    except Moved as exc:
        return RedirectResponse(f"/ui/works/{quote(exc.target, safe=':')}", 301)
    except (NotFound, InvalidInput):
        return _error_page(
            request,
            404,
            "Work not found",
            f"There is no work {work_id!r} in this graph. Search for a title instead, or "
            "check the id (an OpenAlex work id, a DOI or an arXiv id).",
        )
    except EngineError:
        return _engine_down(request)
    return _page(request, "work.html", {"work": work})


def _asset(files: dict[str, Any], name: str) -> Response:
    path = files.get(name)
    if path is None:
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(path, media_type=media_type(path), headers={"Cache-Control": _ASSET_CACHE})


@router.get("/static/ui/{name}")
def static_file(name: str) -> Response:
    """graphsvc's own script, stylesheet and icon."""
    return _asset(_STATIC, name)


@router.get("/static/vendor/{name}")
def vendor_file(name: str) -> Response:
    """vis-network, from the copy inside the installed pyvis package."""
    return _asset(_VENDOR, name)
