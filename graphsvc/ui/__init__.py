"""The explorer UI's files: Jinja templates, our own static files, and vis-network.

vis-network is not copied into this package: it is served from the copy that the
``pyvis`` dependency already ships, found with :mod:`importlib.resources` at run time, so
there is one copy to update and its licence header stays with it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

UI_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = UI_DIR / "templates"
STATIC_DIR = UI_DIR / "static"

VIS_VERSION = "9.1.2"
VENDOR_FILES = ("vis-network.min.js", "vis-network.css")

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


def static_files() -> dict[str, Path]:
    """Our own static files by name; a fixed list, so no request can name another file."""
    return {p.name: p for p in STATIC_DIR.iterdir() if p.is_file() and p.suffix in MEDIA_TYPES}


def vendor_files() -> dict[str, Path]:
    """vis-network's script and stylesheet inside the installed pyvis package."""
    base = resources.files("pyvis") / "lib" / f"vis-{VIS_VERSION}"
    found: dict[str, Path] = {}
    for name in VENDOR_FILES:
        path = Path(str(base / name))
        if path.is_file():
            found[name] = path
    return found


def media_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix, "application/octet-stream")
