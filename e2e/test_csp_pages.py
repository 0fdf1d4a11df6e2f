"""The server-rendered pages under the Content Security Policy in Chromium: each loads with the policy
and without a console error (a violation is one), and its main content is drawn."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGES = [
    ("/api/docs/", ".swagger-ui .info"),
    ("/accounts/login/", "form button[type=submit]"),
    ("/accounts/signup/", "form button[type=submit]"),
    ("/accounts/password-reset/", "form button[type=submit]"),
    ("/admin/login/", "#login-form"),
]


@pytest.mark.parametrize(("path", "content"), PAGES)
def test_page_renders_under_the_content_security_policy(page: Page, path: str, content: str) -> None:
    # when
    response = page.goto(path)
    # then (console errors, CSP violations among them, fail the test in the page fixture)
    assert response is not None and response.ok
    assert "script-src 'self'" in (response.header_value("content-security-policy") or "")
    expect(page.locator(content).first).to_be_visible()
