"""The single-page app's login page offers sign-up only where the install takes new accounts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_login_page_offers_sign_up_when_the_install_takes_accounts(page: Page) -> None:
    # given the test stack, which keeps SIGNUP_ENABLED at its default (on)
    page.goto("/login")
    # when the visitor follows the sign-up link under the form
    link = page.get_by_role("link", name="Make an account")
    expect(link).to_be_visible()
    link.click()
    # then the server's sign-up form opens
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    expect(page.locator("form button[type=submit]").first).to_be_visible()
