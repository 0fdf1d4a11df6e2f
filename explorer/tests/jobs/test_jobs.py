"""Job lifecycle in-process: submit, cache reuse, idempotent runs, Redis down, and the reaper."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from explorer import heartbeat
from explorer.job_registry import JobOutcome, register
from explorer.models import Job
from explorer.services.jobs import JobsUnavailable, job_reap, job_run, job_submit
from explorer.tests.jobs.factories import make_design, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@register("test-fail")
def _failing(job: Job, progress: Any) -> JobOutcome:
    progress(40, "about to fail")
    raise RuntimeError("the disk is full")


def test_job_submit_creates_a_queued_job_with_a_cache_key(job_queue: str) -> None:
    # given
    user = make_user()
    design = make_design(user)
    # when
    job = job_submit(kind="analysis", revision=design.current_revision, user=user)
    # then
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED
    assert job.cache_key and job.catalog_version
    assert heartbeat.redis_client().llen(job_queue) == 1  # published to this test's queue


def test_job_run_analysis_succeeds_with_progress_and_result(job_queue: str) -> None:
    # given a submitted analysis
    user = make_user()
    design = make_design(user)
    job = job_submit(kind="analysis", revision=design.current_revision, user=user)
    # when a worker runs it
    outcome = job_run(job_id=job.pk, worker="w@test")
    # then
    job.refresh_from_db()
    assert outcome == "succeeded"
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress, job.phase) == (100, "done")
    assert job.result["verdict"] in {"sensible", "kafkaesque"}
    assert job.attempts == 1 and job.worker == "w@test"
    assert job.started_at and job.finished_at


def test_job_submit_reuses_a_succeeded_result_for_the_same_revision(job_queue: str) -> None:
    # given a finished analysis
    user = make_user()
    design = make_design(user)
    first = job_submit(kind="analysis", revision=design.current_revision, user=user)
    job_run(job_id=first.pk, worker="w@test")
    # when the same revision is analysed again
    second = job_submit(kind="analysis", revision=design.current_revision, user=user)
    # then the stored result is returned, nothing new is queued
    assert second.pk == first.pk
    assert second.status == Job.Status.SUCCEEDED
    assert Job.objects.count() == 1


def test_job_submit_does_not_reuse_across_params(job_queue: str) -> None:
    # given
    user = make_user()
    design = make_design(user)
    first = job_submit(kind="analysis", revision=design.current_revision, user=user)
    # when other params are asked for
    second = job_submit(kind="analysis", revision=design.current_revision, user=user, params={"x": 1})
    # then
    assert second.pk != first.pk


def test_job_run_does_not_rerun_a_finished_job(job_queue: str) -> None:
    # given a succeeded job
    user = make_user()
    job = job_submit(kind="analysis", revision=make_design(user).current_revision, user=user)
    job_run(job_id=job.pk, worker="w@test")
    # when the message is delivered again
    outcome = job_run(job_id=job.pk, worker="other@test")
    # then
    job.refresh_from_db()
    assert outcome == "skipped"
    assert job.attempts == 1 and job.worker == "w@test"


def test_job_run_does_not_steal_a_job_from_a_live_worker(job_queue: str) -> None:
    # given a job running on a worker whose heartbeat is alive, in a process that beats too
    user = make_user()
    job = job_submit(kind="analysis", revision=make_design(user).current_revision, user=user)
    heartbeat.beat("owner@test")
    heartbeat.job_beat(job.pk, heartbeat.JobOwner(worker="owner@test", host="elsewhere", pid=1))
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, worker="owner@test", attempts=1, heartbeat_at=timezone.now()
    )
    # when a duplicate message reaches another worker
    outcome = job_run(job_id=job.pk, worker="thief@test")
    # then
    job.refresh_from_db()
    assert outcome == "skipped"
    assert job.status == Job.Status.RUNNING and job.worker == "owner@test"


def test_job_run_handler_error_fails_the_job_with_its_message(job_queue: str) -> None:
    # given
    job = Job.objects.create(kind="test-fail")
    # when
    outcome = job_run(job_id=job.pk, worker="w@test")
    # then
    job.refresh_from_db()
    assert outcome == "failed"
    assert job.status == Job.Status.FAILED
    assert job.error == "RuntimeError: the disk is full"


def test_job_run_unknown_kind_fails_with_a_message(job_queue: str) -> None:
    # given
    job = Job.objects.create(kind="no-such-kind")
    # when
    job_run(job_id=job.pk, worker="w@test")
    # then
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "no handler for job kind 'no-such-kind'" in job.error


def test_job_submit_redis_down_raises_and_creates_nothing(settings: Any, job_queue: str) -> None:
    # given Redis does not answer
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    user = make_user()
    design = make_design(user)
    # when / then
    with pytest.raises(JobsUnavailable, match="Redis is down"):
        job_submit(kind="analysis", revision=design.current_revision, user=user)
    assert Job.objects.count() == 0


def test_job_submit_publish_failure_marks_the_job_failed(job_queue: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # given Redis answers the ping but the broker refuses the message
    from explorer.celery import app

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("broker went away")

    monkeypatch.setattr(app, "send_task", refuse)
    user = make_user()
    # when / then
    with pytest.raises(JobsUnavailable):
        job_submit(kind="analysis", revision=make_design(user).current_revision, user=user)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "broker went away" in job.error


def _running(worker: str, *, attempts: int, seconds_ago: int) -> Job:
    return Job.objects.create(
        kind="analysis",
        status=Job.Status.RUNNING,
        worker=worker,
        attempts=attempts,
        started_at=timezone.now() - timedelta(seconds=seconds_ago),
        heartbeat_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_job_reap_requeues_a_job_whose_worker_died(job_queue: str, settings: Any) -> None:
    # given a running job whose worker has no heartbeat and was silent longer than JOB_STALE_SECONDS
    job = _running("dead@test", attempts=1, seconds_ago=settings.JOB_STALE_SECONDS + 5)
    # when
    outcome = job_reap()
    # then
    job.refresh_from_db()
    assert outcome["requeued"] == [job.pk]
    assert job.status == Job.Status.QUEUED
    assert "dead@test" in job.phase
    assert heartbeat.redis_client().llen(job_queue) == 1


def test_job_reap_fails_a_job_out_of_attempts(job_queue: str, settings: Any) -> None:
    # given the job already used its last attempt
    job = _running("dead@test", attempts=settings.JOB_MAX_ATTEMPTS, seconds_ago=settings.JOB_STALE_SECONDS + 5)
    # when
    job_reap()
    # then
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "dead@test stopped sending heartbeats" in job.error
    assert f"gave up after {settings.JOB_MAX_ATTEMPTS} attempts" in job.error


def test_job_reap_leaves_jobs_of_live_workers_and_fresh_jobs(job_queue: str, settings: Any) -> None:
    # given one job on a live worker (heartbeat a little stale, its process beating) and one fresh job of
    # a dead worker
    heartbeat.beat("alive@test")
    on_live = _running("alive@test", attempts=1, seconds_ago=settings.JOB_STALE_SECONDS + 5)
    heartbeat.job_beat(on_live.pk, heartbeat.JobOwner(worker="alive@test", host="elsewhere", pid=1))
    fresh = _running("dead@test", attempts=1, seconds_ago=0)
    # when
    outcome = job_reap()
    # then
    assert outcome == {"requeued": [], "failed": [], "republished": []}
    assert Job.objects.get(pk=on_live.pk).status == Job.Status.RUNNING
    assert Job.objects.get(pk=fresh.pk).status == Job.Status.RUNNING


def test_job_reap_requeues_a_job_whose_process_died_while_its_worker_lives(job_queue: str, settings: Any) -> None:
    # given a live worker whose job's process stopped beating (its job key expired) a TTL ago
    heartbeat.beat("alive@test")
    job = _running("alive@test", attempts=1, seconds_ago=settings.WORKER_HEARTBEAT_TTL + 1)
    # when
    outcome = job_reap()
    # then it is re-queued long before JOB_STALE_SECONDS, saying that the process stopped
    job.refresh_from_db()
    assert settings.WORKER_HEARTBEAT_TTL + 1 < settings.JOB_STALE_SECONDS
    assert outcome["requeued"] == [job.pk]
    assert job.status == Job.Status.QUEUED
    assert "the process running this job on worker alive@test stopped" in job.phase


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_job_run_takes_over_at_once_a_job_whose_process_on_this_host_is_gone(job_queue: str) -> None:
    # given a job claimed a moment ago by a pool process of this worker that was then killed: the worker
    # and the job key are both still alive (what Celery's re-delivery after a lost pool process meets)
    user = make_user()
    job = job_submit(kind="analysis", revision=make_design(user).current_revision, user=user)
    heartbeat.beat("w@test")
    dead = heartbeat.JobOwner(worker="w@test", host=socket.gethostname(), pid=_dead_pid())
    heartbeat.job_beat(job.pk, dead)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, worker="w@test", attempts=1, heartbeat_at=timezone.now()
    )
    # when the re-delivered task runs in a new pool process of the same worker
    outcome = job_run(job_id=job.pk, worker="w@test")
    # then the job is taken over and finished
    job.refresh_from_db()
    assert outcome == "succeeded"
    assert job.status == Job.Status.SUCCEEDED and job.attempts == 2


def test_job_run_leaves_a_job_whose_process_on_this_host_lives(job_queue: str) -> None:
    # given a job whose job key names a live process of this host (this one)
    user = make_user()
    job = job_submit(kind="analysis", revision=make_design(user).current_revision, user=user)
    heartbeat.beat("w@test")
    heartbeat.job_beat(job.pk, heartbeat.JobOwner.this_process("w@test"))
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, worker="w@test", attempts=1, heartbeat_at=timezone.now()
    )
    # when a duplicate message arrives
    outcome = job_run(job_id=job.pk, worker="w@test")
    # then it is not stolen
    job.refresh_from_db()
    assert outcome == "skipped"
    assert job.status == Job.Status.RUNNING and job.attempts == 1


def test_reap_jobs_command_prints_what_it_did(
    job_queue: str, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    job = _running("dead@test", attempts=1, seconds_ago=settings.JOB_STALE_SECONDS + 5)
    # when
    call_command("reap_jobs")
    # then
    assert f'"requeued": [{job.pk}]' in capsys.readouterr().out
