"""/healthz reports the database, Redis and a live Celery worker, and settings guard production."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def _wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


class Worker:
    """A real Celery worker process in its own heartbeat namespace and queue."""

    def __init__(self, instance: str) -> None:
        self.instance = instance
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "KAFKAESQUE_INSTANCE": self.instance, "CELERY_QUEUE": f"health-{self.instance}"}
        self.proc = subprocess.Popen(
            [
                CELERY,
                "-A",
                "explorer",
                "worker",
                "--pool=solo",
                "-Q",
                f"health-{self.instance}",
                "-n",
                f"health-{self.instance}@%h",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@pytest.fixture
def instance() -> Iterator[str]:
    name = f"t{uuid.uuid4().hex[:10]}"
    with override_settings(INSTANCE_NAME=name):
        yield name


def _health(client: Client) -> tuple[int, dict]:
    response = client.get("/healthz")
    return response.status_code, response.json()


@pytest.mark.django_db
@pytest.mark.worker
def test_healthz_follows_the_worker_going_down_and_up(instance: str) -> None:
    # given a running worker
    client = Client()
    worker = Worker(instance)
    worker.start()
    try:
        assert _wait_for(lambda: _health(client)[0] == 200), _health(client)
        body = _health(client)[1]
        assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]
        assert body["checks"]["worker"]["workers"]
        # when the worker stops
        worker.stop()
        # then health answers 503 naming the worker
        assert _wait_for(lambda: _health(client)[0] == 503, timeout=20)
        body = _health(client)[1]
        assert body["failing"] == ["worker"]
        assert "no Celery worker" in body["checks"]["worker"]["error"]
        # when it starts again, health is 200 again
        worker.start()
        assert _wait_for(lambda: _health(client)[0] == 200)
    finally:
        worker.stop()


@pytest.mark.django_db
def test_healthz_names_redis_when_it_does_not_answer(instance: str) -> None:
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
