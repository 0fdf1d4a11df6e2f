"""The ``simulation`` job on a live Celery worker over the real Redis, and its handler's progress."""

from __future__ import annotations

from typing import Any

import pytest

from explorer.job_registry import handler_for
from explorer.models import Job
from explorer.services.jobs import job_submit
from explorer.tests.conftest import LiveWorker, live_worker, wait_until  # noqa: F401 - fixture
from explorer.tests.engine.simulate_designs import active_passive, buffer_design
from explorer.tests.jobs.factories import make_design, make_user

SPIKE = {"shape": "spike", "factor": 10, "minutes": 10, "start_minute": 60}


def _status(job: Job) -> str:
    job.refresh_from_db()
    return job.status


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_live_worker_runs_a_simulation_job_with_the_hand_computed_backlog(live_worker: LiveWorker) -> None:  # noqa: F811
    # given the seed's buffer at 5 MB/s with consumers doing 6 MB/s, and a live worker
    user = make_user()
    design = make_design(user, document=buffer_design())
    # when a 10x spike for 10 minutes is simulated
    job = job_submit(kind="simulation", revision=design.current_revision, user=user, params={"profile": SPIKE})
    # then the worker finishes it: 26.4 GB of backlog, 4,400 s of lag
    final = wait_until(lambda: _status(job) in {"succeeded", "failed"} and job, timeout=60)
    assert final, f"job stuck in {job.status}:\n{live_worker.log()}"
    assert job.status == Job.Status.SUCCEEDED, job.error
    drain = next(item for item in job.result["flows"] if item["id"] == "drain")
    assert drain["backlog"]["peak_bytes"]["value"] == pytest.approx(26.4e9)
    assert drain["backlog"]["peak_lag_s"]["value"] == pytest.approx(4400)
    assert job.progress == 100 and job.worker == live_worker.hostname


@pytest.mark.django_db
def test_simulation_handler_reports_progress_in_order_and_the_outage() -> None:
    # given an active-passive pair and a job that takes Ireland down
    user = make_user()
    design = make_design(user, document=active_passive(standby_consumer=True))
    job = Job.objects.create(
        kind="simulation", revision=design.current_revision, requested_by=user, params={"outage": "eu-west-1"}
    )
    phases: list[tuple[int, str]] = []
    handler: Any = handler_for("simulation")
    # when
    result = handler(job, lambda percent, phase: phases.append((percent, phase))).result
    # then
    assert result["outage"]["replication"][0]["recovery_point_records"]["value"] == pytest.approx(2000)
    assert [percent for percent, _ in phases] == sorted(percent for percent, _ in phases)


@pytest.mark.django_db
def test_simulation_handler_fails_on_a_bad_parameter_naming_it() -> None:
    # given
    user = make_user()
    design = make_design(user, document=buffer_design())
    job = Job.objects.create(kind="simulation", revision=design.current_revision, params={"profile": {"shape": "x"}})
    handler: Any = handler_for("simulation")
    # when / then
    with pytest.raises(ValueError, match=r"profile\.shape"):
        handler(job, lambda percent, phase: None)
