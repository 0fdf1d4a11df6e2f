"""Tests for the design document: schema, structural problems, limits, references, parsing."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from explorer.engine.document import (
    DocumentError,
    Endpoint,
    Limits,
    load_schema,
    parse_document,
    parse_json_text,
    reference_problems,
    structural_problems,
)

EXAMPLE: dict[str, Any] = {
    "format": "kafkaesque.design/v1",
    "name": "Active-active Kafka across two regions",
    "description": "Each region produces locally; MirrorMaker 2 copies both ways.",
    "locations": [
        {"id": "syd", "name": "Sydney", "provider": "aws", "region": "ap-southeast-2"},
        {"id": "fra", "name": "Frankfurt", "provider": "aws", "region": "eu-central-1", "zone": "eu-central-1a"},
    ],
    "nodes": [
        {
            "id": "kafka-syd",
            "service": "kafka",
            "name": "Kafka Sydney",
            "location": "syd",
            "properties": {"version": "3.9"},
            "stores": [{"name": "orders", "kind": "topic", "properties": {"partitions": 12}}],
        },
        {
            "id": "kafka-fra",
            "service": "kafka",
            "name": "Kafka Frankfurt",
            "location": "fra",
            "stores": [{"name": "orders", "kind": "topic"}],
        },
        {
            "id": "orders-db",
            "service": "cassandra",
            "name": "Orders",
            "location": "fra",
            "stores": [{"name": "shop.orders_by_id", "kind": "table"}],
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
        {
            "id": "orders-sink",
            "from": "kafka-fra/orders",
            "to": "orders-db/shop.orders_by_id",
            "mechanism": "connect-cassandra-sink",
        },
    ],
    "layout": {"kafka-syd": {"x": 80, "y": 120}, "kafka-fra": {"x": 480, "y": 120}},
    "extensions": {},
}


def example() -> dict[str, Any]:
    return copy.deepcopy(EXAMPLE)


def paths(problems: list[Any]) -> list[str]:
    return [problem.path for problem in problems]


def test_load_schema_is_valid_draft_2020_12() -> None:
    # given
    schema = load_schema()
    # when / then
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_parse_document_reads_the_design_md_example() -> None:
    # given
    data = example()
    # when
    design = parse_document(data)
    # then
    assert design.name == "Active-active Kafka across two regions"
    assert [node.id for node in design.nodes] == ["kafka-syd", "kafka-fra", "orders-db"]
    assert design.node("kafka-syd") is not None
    assert design.node("kafka-syd").version() == "3.9"  # type: ignore[union-attr]
    assert design.node("kafka-fra").version() is None  # type: ignore[union-attr]
    assert design.location("fra").zone == "eu-central-1a"  # type: ignore[union-attr]
    assert design.flows[2].source == Endpoint("kafka-fra", "orders")
    assert design.flows[2].sink == Endpoint("orders-db", "shop.orders_by_id")
    assert design.flows[0].properties["replication_policy"] == "default"
    assert design.raw is data
    assert reference_problems(design) == []


def test_endpoint_parse_splits_at_first_slash() -> None:
    # given / when
    endpoint = Endpoint.parse("bucket/logs/2024/")
    # then
    assert endpoint == Endpoint("bucket", "logs/2024/")
    assert str(endpoint) == "bucket/logs/2024/"
    assert Endpoint.parse("kafka") == Endpoint("kafka", None)


def test_structural_problems_keeps_unknown_keys_under_properties_and_extensions() -> None:
    # given
    data = example()
    data["nodes"][0]["properties"]["x-team"] = {"owner": "payments"}
    data["extensions"] = {"acme": {"ticket": 42}}
    data["flows"][0]["properties"]["custom.setting"] = True
    # when
    problems = structural_problems(data)
    # then
    assert problems == []


@pytest.mark.parametrize(
    ("mutate", "path", "words"),
    [
        (lambda d: d.update(colour="red"), "$.colour", "unknown field"),
        (lambda d: d["nodes"][1].update(size=3), "$.nodes[1].size", "unknown field"),
        (lambda d: d["nodes"][0]["stores"][0].update(replicas=3), "$.nodes[0].stores[0].replicas", "unknown field"),
        (lambda d: d["flows"][2].update(label="x"), "$.flows[2].label", "unknown field"),
        (lambda d: d["locations"][0].update(city="Sydney"), "$.locations[0].city", "unknown field"),
        (lambda d: d["nodes"][2].pop("id"), "$.nodes[2].id", "required"),
        (lambda d: d["flows"][0].pop("to"), "$.flows[0].to", "required"),
        (lambda d: d["nodes"][2].update(id="Orders DB"), "$.nodes[2].id", "not a valid id"),
        (lambda d: d["nodes"][0].update(properties=[]), "$.nodes[0].properties", "not of type 'object'"),
        (lambda d: d.update(nodes={}), "$.nodes", "not of type 'array'"),
        (lambda d: d.update(format="kafkaesque.design/v2"), "$.format", "kafkaesque.design/v1"),
        (lambda d: d["flows"][0].update(**{"from": "/orders"}), "$.flows[0].from", "not a valid endpoint"),
        (lambda d: d["layout"].update(x={"x": "left", "y": 1}), "$.layout.x.x", "not of type 'number'"),
        (lambda d: d.pop("name"), "$.name", "required"),
    ],
)
def test_structural_problems_names_the_path(mutate: Any, path: str, words: str) -> None:
    # given
    data = example()
    mutate(data)
    # when
    problems = structural_problems(data)
    # then
    assert path in paths(problems)
    assert any(words in problem.message for problem in problems if problem.path == path), problems


def test_structural_problems_lists_every_problem_not_just_the_first() -> None:
    # given
    data = example()
    data["nodes"][0].pop("service")
    data["nodes"][1]["id"] = "Bad"
    data["flows"][1]["mechanism"] = 7
    # when
    problems = structural_problems(data)
    # then
    assert paths(problems) == ["$.flows[1].mechanism", "$.nodes[0].service", "$.nodes[1].id"]


def test_structural_problems_reports_duplicate_ids_and_store_names() -> None:
    # given
    data = example()
    data["nodes"][2]["id"] = "kafka-syd"
    data["flows"][1]["id"] = "syd-to-fra"
    data["locations"][1]["id"] = "syd"
    data["nodes"][0]["stores"].append({"name": "orders", "kind": "topic"})
    # when
    problems = structural_problems(data)
    # then
    assert paths(problems) == ["$.flows[1].id", "$.locations[1].id", "$.nodes[0].stores[1].name", "$.nodes[2].id"]
    assert "duplicate node id 'kafka-syd'" in problems[3].message
    assert "in node 'kafka-syd'" in problems[2].message


def test_structural_problems_reports_too_many_nodes_with_limit_and_value() -> None:
    # given
    data = example()
    data["nodes"] = [{"id": f"n{i}", "service": "kafka"} for i in range(11)]
    # when
    problems = structural_problems(data, Limits(max_nodes=10))
    # then
    assert len(problems) == 1
    assert (problems[0].code, problems[0].path, problems[0].limit, problems[0].value) == (
        "limit-exceeded",
        "$.nodes",
        10,
        11,
    )
    assert "11 nodes exceed the limit of 10" in problems[0].message


def test_structural_problems_reports_too_many_flows_size_and_depth() -> None:
    # given
    many_flows = example()
    many_flows["flows"] = [dict(EXAMPLE["flows"][0], id=f"f{i}") for i in range(4)]
    deep = example()
    nested: dict[str, Any] = {}
    deep["extensions"] = {"a": nested}
    for _ in range(40):
        nested["a"] = {}
        nested = nested["a"]
    # when
    flow_problems = structural_problems(many_flows, Limits(max_flows=3))
    size_problems = structural_problems(example(), Limits(max_bytes=100))
    depth_problems = structural_problems(deep)
    # then
    assert [(p.code, p.limit, p.value) for p in flow_problems] == [("limit-exceeded", 3, 4)]
    assert size_problems[0].code == "limit-exceeded" and size_problems[0].limit == 100
    assert size_problems[0].value is not None and size_problems[0].value > 100
    assert depth_problems[0].code == "limit-exceeded" and depth_problems[0].limit == 32
    assert "nesting depth" in depth_problems[0].message


def test_reference_problems_finds_dangling_nodes_stores_and_locations() -> None:
    # given
    data = example()
    data["nodes"][1]["location"] = "mel"
    data["flows"][2]["to"] = "orders-db/shop.missing"
    data["flows"][0]["from"] = "kafka-gone"
    design = parse_document(data)
    # when
    problems = reference_problems(design)
    # then
    assert [(p.path, p.code) for p in problems] == [
        ("$.nodes[1].location", "unknown-reference"),
        ("$.flows[0].from", "unknown-reference"),
        ("$.flows[2].to", "unknown-reference"),
    ]
    assert "'kafka-gone'" in problems[1].message
    assert "'shop.missing'" in problems[2].message


def test_parse_document_raises_with_every_problem() -> None:
    # given
    data = example()
    data["nodes"][0]["id"] = "X"
    data["colour"] = 1
    # when
    with pytest.raises(DocumentError) as caught:
        parse_document(data)
    # then
    assert paths(caught.value.problems) == ["$.colour", "$.nodes[0].id"]
    assert "$.nodes[0].id" in str(caught.value)


def test_parse_json_text_reports_line_and_column_of_malformed_json() -> None:
    # given
    text = '{\n  "format": "kafkaesque.design/v1",\n  "name": "x",,\n}'
    # when
    with pytest.raises(DocumentError) as caught:
        parse_json_text(text)
    # then
    problem = caught.value.problems[0]
    assert problem.code == "malformed-json"
    assert "line 3 column 15" in problem.message


def test_parse_json_text_refuses_nan_oversize_and_absurd_nesting() -> None:
    # given
    nan_text = '{"format": "kafkaesque.design/v1", "name": "x", "extensions": {"a": NaN}}'
    big_text = json.dumps(example())
    deep_text = "[" * 100_000 + "]" * 100_000
    # when / then
    with pytest.raises(DocumentError) as nan_error:
        parse_json_text(nan_text)
    assert nan_error.value.problems[0].code == "malformed-json"
    with pytest.raises(DocumentError) as big_error:
        parse_json_text(big_text, Limits(max_bytes=50))
    assert big_error.value.problems[0].value == len(big_text.encode())
    with pytest.raises(DocumentError) as deep_error:
        parse_json_text(deep_text, Limits(max_bytes=10_000_000))
    assert deep_error.value.problems[0].code == "limit-exceeded"


def test_parse_json_text_accepts_bytes_with_bom() -> None:
    # given
    text = b"\xef\xbb\xbf" + json.dumps(example()).encode()
    # when
    design = parse_json_text(text)
    # then
    assert design.name == EXAMPLE["name"]


def test_structural_problems_accepts_depth_at_the_limit_and_reports_one_past_it() -> None:
    # given: the document object is level 1, "extensions" level 2, then nested objects below it
    def nested(levels: int) -> dict[str, Any]:
        data = example()
        inner: dict[str, Any] = {}
        data["extensions"] = inner
        for _ in range(levels - 2):
            inner["a"] = {}
            inner = inner["a"]
        return data

    # when
    at_limit = structural_problems(nested(8), Limits(max_depth=8))
    past_limit = structural_problems(nested(9), Limits(max_depth=8))
    # then
    assert at_limit == []
    assert [(p.code, p.limit, p.value) for p in past_limit] == [("limit-exceeded", 8, 9)]
    assert "found at least 9" in past_limit[0].message


def test_design_node_finds_every_node_and_none_for_an_unknown_id() -> None:
    # given
    data = example()
    data["nodes"] += [{"id": f"n{i}", "service": "kafka"} for i in range(50)]
    design = parse_document(data)
    # when
    found = [design.node(node.id) for node in design.nodes]
    # then
    assert found == list(design.nodes)
    assert design.node("missing") is None
    assert design.flows[0].source == Endpoint("kafka-syd", None)


def test_structural_problems_names_an_unpaired_surrogate_in_a_decoded_document() -> None:
    # given a document whose store name holds a lone surrogate (as json.loads gives for "\ud800")
    data = {"format": "kafkaesque.design/v1", "name": "x", "flows": [{"id": "a", "from": "a", "to": "a/\ud800"}]}
    # when
    problems = structural_problems(data)
    # then
    assert [p.path for p in problems] == ["$.flows[0].to"]
    assert "surrogate" in problems[0].message


def test_parse_json_text_refuses_a_lone_surrogate_escape_but_keeps_a_valid_pair() -> None:
    # given
    lone = '{"format": "kafkaesque.design/v1", "name": "bad \\ud800 name", "nodes": [], "flows": []}'
    pair = '{"format": "kafkaesque.design/v1", "name": "ok \\ud83d\\ude00", "nodes": [], "flows": []}'
    # when / then
    with pytest.raises(DocumentError) as caught:
        parse_json_text(lone)
    assert [(p.path, "surrogate" in p.message) for p in caught.value.problems] == [("$.name", True)]
    assert parse_json_text(pair).name == "ok \U0001f600"
