"""Tests for the semantic diff between two designs."""

from __future__ import annotations

from explorer.engine.diff import diff_designs
from explorer.engine.document import parse_document
from explorer.tests.engine.test_document import example


def test_diff_designs_of_equal_documents_is_empty() -> None:
    # given
    before = parse_document(example())
    after = parse_document(example())
    # when
    diff = diff_designs(before, after)
    # then
    assert diff.is_empty()
    assert diff.to_dict()["identical"] is True


def test_diff_designs_matches_by_id_not_by_position() -> None:
    # given
    data = example()
    data["nodes"].reverse()
    data["flows"].reverse()
    # when
    diff = diff_designs(parse_document(example()), parse_document(data))
    # then
    assert diff.is_empty()


def test_diff_designs_reports_added_removed_and_changed_elements() -> None:
    # given
    data = example()
    data["name"] = "Renamed"
    data["extensions"] = {"acme": 1}
    data["locations"][0]["region"] = "ap-southeast-4"
    data["nodes"][0]["properties"] = {"version": "4.0", "x-owner": "team"}
    data["nodes"][0]["stores"][0]["properties"] = {"partitions": 24}
    data["nodes"][1]["stores"].append({"name": "payments", "kind": "topic"})
    data["nodes"].pop(2)
    data["nodes"].append({"id": "lake", "service": "s3", "stores": [{"name": "raw/", "kind": "prefix"}]})
    data["flows"] = [data["flows"][0], {"id": "archive", "from": "kafka-fra", "to": "lake"}]
    data["flows"][0]["properties"]["replication_policy"] = "identity"
    data["layout"]["lake"] = {"x": 800, "y": 120}
    # when
    result = diff_designs(parse_document(example()), parse_document(data)).to_dict()
    # then
    assert result["document"] == [
        {"field": "name", "before": "Active-active Kafka across two regions", "after": "Renamed"},
        {"field": "extensions.acme", "before": None, "after": 1},
    ]
    assert result["locations"]["changed"] == [
        {"id": "syd", "changes": [{"field": "region", "before": "ap-southeast-2", "after": "ap-southeast-4"}]}
    ]
    assert result["nodes"]["added"] == ["lake"]
    assert result["nodes"]["removed"] == ["orders-db"]
    assert result["nodes"]["changed"] == [
        {
            "id": "kafka-syd",
            "changes": [
                {"field": "properties.version", "before": "3.9", "after": "4.0"},
                {"field": "properties.x-owner", "before": None, "after": "team"},
            ],
        }
    ]
    assert result["stores"]["added"] == ["kafka-fra/payments", "lake/raw/"]
    assert result["stores"]["removed"] == ["orders-db/shop.orders_by_id"]
    assert result["stores"]["changed"] == [
        {"id": "kafka-syd/orders", "changes": [{"field": "properties.partitions", "before": 12, "after": 24}]}
    ]
    assert result["flows"]["added"] == ["archive"]
    assert result["flows"]["removed"] == ["fra-to-syd", "orders-sink"]
    assert result["flows"]["changed"][0]["changes"] == [
        {"field": "properties.replication_policy", "before": "default", "after": "identity"}
    ]
    assert result["layout_changed"] is True
    assert result["summary"]["nodes_added"] == 1 and result["summary"]["flows_removed"] == 2


def test_diff_designs_reports_moved_flow_endpoints() -> None:
    # given
    data = example()
    data["flows"][2]["from"] = "kafka-syd/orders"
    # when
    result = diff_designs(parse_document(example()), parse_document(data)).to_dict()
    # then
    assert result["flows"]["changed"] == [
        {"id": "orders-sink", "changes": [{"field": "from", "before": "kafka-fra/orders", "after": "kafka-syd/orders"}]}
    ]
