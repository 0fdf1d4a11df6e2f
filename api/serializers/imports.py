"""Serializers for importing configurations that already run."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.openapi import DesignDocumentField, StrictCharField

MAX_PROPERTIES_LENGTH = 1_000_000
# A line that sets ``clusters`` to at least one alias (``key = value``, ``key: value`` or ``key value``).
CLUSTERS_LINE = r"(^|[\r\n])[ \t\f]*clusters[ \t\f]*[=: \t\f][ \t\f]*[A-Za-z0-9_.-]"


@extend_schema_field(
    {
        "type": "string",
        "maxLength": MAX_PROPERTIES_LENGTH,
        "pattern": CLUSTERS_LINE,
        "description": "The text of an mm2.properties file: Java properties with a `clusters = a, b` line. "
        "A flow key (`a->b.enabled`) naming a cluster that `clusters` does not list is refused (400).",
    }
)
class Mm2PropertiesField(StrictCharField):
    """The properties text; the schema states the ``clusters`` line the importer needs."""


class Mm2ImportIn(serializers.Serializer[Any]):
    """The text of an mm2.properties file, and the name to give the design."""

    properties = Mm2PropertiesField(max_length=MAX_PROPERTIES_LENGTH, trim_whitespace=False)
    name = StrictCharField(max_length=200, required=False)


class Mm2ImportOut(serializers.Serializer[Any]):
    """The design document built from the file (not saved: import or analyse it next)."""

    document = DesignDocumentField()


# Standard base64 (RFC 4648 section 4) with its padding: what ``base64.b64decode(validate=True)`` reads.
BASE64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"


@extend_schema_field({"type": "string", "maxLength": 28_000_000, "pattern": BASE64, "format": "byte"})
class Base64Field(StrictCharField):
    """Bytes as standard base64 text; the schema states the alphabet and padding the server decodes."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(BASE64, message="not base64 (RFC 4648, padded)"))


class UploadedFileIn(serializers.Serializer[Any]):
    """One uploaded file: its name (a path; ``.zip`` archives are expanded) and its text or base64 bytes."""

    name = StrictCharField(max_length=1000)
    content = StrictCharField(required=False, allow_blank=True, trim_whitespace=False, max_length=3_000_000)
    content_base64 = Base64Field(required=False, allow_blank=True, trim_whitespace=False, max_length=28_000_000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Exactly one of ``content`` and ``content_base64``."""
        if ("content" in attrs) == ("content_base64" in attrs):
            raise serializers.ValidationError("give exactly one of 'content' and 'content_base64'")
        return attrs


class ConfigImportIn(serializers.Serializer[Any]):
    """Configuration files of what runs (docker-compose, Connect, MM2, Strimzi, CQL, Logstash, zips)."""

    files = serializers.ListField(child=UploadedFileIn(), allow_empty=False, max_length=500)
    name = StrictCharField(max_length=200, required=False)


class OriginOut(serializers.Serializer[Any]):
    """Where an element or problem was read: file, 1-based line (0 unknown) and key."""

    file = serializers.CharField()
    line = serializers.IntegerField()
    key = serializers.CharField()


class ImportProblemOut(OriginOut):
    """Something read but not understood (a note) or not readable (a problem)."""

    message = serializers.CharField()


class ConfigImportOut(serializers.Serializer[Any]):
    """The merged design (not saved), each element's origin, the notes and the files read."""

    document = serializers.DictField()
    origins = serializers.DictField(child=OriginOut())
    notes = ImportProblemOut(many=True)
    problems = ImportProblemOut(many=True)
    files = serializers.ListField(child=serializers.CharField())


class DriftIn(serializers.Serializer[Any]):
    """Configuration files of what runs, to compare with the design's current revision."""

    files = serializers.ListField(child=UploadedFileIn(), allow_empty=False, max_length=500)


class DifferenceOut(serializers.Serializer[Any]):
    """One difference: missing (designed, not running), extra (running, not designed) or changed."""

    element = serializers.ChoiceField(choices=["node", "store", "flow"])
    key = serializers.CharField()
    status = serializers.ChoiceField(choices=["missing", "extra", "changed"])
    message = serializers.CharField()
    design_id = serializers.CharField(allow_null=True)
    running_id = serializers.CharField(allow_null=True)
    origin = OriginOut(allow_null=True)


class DriftCountsOut(serializers.Serializer[Any]):
    """Differences per status."""

    missing = serializers.IntegerField()
    extra = serializers.IntegerField()
    changed = serializers.IntegerField()


class DriftReportOut(serializers.Serializer[Any]):
    """What runs compared with the design (also the result of a drift job, with ``imported`` and ``notes``)."""

    drifted = serializers.BooleanField()
    counts = DriftCountsOut()
    differences = DifferenceOut(many=True)
    analysis = serializers.ListField(child=serializers.CharField())
    imported = serializers.DictField(required=False)
    notes = ImportProblemOut(many=True, required=False)


class DriftNowIn(serializers.Serializer[Any]):
    """A design document and the configuration files of what runs."""

    design = DesignDocumentField()
    files = serializers.ListField(child=UploadedFileIn(), allow_empty=False, max_length=500)
