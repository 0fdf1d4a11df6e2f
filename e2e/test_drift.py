"""Drift end to end in Chromium: import a design, upload what runs, see the differences and its event loop.

design:  kafka-a ⇄ kafka-b (MM2, default policy)      kafka-a/orders ──S3 sink──▶ archive
runs:    the same clusters with the identity policy   the sink reads orders-v2
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shot
from e2e.test_editor import new_design

pytestmark = pytest.mark.browser

DESIGN = {
    "format": "kafkaesque.design/v1",
    "name": "Two regions and an archive",
    "nodes": [
        {"id": "kafka-a", "service": "kafka", "name": "Kafka A", "stores": [{"name": "orders", "kind": "topic"}]},
        {"id": "kafka-b", "service": "kafka", "name": "Kafka B", "stores": [{"name": "orders", "kind": "topic"}]},
        {"id": "archive", "service": "s3", "name": "Archive", "stores": [{"name": "orders/", "kind": "prefix"}]},
    ],
    "flows": [
        {
            "id": "a-to-b",
            "from": "kafka-a",
            "to": "kafka-b",
            "mechanism": "mirrormaker2",
            "properties": {"topics": "orders"},
        },
        {
            "id": "b-to-a",
            "from": "kafka-b",
            "to": "kafka-a",
            "mechanism": "mirrormaker2",
            "properties": {"topics": "orders"},
        },
        {"id": "archive-orders", "from": "kafka-a/orders", "to": "archive/orders/", "mechanism": "connect-s3-sink"},
    ],
    "layout": {"kafka-a": {"x": 80, "y": 80}, "kafka-b": {"x": 480, "y": 80}, "archive": {"x": 80, "y": 360}},
}

MM2_IDENTITY = b"""\
clusters = kafka-a, kafka-b
kafka-a.bootstrap.servers = kafka-a:9092
kafka-b.bootstrap.servers = kafka-b:9092
kafka-a->kafka-b.enabled = true
kafka-a->kafka-b.topics = orders
kafka-b->kafka-a.enabled = true
kafka-b->kafka-a.topics = orders
replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy
"""

CONNECTOR = {
    "name": "archive-orders",
    "config": {
        "connector.class": "io.confluent.connect.s3.S3SinkConnector",
        "topics": "orders-v2",
        "s3.bucket.name": "archive",
        "store.url": "http://archive:9000",
        "topics.dir": "orders",
        "consumer.override.bootstrap.servers": "kafka-a:9092",
    },
}


def test_compare_with_what_runs_colours_the_differences_and_shows_the_event_loop(page: Page) -> None:
    # given a design imported into a new one
    new_design(page)
    page.get_by_test_id("import-input").set_input_files(
        files=[{"name": "design.json", "mimeType": "application/json", "buffer": json.dumps(DESIGN).encode()}]
    )
    expect(page.locator(".react-flow__node-service")).to_have_count(3)
    # when what runs is uploaded: identity MM2 and a connector reading another topic
    page.get_by_test_id("drift-input").set_input_files(
        files=[
            {"name": "mm2.properties", "mimeType": "text/plain", "buffer": MM2_IDENTITY},
            {
                "name": "archive-orders.json",
                "mimeType": "application/json",
                "buffer": json.dumps(CONNECTOR, indent=2).encode(),
            },
        ]
    )
    # then the banner counts the differences and the panel lists each with its file and line
    banner = page.get_by_test_id("drift-banner")
    expect(banner).to_be_visible(timeout=30_000)
    expect(banner).to_contain_text("3 changed")
    panel = page.get_by_role("complementary", name="Differences from what runs")
    expect(panel).to_contain_text("replication_policy: designed default, runs identity")
    expect(panel).to_contain_text("mm2.properties:4")
    expect(panel).to_contain_text("source store: designed orders, runs orders-v2")
    expect(panel).to_contain_text("archive-orders.json:3")
    # and the topics MM2 copies exist, so no store is missing
    expect(panel).not_to_contain_text("Does not run")
    # and the event loop of what runs, which the design does not have
    expect(panel).to_contain_text("what runs has event-loop that the design does not")
    # and the changed flows are coloured on the canvas
    expect(page.locator("path.flow-edge.diff-changed")).to_have_count(3)
    shot(page, "drift")
    # when the comparison stops, the colours go
    banner.get_by_role("button", name="Stop comparing").click()
    expect(page.locator("path.flow-edge.diff-changed")).to_have_count(0)
