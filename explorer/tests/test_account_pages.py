"""Account pages: sign up (and its switch), sign in with throttles, password change and reset by mail,
the profile's API tokens, and the Content Security Policy on every HTML page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from explorer.models import ApiToken

STRONG = "kafka-rebalance-87"


@pytest.mark.django_db
def test_signup_makes_an_account_and_signs_in() -> None:
    # given
    client = Client()
    # when
    response = client.post(
        "/accounts/signup/",
        {"username": "erin", "email": "erin@example.com", "password1": STRONG, "password2": STRONG},
    )
    # then
    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert client.get("/api/auth/me/").json()["username"] == "erin"


@pytest.mark.django_db
def test_signup_applies_the_password_validators() -> None:
    # when
    response = Client().post(
        "/accounts/signup/",
        {"username": "erin", "email": "erin@example.com", "password1": "12345678", "password2": "12345678"},
    )
    # then
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    assert not get_user_model().objects.filter(username="erin").exists()


@pytest.mark.django_db
@override_settings(SIGNUP_ENABLED=False)
def test_signup_can_be_turned_off() -> None:
    # when
    page = Client().get("/accounts/signup/")
    login = Client().get("/accounts/login/")
    # then
    assert page.status_code == 404
    assert "/accounts/signup/" not in login.content.decode()


@pytest.mark.django_db
@override_settings(THROTTLE_ACCOUNT_FAILURES=2)
def test_sign_in_page_is_throttled_with_retry_after() -> None:
    # given
    get_user_model().objects.create_user("frank", password=STRONG)
    client = Client()
    # when
    tries = [client.post("/accounts/login/", {"username": "frank", "password": "wrong"}) for _ in range(2)]
    refused = client.post("/accounts/login/", {"username": "frank", "password": STRONG})
    # then
    assert [t.status_code for t in tries] == [200, 200]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert client.get("/api/auth/me/").json()["authenticated"] is False


@pytest.mark.django_db
def test_password_reset_mails_a_link_that_sets_a_new_password() -> None:
    # given
    get_user_model().objects.create_user("gina", email="gina@example.com", password=STRONG)
    client = Client()
    # when
    sent = client.post("/accounts/password-reset/", {"email": "gina@example.com"})
    link = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    assert link is not None
    form = client.get(link.group(1), follow=True)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-new-long-secret-9", "new_password2": "a-new-long-secret-9"}
    )
    # then
    assert sent.status_code == 302
    assert mail.outbox[0].to == ["gina@example.com"]
    assert done.status_code == 302
    assert get_user_model().objects.get(username="gina").check_password("a-new-long-secret-9")


@pytest.mark.django_db
@override_settings(THROTTLE_RESET_PER_ACCOUNT=2)
def test_password_reset_is_throttled_per_address_book_entry() -> None:
    # given
    get_user_model().objects.create_user("gina", email="gina@example.com", password=STRONG)
    client = Client()
    # when
    statuses = [client.post("/accounts/password-reset/", {"email": "gina@example.com"}).status_code for _ in range(3)]
    # then
    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_password_change_needs_the_old_password() -> None:
    # given
    user = get_user_model().objects.create_user("hal", password=STRONG)
    client = Client()
    client.force_login(user)
    # when
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "x", "new_password1": "n3w-pass-phrase", "new_password2": "n3w-pass-phrase"},
    )
    right = client.post(
        "/accounts/password/",
        {"old_password": STRONG, "new_password1": "n3w-pass-phrase", "new_password2": "n3w-pass-phrase"},
    )
    # then
    assert wrong.status_code == 200
    assert right.status_code == 302
    user.refresh_from_db()
    assert user.check_password("n3w-pass-phrase")


@pytest.mark.django_db
def test_profile_lists_tokens_and_shows_a_new_one_once() -> None:
    # given
    user = get_user_model().objects.create_user("ivy")
    client = Client()
    client.force_login(user)
    # when
    made = client.post("/accounts/tokens/", {"name": "CI"})
    key = re.search(r'data-testid="new-token">([^<]+)<', made.content.decode())
    later = client.get("/accounts/profile/").content.decode()
    token = ApiToken.objects.get(user=user)
    revoked = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    # then
    assert key is not None and key.group(1).startswith("kq_")
    assert "CI" in later and key.group(1) not in later and f"kq_{token.prefix}" in later
    assert revoked.status_code == 302 and not ApiToken.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_profile_needs_a_signed_in_user() -> None:
    response = Client().get("/accounts/profile/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


HTML_PAGES = [
    "/",
    "/designs/1",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password-reset/",
    "/api/docs/",
    "/admin/login/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", HTML_PAGES)
def test_every_html_page_has_a_csp_without_inline_script(path: str) -> None:
    # when
    response = Client().get(path)
    # then
    assert response["Content-Type"].startswith("text/html")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives.get("default-src", "")
    html = response.content.decode()
    inline = [tag for tag in re.findall(r"<script\b[^>]*>", html) if "src=" not in tag]
    assert inline == [], inline
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


@pytest.mark.django_db
def test_profile_page_has_the_csp_too() -> None:
    client = Client()
    client.force_login(get_user_model().objects.create_user("jo"))
    assert "script-src 'self'" in client.get("/accounts/profile/")["Content-Security-Policy"]
