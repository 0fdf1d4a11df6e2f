"""Accounts: session login/logout with CSRF, who-am-I, token create and revoke, the demo user."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from explorer.tests.designs.support import document, make_user


def browser() -> tuple[APIClient, str]:
    """A client that enforces CSRF like a browser, with the token from the cookie set by /me/."""
    client = APIClient(enforce_csrf_checks=True)
    response = client.get("/api/auth/me/")
    return client, response.cookies["csrftoken"].value


@pytest.mark.django_db
def test_auth_me_for_anonymous_says_not_signed_in_and_sets_csrf_cookie() -> None:
    # when
    response = APIClient().get("/api/auth/me/")
    # then
    assert response.status_code == 200
    assert response.json() == {"authenticated": False, "id": None, "username": None}
    assert "csrftoken" in response.cookies


@pytest.mark.django_db
def test_auth_login_with_csrf_starts_a_session_that_can_create_designs() -> None:
    # given
    make_user("alice", "correct horse")
    client, csrf = browser()
    # when
    login = client.post(
        "/api/auth/login/", {"username": "alice", "password": "correct horse"}, format="json", HTTP_X_CSRFTOKEN=csrf
    )
    csrf = client.cookies["csrftoken"].value  # login rotates the token
    me = client.get("/api/auth/me/")
    created = client.post("/api/designs/", {"document": document()}, format="json", HTTP_X_CSRFTOKEN=csrf)
    # then
    assert login.status_code == 200 and login.json()["username"] == "alice"
    assert me.json()["authenticated"] is True
    assert created.status_code == 201


@pytest.mark.django_db
def test_auth_session_writes_without_csrf_token_are_refused() -> None:
    # given
    make_user("alice", "correct horse")
    client, csrf = browser()
    # when
    login_without = client.post("/api/auth/login/", {"username": "alice", "password": "correct horse"}, format="json")
    client.post(
        "/api/auth/login/", {"username": "alice", "password": "correct horse"}, format="json", HTTP_X_CSRFTOKEN=csrf
    )
    create_without = client.post("/api/designs/", {"document": document()}, format="json")
    # then
    assert login_without.status_code == 403 and login_without.json()["error"]["code"] == "csrf-failed"
    assert create_without.status_code == 403
    assert "CSRF" in create_without.json()["error"]["message"]


@pytest.mark.django_db
def test_auth_login_with_wrong_password_is_refused() -> None:
    # given
    make_user("alice", "correct horse")
    client, csrf = browser()
    # when
    response = client.post(
        "/api/auth/login/", {"username": "alice", "password": "nope"}, format="json", HTTP_X_CSRFTOKEN=csrf
    )
    # then
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid-credentials"
    assert client.get("/api/auth/me/").json()["authenticated"] is False


@pytest.mark.django_db
def test_auth_logout_ends_the_session() -> None:
    # given
    make_user("alice", "correct horse")
    client, csrf = browser()
    client.post(
        "/api/auth/login/", {"username": "alice", "password": "correct horse"}, format="json", HTTP_X_CSRFTOKEN=csrf
    )
    csrf = client.cookies["csrftoken"].value
    # when
    response = client.post("/api/auth/logout/", HTTP_X_CSRFTOKEN=csrf)
    # then
    assert response.status_code == 204
    assert client.get("/api/auth/me/").json()["authenticated"] is False


@pytest.mark.django_db
def test_auth_token_create_use_and_revoke() -> None:
    # given
    make_user("bot", "s3cret-pass")
    tooling = APIClient()
    # when
    created = tooling.post("/api/auth/token/", {"username": "bot", "password": "s3cret-pass"}, format="json")
    again = tooling.post("/api/auth/token/", {"username": "bot", "password": "s3cret-pass"}, format="json")
    key = created.json()["token"]
    tooling.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    design = tooling.post("/api/designs/", {"document": document()}, format="json")
    revoked = tooling.delete("/api/auth/token/")
    after = tooling.post("/api/designs/", {"document": document()}, format="json")
    # then
    assert created.status_code == 201 and again.status_code == 200 and again.json()["token"] == key
    assert design.status_code == 201 and design.json()["owner"] == "bot"
    assert revoked.status_code == 204
    assert not Token.objects.filter(key=key).exists()
    assert after.status_code == 401


@pytest.mark.django_db
def test_auth_token_refuses_bad_credentials_and_anonymous_revoke() -> None:
    # given
    make_user("bot", "s3cret-pass")
    # when
    wrong = APIClient().post("/api/auth/token/", {"username": "bot", "password": "guess"}, format="json")
    half = APIClient().post("/api/auth/token/", {"username": "bot"}, format="json")
    nobody = APIClient().post("/api/auth/token/", {}, format="json")
    revoke = APIClient().delete("/api/auth/token/")
    # then
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid-credentials"
    assert wrong["WWW-Authenticate"] == "Token"
    assert half.status_code == 400
    assert nobody.status_code == 401
    assert revoke.status_code == 401


@pytest.mark.django_db
def test_ensure_demo_user_creates_once_and_prints_the_login() -> None:
    # given
    first, second = StringIO(), StringIO()
    # when
    call_command("ensure_demo_user", stdout=first)
    call_command("ensure_demo_user", stdout=second)
    # then
    user = get_user_model().objects.get(username="demo")
    assert user.check_password("kafkaesque-demo")
    assert "demo / kafkaesque-demo" in first.getvalue() and "Created" in first.getvalue()
    assert "exists" in second.getvalue()
    assert get_user_model().objects.filter(username="demo").count() == 1
