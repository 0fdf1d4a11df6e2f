"""/healthz reports the database, Redis and a live Celery worker, and settings guard production."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client, override_settings

from explorer.tests.conftest import LiveWorker, wait_until

ROOT = Path(__file__).resolve().parents[2]


def _health(client: Client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.json()


@pytest.mark.worker
def test_healthz_follows_the_worker_going_down_and_up(celery_worker_factory: Callable[..., LiveWorker]) -> None:
    # given a running worker (in this test's own heartbeat namespace)
    client = Client()
    worker = celery_worker_factory()
    assert wait_until(lambda: _health(client)[0] == 200), _health(client)
    body = _health(client)[1]
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]
    assert body["checks"]["worker"]["workers"] == [worker.hostname]
    # when the worker stops
    worker.terminate()
    # then health answers 503 naming the worker
    assert wait_until(lambda: _health(client)[0] == 503, timeout=20)
    body = _health(client)[1]
    assert body["failing"] == ["worker"]
    assert "no Celery worker" in body["checks"]["worker"]["error"]
    # when a worker starts again, health is 200 again
    celery_worker_factory(name="again")
    assert wait_until(lambda: _health(client)[0] == 200)


@pytest.mark.django_db
def test_healthz_names_redis_when_it_does_not_answer(job_queue: str) -> None:
    # given a Redis URL where nothing listens
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        # when
        status, body = _health(Client())
    # then
    assert status == 503
    assert body["failing"] == ["redis", "worker"]
    assert "127.0.0.1:1" in body["checks"]["redis"]["error"]
    assert body["checks"]["database"]["ok"] is True


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_default_secret() -> None:
    # when DEBUG is off and no SECRET_KEY is given
    result = _manage("check", DEBUG="0")
    # then Django does not start
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_check_deploy() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + uuid.uuid4().hex + uuid.uuid4().hex,
        ALLOWED_HOSTS="kafkaesque.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
