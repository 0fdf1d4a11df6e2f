"""Importers of what runs, on sample files written from the vendors' documentation, and hostile input.

compose: kafka ── connect worker ── es        listing: known sink + unknown class (a note)
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import yaml

from catalog import default_catalog
from explorer.engine.drift import drift
from explorer.engine.importers.base import ImportRefused
from explorer.engine.importers.collection import import_files
from explorer.engine.importers.compose import import_compose
from explorer.engine.importers.cql import import_cql
from explorer.engine.importers.logstash import import_logstash
from explorer.engine.importers.strimzi import import_strimzi

COMPOSE = b"""\
services:
  broker:
    image: apache/kafka:3.9.1
    environment:
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://broker:9092
  connect:
    image: confluentinc/cp-kafka-connect:7.9.0
    environment:
      CONNECT_BOOTSTRAP_SERVERS: broker:9092
  search:
    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0
  dashboards:
    image: docker.elastic.co/kibana/kibana:8.15.0
    environment:
      ELASTICSEARCH_HOSTS: http://search:9200
  cass-east:
    image: cassandra:4.1
    environment:
      CASSANDRA_DC: east
      CASSANDRA_CLUSTER_NAME: shop
  lake:
    image: quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z
  orders-db:
    image: postgres:16.9
  billing:
    image: example.org/billing:1.2
"""

LISTING = {
    "to-search": {
        "info": {
            "name": "to-search",
            "config": {
                "connector.class": "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector",
                "topics": "orders",
                "connection.url": "http://search:9200",
            },
            "tasks": [{"connector": "to-search", "task": 0}],
            "type": "sink",
        },
        "status": {"name": "to-search", "connector": {"state": "RUNNING", "worker_id": "connect:8083"}, "tasks": []},
    },
    "mystery": {
        "info": {"name": "mystery", "config": {"connector.class": "com.example.MysteryConnector"}, "type": "source"},
        "status": {"name": "mystery", "connector": {"state": "RUNNING", "worker_id": "connect:8083"}, "tasks": []},
    },
}


def test_compose_services_are_recognised_by_image_and_unknown_ones_kept_with_a_note() -> None:
    # when
    partial = import_compose(COMPOSE, "docker-compose.yml")
    # then
    services = {ident: node["service"] for ident, node in partial.nodes.items()}
    assert services == {
        "broker": "kafka",
        "search": "elasticsearch",
        "dashboards": "kibana",
        "cass-east": "cassandra",
        "lake": "s3",
        "orders-db": "jdbc",
        "billing": "application",
    }
    assert partial.nodes["cass-east"]["location"] == "east"
    assert partial.origins["node:lake"].line == 21
    assert [str(n) for n in partial.notes] == [
        "docker-compose.yml:25 (services.billing): image 'example.org/billing:1.2' is not recognised; "
        "service 'billing' kept as an application"
    ]
    assert [(f["from"], f["to"], f["mechanism"]) for f in partial.flows.values()] == [
        ("search", "dashboards", "kibana-elasticsearch")
    ]


def test_connect_listing_with_known_and_unknown_classes_joins_the_workers_cluster() -> None:
    # given a compose file and the answer of GET /connectors?expand=info&expand=status
    files = {"docker-compose.yml": COMPOSE, "connectors.json": json.dumps(LISTING, indent=2).encode()}
    # when
    result = import_files(files, default_catalog())
    # then the known connector is a flow from the broker's topic to the index, the unknown one a note
    assert result.problems == ()
    flows = {f["id"]: (f["from"], f["to"], f["mechanism"]) for f in result.document["flows"]}
    assert flows["to-search"] == ("broker/orders", "search/orders", "connect-elasticsearch-sink")
    assert "mystery" not in flows
    assert any("com.example.MysteryConnector" in n.message and n.origin.line > 0 for n in result.notes)
    assert result.origins["flow:to-search"].file == "connectors.json"


def test_strimzi_resources_become_a_cluster_with_topics_and_mm2_flows() -> None:
    # given resources shaped as the Strimzi v1 API documents them
    text = b"""\
apiVersion: kafka.strimzi.io/v1
kind: Kafka
metadata:
  name: east
spec:
  kafka:
    version: 4.1.0
---
apiVersion: kafka.strimzi.io/v1
kind: KafkaTopic
metadata:
  name: orders
  labels:
    strimzi.io/cluster: east
spec:
  partitions: 6
  replicas: 3
---
apiVersion: kafka.strimzi.io/v1
kind: KafkaMirrorMaker2
metadata:
  name: to-west
spec:
  target:
    alias: west
    bootstrapServers: west-kafka-bootstrap:9092
  mirrors:
  - source:
      alias: east
      bootstrapServers: east-kafka-bootstrap:9092
    topicsPattern: orders
    sourceConnector:
      config:
        replication.policy.class: org.apache.kafka.connect.mirror.IdentityReplicationPolicy
"""
    # when
    partial = import_strimzi(text, "k8s.yaml", default_catalog())
    # then
    assert partial.nodes["east"]["stores"]["orders"]["properties"] == {"partitions": 6, "replication_factor": 3}
    assert partial.nodes["east"]["properties"]["version"] == "4.1"
    assert list(partial.flows.values()) == [
        {
            "id": "east-to-west",
            "from": "east",
            "to": "west",
            "mechanism": "mirrormaker2",
            "properties": {"topics": "orders", "replication_policy": "identity"},
        }
    ]
    assert partial.origins["flow:east-to-west"].line == 28


def test_cql_schema_puts_tables_in_every_data_centre_of_their_keyspace() -> None:
    # given
    text = b"""\
-- shop schema
CREATE KEYSPACE IF NOT EXISTS shop WITH replication = {'class': 'NetworkTopologyStrategy', 'east': 3, 'west': 2};
USE shop;
/* orders by id */
CREATE TABLE IF NOT EXISTS "Orders" (id uuid PRIMARY KEY, payload text);
"""
    # when
    partial = import_cql(text, "shop.cql")
    # then
    assert sorted(partial.nodes) == ["shop-east", "shop-west"]
    store = partial.nodes["shop-west"]["stores"]["shop.Orders"]
    assert store["properties"] == {"replication": {"east": 3, "west": 2}}
    assert partial.origins["store:shop-east/shop.Orders"].line == 5


def test_logstash_pipeline_reads_kafka_into_elasticsearch() -> None:
    # given
    text = b"""\
input {
  kafka { bootstrap_servers => "broker:9092" topics => ["clicks"] group_id => "ls" }
}
filter { mutate { add_field => { "seen" => "yes" } } }
output {
  elasticsearch { hosts => ["http://search:9200"] index => "clicks" }
}
"""
    # when
    partial = import_logstash(text, "pipeline/main.conf")
    # then
    assert sorted((f["from"], f["to"], f["mechanism"]) for f in partial.flows.values()) == [
        ("broker/clicks", "main", "logstash-kafka"),
        ("main", "search/clicks", "logstash-elasticsearch"),
    ]


def test_drift_names_a_changed_policy_and_the_event_loop_of_what_runs() -> None:
    # given a design replicating with the default policy, and a running identity mm2.properties
    design = {
        "format": "kafkaesque.design/v1",
        "name": "AA",
        "nodes": [
            {"id": "east", "service": "kafka", "stores": [{"name": "orders", "kind": "topic"}]},
            {"id": "west", "service": "kafka", "stores": [{"name": "orders", "kind": "topic"}]},
        ],
        "flows": [
            {
                "id": "e2w",
                "from": "east",
                "to": "west",
                "mechanism": "mirrormaker2",
                "properties": {"topics": "orders"},
            },
            {
                "id": "w2e",
                "from": "west",
                "to": "east",
                "mechanism": "mirrormaker2",
                "properties": {"topics": "orders"},
            },
        ],
    }
    mm2 = b"""clusters = east, west
east.bootstrap.servers = east:9092
west.bootstrap.servers = west:9092
east->west.enabled = true
east->west.topics = orders
west->east.enabled = true
west->east.topics = orders
replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy
"""
    result = import_files({"mm2.properties": mm2}, default_catalog())
    # when
    report = drift(design, result.document, default_catalog(), origins=result.origins)
    # then
    changed = [(d.key, d.message, d.origin.line if d.origin else 0) for d in report.differences]
    assert ("e2w", "replication_policy: designed default, runs identity", 4) in changed
    assert any(line.startswith("what runs has event-loop that the design does not") for line in report.analysis)


def _billion_laughs() -> bytes:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text.encode()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


HOSTILE = [
    ("bomb.yaml", _billion_laughs(), "alias bomb"),
    ("deep.yaml", b"a: " + b"[" * 10000 + b"]" * 10000, "nesting deeper than the limit"),
    ("deep.json", b"[" * 10000 + b"]" * 10000, "nesting deeper than the limit"),
    ("bad.properties", b"clusters = a\n\xff\xfe\n", "not UTF-8 text"),
    ("binary.cql", b"CREATE\x00KEYSPACE", "binary content"),
    ("huge.cql", b"-- " + b"x" * (2 * 1024 * 1024 + 1), "exceed the limit"),
    ("bomb.zip", _zip({"big.yml": b"a" * (1024 * 1024)}), "zip bomb"),
    ("escape.zip", _zip({"../../etc/passwd.yml": b"services: {}\n"}), "unsafe entry name"),
]


@pytest.mark.parametrize(("name", "data", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_input_is_refused_with_a_clear_error_naming_the_file(name: str, data: bytes, words: str) -> None:
    # when
    result = import_files({name: data}, default_catalog())
    # then nothing is imported and the problem names the file
    assert result.document["nodes"] == []
    assert len(result.problems) == 1
    assert result.problems[0].origin.file == name
    assert words in result.problems[0].message


def test_a_yaml_syntax_error_names_its_line() -> None:
    with pytest.raises(ImportRefused) as caught:
        import_compose(b"services:\n  a:\n    image: [unclosed\n", "docker-compose.yml")
    assert caught.value.problem.origin.line == 4


@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(("text", "words"), [(HOSTILE[0][1], "alias bomb"), (b"a: &x [*x]\n", "refers to itself")])
def test_yaml_bombs_are_refused_by_both_loaders(
    monkeypatch: pytest.MonkeyPatch, libyaml: bool, text: bytes, words: str
) -> None:
    # given the loader PyYAML would use with or without its C extension
    monkeypatch.setattr(yaml, "__with_libyaml__", libyaml)
    # when / then
    with pytest.raises(ImportRefused) as caught:
        import_compose(text, "bomb.yml")
    assert words in caught.value.problem.message


def test_a_connector_naming_its_cluster_with_a_client_override_joins_that_cluster() -> None:
    # given two clusters (from mm2.properties) and a sink that overrides its consumer's bootstrap servers
    mm2 = b"clusters = east, west\neast.bootstrap.servers = kafka-east:9092\nwest.bootstrap.servers = kafka-west:9092\n"
    sink = {
        "name": "to-search",
        "config": {
            "connector.class": "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector",
            "topics": "clicks",
            "connection.url": "http://search:9200",
            "consumer.override.bootstrap.servers": "kafka-west:9092",
        },
    }
    # when
    result = import_files({"mm2.properties": mm2, "sink.json": json.dumps(sink).encode()}, default_catalog())
    # then the flow reads the topic on the west cluster, and no third cluster is invented
    assert [(f["from"], f["to"]) for f in result.document["flows"]] == [("kafka-west/clicks", "search/clicks")]
    assert sorted(n["id"] for n in result.document["nodes"] if n["service"] == "kafka") == ["kafka-east", "kafka-west"]
