"""Migration 0003: tokens made before named tokens keep working, and their clear keys are gone."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("explorer", "0002_teams_roles_tokens"), ("authtoken", "0004_alter_tokenproxy_options")]
AFTER = [("explorer", "0003_hash_drf_tokens")]


@pytest.mark.django_db(transaction=True)
def test_old_clear_token_becomes_a_digest_that_still_authenticates() -> None:
    # given: the database as it was before, with a DRF token in clear
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="ci-bot")
    key = "0123456789abcdef0123456789abcdef01234567"
    old.get_model("authtoken", "Token").objects.create(key=key, user_id=user.pk)
    # when
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    # then
    from rest_framework.test import APIClient

    from explorer.models import ApiToken

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
    stored = ApiToken.objects.get(user_id=user.pk)
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/auth/me/").json()["username"] == "ci-bot"
