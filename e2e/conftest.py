"""Browser tests against the real stack: Django, one Celery worker on Redis, and Debian's Chromium.

The session starts a Django server on a free port with a throwaway SQLite database and one Celery
worker on a queue of its own, waits for ``/healthz`` to say both are up, and tears them down at the
end. Each test gets a fresh browser context; console errors fail the test, and a screenshot of the
last state is kept under ``artifacts/e2e/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, expect, sync_playwright

from e2e.stack import CHROMIUM_ARGS, StackError, live_stack

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "e2e"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
DEMO_USER = ("demo", "kafkaesque-demo")


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Django and one Celery worker on a private queue; yield the base URL."""
    try:
        with live_stack(tmp_path_factory.mktemp("e2e-stack")) as url:
            yield url
    except StackError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """One Playwright driver for the session."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless (browsers cannot be downloaded here)."""
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


# Assertions wait for events up to this long before failing (the default 5 s is tight under load).
expect.set_options(timeout=15_000)


@pytest.fixture
def page(browser: Browser, server_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh context and page; fails the test on console errors and keeps a final screenshot."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=server_url, accept_downloads=True)
    page = context.new_page()
    # Generous: a loaded 2-core CI machine can take seconds to lay out a pattern; events, not sleeps.
    page.set_default_timeout(30_000)
    errors: list[str] = []
    # A test that provokes refused requests (a 412 on a stale save, a refused live socket) marks itself;
    # Chromium logs those.
    refusals_expected = request.node.get_closest_marker("refused_requests") is not None
    refusals = ("Failed to load resource", "WebSocket connection to")

    def on_console(message: ConsoleMessage) -> None:
        expected = refusals_expected and any(text in message.text for text in refusals)
        if message.type == "error" and not expected:
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    context.close()
    assert errors == [], f"console errors: {errors}"


def login(page: Page) -> None:
    """Sign in as the demo user through the login form."""
    page.goto("/login")
    page.get_by_label("Username").fill(DEMO_USER[0])
    page.get_by_label("Password").fill(DEMO_USER[1])
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def shot(page: Page, name: str) -> None:
    """Keep an intermediate screenshot as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
