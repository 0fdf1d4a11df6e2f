"""Smoke test: the DESIGN.md example is sensible, its identity-policy variant loops."""

from __future__ import annotations

import copy
from typing import Any

from catalog import default_catalog
from explorer.engine.analysis import analyze
from explorer.engine.document import parse_document

EXAMPLE: dict[str, Any] = {
    "format": "kafkaesque.design/v1",
    "name": "Active-active Kafka across two regions",
    "locations": [
        {"id": "syd", "name": "Sydney", "provider": "aws", "region": "ap-southeast-2"},
        {"id": "fra", "name": "Frankfurt", "provider": "aws", "region": "eu-central-1"},
    ],
    "nodes": [
        {
            "id": "kafka-syd",
            "service": "kafka",
            "name": "Kafka Sydney",
            "location": "syd",
            "stores": [{"name": "orders", "kind": "topic"}],
        },
        {
            "id": "kafka-fra",
            "service": "kafka",
            "name": "Kafka Frankfurt",
            "location": "fra",
            "stores": [{"name": "orders", "kind": "topic"}],
        },
    ],
    "flows": [
        {
            "id": "syd-to-fra",
            "from": "kafka-syd",
            "to": "kafka-fra",
            "mechanism": "mirrormaker2",
            "properties": {"topics": "orders", "replication_policy": "default"},
        },
        {
            "id": "fra-to-syd",
            "from": "kafka-fra",
            "to": "kafka-syd",
            "mechanism": "mirrormaker2",
            "properties": {"topics": "orders", "replication_policy": "default"},
        },
    ],
}


def test_analyze_active_active_default_policy_is_sensible() -> None:
    # given the DESIGN.md example
    design = parse_document(EXAMPLE)
    # when
    result = analyze(design, default_catalog())
    # then
    assert result.verdict == "sensible"
    assert not [f for f in result.findings if f.code == "event-loop"]


def test_analyze_active_active_identity_policy_loops() -> None:
    # given both flows keep topic names
    data = copy.deepcopy(EXAMPLE)
    for flow in data["flows"]:
        flow["properties"]["replication_policy"] = "identity"
    # when
    result = analyze(parse_document(data), default_catalog())
    # then
    loops = [f for f in result.findings if f.code == "event-loop"]
    assert result.verdict == "impossible"
    assert len(loops) == 1
    assert {"syd-to-fra", "fra-to-syd"} <= set(loops[0].refs)
