"""Serializers for importing configurations that already run."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class Mm2ImportIn(serializers.Serializer[Any]):
    """The text of an mm2.properties file, and the name to give the design."""

    properties = serializers.CharField(max_length=1_000_000, trim_whitespace=False)
    name = serializers.CharField(max_length=200, required=False)


class Mm2ImportOut(serializers.Serializer[Any]):
    """The design document built from the file (not saved: import or analyse it next)."""

    document = serializers.DictField()
