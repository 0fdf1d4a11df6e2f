"""Shared fixtures for Django-side tests: isolated job queues and a live Celery worker.

Live worker
-----------
``celery_worker_factory`` starts real ``celery -A explorer worker`` subprocesses (``--pool=solo`` unless
``pool="prefork"`` is asked for: then one pool process runs the jobs, see ``LiveWorker.pool_pids``) that share
the test database and Redis with the test, in their own namespace:

- database: the worker gets ``DATABASE_URL`` pointing at the test database (the per-process SQLite
  file from ``DATABASES["default"]["TEST"]["NAME"]``, or the PostgreSQL test database when
  ``DATABASE_URL`` names PostgreSQL). The fixture needs ``transactional_db``, so rows the test writes
  are committed and visible to the worker, and rows the worker writes are visible to the test;
- queue: a unique ``CELERY_QUEUE``; the test's ``settings.CELERY_TASK_DEFAULT_QUEUE`` is switched to it,
  so jobs submitted by the test go to this worker and no other worker steals them;
- heartbeats: a unique ``KAFKAESQUE_INSTANCE`` (``settings.INSTANCE_NAME`` in the test), so the reaper
  and ``/healthz`` only see this test's workers;
- readiness: ``start()`` returns once the worker's heartbeat key exists in Redis (no sleeping);
- teardown: every worker started is killed and the queue deleted.

Usage from another test package (fixtures are plain functions, so importing them registers them)::

    from explorer.tests.conftest import celery_worker_factory, live_worker, job_queue  # noqa: F401

    @pytest.mark.worker
    def test_bundle_job(live_worker): ...

    def test_worker_death(celery_worker_factory):
        first = celery_worker_factory(env={"JOB_STALE_SECONDS": "3"})
        first.kill()                       # SIGKILL
        second = celery_worker_factory(name="second")

``env`` adds environment variables for the worker (for instance ``JOB_STALE_SECONDS``,
``WORKER_HEARTBEAT_TTL``, or ``KAFKAESQUE_JOB_HANDLER_MODULES`` to load test-only job kinds). Each
worker logs to ``<tmp_path>/<name>.log``; ``worker.log()`` returns it for assertion messages.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
READY_TIMEOUT = 60.0


def wait_until(predicate: Callable[[], Any], *, timeout: float = 30.0, interval: float = 0.05) -> Any:
    """Poll ``predicate`` until it returns something truthy (returned) or ``timeout`` passes (None).

    For state that lives in another process (a row the worker writes) polling is the only way to observe it.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            return None
        time.sleep(interval)


def _database_url() -> str:
    """A URL for the test database as the test process sees it (after pytest-django created it)."""
    from django.db import connection

    settings_dict = connection.settings_dict
    engine = settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    if "postgresql" in engine:
        user = quote(settings_dict.get("USER") or "")
        password = settings_dict.get("PASSWORD") or ""
        auth = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
        host = settings_dict.get("HOST") or "127.0.0.1"
        port = settings_dict.get("PORT") or "5432"
        return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"
    raise RuntimeError(f"the live worker fixture does not know how to share a {engine} database")


@dataclass
class LiveWorker:
    """One Celery worker subprocess (see the module docstring)."""

    name: str
    queue: str
    instance: str
    env: dict[str, str]
    log_path: Path
    pool: str = "solo"
    process: subprocess.Popen[bytes] | None = None
    hostname: str = ""
    _log: Any = field(default=None, repr=False)

    def start(self) -> LiveWorker:
        """Start the process and wait for its heartbeat in Redis."""
        from explorer import heartbeat

        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "explorer",
                "worker",
                f"--pool={self.pool}",
                "--concurrency=1",
                "-Q",
                self.queue,
                "-n",
                f"{self.name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        prefix = f"{self.name}@"

        def ready() -> str | None:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited with {self.process.returncode}:\n{self.log()}")
            return next((worker for worker in heartbeat.live_workers() if worker.startswith(prefix)), None)

        found = wait_until(ready, timeout=READY_TIMEOUT, interval=0.1)
        if not found:
            self.terminate()
            raise RuntimeError(f"worker {self.name} sent no heartbeat within {READY_TIMEOUT} s:\n{self.log()}")
        self.hostname = found
        return self

    @property
    def pid(self) -> int:
        """The worker's process id."""
        assert self.process is not None
        return self.process.pid

    def pool_pids(self) -> list[int]:
        """The process ids of the worker's pool processes (its children; none with the solo pool)."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # the process ended while we looked
            if int(fields[1]) == self.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the worker: no clean shutdown, no acknowledgement, its heartbeat simply expires."""
        if self.alive():
            assert self.process is not None
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def terminate(self) -> None:
        """Stop the worker (SIGTERM, then SIGKILL after 10 s)."""
        if self.alive():
            assert self.process is not None
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        """Everything the worker printed so far."""
        try:
            return self.log_path.read_text(errors="replace")[-20000:]
        except OSError:
            return ""


@pytest.fixture
def job_queue(settings: Any) -> Iterator[str]:
    """A private Celery queue and heartbeat namespace for this test; the queue is deleted afterwards."""
    from explorer import heartbeat

    instance = f"t{uuid.uuid4().hex[:10]}"
    queue = f"kafkaesque-test-{instance}"
    settings.INSTANCE_NAME = instance
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    yield queue
    # Redis may be deliberately unreachable in the test: then nothing was published and nothing needs cleaning.
    with contextlib.suppress(Exception):
        heartbeat.redis_client().delete(queue)


@pytest.fixture
def celery_worker_factory(
    transactional_db: Any, job_queue: str, settings: Any, tmp_path: Path
) -> Iterator[Callable[..., LiveWorker]]:
    """Start live workers on this test's queue and database; all are killed at teardown."""
    workers: list[LiveWorker] = []
    database_url = _database_url()

    def start(*, name: str | None = None, env: dict[str, str] | None = None, pool: str = "solo") -> LiveWorker:
        worker_name = name or f"w{len(workers) + 1}"
        full_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "explorer.settings",
            "DATABASE_URL": database_url,
            "CELERY_QUEUE": job_queue,
            "KAFKAESQUE_INSTANCE": settings.INSTANCE_NAME,
            "REDIS_URL": settings.REDIS_URL,
            "PYTHONPATH": str(ROOT),
            **(env or {}),
        }
        worker = LiveWorker(
            name=f"{worker_name}-{settings.INSTANCE_NAME}",
            queue=job_queue,
            instance=settings.INSTANCE_NAME,
            env=full_env,
            log_path=tmp_path / f"{worker_name}.log",
            pool=pool,
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.terminate()


@pytest.fixture
def live_worker(celery_worker_factory: Callable[..., LiveWorker]) -> LiveWorker:
    """One live worker with default settings."""
    return celery_worker_factory()
