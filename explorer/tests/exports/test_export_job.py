"""The ``export`` job handler renders a stored revision and attaches the file as the job's artifact."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from explorer.engine.export import svg_problems
from explorer.job_registry import handler_for
from explorer.models import Design, Job, Revision

DOCUMENT = {
    "format": "kafkaesque.design/v1",
    "name": "Job render",
    "description": "",
    "locations": [],
    "nodes": [{"id": "kafka", "service": "kafka", "name": "Kafka", "stores": [{"name": "t", "kind": "topic"}]}],
    "flows": [],
    "layout": {},
    "extensions": {},
}


@pytest.mark.django_db
def test_export_handler_attaches_svg_artifact_and_reports_progress():
    # given
    user = get_user_model().objects.create_user("u", password="pw-u-123456")
    design = Design.objects.create(owner=user, name="Job render")
    revision = Revision.objects.create(design=design, number=2, document=DOCUMENT, author=user)
    job = Job.objects.create(kind="export", revision=revision, requested_by=user, params={"format": "svg"})
    phases: list[tuple[int, str]] = []

    # when
    outcome = handler_for("export")(job, lambda percent, phase: phases.append((percent, phase)))

    # then
    assert outcome.result["file_name"] == "job-render-r2.svg"
    assert outcome.artifact_name == "job-render-r2.svg"
    assert outcome.artifact_content_type == "image/svg+xml"
    assert outcome.artifact is not None and svg_problems(outcome.artifact) == []
    assert [p for p, _ in phases] == sorted(p for p, _ in phases)


@pytest.mark.django_db
def test_export_handler_refuses_unknown_format():
    # given
    user = get_user_model().objects.create_user("u", password="pw-u-123456")
    design = Design.objects.create(owner=user, name="x")
    revision = Revision.objects.create(design=design, number=1, document=DOCUMENT, author=user)
    job = Job.objects.create(kind="export", revision=revision, params={"format": "gif"})

    # when / then
    with pytest.raises(ValueError, match="unknown export format"):
        handler_for("export")(job, lambda percent, phase: None)
