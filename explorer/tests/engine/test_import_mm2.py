"""Importing an mm2.properties file: clusters become Kafka nodes, enabled flows MirrorMaker 2 flows.

The point of importing is to ask the analysis about a replication set-up that already runs::

    east ──MM2 (identity)──▶ west        identity both ways: 'orders' returns forever
    east ◀──MM2 (identity)── west        (default both ways: remote topics, no loop)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog import default_catalog
from explorer.engine.analysis import analyze
from explorer.engine.document import parse_document, reference_problems, structural_problems
from explorer.engine.importers.mm2 import Mm2ImportError, design_from_mm2_properties

GOLDEN = Path(__file__).resolve().parents[3] / "fixtures" / "golden" / "bundles"

ACTIVE_ACTIVE = """\
# two regions, each copying the other
clusters = east, west
east.bootstrap.servers = kafka-east:9092
west.bootstrap.servers = kafka-west:9092
east->west.enabled = true
east->west.topics = orders
west->east.enabled = true
west->east.topics = orders
replication.policy.class = org.apache.kafka.connect.mirror.{policy}
"""


def _codes(document: dict) -> set[str]:
    return {finding.code for finding in analyze(parse_document(document), default_catalog()).findings}


def test_import_turns_clusters_into_kafka_nodes_and_enabled_flows_into_mm2_flows() -> None:
    # when
    document = design_from_mm2_properties(ACTIVE_ACTIVE.format(policy="DefaultReplicationPolicy"))
    # then
    assert structural_problems(document) == []
    assert [(n["id"], n["service"], n["properties"]["bootstrap_servers"]) for n in document["nodes"]] == [
        ("east", "kafka", "kafka-east:9092"),
        ("west", "kafka", "kafka-west:9092"),
    ]
    assert [(f["id"], f["from"], f["to"], f["properties"]) for f in document["flows"]] == [
        ("east-to-west", "east", "west", {"topics": "orders", "replication_policy": "default"}),
        ("west-to-east", "west", "east", {"topics": "orders", "replication_policy": "default"}),
    ]
    assert [s["name"] for s in document["nodes"][0]["stores"]] == ["orders"]


def test_imported_identity_active_active_is_an_event_loop_naming_both_flows() -> None:
    # given the same topology with the identity policy
    document = design_from_mm2_properties(ACTIVE_ACTIVE.format(policy="IdentityReplicationPolicy"))
    # when
    result = analyze(parse_document(document), default_catalog())
    # then
    loops = [finding for finding in result.findings if finding.code == "event-loop"]
    assert result.verdict == "impossible"
    assert len(loops) == 1 and {"east-to-west", "west-to-east"} <= set(loops[0].refs)
    assert "event-loop" not in _codes(
        design_from_mm2_properties(ACTIVE_ACTIVE.format(policy="DefaultReplicationPolicy"))
    )


def test_a_per_flow_policy_overrides_the_global_one_and_disabled_flows_are_left_out() -> None:
    # given identity configured for one flow only, and a third flow switched off
    text = """\
clusters = a, b, c
a->b.enabled = true
a->b.replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy
b->a.enabled = true
b->c.enabled = false
b->c.topics = clicks
"""
    # when
    document = design_from_mm2_properties(text)
    # then
    assert {f["id"]: f["properties"]["replication_policy"] for f in document["flows"]} == {
        "a-to-b": "identity",
        "b-to-a": "default",
    }
    assert all(f["properties"]["topics"] == ".*" for f in document["flows"])


def test_cluster_aliases_become_valid_unique_ids() -> None:
    # given aliases that are not valid document ids
    document = design_from_mm2_properties("clusters = US_East, us-east, 9north\nUS_East->9north.enabled = true\n")
    # then ids are valid and distinct, names keep the alias
    assert [(n["id"], n["name"]) for n in document["nodes"]] == [
        ("us-east", "US_East"),
        ("us-east-2", "us-east"),
        ("kafka-9north", "9north"),
    ]
    assert structural_problems(document) == []
    assert reference_problems(parse_document(document)) == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("replication.factor = 3\n", 0, "no 'clusters' list"),
        ("clusters = a, b\n\na->c.enabled = true\n", 3, "cluster 'c', which 'clusters' does not list"),
    ],
)
def test_a_file_that_is_not_an_mm2_topology_is_refused_with_the_line(text: str, line: int, words: str) -> None:
    with pytest.raises(Mm2ImportError) as caught:
        design_from_mm2_properties(text)
    assert caught.value.line == line
    assert words in str(caught.value)


@pytest.mark.parametrize("pattern", ["active-active-mm2-default", "active-passive", "kafka-buffer"])
def test_the_generators_own_mm2_properties_import_back_to_the_same_replication(pattern: str) -> None:
    # given a bundle generated from a gallery pattern
    text = (GOLDEN / pattern / "mirrormaker" / "mm2.properties").read_text()
    gallery = json.loads((GOLDEN.parents[1] / "patterns" / f"{pattern}.json").read_text())
    # when it is imported
    document = design_from_mm2_properties(text)
    # then the same clusters replicate the same topics with the same policy
    expected = sorted(
        (f["from"], f["to"], f.get("properties", {}).get("topics", ".*"))
        for f in gallery["flows"]
        if f.get("mechanism") == "mirrormaker2"
    )
    assert sorted((f["from"], f["to"], f["properties"]["topics"]) for f in document["flows"]) == expected
