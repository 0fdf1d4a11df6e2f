"""Accessibility of every page and state a person reaches, scanned by axe-core in Chromium (WCAG 2.2 A/AA).

A test walks through a group of states, scans each, and fails at the end with every serious or critical
violation found on the way; moderate and minor ones are printed (``pytest -s`` shows them).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.axe import Scans
from e2e.conftest import login
from e2e.test_editor import from_pattern, new_design

pytestmark = pytest.mark.browser

LOOP_PATTERN = re.escape("Active-active with same-name replication (event loop)")
NO_LOOP_PATTERN = re.escape("Active-active with remote topics (no loop)")
# Six nodes and eighteen flows, three of them from each Kafka cluster to itself (streams jobs).
MANY_FLOWS_PATTERN = re.escape("Peer-to-peer clusters aggregating each other's events")


def test_pages_outside_the_editor_have_no_serious_violations(page: Page) -> None:
    scans = Scans(page)
    # anonymous, in both themes (the dark one follows the system's preference)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto("/")
        expect(page.locator("html")).to_have_attribute("data-theme", scheme)
        expect(page.locator(".pattern-card").first).to_be_visible()
        scans.scan(f"home, anonymous, {scheme}")
        page.goto("/catalog")
        expect(page.get_by_role("heading", name="Integration matrix")).to_be_visible()
        scans.scan(f"catalog, {scheme}")
        page.goto("/login")
        expect(page.get_by_role("heading", name="Log in")).to_be_visible()
        scans.scan(f"login, {scheme}")
    page.emulate_media(color_scheme="light")
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password-reset/"):
            page.goto(path)
            expect(page.locator("form button[type=submit]").first).to_be_visible()
            scans.scan(f"accounts {path}, {scheme}")
    page.emulate_media(color_scheme="light")
    # signed in
    login(page)
    page.goto("/")
    expect(page.get_by_role("region", name="My designs")).to_be_visible()
    expect(page.locator(".pattern-card").first).to_be_visible()
    scans.scan("home, signed in")
    page.goto("/accounts/profile/")
    expect(page.locator("form button[type=submit]").first).to_be_visible()
    scans.scan("accounts profile")
    scans.check()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_editor_states_have_no_serious_violations(page: Page, scheme: str) -> None:
    scans = Scans(page, suffix=scheme)
    page.emulate_media(color_scheme=scheme)  # the theme follows the system until one is chosen
    # an empty design, and the help
    new_design(page)
    scans.scan("editor, empty")
    page.get_by_role("button", name="Keyboard shortcuts").click()
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    scans.scan("help dialog")
    page.keyboard.press("Escape")
    # a pattern with its loop, analysed: the findings panel open
    from_pattern(page, LOOP_PATTERN)
    scans.scan("editor, pattern")
    page.get_by_role("button", name="Analyse").click()
    expect(page.locator(".finding[data-code='event-loop']")).to_be_visible(timeout=30_000)
    scans.scan("findings panel open")
    # a possible pattern: generate, export, share, what if, a revision compared
    from_pattern(page, NO_LOOP_PATTERN)
    page.get_by_role("button", name="Generate").click()
    expect(page.get_by_role("dialog", name="Bundle ready")).to_be_visible(timeout=60_000)
    scans.scan("generate dialog")
    page.keyboard.press("Escape")
    page.get_by_role("button", name=re.compile("^Export")).click()
    expect(page.get_by_role("menu", name="Export formats")).to_be_visible()
    scans.scan("export menu")
    page.get_by_role("menuitem", name=re.compile("SVG image")).click()
    expect(page.get_by_role("dialog", name=re.compile("^Export"))).to_be_visible()
    scans.scan("export dialog")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Share", exact=True).click()
    share = page.get_by_role("dialog", name="Share")
    expect(share).to_be_visible()
    expect(share.get_by_role("list", name="People with access")).to_be_visible()
    scans.scan("share dialog")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="What if").click()
    expect(page.get_by_role("complementary", name="What if")).to_be_visible()
    scans.scan("what-if panel")
    page.get_by_role("button", name="What if").click()
    page.locator(".react-flow__pane").click(position={"x": 20, "y": 20})
    page.get_by_label("Description").fill("Checked for accessibility")
    page.keyboard.press("Control+s")
    expect(page.locator(".save-status")).to_contain_text(re.compile(r"\br([2-9]|[1-9][0-9]+)\b"))
    page.get_by_role("button", name="History").click()
    page.get_by_role("button", name=re.compile(r"^Compare r1\b")).click()
    expect(page.locator(".banner-compare")).to_contain_text("Comparing r1")
    scans.scan("revision diff")
    scans.check()


def wait_until_the_view_rests(page: Page) -> None:
    """Until the canvas stops moving (a fit animates for 300 ms) and its flow labels stay put for a frame."""
    page.wait_for_function(
        """() => new Promise((resolve) => {
            const where = () => [...document.querySelectorAll('.react-flow__viewport, .edge-label')]
                .map((e) => e.getAttribute('style')).join('|');
            const before = where();
            requestAnimationFrame(() => requestAnimationFrame(() =>
                resolve(!document.querySelector('.canvas.moving') && where() === before)));
        })""",
        polling=100,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_editor_after_automatic_layout_has_no_serious_violations(page: Page, scheme: str) -> None:
    scans = Scans(page, suffix=scheme)
    page.emulate_media(color_scheme=scheme)
    # given the pattern with the most flows, several between the same two nodes
    from_pattern(page, MANY_FLOWS_PATTERN)
    expect(page.locator(".react-flow__edge")).to_have_count(18)
    wait_until_the_view_rests(page)
    scans.scan("editor, many flows")
    # when it is laid out automatically (where two flow labels used to land on one spot: WCAG 2.5.8)
    page.locator(".react-flow__pane").click(position={"x": 20, "y": 20})
    page.keyboard.press("Shift+L")
    expect(page.get_by_text("Laid out automatically")).to_be_visible()
    wait_until_the_view_rests(page)
    # then the flows still show their mechanisms, and nothing a person can point at lies on another target
    expect(page.locator(".edge-label").first).to_be_visible()
    scans.scan("editor, many flows laid out automatically")
    scans.check()


@pytest.mark.refused_requests
def test_conflict_dialog_has_no_serious_violations(page: Page) -> None:
    scans = Scans(page)
    # given an editor without its live session (in one, the server merges and saves: no conflict arises)
    page.route_web_socket(re.compile(r"/ws/designs/\d+/live/"), lambda socket: socket.close())
    from_pattern(page, LOOP_PATTERN)
    # and someone else saves a newer revision behind the editor's back
    page.evaluate(
        """async () => {
            const id = location.pathname.split("/")[2];
            const csrf = decodeURIComponent(document.cookie.match(/csrftoken=([^;]+)/)[1]);
            const record = await (await fetch(`/api/designs/${id}/`)).json();
            const changed = { ...record.document, description: "changed elsewhere" };
            const answer = await fetch(`/api/designs/${id}/`, {
                method: "PUT",
                headers: {
                    "Content-Type": "application/json", "X-CSRFToken": csrf, "If-Match": `"r${record.revision}"`,
                },
                body: JSON.stringify({ document: changed }),
            });
            if (!answer.ok) throw new Error(`save elsewhere: ${answer.status}`);
        }"""
    )
    # when the editor saves a change of its own
    page.locator(".react-flow__pane").click(position={"x": 20, "y": 20})
    page.keyboard.press("Shift+L")
    page.keyboard.press("Control+s")
    expect(page.get_by_role("dialog", name="Someone saved a newer revision")).to_be_visible()
    scans.scan("conflict dialog")
    scans.check()
