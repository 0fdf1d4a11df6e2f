"""Serializers for analysis results and jobs (output only, plus the small submit input)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from explorer.models import Job


class FindingOut(serializers.Serializer[Any]):
    """One finding: code, severity, message, refs, evidence URLs, fix, and the witness path of a loop."""

    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning", "info"])
    message = serializers.CharField()
    refs = serializers.ListField(child=serializers.CharField())
    evidence = serializers.ListField(child=serializers.URLField())
    fix = serializers.CharField(allow_blank=True)
    path = serializers.ListField(child=serializers.CharField(), required=False)


class AnalysisResultOut(serializers.Serializer[Any]):
    """The verdict, findings, stats (with the complexity score and its formula), resolved mechanisms and
    chosen versions."""

    verdict = serializers.ChoiceField(choices=["impossible", "kafkaesque", "sensible"])
    findings = FindingOut(many=True)
    stats = serializers.DictField()
    mechanisms = serializers.DictField(child=serializers.CharField(), required=False)
    versions = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text="Versions chosen for nodes that set none (node id -> version), each explained by a "
        "version-chosen finding.",
    )


class AnalysisSubmitIn(serializers.Serializer[Any]):
    """Which revision to analyse; the current one when omitted."""

    revision = serializers.IntegerField(required=False, min_value=1)


class JobOut(serializers.ModelSerializer[Job]):
    """A job as clients poll it: state, progress and phase, error, result, and links."""

    design = serializers.SerializerMethodField()
    revision = serializers.SerializerMethodField()
    requested_by = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "progress",
            "phase",
            "attempts",
            "error",
            "result",
            "params",
            "design",
            "revision",
            "requested_by",
            "catalog_version",
            "created_at",
            "started_at",
            "heartbeat_at",
            "finished_at",
            "links",
        ]
        read_only_fields = fields

    def get_design(self, job: Job) -> int | None:
        """The design id, when the job is about a revision."""
        return job.revision.design_id if job.revision is not None else None

    def get_revision(self, job: Job) -> int | None:
        """The revision number, when the job is about a revision."""
        return job.revision.number if job.revision is not None else None

    def get_requested_by(self, job: Job) -> str | None:
        """The username of whoever asked for the job."""
        return job.requested_by.get_username() if job.requested_by is not None else None

    def get_links(self, job: Job) -> dict[str, str]:
        """``self`` always; ``download`` when the job produced an artifact."""
        links = {"self": f"/api/jobs/{job.pk}/"}
        if job.artifact_name:
            links["download"] = f"/api/jobs/{job.pk}/download/"
        return links


class JobLinksOut(serializers.Serializer[Any]):
    """Where to poll a queued job, and where its file will be."""

    job = serializers.CharField()
    download = serializers.CharField()


class JobAcceptedOut(serializers.Serializer[Any]):
    """A queued bundle or export job (202)."""

    job = serializers.IntegerField()
    # A plain string: JobOut owns the status enum, and a second one would get a second name in the schema.
    status = serializers.CharField(help_text="queued, running, succeeded or failed")
    links = JobLinksOut()
