"""Refresh the editor and export pictures in docs/, in the light and the dark theme.

docs/editor.png and docs/editor-dark.png: the identity active-active pattern, analysed, findings panel
open, 1440x900, with the system preferring light and dark. docs/export-light.png and docs/export-dark.png:
the same design exported as PNG with the findings overlay, on a light and on a dark background.

Usage (from the repository root, after the front end is built):

    .venv/bin/python bench/editor/screenshot.py
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from playwright.sync_api import Page, expect, sync_playwright

from e2e.stack import CHROMIUM_ARGS, live_stack

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
EDITOR = {"light": DOCS / "editor.png", "dark": DOCS / "editor-dark.png"}
EXPORT = {"light": DOCS / "export-light.png", "dark": DOCS / "export-dark.png"}


def wait_until_still(page: Page) -> None:
    """Wait until the canvas viewport has kept the same transform for ten animation frames.

    Read through page.evaluate (the DevTools protocol): wait_for_function's string predicate is
    eval'd in the page, which its Content Security Policy refuses.
    """
    read = "() => new Promise((done) => requestAnimationFrame(() => done("
    read += "document.querySelector('.react-flow__viewport')?.style.transform ?? '')))"
    last, still = None, 0
    while still < 10:
        transform = page.evaluate(read)
        still = still + 1 if transform == last else 0
        last = transform


def editor_screenshot(page: Page, scheme: str) -> int:
    """Open the pattern as a new design, analyse, light the loop, fit, and save the picture; the design id."""
    page.emulate_media(color_scheme=scheme)
    page.goto("/")
    name = re.escape("Active-active with same-name replication (event loop)")
    page.get_by_role("button", name=re.compile(f"New design from pattern {name}")).click()
    page.wait_for_url(re.compile(r"/designs/\d+$"))
    expect(page.locator("html")).to_have_attribute("data-theme", scheme)
    page.locator(".react-flow__node-service").first.wait_for()
    page.get_by_role("button", name="Analyse").click()
    finding = page.locator(".finding[data-code='event-loop']")
    expect(finding).to_be_visible(timeout=30_000)
    finding.locator(".finding-main").click()
    page.locator(".toast").evaluate_all("els => els.forEach(e => e.remove())")
    expect(page.locator(".edge-label.mark-loop")).to_have_count(2)
    wait_until_still(page)  # the zoom-to-finding animation
    page.keyboard.press("f")  # then fit the whole design, keeping the loop lit
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.mouse.move(1200, 880)
    wait_until_still(page)  # the fit animation
    page.screenshot(path=str(EDITOR[scheme]))
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def main() -> None:
    """Start the stack; picture the editor in each theme and export the design on each background."""
    with tempfile.TemporaryDirectory() as tmp, live_stack(Path(tmp)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, base_url=url)
        page.goto("/login")
        page.get_by_label("Username").fill("demo")
        page.get_by_label("Password").fill("kafkaesque-demo")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("button", name="Log out").wait_for()
        DOCS.mkdir(parents=True, exist_ok=True)
        for scheme in ("light", "dark"):
            design = editor_screenshot(page, scheme)
            answer = page.request.get(f"/api/designs/{design}/export?format=png&overlay=1&background={scheme}")
            assert answer.ok, answer.status
            EXPORT[scheme].write_bytes(answer.body())
        browser.close()
    for path in (*EDITOR.values(), *EXPORT.values()):
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
