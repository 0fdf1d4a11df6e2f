"""Test-only job kinds, loaded by live workers through ``KAFKAESQUE_JOB_HANDLER_MODULES``.

``test-hold`` makes a job that is observably running: it announces each attempt on the Redis list
``params["started_key"]`` and then blocks until a value arrives on ``params["release_key"]``.
"""

from __future__ import annotations

from explorer import heartbeat
from explorer.job_registry import JobOutcome, Progress, register
from explorer.models import Job

MODULE = "explorer.tests.jobs.handlers"


@register("test-hold")
def hold(job: Job, progress: Progress) -> JobOutcome:
    """Announce, wait for release, succeed with the attempt number."""
    client = heartbeat.redis_client()
    progress(10, "holding")
    client.rpush(job.params["started_key"], str(job.attempts))
    while client.blpop([job.params["release_key"]], timeout=1) is None:
        pass
    progress(90, "released")
    return JobOutcome(result={"attempt": job.attempts})
