"""The History panel in Chromium: a rename is saved as a revision, comparing an older revision shows what
changed, and restoring it brings the old design back as a new revision that survives a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import login

pytestmark = pytest.mark.browser


def test_history_compares_and_restores_an_older_revision(page: Page) -> None:
    # given: a design from a pattern (r1) whose first node is renamed and saved (r2)
    login(page)
    page.get_by_role("button", name=re.compile("New design from pattern")).first.click()
    page.wait_for_url(re.compile(r"/designs/\d+$"))
    names = page.locator(".react-flow__node-service .service-node-name")
    node = page.locator(".react-flow__node-service").first
    node.wait_for()
    original = names.first.inner_text()
    node.click()
    name_field = page.get_by_label("Name", exact=True).first
    name_field.fill("Renamed for history")
    name_field.press("Tab")
    status = page.locator(".save-status")
    expect(status).to_contain_text("r2")
    expect(status).to_have_attribute("data-status", "saved")
    expect(names.filter(has_text="Renamed for history")).to_have_count(1)

    # when: History is opened and r1 compared with the current design
    page.get_by_role("button", name="History").click()
    history = page.get_by_role("complementary", name="Revision history")
    expect(history.locator(".revision-list li").first).to_contain_text("r2 current")
    expect(history.get_by_role("button", name="Restore r2")).to_have_count(0)
    history.get_by_role("button", name="Compare r1 with the current design").click()

    # then: the banner counts one changed element
    banner = page.get_by_role("status").filter(has_text="Comparing r1")
    expect(banner).to_be_visible()
    expect(banner.locator(".legend-changed")).to_have_text(re.compile(r"^[1-9]\d* changed$"))

    # when: r1 is restored
    history.get_by_role("button", name="Restore r1").click()

    # then: the old name is back, saved as r3, and still there after a reload
    expect(names.filter(has_text=original)).to_have_count(1)
    expect(names.filter(has_text="Renamed for history")).to_have_count(0)
    expect(status).to_contain_text("r3")
    expect(status).to_have_attribute("data-status", "saved")
    page.reload()
    page.locator(".react-flow__node-service").first.wait_for()
    expect(names.filter(has_text=original)).to_have_count(1)
    expect(names.filter(has_text="Renamed for history")).to_have_count(0)
