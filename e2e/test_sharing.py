"""Sharing end to end in Chromium: an owner invites an editor, the editor edits, a viewer who joined through
a view link sees but cannot change, and revoking the link locks the viewer out. Every page runs under the
Content Security Policy; a console error (a CSP violation included) fails the test."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from e2e.conftest import ARTIFACTS, login

pytestmark = pytest.mark.browser

PASSWORD = "share-and-enjoy-42"


class People:
    """Browser contexts, one per person, each failing the test on console errors."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser = browser
        self.url = url
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []

    def page(self, who: str) -> Page:
        context = self.browser.new_context(viewport={"width": 1440, "height": 900}, base_url=self.url)
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)

        def on_console(message: ConsoleMessage) -> None:
            # A refused API call is logged by Chromium as a failed resource load; the tests provoke those.
            if message.type == "error" and "Failed to load resource" not in message.text:
                self.errors.append(f"{who}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"{who}: uncaught: {exc}"))
        return page


@pytest.fixture
def people(browser: Browser, server_url: str, request: pytest.FixtureRequest) -> Iterator[People]:
    crowd = People(browser, server_url)
    yield crowd
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for index, context in enumerate(crowd.contexts):
        for page in context.pages:
            page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{index}.png"))
        context.close()
    assert crowd.errors == [], f"console errors: {crowd.errors}"


def sign_up(page: Page, username: str) -> None:
    """Make an account through the sign-up page (signed in afterwards)."""
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name=username)).to_be_visible()


def owner_with_a_design(people: People) -> tuple[Page, str]:
    """The owner (demo), signed in, in the editor of a new design from a pattern; and the design's path."""
    owner = people.page("owner")
    login(owner)
    owner.get_by_role("button", name=re.compile("New design from pattern")).first.click()
    owner.wait_for_url(re.compile(r"/designs/\d+$"))
    owner.locator(".react-flow__node-service").first.wait_for()
    return owner, re.sub(r"^https?://[^/]+", "", owner.url)


def api(page: Page, method: str, path: str, body: Any = None) -> Any:
    """A call from the page's own session (cookie and CSRF token), as the editor makes them."""
    return page.evaluate(
        """async ([method, path, body]) => {
            const csrf = (document.cookie.match(/csrftoken=([^;]+)/) || [])[1] || "";
            const response = await fetch(path, {
                method, credentials: "same-origin",
                headers: {"Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(csrf)},
                body: body === null ? undefined : JSON.stringify(body),
            });
            return {status: response.status, body: await response.json().catch(() => null)};
        }""",
        [method, path, body],
    )


def test_owner_shares_with_an_editor_and_a_viewer_link_that_stops_working_when_revoked(people: People) -> None:
    # given: the owner (demo) with a design from a pattern, and two people with accounts of their own
    owner, design_path = owner_with_a_design(people)
    editor, viewer = people.page("editor"), people.page("viewer")
    sign_up(editor, "erin")
    sign_up(viewer, "vic")

    # when: the owner invites erin as editor and makes a view link
    owner.get_by_role("button", name="Share", exact=True).click()
    dialog = owner.get_by_role("dialog", name="Share")
    dialog.get_by_label("Invite (username or e-mail)").fill("erin@example.com")
    dialog.get_by_label("Role", exact=True).select_option("editor")
    dialog.get_by_role("button", name="Invite").click()
    expect(dialog.get_by_label("Role of erin")).to_have_value("editor")
    dialog.get_by_role("button", name="Make a view link").click()
    link = dialog.get_by_label("New link (copied; shown only now)").input_value()
    assert re.search(r"/share/[A-Za-z0-9_-]+$", link)
    dialog.get_by_role("button", name="Close").click()

    # then: erin opens the design and edits it (a rename, saved as a new revision)
    editor.goto(design_path)
    editor.locator(".react-flow__node-service").first.wait_for()
    expect(editor.locator(".tag", has_text="read-only")).to_have_count(0)
    before = api(editor, "GET", f"/api{design_path}/")["body"]["revision"]
    editor.locator(".react-flow__node-service").first.click()
    name_field = editor.get_by_label("Name", exact=True).first
    name_field.fill("Renamed by erin")
    name_field.press("Tab")
    # autosave
    expect(editor.locator(".save-status")).to_contain_text(f"r{before + 1}")
    expect(editor.locator(".save-status")).to_have_attribute("data-status", "saved")
    # and erin can neither delete it nor manage people
    assert api(editor, "DELETE", f"/api{design_path}/")["status"] == 403
    assert api(editor, "POST", f"/api{design_path}/people/", {"person": "vic", "role": "editor"})["status"] == 403

    # when: vic opens the view link
    viewer.goto(re.sub(r"^https?://[^/]+", "", link))
    viewer.wait_for_url(re.compile(re.escape(design_path) + "$"))
    viewer.locator(".react-flow__node-service").first.wait_for()
    # then: vic sees the design, read-only, and a change is refused
    expect(viewer.locator(".tag", has_text="read-only")).to_be_visible()
    rename = api(viewer, "PATCH", f"/api{design_path}/", {"name": "vic was here", "base_revision": before + 1})
    assert rename["status"] == 403

    # when: the owner revokes the link
    owner.reload()
    owner.get_by_role("button", name="Share", exact=True).click()
    dialog = owner.get_by_role("dialog", name="Share")
    expect(dialog.get_by_text("vic")).to_be_visible()
    dialog.get_by_role("button", name=re.compile(r"Revoke link #\d+")).click()
    expect(dialog.get_by_role("button", name=re.compile(r"Revoke link #\d+"))).to_have_count(0)
    expect(dialog.get_by_text("vic")).to_have_count(0)

    # then: vic can no longer open the design, nor join again with the link
    assert api(viewer, "GET", f"/api{design_path}/")["status"] == 404
    viewer.goto(re.sub(r"^https?://[^/]+", "", link))
    expect(viewer.get_by_role("alert")).to_contain_text("does not work")
    # and erin still edits
    assert api(editor, "GET", f"/api{design_path}/")["body"]["can_edit"] is True


def test_owner_makes_a_design_public_in_the_share_dialog_and_private_again(people: People) -> None:
    # given: the owner (demo) with a design from a pattern, and someone who is not signed in
    owner, design_path = owner_with_a_design(people)
    stranger = people.page("stranger")
    stranger.goto("/")
    assert api(stranger, "GET", f"/api{design_path}/")["status"] == 404
    # the top bar has no visibility switch of its own: it is in the Share dialog
    expect(owner.get_by_role("switch")).to_have_count(0)

    # when: the owner turns "Public" on in the Share dialog
    owner.get_by_role("button", name="Share", exact=True).click()
    dialog = owner.get_by_role("dialog", name="Share")
    public = dialog.get_by_role("switch", name=re.compile("Public"))
    expect(public).not_to_be_checked()
    public.click()
    expect(public).to_be_checked()
    expect(owner.get_by_role("status").filter(has_text="anyone with")).to_have_count(1)
    dialog.get_by_role("button", name="Close").click()

    # then: the Share button says so, and the stranger opens the design read-only
    expect(owner.get_by_role("button", name=re.compile(r"^Share\s*public$"))).to_be_visible()
    stranger.goto(design_path)
    stranger.locator(".react-flow__node-service").first.wait_for()
    expect(stranger.locator(".tag", has_text="read-only")).to_be_visible()

    # when: the owner turns it off again (after a reload: the setting is the server's)
    owner.reload()
    owner.get_by_role("button", name=re.compile(r"^Share")).click()
    public = owner.get_by_role("dialog", name="Share").get_by_role("switch", name=re.compile("Public"))
    expect(public).to_be_checked()
    public.click()
    expect(public).not_to_be_checked()

    # then: the stranger can no longer read it
    assert api(stranger, "GET", f"/api{design_path}/")["status"] == 404
    expect(owner.get_by_role("button", name="Share", exact=True)).to_be_visible()
