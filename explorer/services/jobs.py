"""Writes on jobs: submit, run (claim, progress, heartbeat, finish), reap.

The job row is the truth: ``queued -> running -> succeeded | failed``.

- **Submit** checks that Redis answers (else :class:`~explorer.jobs.JobsUnavailable`), creates the
  row, and publishes ``run_job(job_id)`` after the transaction commits. If publishing fails the row is
  marked failed at once, never left queued. Jobs with the same cache key (kind, revision, catalog
  version, params) that succeeded, or are still queued or running, are returned instead of a new one.
- **Run** (in the Celery task, acks late) claims the row in a transaction: a finished job is not run
  again; a running job whose heartbeat is fresh and whose worker is alive is not stolen; a job that has
  used up ``JOB_MAX_ATTEMPTS`` fails. While the handler runs, a thread refreshes ``heartbeat_at``.
  Every write after the claim is conditional on still owning the job (``worker`` and ``attempts``
  unchanged), so a job handed to another worker by the reaper is not overwritten by the old one.
- **Reap** (at worker start, periodically in each worker, and by ``manage.py reap_jobs``): a running job
  whose ``heartbeat_at`` is older than ``JOB_STALE_SECONDS`` while its worker has no live heartbeat in
  Redis - or older than four times that whatever the worker says - is re-queued if it has attempts
  left, else failed with a message naming the worker. A queued job untouched for ten times
  ``JOB_STALE_SECONDS`` is published again (the task is idempotent, so a duplicate is harmless).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from datetime import datetime, timedelta
from typing import Any

import redis
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from explorer import heartbeat
from explorer.jobs import JobsUnavailable, handler_for
from explorer.models import Job, Revision

__all__ = ["job_cache_key", "job_reap", "job_run", "job_submit"]

log = logging.getLogger(__name__)

REDIS_DOWN_MESSAGE = "Redis is down: jobs cannot run, your design is saved"
MAX_ERROR_LENGTH = 4000


def _catalog_version() -> str:
    from catalog import default_catalog

    return default_catalog().version


def job_cache_key(*, kind: str, revision: Revision | None, catalog_version: str, params: dict[str, Any]) -> str:
    """The key under which a finished result may be reused; empty (no reuse) without a revision."""
    if revision is None:
        return ""
    payload = json.dumps([kind, revision.pk, catalog_version, params], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _redis_answers() -> bool:
    try:
        return bool(heartbeat.redis_client().ping())
    except (redis.RedisError, OSError):
        return False


def _publish(job_id: int) -> None:
    """Send ``run_job(job_id)`` to the broker; on failure mark the job failed rather than leave it queued."""
    from explorer.tasks import run_job

    try:
        run_job.apply_async(args=(job_id,), queue=settings.CELERY_TASK_DEFAULT_QUEUE, retry=False)
    except Exception as exc:  # any broker failure must end in a failed row, not a stuck one
        log.warning("could not queue job %s: %s", job_id, exc)
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED,
            error=f"{REDIS_DOWN_MESSAGE} (the job could not be queued: {exc})"[:MAX_ERROR_LENGTH],
            finished_at=timezone.now(),
        )


def job_submit(*, kind: str, revision: Revision | None, user: Any, params: dict[str, Any] | None = None) -> Job:
    """Create (or reuse) a job and enqueue it after commit; raises ``JobsUnavailable`` when Redis is down."""
    params = dict(params or {})
    if not _redis_answers():
        raise JobsUnavailable(REDIS_DOWN_MESSAGE)
    catalog_version = _catalog_version()
    cache_key = job_cache_key(kind=kind, revision=revision, catalog_version=catalog_version, params=params)
    if cache_key:
        existing = (
            Job.objects.filter(
                cache_key=cache_key,
                status__in=[Job.Status.SUCCEEDED, Job.Status.QUEUED, Job.Status.RUNNING],
            )
            .order_by("-created_at", "-id")
            .first()
        )
        if existing is not None:
            return existing
    job = Job.objects.create(
        kind=kind,
        revision=revision,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
        params=params,
        catalog_version=catalog_version,
        cache_key=cache_key,
        status=Job.Status.QUEUED,
        phase="queued",
    )
    job_id = job.pk
    transaction.on_commit(lambda: _publish(job_id))
    if not connection.in_atomic_block:
        # on_commit ran already: tell the caller now if the broker refused the job.
        job.refresh_from_db()
        if job.status == Job.Status.FAILED:
            raise JobsUnavailable(REDIS_DOWN_MESSAGE)
    return job


def _now() -> datetime:
    return timezone.now()


def _stale(moment: datetime | None, seconds: float, now: datetime) -> bool:
    return moment is None or moment < now - timedelta(seconds=seconds)


def _claim(job_id: int, worker: str) -> Job | None:
    """Take the job for ``worker``; None when it must not run here (finished, owned, missing, or given up)."""
    now = _now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (Job.Status.SUCCEEDED, Job.Status.FAILED):
            return None
        if (
            job.status == Job.Status.RUNNING
            and not _stale(job.heartbeat_at, settings.JOB_STALE_SECONDS, now)
            and job.worker
            and heartbeat.is_alive(job.worker)
        ):
            return None
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            job.status = Job.Status.FAILED
            job.error = (
                f"gave up after {job.attempts} attempts: the worker running it ({job.worker or 'unknown'}) stopped"
            )
            job.finished_at = now
            job.save(update_fields=["status", "error", "finished_at"])
            return None
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.worker = worker
        job.started_at = now
        job.heartbeat_at = now
        job.progress = 0
        job.phase = "starting"
        job.error = ""
        job.save(
            update_fields=["status", "attempts", "worker", "started_at", "heartbeat_at", "progress", "phase", "error"]
        )
        return job


class _JobHeartbeat:
    """Refresh ``heartbeat_at`` every ``WORKER_HEARTBEAT_SECONDS`` from a thread while the handler runs."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"job-{job.pk}-heartbeat", daemon=True)

    def _loop(self) -> None:
        try:
            while not self.stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
                try:
                    _owned(self.job).update(heartbeat_at=_now())
                except Exception as exc:  # a missed beat is retried; the reaper tolerates gaps
                    log.warning("job %s heartbeat failed: %s", self.job.pk, exc)
        finally:
            connection.close()

    def __enter__(self) -> _JobHeartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop.set()
        self.thread.join(timeout=10)


def _owned(job: Job) -> Any:
    """The job's row, only while this run still owns it."""
    return Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker, attempts=job.attempts)


def job_run(*, job_id: int, worker: str) -> str:
    """Run job ``job_id`` on ``worker``; returns what happened (``succeeded``, ``failed``, ``skipped``)."""
    job = _claim(job_id, worker)
    if job is None:
        return "skipped"
    handler = handler_for(job.kind)
    if handler is None:
        _owned(job).update(
            status=Job.Status.FAILED, error=f"no handler for job kind '{job.kind}'", finished_at=_now(), phase="failed"
        )
        return "failed"

    def progress(percent: int, phase: str) -> None:
        _owned(job).update(progress=max(0, min(100, int(percent))), phase=phase[:100], heartbeat_at=_now())

    try:
        with _JobHeartbeat(job):
            result = handler(job, progress)
    except Exception as exc:  # the handler's failure is the job's failure, with its message
        log.exception("job %s failed", job.pk)
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        _owned(job).update(
            status=Job.Status.FAILED, error=message[:MAX_ERROR_LENGTH], finished_at=_now(), phase="failed"
        )
        return "failed"
    updated = _owned(job).update(
        status=Job.Status.SUCCEEDED,
        result=result,
        artifact=job.artifact,
        artifact_name=job.artifact_name,
        artifact_content_type=job.artifact_content_type,
        progress=100,
        phase="done",
        finished_at=_now(),
        heartbeat_at=_now(),
    )
    return "succeeded" if updated else "skipped"


def job_reap(*, now: datetime | None = None) -> dict[str, list[int]]:
    """Re-queue or fail running jobs whose worker died; re-publish long-queued jobs (see module doc).

    Returns the ids acted on: ``{"requeued": [...], "failed": [...], "republished": [...]}``.
    """
    close_old_connections()
    now = now or _now()
    stale_seconds = settings.JOB_STALE_SECONDS
    try:
        live = set(heartbeat.live_workers())
    except (redis.RedisError, OSError):
        # Without Redis no worker can be judged dead (and nothing could be re-queued); try again later.
        return {"requeued": [], "failed": [], "republished": []}
    outcome: dict[str, list[int]] = {"requeued": [], "failed": [], "republished": []}
    for job in Job.objects.filter(status=Job.Status.RUNNING).order_by("id"):
        last = job.heartbeat_at or job.started_at or job.created_at
        dead_worker = job.worker not in live and _stale(last, stale_seconds, now)
        silent_job = _stale(last, 4 * stale_seconds, now)
        if not (dead_worker or silent_job):
            continue
        with transaction.atomic():
            locked = Job.objects.select_for_update().filter(pk=job.pk, status=Job.Status.RUNNING).first()
            if locked is None or locked.heartbeat_at != job.heartbeat_at:
                continue  # it moved on meanwhile
            reason = f"worker {locked.worker or 'unknown'} stopped sending heartbeats while running this job"
            if locked.attempts < settings.JOB_MAX_ATTEMPTS:
                locked.status = Job.Status.QUEUED
                locked.phase = f"re-queued: {reason}"[:100]
                locked.heartbeat_at = now
                locked.save(update_fields=["status", "phase", "heartbeat_at"])
                job_id = locked.pk
                transaction.on_commit(lambda job_id=job_id: _publish(job_id))  # type: ignore[misc]
                outcome["requeued"].append(locked.pk)
            else:
                locked.status = Job.Status.FAILED
                locked.error = f"{reason}; gave up after {locked.attempts} attempts"
                locked.phase = "failed"
                locked.finished_at = now
                locked.save(update_fields=["status", "error", "phase", "finished_at"])
                outcome["failed"].append(locked.pk)
    republish_before = now - timedelta(seconds=10 * stale_seconds)
    for job in Job.objects.filter(status=Job.Status.QUEUED).order_by("id"):
        last = job.heartbeat_at or job.created_at
        if last >= republish_before:
            continue
        Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(heartbeat_at=now)
        _publish(job.pk)
        outcome["republished"].append(job.pk)
    if any(outcome.values()):
        log.info("reaper: %s", outcome)
    return outcome
