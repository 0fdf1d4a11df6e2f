"""Small input/output serializers for designs, revisions and patterns.

Input serializers refuse unknown fields: a misspelt ``base_revison`` must not be silently ignored.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.openapi import DESIGN_DOCUMENT, DesignDocumentField, StrictCharField
from explorer.models import Design, Revision, Role
from explorer.selectors.access import Action, design_role, role_allows


class StrictSerializer(serializers.Serializer[Any]):
    """Refuses keys it does not declare, naming each one."""

    def to_internal_value(self, data: Any) -> Any:
        """Reject unknown keys before the usual field validation."""
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                allowed = ", ".join(sorted(self.fields))
                raise serializers.ValidationError(
                    {key: [f"unknown field '{key}' (allowed: {allowed})"] for key in unknown}
                )
        return super().to_internal_value(data)


class DesignCreateInput(StrictSerializer):
    """Create a design: from a document, or empty with a name."""

    name = StrictCharField(max_length=200, required=False, help_text="Overrides the document's name.")
    description = StrictCharField(required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Design.Visibility.choices, required=False)
    message = StrictCharField(max_length=500, required=False, allow_blank=True)
    document = DesignDocumentField(required=False, help_text="A kafkaesque.design/v1 document.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """A design needs a document or at least a name."""
        if "document" not in attrs and "name" not in attrs:
            raise serializers.ValidationError({"document": ["give a document, or a name for an empty design"]})
        return attrs


class DesignUpdateInput(StrictSerializer):
    """Replace the document (PUT); the base revision comes from ``If-Match`` or ``base_revision``."""

    document = DesignDocumentField(help_text="The full kafkaesque.design/v1 document.")
    message = StrictCharField(max_length=500, required=False, allow_blank=True)
    base_revision = serializers.IntegerField(min_value=0, required=False)


class DesignPatchInput(StrictSerializer):
    """Change metadata (PATCH); name and description changes make a new revision."""

    name = StrictCharField(max_length=200, required=False)
    description = StrictCharField(required=False, allow_blank=True)
    visibility = serializers.ChoiceField(choices=Design.Visibility.choices, required=False)
    message = StrictCharField(max_length=500, required=False, allow_blank=True)
    base_revision = serializers.IntegerField(min_value=0, required=False)


class RestoreInput(StrictSerializer):
    """Restore an old revision as a new one; ``base_revision`` optional (checked when given)."""

    base_revision = serializers.IntegerField(min_value=0, required=False)


class DiffToDocumentInput(StrictSerializer):
    """A saved revision and an unsaved document to compare it with."""

    # "from" is a Python keyword: the field is declared under another name and renamed in the schema.
    from_revision = serializers.IntegerField(min_value=1, help_text="The saved revision to compare from.")
    document = DesignDocumentField(help_text="The kafkaesque.design/v1 document to compare with it.")


class CopyInput(StrictSerializer):
    """Name and visibility for a duplicated design or one made from a pattern."""

    name = StrictCharField(max_length=200, required=False)
    visibility = serializers.ChoiceField(choices=Design.Visibility.choices, required=False)


class DesignSummary(serializers.ModelSerializer[Any]):
    """One design in a list."""

    owner = serializers.CharField(source="owner.get_username", read_only=True)
    revision = serializers.SerializerMethodField()
    role = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_administer = serializers.SerializerMethodField()
    team = serializers.IntegerField(source="team_id", allow_null=True, read_only=True)

    class Meta:
        model = Design
        fields = [
            "id",
            "name",
            "description",
            "visibility",
            "owner",
            "revision",
            "role",
            "can_edit",
            "can_administer",
            "team",
            "created_at",
            "updated_at",
        ]

    def get_revision(self, obj: Design) -> int:
        """The current revision number."""
        return obj.current_revision.number if obj.current_revision else 0

    def _role(self, obj: Design) -> Role | None:
        cache: dict[int, Role | None] = self.context.setdefault("roles", {})
        if obj.pk not in cache:
            user = getattr(self.context.get("request"), "user", None)
            cache[obj.pk] = design_role(user=user, design=obj)
        return cache[obj.pk]

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices, allow_null=True))
    def get_role(self, obj: Design) -> str | None:
        """The requesting user's role on the design (null: none, though a public design is still readable)."""
        role = self._role(obj)
        return str(role.value) if role is not None else None

    def get_can_edit(self, obj: Design) -> bool:
        """Whether the requesting user may save, rename and restore (editor or owner)."""
        return role_allows(self._role(obj), Action.EDIT)

    def get_can_administer(self, obj: Design) -> bool:
        """Whether the requesting user may delete, change visibility and manage people (owner)."""
        return role_allows(self._role(obj), Action.ADMINISTER)


class DesignDetail(DesignSummary):
    """A design with its current document."""

    document = serializers.SerializerMethodField()

    class Meta(DesignSummary.Meta):
        fields = [*DesignSummary.Meta.fields, "document"]

    @extend_schema_field(DESIGN_DOCUMENT)
    def get_document(self, obj: Design) -> dict[str, Any]:
        """The current revision's document, exactly as saved."""
        return obj.current_revision.document if obj.current_revision else {}


class RevisionSummary(serializers.ModelSerializer[Any]):
    """One revision in a design's history."""

    author = serializers.SerializerMethodField()

    class Meta:
        model = Revision
        fields = ["number", "author", "message", "created_at"]

    def get_author(self, obj: Revision) -> str | None:
        """The username of whoever saved it (None if that account is gone)."""
        return obj.author.get_username() if obj.author else None


class RevisionDetail(RevisionSummary):
    """A revision with its document."""

    document = DesignDocumentField(read_only=True)

    class Meta(RevisionSummary.Meta):
        fields = [*RevisionSummary.Meta.fields, "document"]


class ChangeOut(serializers.Serializer[Any]):
    """A changed field."""

    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class ElementChangeOut(serializers.Serializer[Any]):
    """An element whose fields changed."""

    id = serializers.CharField()
    changes = ChangeOut(many=True)


class SectionDiffOut(serializers.Serializer[Any]):
    """Ids added, removed and changed in one section."""

    added = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())
    changed = ElementChangeOut(many=True)


class DiffOut(serializers.Serializer[Any]):
    """Semantic diff between two revisions; stores are identified as ``node/store``."""

    design = serializers.IntegerField()
    revisions = serializers.DictField(child=serializers.IntegerField(), help_text='{"from": A, "to": B}')
    identical = serializers.BooleanField()
    summary = serializers.DictField(child=serializers.IntegerField())
    document = ChangeOut(many=True)
    locations = SectionDiffOut()
    nodes = SectionDiffOut()
    stores = SectionDiffOut()
    flows = SectionDiffOut()
    layout_changed = serializers.BooleanField()


class PatternSummary(serializers.Serializer[Any]):
    """A gallery entry."""

    slug = serializers.CharField()
    title = serializers.CharField()
    explanation = serializers.CharField()
    # A plain string: the analysis serializers own the verdict enum; a second enum with the same
    # values would make drf-spectacular warn about two names for one choice set.
    expected_verdict = serializers.CharField(help_text="sensible, kafkaesque or impossible")
    node_count = serializers.IntegerField()
    flow_count = serializers.IntegerField()


class ProblemOut(serializers.Serializer[Any]):
    """One problem in a document, located by JSON path."""

    path = serializers.CharField()
    message = serializers.CharField()
    code = serializers.CharField(required=False)
    limit = serializers.IntegerField(required=False)
    value = serializers.IntegerField(required=False, allow_null=True)


class ErrorBody(serializers.Serializer[Any]):
    """The error payload."""

    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField(required=False, help_text="A list of problems, or an object (e.g. revisions).")


class ErrorOut(serializers.Serializer[Any]):
    """Every error: ``{"error": {"code", "message", "details"?}}``."""

    error = ErrorBody()
