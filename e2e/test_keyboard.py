"""Keyboard only, in Chromium: sign in, build Kafka → Cassandra, analyse, open a finding and export SVG
without the mouse (the test never moves or clicks it; Playwright's keyboard sends real key events)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import DEMO_USER

pytestmark = pytest.mark.browser


def focused(page: Page) -> str:
    """The accessible name (or text) of the element holding the focus, for assertions and tab_to."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return "";
            const labelled = el.getAttribute("aria-labelledby");
            const byId = labelled && document.getElementById(labelled.split(" ")[0]);
            const label = el.id && document.querySelector(`label[for="${el.id}"]`);
            return (el.getAttribute("aria-label") || (byId && byId.textContent) || (label && label.textContent)
                || el.textContent || "").trim();
        }"""
    )


def tab_to(page: Page, name: str | re.Pattern[str], *, backwards: bool = False, limit: int = 250) -> None:
    """Press Tab (or Shift+Tab) until the focused element's name matches; fail after `limit` presses."""
    pattern = name if isinstance(name, re.Pattern) else re.compile(re.escape(name))
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        current = focused(page)
        if pattern.search(current):
            return
        seen.append(current[:40])
    raise AssertionError(f"no focusable element named {pattern.pattern!r} within {limit} Tabs: {seen[-20:]}")


def connect_from_inspector(page: Page, target_id: str, target_name: str) -> None:
    """With a node selected, Tab into the inspector's "Connect to" and press its Connect button."""
    inspector = page.get_by_role("complementary", name="Inspector")
    expect(inspector.get_by_label("Connect to")).to_have_value(re.compile(target_id))
    tab_to(page, "Connect to")
    tab_to(page, re.compile(f"^Connect to {re.escape(target_name)} via"))
    page.keyboard.press("Enter")


def test_keyboard_only_kafka_to_cassandra_analyse_finding_export(page: Page) -> None:
    # given the login page, typed into
    page.goto("/login")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type(DEMO_USER[0])
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_USER[1])
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    # when a new design is made
    tab_to(page, re.compile(r"^New design$"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/designs/\d+$"))
    expect(page.get_by_role("note")).to_contain_text("Start your design")
    # and Cassandra, then Kafka, are dropped from the palette search ("/" focuses it, a drop selects its text)
    page.keyboard.press("/")
    for service in ("Cassandra", "Kafka"):
        page.keyboard.type(service)
        page.keyboard.press("Enter")
        expect(page.locator(f".react-flow__node-service:has([data-service='{service.lower()}'])")).to_be_visible()
    # then the new Kafka node is selected, and the inspector offers to connect it to Cassandra
    connect_from_inspector(page, "cassandra", "Apache Cassandra")
    expect(page.locator(".edge-label")).to_have_count(1)
    # and each node and the flow can be reached on the canvas and says what it is
    page.keyboard.press("Shift+Tab")
    tab_to(page, re.compile(r"^Flow .* from Apache Kafka to Apache Cassandra"), backwards=True)
    tab_to(page, re.compile(r"^Apache Cassandra, Apache Cassandra"), backwards=True)
    # when Cassandra is selected there (Enter) and connected back to Kafka, closing a loop
    page.keyboard.press("Enter")
    connect_from_inspector(page, "kafka", "Apache Kafka")
    expect(page.locator(".edge-label")).to_have_count(2)
    # when analysed (Ctrl+Enter), the result is announced
    page.keyboard.press("Control+Enter")
    expect(page.get_by_test_id("job-announcer")).to_contain_text("Analysis finished", timeout=30_000)
    findings = page.locator(".finding")
    expect(findings.first).to_be_visible()
    # when a finding is opened with the keyboard
    first = page.locator(".finding-main").first
    code = page.locator(".finding").first.get_attribute("data-code") or ""
    tab_to(page, re.compile(re.escape(code)), limit=300)  # the finding button: icon, code, places, message
    page.keyboard.press("Enter")
    expect(first).to_have_attribute("aria-pressed", "true")
    # when SVG is exported through the menu and its dialog
    tab_to(page, "Export ▾", backwards=True, limit=300)
    page.keyboard.press("Enter")
    menu = page.get_by_role("menu", name="Export formats")
    expect(menu).to_be_visible()
    assert focused(page).startswith("SVG image")
    page.keyboard.press("End")
    assert focused(page).startswith(("Compare", "Import"))  # the last enabled item
    page.keyboard.press("Home")
    page.keyboard.press("p")  # type-ahead: PNG, then PDF
    assert focused(page).startswith("PNG")
    page.keyboard.press("ArrowUp")
    assert focused(page).startswith("SVG image")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Export SVG image")
    expect(dialog).to_be_visible()
    page.keyboard.press("ArrowDown")  # from the theme's background to the next one
    tab_to(page, "Download")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".svg")
    assert "<svg" in download.value.path().read_text(encoding="utf-8")
    # then the dialog has closed and the focus is back on the Export button
    expect(dialog).to_have_count(0)
    assert focused(page) == "Export ▾"
