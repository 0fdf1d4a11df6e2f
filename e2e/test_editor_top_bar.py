"""The editor's top bar at 1440 px, with the verdict, the live session and every button showing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.test_editor import from_pattern

pytestmark = pytest.mark.browser


def test_design_name_keeps_its_own_room_next_to_the_save_status_at_1440_px(page: Page) -> None:
    # given a design with a long name, analysed, so the verdict joins the toolbar
    page.set_viewport_size({"width": 1440, "height": 900})
    from_pattern(page, re.escape("Active-active with same-name replication (event loop)"))
    page.get_by_role("button", name="Analyse").click()
    expect(page.locator(".editor-top").get_by_text("Impossible", exact=False)).to_be_visible(timeout=30_000)
    # then the name ends in an ellipsis before the save status starts, with its first words readable
    name = page.locator("h1.breadcrumb-current").bounding_box()
    status = page.locator(".save-status").bounding_box()
    assert name is not None and status is not None
    assert name["x"] + name["width"] <= status["x"], (name, status)
    assert name["width"] >= 80, name
    # and the last control of the bar is still on screen
    logout = page.get_by_role("button", name="Log out").bounding_box()
    assert logout is not None and logout["x"] + logout["width"] <= 1440, logout
