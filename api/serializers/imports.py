"""Serializers for importing configurations that already run."""

from __future__ import annotations

from typing import Any

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
