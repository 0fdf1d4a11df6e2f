"""Serializers for generated files: real libraries only (json, PyYAML, jproperties), deterministic output."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

import yaml
from jproperties import Properties

__all__ = ["to_json", "to_ndjson", "to_properties", "to_yaml"]


def to_json(data: Any) -> bytes:
    """Pretty JSON with a trailing newline; keys keep the builder's (deterministic) order."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def to_ndjson(records: Iterable[Mapping[str, Any]]) -> bytes:
    """One compact JSON object per line (Kibana saved-object import format)."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records).encode("utf-8")


def to_yaml(data: Any) -> bytes:
    """YAML through ``yaml.safe_dump``: every string is quoted or escaped as YAML needs."""
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return text.encode("utf-8")


# libyaml's emitter when PyYAML has it: the same safe representer, about five times faster on large bundles.
_SAFE_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def to_yaml_documents(documents: Iterable[Any]) -> bytes:
    """Several YAML documents separated by ``---``."""
    text = yaml.dump_all(list(documents), Dumper=_SAFE_DUMPER, sort_keys=False, allow_unicode=True, width=1000)
    return str(text).encode("utf-8")


def to_properties(items: Iterable[tuple[str, str]], comment: str | None = None) -> bytes:
    """A Java ``.properties`` file written by jproperties.

    Encoded ISO-8859-1 with ``\\uXXXX`` escapes for anything else, which is what ``java.util.Properties.load``
    reads from a byte stream (Kafka's ``Utils.loadProps``). Keys and values are escaped by the writer, so
    ``:``, ``=``, ``#``, spaces and newlines survive.
    """
    props = Properties()
    for key, value in items:
        props[key] = value
    out = io.BytesIO()
    props.store(out, initial_comments=comment, encoding="iso-8859-1", timestamp=False)
    return out.getvalue()
