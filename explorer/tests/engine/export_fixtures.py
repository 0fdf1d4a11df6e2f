"""A small hand-made catalog and design builders for the export tests (independent of the catalog data)."""

from __future__ import annotations

from typing import Any

from catalog import Catalog, Mechanism, Pair, Service
from explorer.engine.document import Design, parse_document


def _service(id: str, name: str, category: str, store_kinds: tuple[str, ...] = ()) -> Service:
    return Service(
        id=id,
        name=name,
        category=category,
        description="",
        store_kinds=store_kinds,
        naming=(),
        properties=(),
        image=None,
        default_version=None,
        docs=(),
        legacy=False,
    )


def _mechanism(id: str, short: str, pairs: list[tuple[str, str, tuple[str, ...]]], legacy: bool = False) -> Mechanism:
    return Mechanism(
        id=id,
        name=id,
        kind="native",
        description="",
        pairs=tuple(
            Pair(source=s, sink=t, modes=m, evidence=("https://example.org",), status="documented", note="")
            for s, t, m in pairs
        ),
        renames=id == "mirrormaker2",
        properties=(),
        required_properties=(),
        version_constraints=(),
        generates={},
        legacy=legacy,
        short_label=short,
    )


def small_catalog() -> Catalog:
    """Kafka, Cassandra, Spark batch, Elasticsearch, Kibana and an event source, with a few mechanisms."""
    services = [
        _service("kafka", "Apache Kafka", "stream", ("topic",)),
        _service("cassandra", "Apache Cassandra", "store", ("table",)),
        _service("spark-batch", "Spark (batch)", "compute"),
        _service("elasticsearch", "Elasticsearch", "search", ("index",)),
        _service("kibana", "Kibana", "visualise"),
        _service("event-source", "Event source", "external"),
    ]
    mechanisms = [
        _mechanism("mirrormaker2", "MM2", [("kafka", "kafka", ("stream",))]),
        _mechanism("connect-cassandra-sink", "Connect sink", [("kafka", "cassandra", ("stream",))]),
        _mechanism("spark-cassandra", "Spark", [("cassandra", "spark-batch", ("batch",))]),
        _mechanism("connect-elasticsearch-sink", "Connect sink", [("kafka", "elasticsearch", ("stream",))]),
        _mechanism("kibana-elasticsearch", "Kibana", [("elasticsearch", "kibana", ("stream", "batch"))]),
        _mechanism("kafka-client", "Client", [("event-source", "kafka", ("stream",))]),
    ]
    return Catalog(
        services={s.id: s for s in services},
        mechanisms={m.id: m for m in mechanisms},
        version="test-1",
        defaults={(p.source, p.sink): m.id for m in mechanisms for p in m.pairs},
    )


def design(
    nodes: list[dict[str, Any]],
    flows: list[dict[str, Any]],
    *,
    name: str = "Test design",
    locations: list[dict[str, Any]] | None = None,
) -> Design:
    """Parse a design document assembled from parts."""
    return parse_document(
        {
            "format": "kafkaesque.design/v1",
            "name": name,
            "description": "",
            "locations": locations or [],
            "nodes": nodes,
            "flows": flows,
            "layout": {},
            "extensions": {},
        }
    )
