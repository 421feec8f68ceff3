"""Browser fixtures: the app under uvicorn on 127.0.0.1, and Debian's chromium via Playwright.

Chromium is never downloaded (no ``playwright install``): the tests drive the system
chromium at ``GRAPHSVC_CHROMIUM`` (default /usr/bin/chromium). Without it the tests skip
on a developer machine and fail in CI (``CI`` set), so CI can never pass by skipping them.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, sync_playwright

from graphsvc.api.app import create_app
from graphsvc.backends import GraphBackend
from graphsvc.config import Settings
from tests.support.raw import REPO

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTPUT = REPO / "test-output"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(settings: Settings, backend: GraphBackend) -> Iterator[str]:
    """Serve the app on 127.0.0.1 in a thread; stop it on exit. Yields the base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, backend), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(sample_settings: Settings, sample_backend: GraphBackend) -> Iterator[str]:
    with live_server(sample_settings, sample_backend) as url:
        yield url


@pytest.fixture(scope="session")
def api(base_url: str) -> Iterator[httpx.Client]:
    """The JSON API over HTTP: what the tests expect the page to show comes from here."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        yield client


def chromium_path() -> str:
    return os.environ.get("GRAPHSVC_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_session: Playwright) -> Iterator[Browser]:
    exe = chromium_path()
    if not Path(exe).is_file():
        message = (
            f"chromium not found at {exe}: install Debian's chromium (`make chromium`) "
            "or point GRAPHSVC_CHROMIUM at it"
        )
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(message)
        pytest.skip(message)
    launched = playwright_session.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@dataclass
class Session:
    """One browser tab with everything it asked for and every console error it logged."""

    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.base_url + "/")]

    def open(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def wait_graph_idle(self) -> None:
        self.page.wait_for_selector("#graph[data-state=idle]", timeout=30_000)

    def eval(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)


@contextmanager
def browser_session(browser: Browser, base_url: str) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    session = Session(page=page, base_url=base_url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            session.errors.append(f"console: {message.text} at {message.location}")

    def on_request(request: Request) -> None:
        session.requests.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: session.errors.append(f"page error: {exc}"))
    context.on("request", on_request)
    try:
        yield session
    finally:
        context.close()


@pytest.fixture
def tab(browser: Browser, base_url: str) -> Iterator[Session]:
    with browser_session(browser, base_url) as session:
        yield session
