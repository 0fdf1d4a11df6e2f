"""Kafka Connect: one connector JSON per connector flow and one worker per Kafka cluster that needs them.

Classes and keys follow integrations.md section 2; values the reference marks "not verified" are still
written (the validate endpoint will tell) but recorded as placeholders the bundle README lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from explorer.engine.document import Flow

from .formats import to_json, to_properties
from .names import java_regex_literal, java_replacement_literal, safe_filename
from .plan import Artefact, Plan, split_table

__all__ = [
    "CONNECTORS",
    "CONNECT_IMAGE",
    "ConnectorFacts",
    "build_connect",
    "connect_clusters",
    "connector_configs",
    "worker_path",
    "worker_properties",
]

CONNECT_IMAGE = "confluentinc/cp-kafka-connect:7.9.0"
CONNECT_PORT = 8083
MINIO_USER = "minioadmin"
MINIO_PASSWORD = "minioadmin"  # MinIO's documented development default; README lists it as a placeholder
JDBC_USER = "kafkaesque"
JDBC_PASSWORD = "kafkaesque"


@dataclass(frozen=True)
class ConnectorFacts:
    """What a Connect mechanism needs: class, the plugin to install, and whether the Hub id is verified."""

    connector_class: str
    hub: str | None
    hub_verified: bool
    sink: bool


CONNECTORS: Mapping[str, ConnectorFacts] = {
    "connect-cassandra-sink": ConnectorFacts(
        "com.datastax.oss.kafka.sink.CassandraSinkConnector", "datastax/kafka-connect-cassandra-sink:1.4.0", False, True
    ),
    "connect-cassandra-source": ConnectorFacts(
        "io.lenses.streamreactor.connect.cassandra.source.CassandraSourceConnector", None, False, False
    ),
    "connect-elasticsearch-sink": ConnectorFacts(
        "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector",
        "confluentinc/kafka-connect-elasticsearch:latest",
        True,
        True,
    ),
    "connect-elasticsearch-source": ConnectorFacts(
        "com.github.dariobalinzo.ElasticSourceConnector",
        "dariobalinzo/kafka-connect-elasticsearch-source:latest",
        False,
        False,
    ),
    "connect-s3-sink": ConnectorFacts(
        "io.confluent.connect.s3.S3SinkConnector", "confluentinc/kafka-connect-s3:latest", False, True
    ),
    "connect-s3-source": ConnectorFacts(
        "io.lenses.streamreactor.connect.aws.s3.source.S3SourceConnector", None, False, False
    ),
    "connect-jdbc-sink": ConnectorFacts(
        "io.confluent.connect.jdbc.JdbcSinkConnector", "confluentinc/kafka-connect-jdbc:latest", False, True
    ),
    "connect-jdbc-source": ConnectorFacts(
        "io.confluent.connect.jdbc.JdbcSourceConnector", "confluentinc/kafka-connect-jdbc:latest", False, False
    ),
    "connect-mqtt-source": ConnectorFacts(
        "io.confluent.connect.mqtt.MqttSourceConnector", "confluentinc/kafka-connect-mqtt:latest", False, False
    ),
}

STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter"
JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter"


def facts(plan: Plan, mechanism: str) -> ConnectorFacts | None:
    """Connector facts, preferring the catalog's ``generates`` data when it names a class or plugin."""
    base = CONNECTORS.get(mechanism)
    found = plan.catalog.mechanism(mechanism)
    if base is None or found is None:
        return base
    generates = found.generates
    connector_class = generates.get("connector_class") or base.connector_class
    hub = generates.get("hub_id") or base.hub
    return ConnectorFacts(str(connector_class), hub, base.hub_verified, base.sink)


def kafka_side(plan: Plan, flow: Flow) -> str:
    """The Kafka node whose Connect worker runs ``flow``'s connector."""
    info = CONNECTORS[plan.mechanism(flow)]
    return flow.source.node if info.sink else flow.sink.node


def connect_clusters(plan: Plan) -> dict[str, list[Flow]]:
    """Kafka node id -> connector flows its Connect worker runs (only Kafka nodes that need one)."""
    out: dict[str, list[Flow]] = {}
    for flow in plan.flows_by(*CONNECTORS):
        node = plan.node(kafka_side(plan, flow))
        if node is not None and node.service == "kafka":
            out.setdefault(node.id, []).append(flow)
    return dict(sorted(out.items()))


def connect_host(plan: Plan, kafka_id: str) -> str:
    """Host name of the Connect worker attached to a Kafka node (allocated once)."""
    key = f"connect:{kafka_id}"
    if key not in plan.hosts:
        plan.hosts[key] = plan.allocator.allocate(f"{kafka_id}-connect")
    return plan.hosts[key]


def worker_path(plan: Plan, kafka_id: str) -> str:
    """``connect/worker.properties`` for a single Connect cluster, ``connect/worker-<kafka>.properties`` else."""
    if len(connect_clusters(plan)) == 1:
        return "connect/worker.properties"
    return f"connect/worker-{safe_filename(kafka_id)}.properties"


def worker_properties(plan: Plan, kafka_id: str) -> list[tuple[str, str]]:
    """Distributed worker settings (integrations.md 2.1), single-broker replication factors."""
    group = f"connect-{kafka_id}"
    return [
        ("bootstrap.servers", f"{plan.host(kafka_id)}:9092"),
        ("group.id", group),
        ("config.storage.topic", f"{group}-configs"),
        ("offset.storage.topic", f"{group}-offsets"),
        ("status.storage.topic", f"{group}-status"),
        ("config.storage.replication.factor", "1"),
        ("offset.storage.replication.factor", "1"),
        ("status.storage.replication.factor", "1"),
        ("key.converter", STRING_CONVERTER),
        ("value.converter", JSON_CONVERTER),
        ("value.converter.schemas.enable", "false"),
        ("rest.advertised.host.name", connect_host(plan, kafka_id)),
        ("rest.port", str(CONNECT_PORT)),
        ("plugin.path", "/usr/share/java,/usr/share/confluent-hub-components,/connect-plugins"),
    ]


def _rename(config: dict[str, str], produced: list[str], wanted: str) -> None:
    """Route records from the connector's own topic names to ``wanted`` with Kafka's RegexRouter SMT."""
    if produced == [wanted]:
        return
    config["transforms"] = "route"
    config["transforms.route.type"] = "org.apache.kafka.connect.transforms.RegexRouter"
    config["transforms.route.regex"] = "|".join(java_regex_literal(p) for p in produced)
    config["transforms.route.replacement"] = java_replacement_literal(wanted)


def connector_configs(plan: Plan) -> dict[str, dict[str, str]]:
    """Flow id -> flat connector config (the body for validate and ``PUT /connectors/{name}/config``)."""
    out: dict[str, dict[str, str]] = {}
    for flow in plan.flows_by(*CONNECTORS):
        if plan.node(kafka_side(plan, flow)) is None:
            continue
        out[flow.id] = _config(plan, flow)
    return out


def _config(plan: Plan, flow: Flow) -> dict[str, str]:
    mechanism = plan.mechanism(flow)
    info = facts(plan, mechanism)
    assert info is not None
    path = f"connect/{safe_filename(flow.id)}.json"
    config: dict[str, str] = {"connector.class": info.connector_class, "tasks.max": "1"}
    if info.sink:
        topics = plan.store_names(flow.source, flow)
        config["topics"] = ",".join(topics)
        sink = plan.node(flow.sink.node)
        sink_host = plan.host(flow.sink.node) if sink is not None else "unknown"
        sinks = plan.store_names(flow.sink, flow)
        if mechanism == "connect-cassandra-sink":
            config["contactPoints"] = sink_host
            config["port"] = "9042"
            config["loadBalancing.localDc"] = plan.data_centres.get(flow.sink.node, "datacenter1")
            for topic in topics:
                for table in sinks:
                    keyspace, name = split_table(table)
                    config[f"topic.{topic}.{keyspace}.{name}.mapping"] = "id=key, payload=value, updated_at=now()"
            config["key.converter"] = STRING_CONVERTER
            config["value.converter"] = STRING_CONVERTER
            plan.placeholder(path, "topic.*.mapping", "maps key/value to id/payload; adapt to your record fields")
            plan.placeholder(path, "plugin datastax/kafka-connect-cassandra-sink:1.4.0", "Hub id not verified")
            if any("." in t for t in topics):
                plan.placeholder(path, "topic names with dots", "how the sink splits dotted mapping keys: not verified")
        elif mechanism == "connect-elasticsearch-sink":
            config["connection.url"] = f"http://{sink_host}:9200"
            config["key.ignore"] = "true"
            config["schema.ignore"] = "true"
            config["value.converter"] = JSON_CONVERTER
            config["value.converter.schemas.enable"] = "false"
            if sinks and len(sinks) == 1:
                _rename(config, topics, sinks[0])
            if sink is not None and sink.service == "elassandra":
                plan.placeholder(path, "Elasticsearch sink into Elassandra", "not verified (integrations.md 2.5)")
        elif mechanism == "connect-s3-sink":
            bucket = bucket_name(plan, flow.sink.node)
            config["s3.bucket.name"] = bucket
            config["s3.region"] = "us-east-1"
            config["store.url"] = f"http://{sink_host}:9000"
            config["topics.dir"] = s3_prefix(sinks[0]) if sinks else "topics"
            config["flush.size"] = "1000"
            config["storage.class"] = "io.confluent.connect.s3.storage.S3Storage"
            config["format.class"] = "io.confluent.connect.s3.format.json.JsonFormat"
            config["partitioner.class"] = "io.confluent.connect.storage.partitioner.DefaultPartitioner"
            config["value.converter"] = JSON_CONVERTER
            config["value.converter.schemas.enable"] = "false"
            plan.placeholder(path, "partitioner.class", "full class name not verified; the validate call checks it")
            plan.placeholder(path, "topics.dir", "S3 prefix mapped to topics.dir: key not in the reference")
            plan.placeholder(path, "credentials", "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY on the worker (MinIO)")
        elif mechanism == "connect-jdbc-sink":
            config["connection.url"] = jdbc_url(plan, flow.sink.node)
            config["connection.user"] = JDBC_USER
            config["connection.password"] = JDBC_PASSWORD
            config["insert.mode"] = "insert"
            config["pk.mode"] = "none"
            config["auto.create"] = "true"
            if sinks and len(sinks) == 1:
                config["table.name.format"] = sinks[0]
            config["value.converter"] = JSON_CONVERTER
            config["value.converter.schemas.enable"] = "true"
            plan.placeholder(path, "connection.password", "development password; change it")
            plan.placeholder(path, "value.converter.schemas.enable", "the JDBC sink needs records with schemas")
    else:
        topics = plan.store_names(flow.sink, flow)
        topic = topics[0]
        source = plan.node(flow.source.node)
        source_host = plan.host(flow.source.node) if source is not None else "unknown"
        stores = plan.store_names(flow.source, flow)
        if mechanism == "connect-cassandra-source":
            keyspace, table = split_table(stores[0])
            config["connect.cassandra.contact.points"] = source_host
            config["connect.cassandra.key.space"] = keyspace
            config["connect.cassandra.kcql"] = (
                f"INSERT INTO `{topic}` SELECT * FROM `{table}` PK updated_at INCREMENTALMODE=TIMESTAMP"
            )
            plan.placeholder(path, "plugin (Stream Reactor Cassandra source)", "download into connect/plugins/")
            plan.placeholder(path, "connect.cassandra.kcql", "polls by updated_at; backtick quoting not verified")
        elif mechanism == "connect-elasticsearch-source":
            index = stores[0]
            config["es.host"] = source_host
            config["es.port"] = "9200"
            config["index.prefix"] = index
            config["topic.prefix"] = "es."
            config["incrementing.field.name"] = "@timestamp"
            _rename(config, ["es." + index], topic)
            plan.placeholder(path, "incrementing.field.name", "the polling cursor field of your documents")
            plan.placeholder(path, "plugin dariobalinzo/kafka-connect-elasticsearch-source", "community connector")
        elif mechanism == "connect-s3-source":
            bucket = bucket_name(plan, flow.source.node)
            prefix = stores[0]
            config["connect.s3.kcql"] = f"INSERT INTO `{topic}` SELECT * FROM `{bucket}:{prefix}` STOREAS `JSON`"
            config["connect.s3.aws.region"] = "us-east-1"
            config["connect.s3.custom.endpoint"] = f"http://{source_host}:9000"
            config["connect.s3.vhost.bucket"] = "false"
            config["connect.s3.aws.auth.mode"] = "Credentials"
            config["connect.s3.aws.access.key"] = MINIO_USER
            config["connect.s3.aws.secret.key"] = MINIO_PASSWORD
            plan.placeholder(path, "plugin (Stream Reactor S3 source)", "download into connect/plugins/")
            plan.placeholder(path, "connect.s3.* endpoint and auth keys", "not in the reference; not verified")
        elif mechanism == "connect-jdbc-source":
            table = stores[0]
            config["connection.url"] = jdbc_url(plan, flow.source.node)
            config["connection.user"] = JDBC_USER
            config["connection.password"] = JDBC_PASSWORD
            config["table.whitelist"] = table
            config["mode"] = "incrementing"
            config["incrementing.column.name"] = "id"
            config["topic.prefix"] = "jdbc."
            _rename(config, ["jdbc." + table], topic)
            plan.placeholder(path, "incrementing.column.name", "an increasing column of the table")
            plan.placeholder(path, "connection.password", "development password; change it")
        elif mechanism == "connect-mqtt-source":
            config["mqtt.server.uri"] = "tcp://mqtt-broker:1883"
            config["mqtt.topics"] = "#"
            config["kafka.topic"] = topic
            config["confluent.topic.bootstrap.servers"] = f"{plan.host(flow.sink.node)}:9092"
            config["confluent.topic.replication.factor"] = "1"
            plan.placeholder(path, "mqtt.server.uri", "your MQTT broker (none runs in the compose file)")
            plan.placeholder(path, "confluent.license", "Confluent licence (trial without it)")
    return config


def s3_prefix(prefix: str) -> str:
    """An S3 prefix as the S3 sink's ``topics.dir``: no empty segments, no leading or trailing ``/``.

    The sink joins ``topics.dir`` and the topic with ``/`` itself, so a trailing slash would give object
    keys with ``//`` (which MinIO refuses); a prefix of only slashes falls back to the default ``topics``.
    """
    return "/".join(part for part in prefix.split("/") if part) or "topics"


def bucket_name(plan: Plan, node_id: str) -> str:
    """The bucket an S3 node stands for: its ``bucket`` property, else derived from the node id."""
    node = plan.node(node_id)
    bucket = node.properties.get("bucket") if node is not None else None
    if isinstance(bucket, str) and bucket:
        return bucket
    return node_id if len(node_id) >= 3 else f"{node_id}-bucket"


def jdbc_url(plan: Plan, node_id: str) -> str:
    """A PostgreSQL JDBC URL for the database container standing in for a JDBC node."""
    return f"jdbc:postgresql://{plan.host(node_id)}:5432/kafkaesque"


def build_connect(plan: Plan) -> list[Artefact]:
    """``connect/<flow>.json`` per connector flow and a worker properties file per Connect cluster."""
    artefacts: list[Artefact] = []
    for flow_id, config in connector_configs(plan).items():
        body = {"name": flow_id, "config": config}
        artefacts.append(Artefact(f"connect/{safe_filename(flow_id)}.json", to_json(body), "connector", body))
    for kafka_id in connect_clusters(plan):
        items = worker_properties(plan, kafka_id)
        data = to_properties(items, comment=f"Kafka Connect distributed worker for Kafka node {kafka_id}")
        artefacts.append(Artefact(worker_path(plan, kafka_id), data, "properties", dict(items), "connect-worker"))
    return artefacts


def build_debezium(plan: Plan) -> list[Artefact]:
    """``debezium/<flow>.properties`` per Debezium Cassandra flow (an agent per Cassandra node, not in compose)."""
    artefacts: list[Artefact] = []
    for flow in plan.flows_by("debezium-cassandra"):
        if plan.node(flow.sink.node) is None or plan.node(flow.source.node) is None:
            continue
        prefix = plan.store_names(flow.sink, flow)[0] if flow.sink.store else flow.id
        items = [
            ("connector.name", flow.id),
            ("cassandra.config", "/etc/cassandra/cassandra.yaml"),
            ("cassandra.hosts", plan.host(flow.source.node)),
            ("cassandra.port", "9042"),
            ("commit.log.relocation.dir", "/var/lib/debezium/relocation"),
            ("offset.backing.store.dir", "/var/lib/debezium/offsets"),
            ("http.port", "8000"),
            ("kafka.producer.bootstrap.servers", f"{plan.host(flow.sink.node)}:9092"),
            ("topic.prefix", prefix),
            ("key.converter", JSON_CONVERTER),
            ("value.converter", JSON_CONVERTER),
            ("snapshot.mode", "INITIAL"),
        ]
        path = f"debezium/{safe_filename(flow.id)}.properties"
        artefacts.append(Artefact(path, to_properties(items), "properties", dict(items)))
        plan.placeholder(
            path, "Debezium Cassandra agent", "runs on every Cassandra node; launch and image not verified"
        )
        plan.placeholder(path, "topic names", "Debezium writes <topic.prefix>.<keyspace>.<table>")
    return artefacts
