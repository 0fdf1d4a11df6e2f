"""Kafka Connect: one connector JSON per connector flow and one worker per Kafka cluster that needs them.

Classes and keys follow integrations.md section 2; values the reference marks "not verified" are still
written (the validate endpoint will tell) but recorded as placeholders the bundle README lists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from explorer.engine.analysis.runnable import sink_mapping
from explorer.engine.document import Flow

from .formats import to_json, to_properties
from .names import cql_identifier, java_regex_literal, java_replacement_literal, safe_filename
from .plan import Artefact, Plan, split_table

__all__ = [
    "CONNECTORS",
    "CONNECT_IMAGE",
    "ConnectorFacts",
    "build_connect",
    "cassandra_poll",
    "connect_clusters",
    "connector_configs",
    "jdbc_sink_routes",
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
        "confluentinc/kafka-connect-elasticsearch:15.0.1",
        True,
        True,
    ),
    "connect-elasticsearch-source": ConnectorFacts(
        "com.github.dariobalinzo.ElasticSourceConnector",
        "dariobalinzo/kafka-connect-elasticsearch-source:1.5.0",
        False,
        False,
    ),
    "connect-s3-sink": ConnectorFacts(
        "io.confluent.connect.s3.S3SinkConnector", "confluentinc/kafka-connect-s3:10.6.7", False, True
    ),
    "connect-s3-source": ConnectorFacts(
        "io.lenses.streamreactor.connect.aws.s3.source.S3SourceConnector", None, False, False
    ),
    "connect-jdbc-sink": ConnectorFacts(
        "io.confluent.connect.jdbc.JdbcSinkConnector", "confluentinc/kafka-connect-jdbc:10.8.4", False, True
    ),
    "connect-jdbc-source": ConnectorFacts(
        "io.confluent.connect.jdbc.JdbcSourceConnector", "confluentinc/kafka-connect-jdbc:10.8.4", False, False
    ),
    "connect-mqtt-source": ConnectorFacts(
        "io.confluent.connect.mqtt.MqttSourceConnector", "confluentinc/kafka-connect-mqtt:1.6.0", False, False
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
        # rest.port was removed in Kafka 3.0 (KAFKA-12482); listeners is the REST listener now.
        ("listeners", f"http://0.0.0.0:{CONNECT_PORT}"),
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


def _route_each(config: dict[str, str], routes: Mapping[str, str]) -> None:
    """One RegexRouter per renamed topic, so each topic's records reach their own table (Kafka >= 3.6 tracks the
    original topic for a sink's offsets, KIP-793; the pinned Connect image ships Kafka 3.9)."""
    aliases = []
    for number, (topic, table) in enumerate(sorted(routes.items()), start=1):
        if topic == table:
            continue
        alias = f"table{number}"
        aliases.append(alias)
        config[f"transforms.{alias}.type"] = "org.apache.kafka.connect.transforms.RegexRouter"
        config[f"transforms.{alias}.regex"] = java_regex_literal(topic)
        config[f"transforms.{alias}.replacement"] = java_replacement_literal(table)
    if aliases:
        config["transforms"] = ",".join(aliases)


def jdbc_sink_routes(plan: Plan, flow: Flow) -> dict[str, str | None]:
    """Topic -> the table a JDBC sink flow writes it to; None where the sink falls back to the topic's name.

    A flow that names a table, or a node with one declared table, writes every topic there. Into a node with
    several declared tables, a topic goes to the table of its name (compared case-insensitively, with
    characters other than letters, digits and ``_`` read as ``_``); if exactly one table and some topics are
    left, they go to that table; any other topic keeps a table named after itself (auto-created, listed as
    a placeholder).
    """
    topics = plan.store_names(flow.source, flow)
    tables = plan.store_names(flow.sink, flow)
    if len(tables) == 1:
        return dict.fromkeys(topics, tables[0])

    def key(name: str) -> str:
        return re.sub(r"\W", "_", name.split(".")[-1]).lower()

    by_key = {key(t): t for t in tables}
    routes: dict[str, str | None] = {topic: by_key.get(key(topic)) for topic in topics}
    left = [t for t in tables if t not in routes.values()]
    if len(left) == 1:
        routes = {topic: table if table is not None else left[0] for topic, table in routes.items()}
    return routes


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
            # The flow's own mapping when it sets a usable one (the analysis reports one that is not); its
            # columns are added to the generated table (cassandra.mapped_columns).
            own = sink_mapping(flow)
            mapping = own if own is not None and own.problem is None else None
            for topic in topics:
                for table in sinks:
                    keyspace, name = split_table(table)
                    prefix = f"topic.{topic}.{keyspace}.{name}"
                    if mapping is not None:
                        config[f"{prefix}.mapping"] = ", ".join(f"{column}={field}" for column, field in mapping.pairs)
                    else:
                        # now() yields a TIMEUUID, which a timestamp column refuses (every record would fail and
                        # be retried forever); the query setting stamps updated_at with toTimestamp(now()).
                        config[f"{prefix}.mapping"] = "id=key, payload=value"
                        config[f"{prefix}.query"] = cassandra_sink_query(keyspace, name)
                        # A custom query cannot delete; a null record would otherwise fail the task.
                        config[f"{prefix}.deletesEnabled"] = "false"
                    level = flow.properties.get("consistency_level")
                    if isinstance(level, str) and level:
                        config[f"{prefix}.consistencyLevel"] = level.upper()
            config["key.converter"] = STRING_CONVERTER
            config["value.converter"] = STRING_CONVERTER
            if mapping is None:
                plan.placeholder(path, "topic.*.mapping", "maps key/value to id/payload; adapt to your record fields")
            else:
                # The sink reads JSON text values field by field (DataStax: StringSerializer JSON is mapped
                # like JsonSerializer JSON); the sample producers write {"id", "payload"} only.
                plan.placeholder(
                    path,
                    "topic.*.mapping",
                    "the flow's mapping; its columns are text in the generated table, and the sample records carry "
                    "only key, value.id and value.payload (other fields arrive empty)",
                )
        elif mechanism == "connect-elasticsearch-sink":
            config["connection.url"] = f"http://{sink_host}:9200"
            config["key.ignore"] = "true"
            config["schema.ignore"] = "true"
            _json_converter(plan, config, flow.source.node, topics, path)
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
            # Without a time rotation an object is committed only after flush.size records in one partition,
            # so a quiet topic would never show up in the bucket; the scheduled rotation needs a timezone.
            config["rotate.schedule.interval.ms"] = "60000"
            config["timezone"] = "UTC"
            config["storage.class"] = "io.confluent.connect.s3.storage.S3Storage"
            config["format.class"] = "io.confluent.connect.s3.format.json.JsonFormat"
            config["partitioner.class"] = "io.confluent.connect.storage.partitioner.DefaultPartitioner"
            _json_converter(plan, config, flow.source.node, topics, path)
            plan.placeholder(path, "credentials", "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY on the worker (MinIO)")
        elif mechanism == "connect-jdbc-sink":
            config["connection.url"] = jdbc_url(plan, flow.sink.node)
            config["connection.user"] = JDBC_USER
            config["connection.password"] = JDBC_PASSWORD
            config["insert.mode"] = "insert"
            config["pk.mode"] = "none"
            config["auto.create"] = "true"
            routes = jdbc_sink_routes(plan, flow)
            if sinks and len(sinks) == 1:
                config["table.name.format"] = sinks[0]
            else:
                _route_each(config, {name: into for name, into in routes.items() if into is not None})
                for name in (name for name, into in routes.items() if into is None):
                    plan.placeholder(
                        path,
                        f"table for topic {name}",
                        "the node declares several tables and none matches this topic by name, so the sink "
                        "writes a table named after the topic; name the table on the flow to choose",
                    )
            _json_converter(plan, config, flow.source.node, topics, path)
            plan.placeholder(path, "connection.password", "development password; change it")
            plan.placeholder(
                path, "value.converter.schemas.enable", "the JDBC sink needs {schema, payload} records on its topics"
            )
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
            # The bundle's generic tables carry an updated_at timestamp; a design may name its own column and mode.
            column, mode = cassandra_poll(flow)
            config["connect.cassandra.kcql"] = (
                f"INSERT INTO `{topic}` SELECT * FROM `{table}` PK {column} INCREMENTALMODE={mode}"
            )
            plan.placeholder(path, "plugin (Stream Reactor Cassandra source)", "download into connect/plugins/")
            plan.placeholder(path, "connect.cassandra.kcql", f"polls by {column}; backtick quoting not verified")
        elif mechanism == "connect-elasticsearch-source":
            index = stores[0]
            config["es.host"] = source_host
            config["es.port"] = "9200"
            config["index.prefix"] = index
            # index.prefix alone matches every index starting with the name; index.names selects exactly it.
            config["index.names"] = index
            topic_prefix = flow.properties.get("topic_prefix")
            topic_prefix = topic_prefix if isinstance(topic_prefix, str) and topic_prefix else "es-"
            config["topic.prefix"] = topic_prefix
            cursor = flow.properties.get("incrementing_field")
            config["incrementing.field.name"] = cursor if isinstance(cursor, str) and cursor else "@timestamp"
            _rename(config, [topic_prefix + index], topic)
            _json_converter(plan, config, flow.sink.node, [topic], path)
            if not (isinstance(cursor, str) and cursor):
                plan.placeholder(path, "incrementing.field.name", "the polling cursor field of your documents")
            plan.placeholder(path, "plugin dariobalinzo/kafka-connect-elasticsearch-source", "community connector")
        elif mechanism == "connect-s3-source":
            bucket = bucket_name(plan, flow.source.node)
            prefix = stores[0]
            config["connect.s3.kcql"] = f"INSERT INTO `{topic}` SELECT * FROM `{bucket}:{prefix}` STOREAS `JSON`"
            config["connect.s3.aws.region"] = "us-east-1"
            config["connect.s3.custom.endpoint"] = f"http://{source_host}:9000"
            # MinIO serves path-style URLs only; connect.s3.vhost.bucket=false would mean virtual-host style.
            config["connect.s3.path.style.access"] = "true"
            config["connect.s3.aws.auth.mode"] = "Credentials"
            config["connect.s3.aws.access.key"] = MINIO_USER
            config["connect.s3.aws.secret.key"] = MINIO_PASSWORD
            plan.placeholder(path, "plugin (Stream Reactor S3 source)", "download into connect/plugins/")
        elif mechanism == "connect-jdbc-source":
            config["connection.url"] = jdbc_url(plan, flow.source.node)
            config["connection.user"] = JDBC_USER
            config["connection.password"] = JDBC_PASSWORD
            # Every table the flow reads (a node-level flow reads all the node declares), each polled into
            # jdbc.<table> and routed to the design's topic.
            config["table.whitelist"] = ",".join(stores)
            # The bundle's tables have an id bigserial and an updated_at timestamp, so polling by id finds new
            # rows; the design's own mode and columns win.
            mode = _text(flow, "mode") or "incrementing"
            config["mode"] = mode
            if "incrementing" in mode:
                config["incrementing.column.name"] = _text(flow, "incrementing_column") or "id"
            if "timestamp" in mode:
                config["timestamp.column.name"] = _text(flow, "timestamp_column") or "updated_at"
            interval = flow.properties.get("poll_interval_ms")
            if isinstance(interval, int) and not isinstance(interval, bool) and interval > 0:
                config["poll.interval.ms"] = str(interval)
            config["topic.prefix"] = "jdbc."
            _rename(config, ["jdbc." + table for table in stores], topic)
            _json_converter(plan, config, flow.sink.node, [topic], path)
            if "incrementing" in mode and not _text(flow, "incrementing_column"):
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


def cassandra_poll(flow: Flow) -> tuple[str, str]:
    """The column and KCQL incremental mode a Cassandra source flow polls by: the flow's own, else the bundle's
    generic ``updated_at`` timestamp (TOKEN polls by the partition key, ``id``)."""
    mode = (_text(flow, "incremental_mode") or "TIMESTAMP").upper()
    return _text(flow, "incremental_column") or ("id" if mode == "TOKEN" else "updated_at"), mode


def _text(flow: Flow, key: str) -> str:
    """A non-empty string property of the flow, else ""."""
    value = flow.properties.get(key)
    return value.strip() if isinstance(value, str) else ""


def cassandra_sink_query(keyspace: str, table: str) -> str:
    """The DataStax sink's INSERT for a generic table: mapped ``id``/``payload`` plus a server-side timestamp."""
    target = f"{cql_identifier(keyspace)}.{cql_identifier(table)}"
    return f'INSERT INTO {target} ("id", "payload", "updated_at") VALUES (:id, :payload, toTimestamp(now()))'


def topic_needs_schemas(plan: Plan, kafka_id: str, topic: str) -> bool:
    """Whether records on a topic carry the ``{schema, payload}`` envelope.

    A topic holds one format: a JDBC sink reading it needs schemas, so every JSON reader and writer of that
    topic (other sinks, JDBC/Elasticsearch sources) uses ``schemas.enable=true``; otherwise none does.
    """
    return (kafka_id, topic) in plan.schema_topics


def _json_converter(plan: Plan, config: dict[str, str], kafka_id: str, topics: list[str], path: str) -> None:
    """Set the JSON converter every reader and writer of these topics shares (one format per topic)."""
    wanted = {topic_needs_schemas(plan, kafka_id, topic) for topic in topics}
    config["value.converter"] = JSON_CONVERTER
    config["value.converter.schemas.enable"] = "true" if True in wanted else "false"
    if len(wanted) > 1:
        plan.placeholder(
            path,
            "value.converter.schemas.enable",
            "reads topics of both formats (with and without schemas); split the connector per format",
        )


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
        path = f"connect/{safe_filename(flow_id)}.json"
        artefacts.append(Artefact(path, to_json(body), "connector", body))
        plan.carry(flow_id, path)
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
        prefix = plan.cdc_prefix(flow)
        name = safe_filename(flow.id)
        driver_path = f"debezium/{name}.application.conf"
        snapshot = flow.properties.get("snapshot_mode")
        # Since Debezium 1.9 the driver (contact point, local DC) is configured in its own file;
        # connector.name (2.0) and cassandra.hosts/port (1.9) are gone and would be ignored silently.
        items = [
            ("cassandra.config", "/etc/cassandra/cassandra.yaml"),
            ("cassandra.driver.config.file", f"/etc/debezium/{name}.application.conf"),
            ("commit.log.relocation.dir", "/var/lib/debezium/relocation"),
            ("offset.backing.store.dir", "/var/lib/debezium/offsets"),
            ("http.port", "8000"),
            ("kafka.producer.bootstrap.servers", f"{plan.host(flow.sink.node)}:9092"),
            ("topic.prefix", prefix),
            ("key.converter", JSON_CONVERTER),
            ("value.converter", JSON_CONVERTER),
            ("snapshot.mode", snapshot if isinstance(snapshot, str) and snapshot else "INITIAL"),
        ]
        path = f"debezium/{name}.properties"
        artefacts.append(Artefact(path, to_properties(items), "properties", dict(items), "debezium-cassandra"))
        dc = plan.data_centres.get(flow.source.node, "datacenter1")
        driver = (
            "# DataStax Java driver settings of the Debezium Cassandra agent (it runs beside Cassandra).\n"
            "datastax-java-driver {\n"
            f"  basic.contact-points = [{json.dumps('127.0.0.1:9042')}]\n"
            f"  basic.load-balancing-policy.local-datacenter = {json.dumps(dc)}\n"
            "}\n"
        )
        artefacts.append(Artefact(driver_path, driver.encode("utf-8"), "hocon"))
        plan.carry(flow.id, path)
        plan.placeholder(
            path, "Debezium Cassandra agent", "runs on every Cassandra node; launch and image not verified"
        )
    return artefacts
