"""Accounts: session login/logout with CSRF, who-am-I, token create and revoke, the demo user."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from explorer.models import ApiToken, SignInAttempt
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
    assert response.json() == {"authenticated": False, "id": None, "username": None, "signup_enabled": True}
    assert "csrftoken" in response.cookies


@pytest.mark.django_db
@override_settings(SIGNUP_ENABLED=False)
def test_auth_me_tells_the_login_page_that_sign_up_is_off() -> None:
    # given a private install that takes no new accounts
    # when the login page asks who is signed in
    response = APIClient().get("/api/auth/me/")
    # then it learns that, so it offers no sign-up link
    assert response.json()["signup_enabled"] is False
    assert APIClient().get("/accounts/signup/").status_code == 404


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
    # then: every call makes a new named token (a hashed store cannot hand the same key out again)
    assert created.status_code == 201 and again.status_code == 201 and again.json()["token"] != key
    assert design.status_code == 201 and design.json()["owner"] == "bot"
    assert revoked.status_code == 204
    assert after.status_code == 401
    # only the token used was revoked; the second one still works
    tooling.credentials(HTTP_AUTHORIZATION=f"Token {again.json()['token']}")
    assert tooling.get("/api/auth/me/").json()["username"] == "bot"


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


@pytest.mark.django_db
def test_api_tokens_are_named_listed_with_use_times_and_revoked_one_by_one() -> None:
    # given
    user = make_user("carol")
    owner = APIClient()
    owner.force_authenticate(user)
    # when
    ci = owner.post("/api/auth/tokens/", {"name": "CI"}, format="json").json()
    laptop = owner.post("/api/auth/tokens/", {"name": "laptop"}, format="json").json()
    script = APIClient()
    script.credentials(HTTP_AUTHORIZATION=f"Token {ci['token']}")
    used = script.get("/api/auth/me/")
    listed = owner.get("/api/auth/tokens/").json()
    revoked = owner.delete(f"/api/auth/tokens/{ci['id']}/")
    after = script.get("/api/designs/?scope=mine")
    # then
    assert used.json()["username"] == "carol"
    assert [(t["name"], t["last_used_at"] is not None) for t in listed] == [("laptop", False), ("CI", True)]
    assert all("token" not in t for t in listed)
    assert revoked.status_code == 204
    assert after.status_code == 401
    assert [t["name"] for t in owner.get("/api/auth/tokens/").json()] == ["laptop"]
    assert laptop["token"].startswith("kq_")


@pytest.mark.django_db
def test_api_token_table_holds_only_a_digest_of_the_key() -> None:
    # given
    client = APIClient()
    client.force_authenticate(make_user("dave"))
    key = client.post("/api/auth/tokens/", {"name": "CI"}, format="json").json()["token"]
    # when: read the table as stored, every column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")
        rows = cursor.fetchall()
    # then
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0])
    assert key not in stored
    assert key.split("_", 2)[2] not in stored
    assert hashlib.sha256(key.encode()).hexdigest() in stored


@pytest.mark.django_db
def test_api_token_of_another_user_cannot_be_revoked() -> None:
    # given
    alice, mallory = APIClient(), APIClient()
    alice.force_authenticate(make_user("alice"))
    mallory.force_authenticate(make_user("mallory"))
    token = alice.post("/api/auth/tokens/", {"name": "CI"}, format="json").json()
    # when
    response = mallory.delete(f"/api/auth/tokens/{token['id']}/")
    # then
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token["id"]).exists()


def _sign_in(client: APIClient, csrf: str, username: str, password: str, address: str) -> object:
    return client.post(
        "/api/auth/login/",
        {"username": username, "password": password},
        format="json",
        HTTP_X_CSRFTOKEN=csrf,
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
@override_settings(THROTTLE_ACCOUNT_FAILURES=3, THROTTLE_ADDRESS_FAILURES=5, THROTTLE_WINDOW_SECONDS=600)
def test_sign_in_brute_force_is_throttled_per_account_then_per_address() -> None:
    # given
    make_user("alice", "correct horse")
    make_user("bob", "battery staple")
    client, csrf = browser()
    # when: three wrong passwords for alice, then a fourth try (even with the right password)
    wrong = [_sign_in(client, csrf, "alice", f"guess-{n}", "203.0.113.7") for n in range(3)]
    fourth = _sign_in(client, csrf, "alice", "correct horse", "203.0.113.7")
    elsewhere = _sign_in(client, csrf, "alice", "correct horse", "198.51.100.1")
    # then: the account is refused from every address, with Retry-After
    assert [r.status_code for r in wrong] == [401, 401, 401]
    assert fourth.status_code == 429 and elsewhere.status_code == 429
    assert 0 < int(fourth["Retry-After"]) <= 600
    assert fourth.json()["error"]["details"]["scope"] == "account"
    # when: another account from the same address is still served until the address limit (5 failures)
    bob_wrong = [_sign_in(client, csrf, "bob", f"guess-{n}", "203.0.113.7") for n in range(2)]
    bob_next = _sign_in(client, csrf, "bob", "battery staple", "203.0.113.7")
    # then
    assert [r.status_code for r in bob_wrong] == [401, 401]
    assert bob_next.status_code == 429
    assert bob_next.json()["error"]["details"]["scope"] == "address"
    # and bob from another address is fine
    assert _sign_in(client, csrf, "bob", "battery staple", "198.51.100.1").status_code == 200


@pytest.mark.django_db
@override_settings(THROTTLE_ACCOUNT_FAILURES=2, THROTTLE_ADDRESS_FAILURES=50)
def test_token_endpoint_shares_the_sign_in_throttle() -> None:
    # given
    make_user("bot", "s3cret-pass")
    tooling = APIClient()
    # when
    statuses = [
        tooling.post("/api/auth/token/", {"username": "bot", "password": "guess"}, format="json").status_code
        for _ in range(3)
    ]
    # then
    assert statuses == [401, 401, 429]


@pytest.mark.django_db
@override_settings(SIGNIN_ATTEMPT_RETENTION_DAYS=1, THROTTLE_WINDOW_SECONDS=600)
def test_sign_in_attempts_older_than_the_retention_are_deleted() -> None:
    # given: an attempt from two days ago
    old = SignInAttempt.objects.create(kind="password", account="alice", address="203.0.113.7", succeeded=False)
    SignInAttempt.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    make_user("alice", "correct horse")
    # when
    APIClient().post("/api/auth/token/", {"username": "alice", "password": "wrong"}, format="json")
    # then: only the new attempt is kept
    assert list(SignInAttempt.objects.values_list("account", "succeeded")) == [("alice", False)]
    assert not SignInAttempt.objects.filter(pk=old.pk).exists()
