"""Writes on jobs: submit, run (claim, progress, heartbeat, finish), reap.

The job row is the truth: ``queued -> running -> succeeded | failed``.

- **Submit** checks that Redis answers (else :class:`JobsUnavailable`), creates the row, and publishes
  the task :data:`~explorer.job_registry.RUN_JOB` by name after the transaction commits. If publishing
  fails the row is marked failed at once, never left queued. Jobs with the same cache key (kind, revision, catalog
  version, params) that succeeded, or are still queued or running, are returned instead of a new one.
- **Run** (in the Celery task, acks late) claims the row in a transaction: a finished job is not run
  again; a running job whose heartbeat is fresh, whose worker is alive and whose own process still beats
  (its job key in Redis, see :mod:`explorer.heartbeat`) is not stolen; a job that has used up
  ``JOB_MAX_ATTEMPTS`` fails. While the handler runs, a thread refreshes ``heartbeat_at`` and the job key.
  When Celery re-delivers the task of a pool process that died (``reject_on_worker_lost``), the job key
  names a process of this host that no longer exists, and the job is taken over at once.
  Every write after the claim is conditional on still owning the job (``worker`` and ``attempts``
  unchanged), so a job handed to another worker by the reaper is not overwritten by the old one.
- **Reap** (at worker start, every few seconds in each worker, and by ``manage.py reap_jobs``): a running
  job is re-queued if it has attempts left, else failed with a message naming the worker, when its
  ``heartbeat_at`` is older than ``JOB_STALE_SECONDS`` while its worker has no live heartbeat in Redis;
  or older than ``WORKER_HEARTBEAT_TTL`` while its job key has expired (the process running it died,
  its worker lives on); or older than four times ``JOB_STALE_SECONDS`` whatever the worker says.
  A queued job untouched for ten times ``JOB_STALE_SECONDS`` is published again (the task is
  idempotent, so a duplicate is harmless).
"""

from __future__ import annotations

import contextlib
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
from explorer.celery import app
from explorer.job_registry import RUN_JOB, handler_for
from explorer.models import Job, Revision
from explorer.services.sharing import activity_record

__all__ = ["JobsUnavailable", "job_cache_key", "job_reap", "job_run", "job_submit"]

log = logging.getLogger(__name__)

REDIS_DOWN_MESSAGE = "Redis is down: jobs cannot run, your design is saved"
MAX_ERROR_LENGTH = 4000


class JobsUnavailable(Exception):
    """Jobs cannot be queued: Redis (the Celery broker) does not answer."""


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
    """Send the ``RUN_JOB`` task for ``job_id`` to the broker; on failure mark the job failed, not left queued."""
    try:
        app.send_task(RUN_JOB, args=(job_id,), queue=settings.CELERY_TASK_DEFAULT_QUEUE, retry=False)
    except Exception as exc:  # any broker failure must end in a failed row, not a stuck one
        log.warning("could not queue job %s: %s", job_id, exc)
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.FAILED,
            error=f"{REDIS_DOWN_MESSAGE} (the job could not be queued: {exc})"[:MAX_ERROR_LENGTH],
            finished_at=timezone.now(),
        )


def job_submit(
    *,
    kind: str,
    revision: Revision | None,
    user: Any,
    params: dict[str, Any] | None = None,
    unavailable: str | None = None,
) -> Job:
    """Create (or reuse) a job and enqueue it after commit.

    A succeeded, queued or running job with the same cache key (kind, revision, catalog version, params)
    is returned instead of a new one. Raises :class:`JobsUnavailable` when Redis does not answer, its
    message prefixed with ``unavailable`` (what the caller could not do) when given.
    """
    params = dict(params or {})
    down = f"{unavailable}: {REDIS_DOWN_MESSAGE}" if unavailable else REDIS_DOWN_MESSAGE
    if not _redis_answers():
        raise JobsUnavailable(down)
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
    if revision is not None:
        activity_record(
            design=revision.design_id,
            actor=user,
            verb=f"{kind}-requested",
            summary=f"{kind} of revision {revision.number}",
        )
    job_id = job.pk
    transaction.on_commit(lambda: _publish(job_id))
    if not connection.in_atomic_block:
        # on_commit ran already: tell the caller now if the broker refused the job.
        job.refresh_from_db()
        if job.status == Job.Status.FAILED:
            raise JobsUnavailable(down)
    return job


def _now() -> datetime:
    return timezone.now()


def _stale(moment: datetime | None, seconds: float, now: datetime) -> bool:
    return moment is None or moment < now - timedelta(seconds=seconds)


def _owner_lives(job: Job) -> bool:
    """Whether the process that claimed running ``job`` may still be running it.

    No job key: the process stopped beating. A key naming a process of this host that does not exist:
    it was killed (Celery re-delivers its task at once). Redis unreadable: assume it lives.
    """
    try:
        owner = heartbeat.job_owners([job.pk])[job.pk]
    except (redis.RedisError, OSError):
        return True
    return owner is not None and not owner.process_gone()


def _claim(job_id: int, owner: heartbeat.JobOwner) -> Job | None:
    """Take the job for ``owner``; None when it must not run here (finished, owned, missing, or given up)."""
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
            and _owner_lives(job)
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
        job.worker = owner.worker
        job.started_at = now
        job.heartbeat_at = now
        job.progress = 0
        job.phase = "starting"
        job.error = ""
        job.save(
            update_fields=["status", "attempts", "worker", "started_at", "heartbeat_at", "progress", "phase", "error"]
        )
        # The job key exists from the claim on, so a duplicate message never sees a claimed job without one.
        with contextlib.suppress(redis.RedisError, OSError):
            heartbeat.job_beat(job.pk, owner)
        return job


class _JobHeartbeat:
    """Refresh ``heartbeat_at`` and the job key every ``WORKER_HEARTBEAT_SECONDS`` while the handler runs."""

    def __init__(self, job: Job, owner: heartbeat.JobOwner) -> None:
        self.job = job
        self.owner = owner
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"job-{job.pk}-heartbeat", daemon=True)

    def _loop(self) -> None:
        try:
            while not self.stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
                try:
                    heartbeat.job_beat(self.job.pk, self.owner)
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
        heartbeat.job_forget(self.job.pk)


def _owned(job: Job) -> Any:
    """The job's row, only while this run still owns it."""
    return Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker, attempts=job.attempts)


def job_run(*, job_id: int, worker: str) -> str:
    """Run job ``job_id`` on ``worker``; returns what happened (``succeeded``, ``failed``, ``skipped``)."""
    owner = heartbeat.JobOwner.this_process(worker)
    job = _claim(job_id, owner)
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
        with _JobHeartbeat(job, owner):
            outcome = handler(job, progress)
    except Exception as exc:  # the handler's failure is the job's failure, with its message
        log.exception("job %s failed", job.pk)
        message = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        _owned(job).update(
            status=Job.Status.FAILED, error=message[:MAX_ERROR_LENGTH], finished_at=_now(), phase="failed"
        )
        return "failed"
    updated = _owned(job).update(
        status=Job.Status.SUCCEEDED,
        result=outcome.result,
        artifact=outcome.artifact,
        artifact_name=outcome.artifact_name,
        artifact_content_type=outcome.artifact_content_type,
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
        running = list(Job.objects.filter(status=Job.Status.RUNNING).order_by("id"))
        owners = heartbeat.job_owners([job.pk for job in running])
    except (redis.RedisError, OSError):
        # Without Redis no worker can be judged dead (and nothing could be re-queued); try again later.
        return {"requeued": [], "failed": [], "republished": []}
    outcome: dict[str, list[int]] = {"requeued": [], "failed": [], "republished": []}
    for job in running:
        last = job.heartbeat_at or job.started_at or job.created_at
        dead_worker = job.worker not in live and _stale(last, stale_seconds, now)
        # The worker lives but the process running the job stopped beating (killed pool process).
        dead_process = owners.get(job.pk) is None and _stale(last, settings.WORKER_HEARTBEAT_TTL, now)
        silent_job = _stale(last, 4 * stale_seconds, now)
        if not (dead_worker or dead_process or silent_job):
            continue
        with transaction.atomic():
            locked = Job.objects.select_for_update().filter(pk=job.pk, status=Job.Status.RUNNING).first()
            if locked is None or locked.heartbeat_at != job.heartbeat_at:
                continue  # it moved on meanwhile
            if dead_worker or silent_job:
                reason = f"worker {locked.worker or 'unknown'} stopped sending heartbeats while running this job"
            else:
                reason = f"the process running this job on worker {locked.worker or 'unknown'} stopped"
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
