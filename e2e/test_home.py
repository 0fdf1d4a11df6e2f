"""The home page in Chromium: every one of a person's designs, a page at a time, searched and sorted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import login

pytestmark = pytest.mark.browser


def make_designs(page: Page, names: list[str]) -> None:
    """Create designs through the API, as the signed-in page (its session and CSRF cookie)."""
    page.evaluate(
        """async (names) => {
            const csrf = decodeURIComponent(document.cookie.match(/csrftoken=([^;]+)/)[1]);
            for (const name of names) {
                const answer = await fetch("/api/designs/", {
                    method: "POST",
                    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
                    body: JSON.stringify({ name }),
                });
                if (!answer.ok) throw new Error(`create ${name}: ${answer.status}`);
            }
        }""",
        names,
    )


def test_home_lists_every_design_with_show_more_sort_and_search(page: Page) -> None:
    # given 55 designs of the demo user, more than one page of the API (50)
    login(page)
    make_designs(page, [f"Paged design {n:02d}" for n in range(54)] + ["Zebra crossing"])
    page.goto("/")
    mine = page.get_by_role("region", name="My designs")
    # then the first page shows, the newest first, and says how many there are in all
    expect(mine.locator(".design-row").first).to_contain_text("Zebra crossing")
    expect(mine.get_by_role("status")).to_contain_text("Showing 50 of")
    # when "Show more" is pressed, the rest arrive below
    mine.get_by_role("button", name="Show more").click()
    expect(mine.get_by_text("Paged design 00")).to_be_visible()
    expect(mine.get_by_role("button", name="Show more")).to_have_count(0)
    count = mine.locator(".design-row").count()
    expect(mine.get_by_role("status")).to_have_text(f"{count} designs")
    # when sorted by name, Z to A
    mine.get_by_label("Sort").select_option("-name")
    expect(mine.locator(".design-row").first).to_contain_text("Zebra crossing")
    # when sorted A to Z, the designs named "Paged…" come before "Zebra…"
    mine.get_by_label("Sort").select_option("name")
    expect(mine.locator(".design-row").first).not_to_contain_text("Zebra crossing")
    # when searched
    page.get_by_role("searchbox", name="Search designs by name").fill("zebra")
    expect(mine.locator(".design-row")).to_have_count(1)
    expect(mine.locator(".design-row")).to_contain_text("Zebra crossing")
    # and a search that matches nothing says so
    page.get_by_role("searchbox", name="Search designs by name").fill("no such design anywhere")
    expect(mine).to_contain_text("No design is named like")
