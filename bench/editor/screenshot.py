"""Refresh docs/editor.png: the identity active-active pattern, analysed, findings panel open, 1440x900.

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
OUT = ROOT / "docs" / "editor.png"


def wait_until_still(page: Page) -> None:
    """Wait until the canvas viewport has kept the same transform for ten animation frames."""
    page.wait_for_function(
        """() => {
            const style = document.querySelector('.react-flow__viewport')?.style.transform ?? '';
            window.__still = style === window.__lastTransform ? (window.__still ?? 0) + 1 : 0;
            window.__lastTransform = style;
            return window.__still >= 10;
        }""",
        polling="raf",
    )


def main() -> None:
    """Start the stack, open the pattern, analyse, select the loop and save the screenshot."""
    with tempfile.TemporaryDirectory() as tmp, live_stack(Path(tmp)) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, base_url=url)
        page.goto("/login")
        page.get_by_label("Username").fill("demo")
        page.get_by_label("Password").fill("kafkaesque-demo")
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("button", name="Log out").wait_for()
        name = re.escape("Active-active with same-name replication (event loop)")
        page.get_by_role("button", name=re.compile(f"New design from pattern {name}")).click()
        page.wait_for_url(re.compile(r"/designs/\d+$"))
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
        OUT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUT))
        browser.close()
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
