"""Celery tasks. A task takes a job id and calls one service; the job row holds the state.

``run_job`` acknowledges late and is rejected (re-delivered) when its worker is lost; it is idempotent,
so a re-delivered or duplicated message never re-runs a finished job nor steals a live one.

Each worker also runs the job reaper: once when it is ready (``worker_ready``) and then every
``JOB_STALE_SECONDS / 2`` seconds from a daemon thread, so a job whose worker died is re-queued or
failed within about ``1.5 * JOB_STALE_SECONDS`` of its last heartbeat while any worker is up.
``python manage.py reap_jobs`` runs the same reaper by hand.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Task
from celery.signals import worker_ready
from django.conf import settings

from explorer.celery import app

__all__ = ["reap_jobs", "run_job", "start_reaper_thread"]

log = logging.getLogger(__name__)


@app.task(bind=True, name="explorer.run_job", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(self: Task[Any, Any], job_id: int) -> str:
    """Run job ``job_id`` on this worker (see :func:`explorer.services.jobs.job_run`)."""
    from explorer.services.jobs import job_run

    worker = self.request.hostname or "unknown-worker"
    return job_run(job_id=job_id, worker=worker)


@app.task(name="explorer.reap_jobs", ignore_result=True)
def reap_jobs() -> dict[str, list[int]]:
    """Re-queue or fail jobs whose worker died (see :func:`explorer.services.jobs.job_reap`)."""
    from explorer.services.jobs import job_reap

    return job_reap()


def start_reaper_thread() -> threading.Thread:
    """Reap now and then every ``JOB_STALE_SECONDS / 2`` seconds from a daemon thread in this process."""
    from django.db import connection

    from explorer.services.jobs import job_reap

    interval = max(1.0, settings.JOB_STALE_SECONDS / 2)

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
    from explorer.jobs import load_handlers

    load_handlers()
    start_reaper_thread()
