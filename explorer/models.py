"""Design domain models: designs, their immutable revisions, background jobs, and who may use them.

Access: a design has one owner, may belong to a team, and may have collaborators (a role each) and
share links (a role each, revocable). What a role allows is decided in one place,
:mod:`explorer.selectors.access`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    """What a person may do with a design, weakest first (the order is used to compare roles)."""

    VIEWER = "viewer", "Viewer"
    EDITOR = "editor", "Editor"
    OWNER = "owner", "Owner"


ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}


class Team(models.Model):
    """A workspace: its members see and edit its designs by their team role."""

    name = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    """One person in a team, with the role they hold on every design of the team."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "user__username"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="unique_team_member")]

    def __str__(self) -> str:
        return f"{self.user_id} in team {self.team_id} ({self.role})"


class Design(models.Model):
    """A design owned by one user; its content lives in immutable revisions."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private"
        PUBLIC = "public", "Public"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="designs")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="designs")
    current_revision = models.ForeignKey("Revision", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "name"]), models.Index(fields=["visibility"])]

    def __str__(self) -> str:
        return self.name


class ShareLink(models.Model):
    """A link that lets a signed-in person join a design with its role until it is revoked.

    Only a hash of the secret is stored; the secret is shown once, when the link is made.
    """

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="share_links")
    role = models.CharField(max_length=10, choices=[(Role.VIEWER, "Viewer"), (Role.EDITOR, "Editor")])
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"link {self.pk} to design {self.design_id} ({self.role})"


class Collaborator(models.Model):
    """A person with a role on one design; ``link`` is set when they joined through a share link."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="collaborators")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collaborations")
    role = models.CharField(max_length=10, choices=[(Role.VIEWER, "Viewer"), (Role.EDITOR, "Editor")])
    # Revoking a link removes everyone who came in through it (and was not given a role directly since).
    link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, null=True, blank=True, related_name="members")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["design", "user__username"]
        constraints = [models.UniqueConstraint(fields=["design", "user"], name="unique_design_collaborator")]

    def __str__(self) -> str:
        return f"{self.user_id} on design {self.design_id} ({self.role})"


class Activity(models.Model):
    """Who did what to a design: saves, analyses, bundles, role and ownership changes."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    verb = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"design {self.design_id}: {self.verb}"


class ApiToken(models.Model):
    """A named API token; only a SHA-256 digest of the secret is stored, the secret is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}...)"


class SignInAttempt(models.Model):
    """One try at a credential endpoint (sign-in, token, password reset); the throttles count these."""

    class Kind(models.TextChoices):
        PASSWORD = "password", "Password"
        RESET = "reset", "Password reset"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    account = models.CharField(max_length=254, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.account} from {self.address}: {'ok' if self.succeeded else 'failed'}"


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
