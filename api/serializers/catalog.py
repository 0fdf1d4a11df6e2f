"""Output shapes of the catalog endpoints, for the OpenAPI schema (the views serve ``Catalog.to_dict()``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

_MODES = [("stream", "stream"), ("batch", "batch")]
_STATUSES = [("documented", "documented"), ("inferred", "inferred")]
_CATEGORIES = ["stream", "store", "compute", "search", "visualise", "notebook", "external"]


class PropertySpecOut(serializers.Serializer[Any]):
    """A typed setting of a service or mechanism."""

    name = serializers.CharField()
    type = serializers.ChoiceField(choices=["string", "integer", "number", "boolean", "enum", "regex-list"])
    default = serializers.JSONField(allow_null=True, help_text="The value used when the node or flow sets none.")
    choices = serializers.ListField(child=serializers.CharField(), help_text="Allowed values of an enum.")
    description = serializers.CharField()
    required = serializers.BooleanField()  # type: ignore[assignment]  # DRF pops it; shadows Field.required


class NamingRuleOut(serializers.Serializer[Any]):
    """How stores of one kind may be named."""

    kind = serializers.CharField()
    pattern = serializers.CharField(help_text="Regular expression the whole name must match.")
    max_length = serializers.IntegerField(allow_null=True, help_text="At most this many UTF-8 bytes.")
    reserved = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    evidence = serializers.ListField(child=serializers.URLField())


class ServiceOut(serializers.Serializer[Any]):
    """A kind of node: Kafka, Cassandra, a Spark application, ..."""

    id = serializers.CharField()
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=_CATEGORIES)
    description = serializers.CharField()
    store_kinds = serializers.ListField(child=serializers.CharField())
    naming = NamingRuleOut(many=True)
    properties = PropertySpecOut(many=True)
    image = serializers.CharField(allow_null=True, help_text="Docker image used by generated bundles.")
    default_version = serializers.CharField(allow_null=True)
    versions = serializers.ListField(
        child=serializers.CharField(),
        help_text="Versions a bundle can run, the default first; the analysis picks one for a node left open.",
    )
    docs = serializers.ListField(child=serializers.URLField())
    legacy = serializers.BooleanField()


class PairOut(serializers.Serializer[Any]):
    """One direction a mechanism connects."""

    source = serializers.CharField(help_text="Source service id.")  # type: ignore[assignment]  # DRF pops it; shadows Field.source
    sink = serializers.CharField(help_text="Sink service id.")
    modes = serializers.ListField(child=serializers.ChoiceField(choices=_MODES))
    evidence = serializers.ListField(child=serializers.URLField())
    status = serializers.ChoiceField(choices=_STATUSES)
    note = serializers.CharField(allow_blank=True)


class VersionConstraintOut(serializers.Serializer[Any]):
    """A version limit on the ends of a flow."""

    side = serializers.ChoiceField(choices=["source", "sink", "both"])
    max_version = serializers.CharField(allow_null=True)
    min_version = serializers.CharField(allow_null=True)
    message = serializers.CharField()
    evidence = serializers.ListField(child=serializers.URLField())
    services = serializers.ListField(
        child=serializers.CharField(), help_text="Only ends of these services are checked (empty: any)."
    )
    same_version = serializers.BooleanField(help_text="Both ends must run the same version.")


class MechanismOut(serializers.Serializer[Any]):
    """How one service feeds another."""

    id = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()
    pairs = PairOut(many=True)
    renames = serializers.BooleanField(help_text="Whether it renames what it copies (MirrorMaker 2's default).")
    properties = PropertySpecOut(many=True)
    required_properties = serializers.ListField(child=serializers.CharField())
    version_constraints = VersionConstraintOut(many=True)
    generates = serializers.DictField(
        child=serializers.CharField(), help_text="Connector class, Spark format and package, interpreter, ..."
    )
    plugin_artifact = serializers.DictField(
        child=serializers.CharField(),
        allow_null=True,
        required=False,
        help_text="The pinned plugin download: {type: zip, url} or {type: maven, group, artifact, version, "
        "repository}; null when the mechanism installs no plugin.",
    )
    legacy = serializers.BooleanField()
    short_label = serializers.CharField()


class DefaultOut(serializers.Serializer[Any]):
    """The mechanism a flow gets when it names none, for a pair served by several."""

    source = serializers.CharField()  # type: ignore[assignment]  # DRF pops it; shadows Field.source
    sink = serializers.CharField()
    mechanism = serializers.CharField()


class CatalogOut(serializers.Serializer[Any]):
    """The whole catalog; ``version`` is also the response's ETag."""

    version = serializers.CharField(help_text="First 16 hex characters of a SHA-256 over the catalog's content.")
    services = ServiceOut(many=True)
    mechanisms = MechanismOut(many=True)
    defaults = DefaultOut(many=True)


class MatrixMechanismOut(serializers.Serializer[Any]):
    """One mechanism serving a matrix cell."""

    id = serializers.CharField()
    name = serializers.CharField()
    short_label = serializers.CharField()
    modes = serializers.ListField(child=serializers.ChoiceField(choices=_MODES))
    status = serializers.ChoiceField(choices=_STATUSES)
    evidence = serializers.ListField(child=serializers.URLField())
    renames = serializers.BooleanField()
    legacy = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)


class MatrixRowOut(serializers.Serializer[Any]):
    """A connected source -> sink pair with its mechanisms, the default first."""

    source = serializers.CharField()  # type: ignore[assignment]  # DRF pops it; shadows Field.source
    sink = serializers.CharField()
    default = serializers.CharField(help_text="Id of the mechanism a flow gets when it names none.")
    mechanisms = MatrixMechanismOut(many=True)


class MatrixOut(serializers.Serializer[Any]):
    """Every connected pair of services."""

    version = serializers.CharField()
    rows = MatrixRowOut(many=True)


class CatalogErrorBody(serializers.Serializer[Any]):
    """The error payload."""

    code = serializers.CharField()
    message = serializers.CharField()


class CatalogErrorOut(serializers.Serializer[Any]):
    """``{"error": {"code", "message"}}``."""

    error = CatalogErrorBody()
