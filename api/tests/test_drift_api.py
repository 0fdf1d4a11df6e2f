"""POST /api/import/ (files of what runs into a design) and POST /api/designs/{id}/drift/ (a job).

design:  kafka-primary ──MM2 (default)──▶ kafka-standby
runs:    the same, but mm2.properties now says IdentityReplicationPolicy
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from explorer.models import Job
from explorer.services.jobs import job_run
from explorer.tests.conftest import job_queue  # noqa: F401 - fixture
from explorer.tests.engine.generate_fixtures import bundle_of
from explorer.tests.jobs.factories import make_design, make_user

PATTERN = Path(__file__).resolve().parents[2] / "fixtures" / "patterns" / "active-passive.json"


def _client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.django_db
def test_import_endpoint_turns_a_bundle_zip_into_a_design_with_origins() -> None:
    # given the zip of a generated bundle
    zipped = bundle_of(json.loads(PATTERN.read_text())).zip_bytes()
    body = {"files": [{"name": "bundle.zip", "content_base64": base64.b64encode(zipped).decode()}], "name": "Prod"}
    # when
    response = APIClient().post("/api/import/", body, format="json")
    # then
    assert response.status_code == 200, response.content
    imported = response.json()
    assert imported["document"]["name"] == "Prod"
    flow = next(f for f in imported["document"]["flows"] if f["mechanism"] == "mirrormaker2")
    origin = imported["origins"][f"flow:{flow['id']}"]
    assert origin["file"].endswith("mirrormaker/mm2.properties") and origin["line"] > 0


@pytest.mark.django_db
def test_import_endpoint_refuses_an_unreadable_file_naming_file_and_line() -> None:
    body = {"files": [{"name": "docker-compose.yml", "content": "services:\n  a:\n    image: [x\n"}]}
    response = APIClient().post("/api/import/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid-configuration"
    assert error["details"][0]["file"] == "docker-compose.yml" and error["details"][0]["line"] == 4


@pytest.mark.django_db(transaction=True)
def test_drift_job_lists_the_changed_policy_with_its_line_and_the_event_loop_of_what_runs(job_queue):  # noqa: F811
    # given the design saved, and what runs: its bundle with MM2 switched to identity both ways
    data = json.loads(PATTERN.read_text())
    user = make_user()
    design = make_design(user, document=data)
    files = dict(bundle_of(data).files)
    mm2 = files["mirrormaker/mm2.properties"].decode().replace("DefaultReplicationPolicy", "IdentityReplicationPolicy")
    mm2 += "kafka-standby->kafka-primary.enabled=true\nkafka-standby->kafka-primary.topics=orders\n"
    uploads = [
        {"name": "mm2.properties", "content": mm2},
        {"name": "docker-compose.yml", "content": files["docker-compose.yml"].decode()},
    ]
    api = _client(user)
    # when the drift job is queued and run
    response = api.post(f"/api/designs/{design.pk}/drift/", {"files": uploads}, format="json")
    assert response.status_code == 202, response.content
    assert job_run(job_id=response.json()["job"], worker="w@test") == "succeeded"
    # then its result names the changed policy (with file and line), the extra flow and the loop
    result = Job.objects.get(pk=response.json()["job"]).result
    changed = [d for d in result["differences"] if d["status"] == "changed"]
    assert any("replication_policy: designed default, runs identity" in d["message"] for d in changed)
    assert all(d["origin"]["file"] == "mm2.properties" and d["origin"]["line"] > 0 for d in changed)
    assert any(d["status"] == "extra" and d["element"] == "flow" for d in result["differences"])
    assert any(line.startswith("what runs has event-loop") for line in result["analysis"])


@pytest.mark.django_db
def test_drift_now_compares_a_posted_design_with_files_and_names_the_line() -> None:
    # given the pattern and an mm2.properties that replicates with the identity policy
    data = json.loads(PATTERN.read_text())
    mm2 = bundle_of(data).files["mirrormaker/mm2.properties"].decode()
    mm2 = mm2.replace("DefaultReplicationPolicy", "IdentityReplicationPolicy")
    # when
    response = APIClient().post(
        "/api/drift/", {"design": data, "files": [{"name": "mm2.properties", "content": mm2}]}, format="json"
    )
    # then
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["drifted"] is True and report["counts"]["changed"] == 1
    changed = next(d for d in report["differences"] if d["status"] == "changed")
    assert changed["message"] == "replication_policy: designed default, runs identity"
    assert changed["origin"]["file"] == "mm2.properties" and changed["origin"]["line"] > 0
