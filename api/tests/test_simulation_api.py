"""Simulation API: POST designs/{id}/simulations/ checks the parameters and queues a job."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from explorer.models import Job
from explorer.services.jobs import job_run
from explorer.tests.conftest import job_queue  # noqa: F401 - fixture
from explorer.tests.engine.simulate_designs import active_passive
from explorer.tests.jobs.factories import make_design, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _client(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_simulation_post_queues_a_job_whose_result_has_the_recovery_point(job_queue: str) -> None:  # noqa: F811
    # given an active-passive pair
    user = make_user()
    design = make_design(user, document=active_passive())
    api = _client(user)
    # when Ireland going down is simulated
    response = api.post(f"/api/designs/{design.pk}/simulations/", {"outage": "eu-west-1"}, format="json")
    # then a job is queued, and once run its result holds the outage
    assert response.status_code == 202, response.content
    job_id = response.json()["job"]
    assert job_run(job_id=job_id, worker="w@test") == "succeeded"
    job = api.get(f"/api/jobs/{job_id}/").json()
    assert job["kind"] == "simulation" and job["params"] == {"outage": "eu-west-1"}
    (replication,) = job["result"]["outage"]["replication"]
    assert replication["recovery_point_bytes"]["value"] == pytest.approx(4e6)
    assert [item["code"] for item in job["result"]["findings"]] == ["failover-unready"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"outage": "mars"}, "outage.locations: 'mars' names no location"),
        ({"profile": {"shape": "spike", "factor": -2}}, "profile.factor: must be a non-negative number"),
        ({"prices": {"inter-region": {"usd_per_gb": 0.02}}}, "prices.inter-region.source"),
        (
            {"prices": {"inter-region": {"usd_per_gb": 0.02, "source": "https://example.com", "note": "x"}}},
            "prices.inter-region: unknown key 'note'",
        ),
    ],
)
def test_simulation_post_refuses_parameters_that_cannot_run(
    job_queue: str,  # noqa: F811
    body: dict[str, Any],
    message: str,
) -> None:
    # given
    user = make_user()
    design = make_design(user, document=active_passive())
    # when
    response = _client(user).post(f"/api/designs/{design.pk}/simulations/", body, format="json")
    # then
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid-simulation"
    assert message in response.json()["error"]["message"]


def test_simulation_post_refuses_text_no_database_can_keep(job_queue: str) -> None:  # noqa: F811
    # given a price whose source holds a NUL character, which PostgreSQL cannot store in the job's parameters
    user = make_user()
    design = make_design(user, document=active_passive())
    body = {"prices": {"inter-region": {"usd_per_gb": 0.02, "source": "https://example.com/\u0000"}}}
    # when
    response = _client(user).post(f"/api/designs/{design.pk}/simulations/", body, format="json")
    # then it is refused by its path, on every database, and no job is queued
    assert response.status_code == 400, response.json()
    assert "$.prices.inter-region.source" in json.dumps(response.json())
    assert not Job.objects.filter(kind=Job.Kind.SIMULATION).exists()


def test_simulation_post_for_someone_elses_private_design_is_404(job_queue: str) -> None:  # noqa: F811
    # given bob's private design
    design = make_design(make_user("bob"), document=active_passive())
    # when alice asks for a simulation
    response = _client(make_user("alice")).post(f"/api/designs/{design.pk}/simulations/", {}, format="json")
    # then
    assert response.status_code == 404


def test_simulation_result_get_answers_the_typed_result_only_once_the_job_succeeded(job_queue: str) -> None:  # noqa: F811
    # given a queued simulation of Ireland going down
    user = make_user()
    design = make_design(user, document=active_passive())
    api = _client(user)
    job_id = api.post(f"/api/designs/{design.pk}/simulations/", {"outage": "eu-west-1"}, format="json").json()["job"]
    # when its result is asked for before the job ran
    early = api.get(f"/api/jobs/{job_id}/simulation/")
    # then it is not there yet
    assert early.status_code == 409, early.content
    assert early.json()["error"]["code"] == "job-not-finished"
    # when the job has run
    assert job_run(job_id=job_id, worker="w@test") == "succeeded"
    body = api.get(f"/api/jobs/{job_id}/simulation/").json()
    # then the result is the typed part: the outage's down nodes and lost flows, flows with from/to, findings
    assert sorted(body) == ["duration_s", "findings", "flows", "outage", "series", "step_s", "stores"]
    assert sorted(body["outage"]["down_nodes"]) == ["billing", "checkout", "primary"]
    assert "bill" in body["outage"]["lost_flows"]
    bill = next(flow for flow in body["flows"] if flow["id"] == "bill")
    assert (bill["from"], bill["to"]) == ("primary", "billing")
    assert [item["code"] for item in body["findings"]] == ["failover-unready"]
    # and the outage carries its own series: Ireland's stores are gone from it, Frankfurt's copy receives nothing
    during = body["outage"]["series"]
    assert len(during["times_s"]) == len(body["series"]["times_s"])
    assert not [store for store in during["stores"] if store.startswith("primary/")]
    assert any(store.startswith("primary/") for store in body["series"]["stores"])
    for store, rates in during["stores"].items():
        assert max(rates["in_bytes_per_second"]) == 0, store
        assert len(rates["out_bytes_per_second"]) == len(during["times_s"])


def test_simulation_result_get_of_an_analysis_job_is_404(job_queue: str) -> None:  # noqa: F811
    # given an analysis job
    user = make_user()
    design = make_design(user, document=active_passive())
    api = _client(user)
    job_id = api.post(f"/api/designs/{design.pk}/analyses/", {}, format="json").json()["id"]
    # when its simulation result is asked for
    response = api.get(f"/api/jobs/{job_id}/simulation/")
    # then
    assert response.status_code == 404
