"""Bundle API: POST designs/{id}/bundles/ queues a job; GET jobs/{id}/download/ returns the zip."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from explorer.models import Job
from explorer.services.jobs import job_run
from explorer.tests.conftest import job_queue  # noqa: F401 - fixture
from explorer.tests.jobs.factories import make_design, make_user

PATTERNS = Path(__file__).resolve().parents[2] / "fixtures" / "patterns"
pytestmark = pytest.mark.django_db(transaction=True)


def _client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_bundle_post_queues_a_job_and_download_returns_the_zip(job_queue):  # noqa: F811
    # given a possible design
    user = make_user()
    design = make_design(user, document=json.loads((PATTERNS / "kafka-buffer.json").read_text()))
    api = _client(user)
    # when a bundle is requested
    response = api.post(f"/api/designs/{design.pk}/bundles/")
    # then a job is queued
    assert response.status_code == 202, response.content
    job_id = response.json()["job"]
    assert response["Location"] == f"/api/jobs/{job_id}/"
    # and before it runs, the download says so
    early = api.get(f"/api/jobs/{job_id}/download/")
    assert early.status_code == 409 and early.json()["error"]["code"] == "job-not-finished"
    # when the worker runs it
    assert job_run(job_id=job_id, worker="w@test") == "succeeded"
    # then the zip downloads with its file name
    download = api.get(f"/api/jobs/{job_id}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    name = Job.objects.get(pk=job_id).artifact_name
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'
    names = zipfile.ZipFile(io.BytesIO(download.content)).namelist()
    assert f"{name.removesuffix('.zip')}/README.md" in names


def test_bundle_of_an_impossible_design_fails_and_download_explains(job_queue):  # noqa: F811
    # given an impossible design
    user = make_user()
    design = make_design(user, document=json.loads((PATTERNS / "active-active-identity.json").read_text()))
    api = _client(user)
    job_id = api.post(f"/api/designs/{design.pk}/bundles/").json()["job"]
    # when the job runs
    assert job_run(job_id=job_id, worker="w@test") == "failed"
    # then the download answers 409 with the findings
    response = api.get(f"/api/jobs/{job_id}/download/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "job-failed"
    assert "event-loop" in response.json()["error"]["message"]


def test_bundle_post_for_someone_elses_private_design_is_404(job_queue):  # noqa: F811
    # given a private design of bob's with a finished bundle job
    bob = make_user("bob")
    design = make_design(bob, document=json.loads((PATTERNS / "kafka-buffer.json").read_text()))
    job_id = _client(bob).post(f"/api/designs/{design.pk}/bundles/").json()["job"]
    assert job_run(job_id=job_id, worker="w@test") == "succeeded"
    # when alice asks for its bundle, looks at bob's job or downloads its zip
    api = _client(make_user("alice"))
    answers = [
        api.post(f"/api/designs/{design.pk}/bundles/"),
        api.get(f"/api/jobs/{job_id}/"),
        api.get(f"/api/jobs/{job_id}/download/"),
    ]
    # then each is the 404 of a design that does not exist, and no job was queued for her
    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert all(answer.json()["error"]["code"] == "not-found" for answer in answers)
    assert Job.objects.count() == 1
    # while bob still downloads it
    assert _client(bob).get(f"/api/jobs/{job_id}/download/").status_code == 200


def test_bundle_job_of_a_design_made_private_is_404_for_its_requester(job_queue):  # noqa: F811
    # given alice's bundle job of bob's public design
    bob = make_user("bob")
    design = make_design(bob, document=json.loads((PATTERNS / "kafka-buffer.json").read_text()), public=True)
    alice = _client(make_user("alice"))
    job_id = alice.post(f"/api/designs/{design.pk}/bundles/").json()["job"]
    assert job_run(job_id=job_id, worker="w@test") == "succeeded"
    assert alice.get(f"/api/jobs/{job_id}/download/").status_code == 200
    # when bob makes the design private
    design.visibility = "private"
    design.save(update_fields=["visibility"])
    # then alice can no longer read it through her earlier job
    assert alice.get(f"/api/jobs/{job_id}/").status_code == 404
    assert alice.get(f"/api/jobs/{job_id}/download/").status_code == 404
    # and bob, who may read the design, still can
    assert _client(bob).get(f"/api/jobs/{job_id}/download/").status_code == 200


def test_bundle_post_answers_503_when_redis_is_down(settings, job_queue):  # noqa: F811
    # given Redis unreachable
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    user = make_user()
    design = make_design(user)
    # when a bundle is requested, then the API answers 503 with a message
    response = _client(user).post(f"/api/designs/{design.pk}/bundles/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "jobs-unavailable"
