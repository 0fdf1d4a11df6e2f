"""Simulation API: POST designs/{id}/simulations/ checks the parameters and queues a job."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

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


def test_simulation_post_for_someone_elses_private_design_is_404(job_queue: str) -> None:  # noqa: F811
    # given bob's private design
    design = make_design(make_user("bob"), document=active_passive())
    # when alice asks for a simulation
    response = _client(make_user("alice")).post(f"/api/designs/{design.pk}/simulations/", {}, format="json")
    # then
    assert response.status_code == 404
