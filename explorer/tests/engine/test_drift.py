"""Drift between a design and what runs, on the jdbc-kafka-s3-archive pattern::

    erp/orders ──JDBC source──▶ kafka/erp-orders ──S3 sink──▶ archive/archive/orders/

What runs is the pattern's own bundle deployed with compose (its k8s/ resources left out), edited the way a
running system drifts.
"""

from __future__ import annotations

import json
from pathlib import Path

from catalog import default_catalog
from explorer.engine.drift import drift
from explorer.engine.importers.collection import import_files

from .generate_fixtures import bundle_of

PATTERN = Path(__file__).resolve().parents[3] / "fixtures" / "patterns" / "jdbc-kafka-s3-archive.json"


def _drift(edit) -> list[tuple[str, str, str, str]]:
    data = json.loads(PATTERN.read_text())
    files = {path: body for path, body in bundle_of(data).files.items() if not path.startswith("k8s/")}
    edit(files)
    imported = import_files(files, default_catalog())
    assert imported.problems == ()
    report = drift(data, imported.document, default_catalog(), origins=imported.origins, analysis=False)
    return [
        (d.status, d.element, d.key, d.message + (f" @ {d.origin}" if d.origin else "")) for d in report.differences
    ]


def test_drift_of_the_designs_own_bundle_is_empty() -> None:
    assert _drift(lambda files: None) == []


def test_a_connector_reading_another_topic_is_a_changed_store_with_its_file() -> None:
    # given the S3 sink now reading 'erp-orders-v2'
    def edit(files: dict[str, bytes]) -> None:
        body = json.loads(files["connect/archive-orders.json"])
        body["config"]["topics"] = "erp-orders-v2"
        files["connect/archive-orders.json"] = json.dumps(body, indent=2).encode()

    # when / then the flow's source store changed, and the new topic runs but is not designed
    found = _drift(edit)
    assert (
        "changed",
        "flow",
        "archive-orders",
        "source store: designed erp-orders, runs erp-orders-v2 @ connect/archive-orders.json:3 (config)",
    ) in found
    assert any(d[:3] == ("extra", "store", "kafka/erp-orders-v2") for d in found)


def test_a_connector_of_another_class_is_a_changed_mechanism() -> None:
    # given the archive written by a JDBC sink into the ERP database instead of S3
    def edit(files: dict[str, bytes]) -> None:
        body = {
            "name": "archive-orders",
            "config": {
                "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
                "topics": "erp-orders",
                "connection.url": "jdbc:postgresql://archive:5432/kafkaesque",
            },
        }
        files["connect/archive-orders.json"] = json.dumps(body).encode()

    found = _drift(edit)
    assert (
        "changed",
        "flow",
        "archive-orders",
        "mechanism: designed connect-s3-sink, runs connect-jdbc-sink @ connect/archive-orders.json:1 (config)",
    ) in found


def test_a_removed_connector_is_missing_and_an_unknown_service_extra() -> None:
    # given the S3 sink deleted and a service the design does not know added to the compose file
    def edit(files: dict[str, bytes]) -> None:
        del files["connect/archive-orders.json"]
        files["docker-compose.yml"] += b"  audit:\n    image: example.org/audit:2.0\n"

    found = _drift(edit)
    assert ("missing", "flow", "archive-orders") in [d[:3] for d in found]
    extra = [d for d in found if d[:3] == ("extra", "node", "audit")]
    assert extra and "docker-compose.yml:" in extra[0][3]


def test_same_named_clusters_in_two_locations_match_by_location() -> None:
    # given a design with a Kafka cluster called "events" in each of two regions
    def kafka(ident: str, location: str) -> dict:
        return {"id": ident, "service": "kafka", "name": "events", "location": location, "stores": []}

    locations = [
        {"id": "eu", "name": "eu-west-1", "kind": "region", "provider": "aws"},
        {"id": "us", "name": "us-east-1", "kind": "region", "provider": "aws"},
    ]
    design = {
        "format": "kafkaesque.design/v1",
        "name": "two regions",
        "locations": locations,
        "nodes": [kafka("events-eu", "eu"), kafka("events-us", "us")],
        "flows": [],
    }
    # when what runs names only the US cluster, under another id
    running = {**design, "nodes": [kafka("cluster-b", "us")]}
    report = drift(design, running, default_catalog(), analysis=False)
    # then it is the US cluster that runs and the EU one that is missing, not the first of the same name
    assert [(d.status, d.element, d.key) for d in report.differences] == [("missing", "node", "events-eu")]
