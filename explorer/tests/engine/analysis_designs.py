"""Builders for small inline design documents in engine tests."""

from __future__ import annotations

from typing import Any

from catalog import default_catalog
from explorer.engine.analysis import AnalysisResult, analyze
from explorer.engine.document import parse_document

STORE_KIND = {
    "kafka": "topic",
    "cassandra": "table",
    "elasticsearch": "index",
    "s3": "prefix",
    "jdbc": "table",
    "elassandra": "table",
}


def node(
    id: str,
    service: str,
    *stores: str,
    location: str | None = None,
    kinds: dict[str, str] | None = None,
    **properties: Any,
) -> dict[str, Any]:
    """A node; each store gets its service's usual kind unless ``kinds`` says otherwise."""
    item: dict[str, Any] = {"id": id, "service": service, "name": id}
    if location:
        item["location"] = location
    if properties:
        item["properties"] = properties
    if stores:
        item["stores"] = [{"name": name, "kind": (kinds or {}).get(name, STORE_KIND[service])} for name in stores]
    return item


def flow(id: str, source: str, sink: str, mechanism: str | None = None, **properties: Any) -> dict[str, Any]:
    """A flow ``source -> sink`` (endpoints ``node`` or ``node/store``)."""
    item: dict[str, Any] = {"id": id, "from": source, "to": sink}
    if mechanism:
        item["mechanism"] = mechanism
    if properties:
        item["properties"] = properties
    return item


def region(id: str, name: str) -> dict[str, Any]:
    """A location in AWS region ``name``."""
    return {"id": id, "name": id, "provider": "aws", "region": name}


def design(*items: dict[str, Any], locations: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    """A document from nodes (dicts with ``service``) and flows (dicts with ``from``)."""
    return {
        "format": "kafkaesque.design/v1",
        "name": "test",
        "locations": list(locations),
        "nodes": [item for item in items if "service" in item],
        "flows": [item for item in items if "from" in item],
    }


def run(document: dict[str, Any]) -> AnalysisResult:
    """Parse and analyse with the real catalog."""
    return analyze(parse_document(document), default_catalog())


def codes(result: AnalysisResult) -> set[str]:
    """The finding codes raised."""
    return {item.code for item in result.findings}


def of(result: AnalysisResult, code: str) -> list[Any]:
    """The findings with ``code``."""
    return [item for item in result.findings if item.code == code]
