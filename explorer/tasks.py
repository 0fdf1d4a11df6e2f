"""Celery tasks. A task takes a job id and calls one service; the job row holds the state.

``run_job`` acknowledges late and is rejected (re-delivered) when its worker or pool process is lost;
it is idempotent, so a re-delivered or duplicated message never re-runs a finished job nor steals a live
one, and takes over at once a job whose process is gone (see :mod:`explorer.services.jobs`).

Each worker also runs the job reaper: once when it is ready (``worker_ready``) and then every
:func:`reap_interval` seconds from a daemon thread, so a job whose worker died is re-queued or failed
within about ``1.5 * JOB_STALE_SECONDS`` of its last heartbeat, and a job whose pool process died
within about ``1.5 * WORKER_HEARTBEAT_TTL``, while any worker is up. ``python manage.py reap_jobs``
runs the same reaper by hand.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Task
from celery.signals import worker_ready
from django.conf import settings
from django.db import connection

from explorer.celery import app
from explorer.job_registry import REAP_JOBS, RUN_JOB, load_handlers
from explorer.services.jobs import job_reap, job_run

__all__ = ["reap_interval", "reap_jobs", "run_job", "start_reaper_thread"]

log = logging.getLogger(__name__)


@app.task(bind=True, name=RUN_JOB, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(self: Task[Any, Any], job_id: int) -> str:
    """Run job ``job_id`` on this worker (see :func:`explorer.services.jobs.job_run`)."""
    worker = self.request.hostname or "unknown-worker"
    return job_run(job_id=job_id, worker=worker)


@app.task(name=REAP_JOBS, ignore_result=True)
def reap_jobs() -> dict[str, list[int]]:
    """Re-queue or fail jobs whose worker or process died (see :func:`explorer.services.jobs.job_reap`)."""
    return job_reap()


def reap_interval() -> float:
    """Seconds between two reaper runs: half the shorter of the two horizons the reaper judges by."""
    return max(1.0, min(settings.JOB_STALE_SECONDS, settings.WORKER_HEARTBEAT_TTL) / 2)


def start_reaper_thread() -> threading.Thread:
    """Reap now and then every :func:`reap_interval` seconds from a daemon thread in this process."""
    interval = reap_interval()

    def loop() -> None:
        stop = threading.Event()
        while True:
            try:
                job_reap()
            except Exception:  # the reaper must outlive a database or Redis hiccup
                log.exception("job reaper failed; retrying in %s s", interval)
                connection.close()
            stop.wait(interval)

    thread = threading.Thread(target=loop, name="kafkaesque-job-reaper", daemon=True)
    thread.start()
    return thread


@worker_ready.connect
def _reap_on_start(sender: Any = None, **kwargs: Any) -> None:
    load_handlers()
    start_reaper_thread()
