"""Small designs with load for the what-if simulation tests, and a runner with the real catalog and defaults."""

from __future__ import annotations

from typing import Any

from catalog import default_catalog
from catalog.load_defaults import default_load_defaults
from explorer.engine.document import parse_document
from explorer.engine.simulate import Options, Outage, Profile, SimulationResult, simulate
from explorer.tests.engine.analysis_designs import design, flow, node

MB = 1_000_000

SPIKE = Profile(shape="spike", factor=10, minutes=10, start_minute=60)


def location(id: str, region: str, zone: str | None = None) -> dict[str, Any]:
    """A location in AWS ``region`` (and ``zone``)."""
    item: dict[str, Any] = {"id": id, "name": id, "provider": "aws", "region": region}
    if zone:
        item["zone"] = zone
    return item


def store_properties(item: dict[str, Any], store: str, **properties: Any) -> dict[str, Any]:
    """Set ``properties`` on ``store`` of the node ``item`` (in place); returns the node."""
    for entry in item["stores"]:
        if entry["name"] == store:
            entry["properties"] = {**entry.get("properties", {}), **properties}
    return item


def buffer_design(*, drain_bytes: float = 6 * MB, retention_ms: int = 86_400_000) -> dict[str, Any]:
    """The seed's buffer pattern at 5 MB/s (5,000 records/s of 1,000 B)::

    [sensors] --collect--> [ingest/clicks] --drain (MM2, drain_bytes)--> [consume/ingest.clicks]
                                                                     --analyse--> [analytics]
    """
    return design(
        node("sensors", "event-source", location="a", events_per_second=5000, record_bytes=1000),
        store_properties(
            node("ingest", "kafka", "clicks", location="a"), "clicks", partitions=24, **{"retention.ms": retention_ms}
        ),
        store_properties(node("consume", "kafka", "ingest.clicks", location="b"), "ingest.clicks", partitions=24),
        node("analytics", "application", location="b"),
        flow("collect", "sensors", "ingest/clicks", "kafka-client"),
        flow(
            "drain",
            "ingest",
            "consume",
            "mirrormaker2",
            topics="clicks",
            replication_policy="default",
            max_bytes_per_second=drain_bytes,
        ),
        flow("analyse", "consume/ingest.clicks", "analytics", "kafka-client", group_id="analytics"),
        locations=(location("a", "us-east-1", "us-east-1a"), location("b", "us-east-1", "us-east-1b")),
    )


def active_passive(*, standby_consumer: bool = False, sync: bool | None = None) -> dict[str, Any]:
    """Checkout writes 1,000 records/s of 2,000 B to the primary in Ireland; MM2 (2 s behind) copies to Frankfurt::

    [checkout] --> [primary/orders] --bill--> [billing]
                          |
                     replicate (MM2, latency 2 s)
                          v
                   [standby/primary.orders]  (--bill-standby--> [billing] when standby_consumer)
    """
    replicate: dict[str, Any] = {"topics": "orders", "replication_policy": "default", "latency_seconds": 2}
    if sync is not None:
        replicate["sync.group.offsets.enabled"] = sync
    items = [
        node("checkout", "event-source", location="ireland", events_per_second=1000, record_bytes=2000),
        node("primary", "kafka", "orders", location="ireland"),
        node("billing", "application", location="ireland"),
        node("standby", "kafka", "primary.orders", location="frankfurt"),
        flow("place-order", "checkout", "primary/orders", "kafka-client"),
        flow("bill", "primary/orders", "billing", "kafka-client", group_id="billing"),
        flow("replicate", "primary", "standby", "mirrormaker2", **replicate),
    ]
    if standby_consumer:
        items.append(flow("bill-standby", "standby/primary.orders", "billing", "kafka-client", group_id="billing"))
    return design(
        *items,
        locations=(
            location("ireland", "eu-west-1", "eu-west-1a"),
            location("frankfurt", "eu-central-1", "eu-central-1a"),
        ),
    )


def two_dc_cassandra() -> dict[str, Any]:
    """Keyspace ``shop`` with 3 replicas in each of two data centres (one design node each)::

    [cassandra dc1 (us-east-1): shop.orders] ==native replication== [cassandra dc2 (us-west-2): shop.orders]
    """
    replication = {"dc1": 3, "dc2": 3}
    return design(
        store_properties(
            node("cass-east", "cassandra", "shop.orders", location="east", datacenter="dc1"),
            "shop.orders",
            replication=replication,
        ),
        store_properties(
            node("cass-west", "cassandra", "shop.orders", location="west", datacenter="dc2"),
            "shop.orders",
            replication=replication,
        ),
        flow("native", "cass-east", "cass-west", "cassandra-replication"),
        locations=(location("east", "us-east-1"), location("west", "us-west-2")),
    )


def run(
    document: dict[str, Any],
    *,
    profile: Profile | None = None,
    outage: str | None = None,
    duration_s: float = 86_400,
    step_s: float = 60,
) -> SimulationResult:
    """Parse and simulate with the real catalog and load defaults."""
    options = Options(
        duration_s=duration_s, step_s=step_s, profile=profile, outage=Outage.parse(outage), series_limit=50
    )
    return simulate(parse_document(document), default_catalog(), default_load_defaults(), options)


def flow_result(result: SimulationResult, flow_id: str, *, outage: bool = False) -> dict[str, Any]:
    """The entry of ``flow_id`` in ``flows`` (or in the outage's flows)."""
    items = result.data["outage"]["flows"] if outage else result.data["flows"]
    return next(item for item in items if item["id"] == flow_id)


def store_result(result: SimulationResult, store_id: str) -> dict[str, Any]:
    """The entry of ``node/store`` in ``stores``."""
    return next(item for item in result.data["stores"] if item["id"] == store_id)


def codes(result: SimulationResult) -> set[str]:
    """Finding codes raised."""
    return {item.code for item in result.findings}
