"""Design domain models: designs, their immutable revisions, and background jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Design(models.Model):
    """A design owned by one user; its content lives in immutable revisions."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private"
        PUBLIC = "public", "Public"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="designs")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    current_revision = models.ForeignKey("Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "name"]), models.Index(fields=["visibility"])]

    def __str__(self) -> str:
        return self.name


class Revision(models.Model):
    """One saved state of a design document; never changed once written."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["design", "-number"]
        constraints = [models.UniqueConstraint(fields=["design", "number"], name="unique_revision_number")]

    def __str__(self) -> str:
        return f"{self.design_id} r{self.number}"


class Job(models.Model):
    """A background job (analysis, bundle, render); the row is the truth about its state."""

    class Kind(models.TextChoices):
        ANALYSIS = "analysis", "Analysis"
        BUNDLE = "bundle", "Bundle"
        EXPORT = "export", "Export"
        DRIFT = "drift", "Drift"
        SIMULATION = "simulation", "Simulation"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    catalog_version = models.CharField(max_length=64, blank=True, default="")
    cache_key = models.CharField(max_length=128, blank=True, default="", db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(default=0)
    phase = models.CharField(max_length=100, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, default="")
    error = models.TextField(blank=True, default="")
    result = models.JSONField(null=True, blank=True)
    artifact = models.BinaryField(null=True, blank=True)
    artifact_name = models.CharField(max_length=255, blank=True, default="")
    artifact_content_type = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} job {self.pk} ({self.status})"
