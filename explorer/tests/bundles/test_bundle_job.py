"""The bundle job in-process (real Redis publish, worker run by ``job_run``) and the generate command."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from explorer.models import Job
from explorer.services.jobs import job_run, job_submit
from explorer.tests.conftest import job_queue  # noqa: F401 - fixture
from explorer.tests.jobs.factories import make_design, make_user

ROOT = Path(__file__).resolve().parents[3]
PATTERNS = ROOT / "fixtures" / "patterns"


# kafka-router's bundle has a Connect worker, where today's generator writes rest.port (gone since Kafka 3.0);
# the definition check now refuses it. The generator fix flips this (strict) and the mark must then go.
@pytest.mark.django_db(transaction=True)
def test_bundle_job_attaches_a_checked_zip_named_after_design_and_revision(job_queue):  # noqa: F811
    # given a possible design
    user = make_user()
    design = make_design(user, document=json.loads((PATTERNS / "kafka-router.json").read_text()))
    job = job_submit(kind="bundle", revision=design.current_revision, user=user)
    # when a worker runs the job
    assert job_run(job_id=job.pk, worker="w@test") == "succeeded"
    # then the zip is attached, named <slug>-r1.zip, and every file was checked by a real parser
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    assert job.artifact_content_type == "application/zip"
    assert job.artifact_name.endswith("-r1.zip")
    root = job.artifact_name.removesuffix(".zip")
    archive = zipfile.ZipFile(io.BytesIO(bytes(job.artifact)))
    assert f"{root}/docker-compose.yml" in archive.namelist()
    compose = yaml.safe_load(archive.read(f"{root}/docker-compose.yml"))
    assert "init" in compose["services"]
    assert job.result["checks"]["ok"] is True
    assert job.result["checks"]["checked"]["docker-compose.yml"] == "yaml + compose-spec schema"
    assert job.result["checks"]["checked"]["cassandra/cassandra.schema.cql"] == "cqlshlib"
    # and the Strimzi resources were validated against the vendored v1 CRD schemas
    assert job.result["checks"]["checked"]["k8s/kafka-kafka.yaml"] == "yaml + Strimzi v1 CRD schemas"
    assert job.result["checks"]["checked"]["k8s/connect-kafka.yaml"] == "yaml + Strimzi v1 CRD schemas"


@pytest.mark.django_db(transaction=True)
def test_bundle_job_fails_with_the_findings_for_an_impossible_design(job_queue):  # noqa: F811
    # given an impossible design (an identity-policy replication loop)
    user = make_user()
    design = make_design(user, document=json.loads((PATTERNS / "active-active-identity.json").read_text()))
    job = job_submit(kind="bundle", revision=design.current_revision, user=user)
    # when it runs
    assert job_run(job_id=job.pk, worker="w@test") == "failed"
    # then it failed, with the analysis finding in its error, and no artefact
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "event-loop" in job.error
    assert not job.artifact


def test_generate_command_writes_the_bundle_and_exits_0(tmp_path):
    # given a possible pattern
    # when the command runs
    with pytest.raises(SystemExit) as exited:
        call_command("generate", str(PATTERNS / "active-passive.json"), "--out", str(tmp_path / "out"))
    # then it exits 0 and the bundle is on disk
    assert exited.value.code == 0
    assert (tmp_path / "out" / "docker-compose.yml").is_file()
    assert (tmp_path / "out" / "mirrormaker" / "mm2.properties").is_file()


def test_generate_command_exits_1_with_findings_for_an_impossible_design(tmp_path, capsys):
    # when the command runs on an impossible pattern
    with pytest.raises(SystemExit) as exited:
        call_command("generate", str(PATTERNS / "active-active-mm1.json"), "--out", str(tmp_path / "out"))
    # then it exits 1, prints the findings, and writes nothing
    assert exited.value.code == 1
    assert "event-loop" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content", [b"{not json", b'{"format": "kafkaesque.design/v1"}'])
def test_generate_command_exits_2_for_an_unreadable_or_invalid_file(tmp_path, capsys, content):
    # given a broken file
    path = tmp_path / "design.json"
    path.write_bytes(content)
    # when the command runs, then it exits 2 with a message on stderr
    with pytest.raises(SystemExit) as exited:
        call_command("generate", str(path), "--out", str(tmp_path / "out"))
    assert exited.value.code == 2
    assert "generate:" in capsys.readouterr().err
