"""Browser tests against the real stack: Django, one Celery worker on Redis, and Debian's Chromium.

The session starts a Django server on a free port with a throwaway SQLite database and one Celery
worker on a queue of its own, waits for ``/healthz`` to say both are up, and tears them down at the
end. Each test gets a fresh browser context; console errors fail the test, and a screenshot of the
last state is kept under ``artifacts/e2e/``.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts" / "e2e"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_USER = ("demo", "kafkaesque-demo")
STARTUP_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthz(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, {}


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start Django and one Celery worker on a private queue; yield the base URL."""
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        pytest.fail("The front end is not built: run `cd frontend && npm ci && npm run build` (or `make setup`).")
    workdir = tmp_path_factory.mktemp("e2e-stack")
    queue = f"e2e-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}",
        "KAFKAESQUE_VAR_DIR": str(workdir),
        "CELERY_QUEUE": queue,
        "DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
    }
    python = sys.executable
    for command in (["migrate", "--noinput", "-v", "0"], ["ensure_demo_user"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server_log = (workdir / "server.log").open("wb")
    worker_log = (workdir / "worker.log").open("wb")
    celery = str(Path(python).with_name("celery"))
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [celery, "-A", "explorer", "worker", "-c", "1", "-Q", queue, "-n", f"{queue}@%h", "--loglevel", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        status, body = 0, {}
        while time.monotonic() < deadline:
            for name, process in (("server", server), ("worker", worker)):
                if process.poll() is not None:
                    log = (workdir / f"{name}.log").read_text(errors="replace")[-3000:]
                    pytest.fail(f"the {name} exited with {process.returncode}:\n{log}")
            status, body = _healthz(url)
            workers = body.get("checks", {}).get("worker", {}).get("workers", [])
            if status == 200 and any(queue in str(w) for w in workers):
                break
            time.sleep(0.25)
        else:
            pytest.fail(f"/healthz did not report our worker within {STARTUP_TIMEOUT_S} s: {status} {body}")
        yield url
    finally:
        _stop(worker)
        _stop(server)
        server_log.close()
        worker_log.close()


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


@pytest.fixture
def page(browser: Browser, server_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh context and page; fails the test on console errors and keeps a final screenshot."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=server_url, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
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
