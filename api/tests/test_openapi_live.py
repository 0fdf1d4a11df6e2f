"""Schemathesis against a live server: the OpenAPI schema says what the server does.

A real ``gunicorn`` serves the app on a free loopback port, with its own SQLite database and job queue
(no worker: queued jobs simply wait). A test user with a token owns nothing at first; schemathesis
reads ``/api/schema/`` from the server and runs every phase (examples, coverage, fuzzing, stateful -
the OpenAPI links lead it from a created design to its revisions, exports, analyses and jobs) with
every check, and the run must end with no failure. ``FUZZ_LIVE_MAX_EXAMPLES`` raises the examples
per operation for a deeper hunt (the default keeps the run within a few minutes on two cores) and
``FUZZ_LIVE_SEED`` draws other cases (the default seed makes the run repeatable).

Checks and configuration are in ``api/tests/live_fuzz/``: ``schemathesis.toml`` and ``hooks.py``.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CONFIG_DIR = Path(__file__).resolve().parent / "live_fuzz"
START_TIMEOUT = 60.0

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class ServedApp:
    """A running server: its base URL and a token for the test user."""

    url: str
    token: str
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    """Migrate a fresh database, make a user with a token, and serve the app with gunicorn (production settings)."""
    home = tmp_path_factory.mktemp("live")
    instance = f"live{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "explorer.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(home / "static"),
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "KAFKAESQUE_VAR_DIR": str(home),
        "KAFKAESQUE_INSTANCE": instance,
        "CELERY_QUEUE": f"kafkaesque-{instance}",
    }
    _manage(env, "migrate", "--noinput")
    token = _manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; from explorer.services.tokens import token_create; "
        "user = get_user_model().objects.create_user('fuzzer', password='fuzzer-password-1'); "
        "print(token_create(user=user, name='fuzz')[1])",
    ).split()[-1]  # the shell may print a banner first
    port = _free_port()
    log = home / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "explorer.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert server.poll() is None, f"the server exited:\n{log.read_text()}"
            with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/api/schema/", timeout=5):
                break
            assert time.monotonic() < deadline, f"the server did not answer within {START_TIMEOUT} s"
            time.sleep(0.2)
        yield ServedApp(url=url, token=token, log=log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(env.get("REDIS_URL", "redis://127.0.0.1:6379/0")).delete(env["CELERY_QUEUE"])


def test_openapi_schema_matches_the_live_server(served_app: ServedApp, tmp_path: Path) -> None:
    # given a live server and a token of a user
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCHEMATHESIS_HOOKS": "api.tests.live_fuzz.hooks",
        "FUZZ_LIVE_MAX_EXAMPLES": os.environ.get("FUZZ_LIVE_MAX_EXAMPLES", "10"),
    }
    output = tmp_path / "schemathesis.txt"
    # when schemathesis runs every phase with every check against it
    done = subprocess.run(
        [
            str(BIN / "schemathesis"),
            "--config-file",
            str(CONFIG_DIR / "schemathesis.toml"),
            "run",
            f"{served_app.url}/api/schema/",
            "--header",
            f"Authorization: Token {served_app.token}",
            "--max-examples",
            env["FUZZ_LIVE_MAX_EXAMPLES"],
            "--seed",
            os.environ.get("FUZZ_LIVE_SEED", "14"),
        ],
        cwd=tmp_path,  # schemathesis keeps its state in the working directory
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output.write_text(done.stdout + done.stderr)
    # then it finds nothing
    print(done.stdout[-3000:])
    assert done.returncode == 0, f"{done.stdout[-20000:]}\n{done.stderr[-5000:]}\nfull output: {output}"
    # and every selected operation was tested, stateful scenarios included
    selected = re.search(r"Selected: (\d+)/(\d+)", done.stdout)
    tested = re.search(r"Tested: (\d+)", done.stdout)
    assert selected and tested and tested.group(1) == selected.group(1), done.stdout[-3000:]
    assert re.search(r"Stateful.*\n\s+Scenarios:\s+[1-9]", done.stdout), done.stdout[-3000:]
