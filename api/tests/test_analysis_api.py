"""Analysis API: submit analysis jobs, poll jobs, analyse raw documents synchronously."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from explorer.models import Job
from explorer.services.jobs import job_run
from explorer.tests.conftest import (  # noqa: F401 - fixtures used by name
    LiveWorker,
    celery_worker_factory,
    job_queue,
    live_worker,
    wait_until,
)
from explorer.tests.jobs.factories import DOCUMENT, make_design, make_user

# Every test gets a private job queue, so nothing published here reaches another worker.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("job_queue")]


def _client(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_analyses_post_answers_202_with_a_queued_job() -> None:
    # given
    owner = make_user()
    design = make_design(owner)
    # when
    response = _client(owner).post(f"/api/designs/{design.pk}/analyses/", {}, format="json")
    # then
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and body["kind"] == "analysis"
    assert body["design"] == design.pk and body["revision"] == 1
    assert response["Location"] == f"/api/jobs/{body['id']}/"


def test_jobs_get_shows_progress_and_result_after_the_run() -> None:
    # given a submitted and finished analysis
    owner = make_user()
    design = make_design(owner)
    job_id = _client(owner).post(f"/api/designs/{design.pk}/analyses/", {}, format="json").json()["id"]
    job_run(job_id=job_id, worker="w@test")
    # when
    body = _client(owner).get(f"/api/jobs/{job_id}/").json()
    # then
    assert body["status"] == "succeeded"
    assert body["progress"] == 100 and body["phase"] == "done"
    assert body["result"]["verdict"] == "sensible"
    assert body["error"] == ""


def test_analyses_post_unknown_revision_is_404() -> None:
    owner = make_user()
    design = make_design(owner)
    response = _client(owner).post(f"/api/designs/{design.pk}/analyses/", {"revision": 7}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not-found"


def test_analyses_post_anonymous_is_401() -> None:
    design = make_design(make_user(), public=True)
    response = _client().post(f"/api/designs/{design.pk}/analyses/", {}, format="json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not-authenticated"


def test_analyses_post_private_design_of_someone_else_is_404() -> None:
    design = make_design(make_user("owner"))
    response = _client(make_user("mallory")).post(f"/api/designs/{design.pk}/analyses/", {}, format="json")
    assert response.status_code == 404


def test_analyses_post_public_design_by_a_reader_is_accepted() -> None:
    design = make_design(make_user("owner"), public=True)
    response = _client(make_user("reader")).post(f"/api/designs/{design.pk}/analyses/", {}, format="json")
    assert response.status_code == 202


def test_jobs_get_private_design_job_is_hidden_from_others() -> None:
    # given the owner's job on a private design
    owner = make_user("owner")
    design = make_design(owner)
    job_id = _client(owner).post(f"/api/designs/{design.pk}/analyses/", {}, format="json").json()["id"]
    # when someone else (or nobody) asks for it
    other = _client(make_user("mallory")).get(f"/api/jobs/{job_id}/")
    anonymous = _client().get(f"/api/jobs/{job_id}/")
    # then it does not exist for them
    assert other.status_code == 404 and anonymous.status_code == 404
    assert _client(owner).get(f"/api/jobs/{job_id}/").status_code == 200


def test_analyses_post_redis_down_is_503_and_the_design_is_untouched(settings: Any) -> None:
    # given Redis does not answer
    owner = make_user()
    design = make_design(owner)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    # when
    response = _client(owner).post(f"/api/designs/{design.pk}/analyses/", {}, format="json")
    # then
    assert response.status_code == 503
    assert response.json() == {
        "error": {"code": "jobs-unavailable", "message": "Redis is down: jobs cannot run, your design is saved"}
    }
    assert Job.objects.count() == 0
    assert _client(owner).get(f"/api/designs/{design.pk}/").status_code == 200


def test_analyze_post_answers_the_result_synchronously() -> None:
    # when
    response = _client().post("/api/analyze/", DOCUMENT, format="json")
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["verdict"] == "sensible"
    assert body["mechanisms"] == {"ingest": "kafka-client", "store": "connect-cassandra-sink"}
    assert "complexity_formula" in body["stats"]


def test_analyze_post_dangling_reference_is_a_finding_not_a_400() -> None:
    # given a flow into a node that does not exist
    document = copy.deepcopy(DOCUMENT)
    document["flows"].append({"id": "lost", "from": "kafka/events", "to": "nowhere"})
    # when
    body = _client().post("/api/analyze/", document, format="json").json()
    # then
    assert body["verdict"] == "impossible"
    assert [f["refs"][0] for f in body["findings"] if f["code"] == "unknown-reference"] == ["lost"]


def test_analyze_post_invalid_document_is_400_with_paths() -> None:
    # given a node without a service
    document = copy.deepcopy(DOCUMENT)
    del document["nodes"][1]["service"]
    # when
    response = _client().post("/api/analyze/", document, format="json")
    # then
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid-document"
    assert "$.nodes[1].service" in [problem["path"] for problem in error["details"]]


def test_analyze_post_malformed_json_is_400_with_line() -> None:
    response = _client().post("/api/analyze/", data=b'{"format": ', content_type="application/json")
    assert response.status_code == 400
    assert "line 1" in response.json()["error"]["message"]


def test_analyze_post_oversized_document_is_413(settings: Any) -> None:
    # given a size limit smaller than the document
    settings.DESIGN_MAX_BYTES = 200
    # when
    response = _client().post("/api/analyze/", data=json.dumps(DOCUMENT), content_type="application/json")
    # then
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "limit-exceeded"


@pytest.mark.worker
def test_analyses_end_to_end_on_a_live_worker(request: pytest.FixtureRequest) -> None:
    # given
    live: LiveWorker = request.getfixturevalue("live_worker")
    owner = make_user()
    design = make_design(owner)
    client = _client(owner)
    # when
    job_id = client.post(f"/api/designs/{design.pk}/analyses/", {}, format="json").json()["id"]
    # then polling the API shows it finishing
    body = wait_until(
        lambda: (b := client.get(f"/api/jobs/{job_id}/").json())["status"] in {"succeeded", "failed"} and b,
        timeout=60,
    )
    assert body, live.log()
    assert body["status"] == "succeeded", body["error"]
    assert body["result"]["verdict"] == "sensible"
