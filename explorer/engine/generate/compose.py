"""docker-compose.yml: the whole design on one machine, plus the init plan it runs.

Built as a dict and written by ``yaml.safe_dump``; commands are argument vectors (no shell) except the
Connect plugin install, whose only inserted values are catalog plugin ids passed through ``shlex.quote``.
Every string gets ``$`` doubled so compose never interpolates a user value.
"""

from __future__ import annotations

import base64
import hashlib
import shlex
from typing import Any

from .apps import MAVEN_IMAGE, PRODUCE_INTERVAL_SECONDS, STREAMS_JAVA_PATH, client_flows, record_format, streams_apps
from .cassandra import schema_path
from .connect import (
    CONNECT_IMAGE,
    CONNECT_PORT,
    JDBC_PASSWORD,
    JDBC_USER,
    MINIO_PASSWORD,
    MINIO_USER,
    bucket_name,
    connect_clusters,
    connect_host,
    connector_configs,
    facts,
    jdbc_sink_routes,
    worker_properties,
)
from .elastic import index_bodies, kibana_sources
from .formats import to_json, to_yaml
from .images import KAFKA_IMAGE, kafka_image
from .init_script import INIT_SCRIPT
from .kafka_topics import topics_tsv_path
from .mirrormaker import MM2_PATH, mm1_paths, mm1_whitelist
from .names import compose_escape, safe_filename
from .plan import CASSANDRA_LIKE, Artefact, Plan, newest_version
from .spark import SPARK_SERVICES, spark_image, submit_argv
from .zeppelin import interpreter_settings, note_path, sql_identifier

__all__ = ["build_compose", "connect_env_name", "escape_strings", "unescape_strings"]

CASSANDRA_IMAGE = "cassandra:5.0.6"
# The Elassandra quickstart's tag (integrations.md section 7): one JVM runs Cassandra and Elasticsearch.
ELASSANDRA_IMAGE = "strapdata/elassandra:6.8.4.3"
ZEPPELIN_IMAGE = "apache/zeppelin:0.12.0"
# minio/minio left Docker Hub in September 2026; the same releases are served, frozen, from quay.io.
MINIO_IMAGE = "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z"
POSTGRES_IMAGE = "postgres:16.9"
INIT_IMAGE = "python:3.12.11-slim"
BUNDLE_MOUNT = ".:/bundle:ro"


def service_image(plan: Plan, service_id: str, fallback: str) -> str:
    """The catalog's image for a service (the reference's pick), else ``fallback``."""
    service = plan.catalog.service(service_id)
    return service.image if service is not None and service.image else fallback


def cluster_id(node_id: str) -> str:
    """A stable KRaft cluster id (22 characters of URL-safe base64) derived from the node id.

    Like Kafka's own ``Uuid.randomUuid``, an id starting with ``-`` is skipped: ``kafka-storage.sh format``
    would read it as an option. The next salted digest is used instead.
    """
    salt = 0
    while True:
        seed = node_id if salt == 0 else f"{node_id}#{salt}"
        digest = hashlib.sha256(seed.encode("utf-8")).digest()[:16]
        value = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
        if not value.startswith("-"):
            return value
        salt += 1


def connect_env_name(key: str) -> str:
    """Confluent's property -> env rule: ``_`` -> ``__``, ``-`` -> ``___``, ``.`` -> ``_``, upper case, prefix."""
    return "CONNECT_" + key.replace("_", "__").replace("-", "___").replace(".", "_").upper()


def escape_strings(value: Any) -> Any:
    """Deep copy of ``value`` with ``$`` doubled in every string (keys included)."""
    if isinstance(value, str):
        return compose_escape(value)
    if isinstance(value, dict):
        return {escape_strings(k): escape_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [escape_strings(v) for v in value]
    return value


def unescape_strings(value: Any) -> Any:
    """Inverse of :func:`escape_strings` (what compose itself does to literal ``$$``)."""
    if isinstance(value, str):
        return value.replace("$$", "$")
    if isinstance(value, dict):
        return {unescape_strings(k): unescape_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unescape_strings(v) for v in value]
    return value


def _health(test: list[str], interval: str = "10s", retries: int = 30, start: str = "20s") -> dict[str, Any]:
    return {"test": ["CMD", *test], "interval": interval, "timeout": "10s", "retries": retries, "start_period": start}


def _healthy(*services: str) -> dict[str, dict[str, str]]:
    return {s: {"condition": "service_healthy"} for s in sorted(services)}


def build_compose(plan: Plan) -> list[Artefact]:
    """``docker-compose.yml``, ``init/plan.json``, ``init/init.py`` and the JDBC init SQL files."""
    services: dict[str, dict[str, Any]] = {}
    artefacts: list[Artefact] = []
    init_needs: dict[str, dict[str, str]] = {}
    wait: list[str] = []
    # Kafka node id -> the one-shot helper that creates its topics (clients and replicators wait for it).
    topic_helpers: dict[str, str] = {}

    for node in plan.nodes("kafka"):
        host = plan.host(node.id)
        services[host] = {
            "image": kafka_image(plan, node.id),
            "hostname": host,
            "environment": {
                "KAFKA_NODE_ID": "1",
                "KAFKA_PROCESS_ROLES": "broker,controller",
                "KAFKA_LISTENERS": "PLAINTEXT://:9092,CONTROLLER://:9093",
                "KAFKA_ADVERTISED_LISTENERS": f"PLAINTEXT://{host}:9092",
                "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
                "KAFKA_CONTROLLER_QUORUM_VOTERS": f"1@{host}:9093",
                "KAFKA_INTER_BROKER_LISTENER_NAME": "PLAINTEXT",
                "CLUSTER_ID": cluster_id(node.id),
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
                "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
                "KAFKA_LOG_DIRS": "/var/lib/kafka/data",
            },
            "healthcheck": _health(
                ["/opt/kafka/bin/kafka-broker-api-versions.sh", "--bootstrap-server", "localhost:9092"]
            ),
        }
        if plan.topics.get(node.id):
            helper = plan.allocator.allocate(f"init-topics-{node.id}")
            services[helper] = {
                "image": kafka_image(plan, node.id),
                "command": [
                    "bash",
                    "/bundle/init/create-topics.sh",
                    f"{host}:9092",
                    f"/bundle/{topics_tsv_path(node.id)}",
                ],
                "volumes": [BUNDLE_MOUNT],
                "depends_on": _healthy(host),
                "restart": "no",
            }
            init_needs[helper] = {"condition": "service_completed_successfully"}
            topic_helpers[node.id] = helper

    def kafka_ready(*kafka_ids: str) -> dict[str, dict[str, str]]:
        """Brokers healthy and their topics created: what a client or replicator of them waits for."""
        needs = _healthy(*(plan.host(k) for k in kafka_ids))
        for kafka_id in kafka_ids:
            if kafka_id in topic_helpers:
                needs[topic_helpers[kafka_id]] = {"condition": "service_completed_successfully"}
        return dict(sorted(needs.items()))

    connect_inits: list[tuple[str, str, list[dict[str, str]]]] = []
    configs = connector_configs(plan)
    for kafka_id, flows in connect_clusters(plan).items():
        host = connect_host(plan, kafka_id)
        env = {connect_env_name(k): v for k, v in worker_properties(plan, kafka_id)}
        hubs = sorted({info.hub for f in flows if (info := facts(plan, plan.mechanism(f))) and info.hub})
        if any(plan.mechanism(f) == "connect-s3-sink" for f in flows):
            env["AWS_ACCESS_KEY_ID"] = MINIO_USER
            env["AWS_SECRET_ACCESS_KEY"] = MINIO_PASSWORD
        # A plugin that fails to download must not stop the worker: its own connectors then fail validation in
        # init-connect (which says which), while the cluster's other connectors and every other service run.
        install = [
            f"confluent-hub install --no-prompt {shlex.quote(hub)} || echo "
            + shlex.quote(f"kafkaesque: plugin {hub} did not install; its connectors will fail validation")
            + " >&2"
            for hub in hubs
        ]
        services[host] = {
            "image": CONNECT_IMAGE,
            "hostname": host,
            "environment": env,
            "command": ["bash", "-c", "; ".join([*install, "exec /etc/confluent/docker/run"])],
            "volumes": ["./connect/plugins:/connect-plugins:ro"],
            "depends_on": _healthy(plan.host(kafka_id)),
            "healthcheck": _health(["curl", "-fs", f"http://localhost:{CONNECT_PORT}/connectors"], retries=60),
        }
        url = f"http://{host}:{CONNECT_PORT}"
        items = [
            {"url": url, "name": flow.id, "file": f"connect/{safe_filename(flow.id)}.json"}
            for flow in flows
            if flow.id in configs
        ]
        connect_inits.append((kafka_id, host, items))

    mm2_flows = plan.flows_by("mirrormaker2")
    if mm2_flows:
        name = plan.allocator.allocate("mirrormaker2")
        clusters = sorted({n for f in mm2_flows for n in (f.source.node, f.sink.node) if n in plan.hosts})
        services[name] = {
            "image": max((kafka_image(plan, c) for c in clusters), default=f"{KAFKA_IMAGE}:3.9.1"),
            "command": ["/opt/kafka/bin/connect-mirror-maker.sh", f"/bundle/{MM2_PATH}"],
            "volumes": [BUNDLE_MOUNT],
            # Started after the topics exist, so the first topic refresh already finds them.
            "depends_on": kafka_ready(*clusters),
        }
    for flow in plan.flows_by("mirrormaker1"):
        name = plan.allocator.allocate(f"mm1-{flow.id}")
        consumer, producer = mm1_paths(flow.id)
        services[name] = {
            "image": f"{KAFKA_IMAGE}:3.9.1",
            "command": [
                "/opt/kafka/bin/kafka-mirror-maker.sh",
                "--consumer.config",
                f"/bundle/{consumer}",
                "--producer.config",
                f"/bundle/{producer}",
                "--whitelist",
                mm1_whitelist(plan, flow.id),
            ],
            "volumes": [BUNDLE_MOUNT],
            "depends_on": kafka_ready(flow.source.node, flow.sink.node),
        }

    producers, consumers = client_flows(plan)
    for flow in producers:
        for topic in plan.store_names(flow.sink, flow):
            name = plan.allocator.allocate(f"{flow.id}-producer")
            services[name] = {
                "image": kafka_image(plan, flow.sink.node),
                "command": [
                    "bash",
                    "/bundle/apps/produce.sh",
                    f"{plan.host(flow.sink.node)}:9092",
                    topic,
                    record_format(plan, flow.sink.node, topic),
                    PRODUCE_INTERVAL_SECONDS,
                    flow.id,
                ],
                "volumes": [BUNDLE_MOUNT],
                "depends_on": kafka_ready(flow.sink.node),
                "restart": "on-failure",
            }
            plan.carry(flow.id, "docker-compose.yml")
    for flow in consumers:
        group = flow.properties.get("group_id")
        for topic in plan.store_names(flow.source, flow):
            name = plan.allocator.allocate(f"{flow.id}-consumer")
            services[name] = {
                "image": kafka_image(plan, flow.source.node),
                "command": [
                    "/opt/kafka/bin/kafka-console-consumer.sh",
                    "--bootstrap-server",
                    f"{plan.host(flow.source.node)}:9092",
                    f"--topic={topic}",
                    f"--group={group if isinstance(group, str) and group else flow.id}",
                    "--from-beginning",
                    "--property",
                    "print.key=true",
                ],
                "depends_on": kafka_ready(flow.source.node),
                "restart": "on-failure",
            }
            plan.carry(flow.id, "docker-compose.yml")
    for app in streams_apps(plan):
        name = plan.allocator.allocate(f"streams-{app.kafka_id}-{app.application_id}")
        build = (
            f"cp -r /bundle/{shlex.quote(app.folder)} /tmp/app && cd /tmp/app && "
            "exec mvn -q -B compile exec:java -Dexec.args=/tmp/app/streams.properties"
        )
        services[name] = {
            "image": MAVEN_IMAGE,
            "command": ["bash", "-c", build],
            "volumes": [BUNDLE_MOUNT],
            "depends_on": kafka_ready(app.kafka_id),
            "restart": "on-failure",
        }
        for flow_id in app.flows:
            plan.carry(flow_id, f"{app.folder}/{STREAMS_JAVA_PATH}")

    for flow in plan.flows_by("cassandra-replication"):
        # One cluster, one data centre per location: the containers below are the replication.
        plan.carry(flow.id, "docker-compose.yml")

    for cluster, members in sorted(plan.clusters.items()):
        seed = plan.host(members[0])
        for position, node_id in enumerate(members):
            member = plan.node(node_id)
            assert member is not None
            host = plan.host(node_id)
            elassandra = member.service == "elassandra"
            env = {
                "CASSANDRA_CLUSTER_NAME": cluster,
                "CASSANDRA_DC": plan.data_centres[node_id],
                "CASSANDRA_RACK": "rack1",
                "CASSANDRA_ENDPOINT_SNITCH": "GossipingPropertyFileSnitch",
                "CASSANDRA_SEEDS": seed,
                "MAX_HEAP_SIZE": "512M",
                "HEAP_NEWSIZE": "128M",
            }
            if elassandra:
                env["JVM_OPTS"] = "-Dcassandra.custom_query_handler_class=org.elassandra.index.ElasticQueryHandler"
                # The quickstart's sizing: Cassandra and Elasticsearch share one JVM.
                env["MAX_HEAP_SIZE"] = "1200m"
                env["HEAP_NEWSIZE"] = "300m"
            service: dict[str, Any] = {
                "image": service_image(plan, member.service, ELASSANDRA_IMAGE if elassandra else CASSANDRA_IMAGE),
                "hostname": host,
                "environment": env,
                "healthcheck": _health(["cqlsh", "-e", "DESCRIBE KEYSPACES"], "15s", 40, "60s"),
            }
            if elassandra:
                service["mem_limit"] = "2000m"
            if position > 0:
                service["depends_on"] = _healthy(seed)
            services[host] = service
            if elassandra:
                wait.append(f"http://{host}:9200")
        path = schema_path(plan, cluster)
        if any(plan.tables.get(m) for m in members):
            helper = plan.allocator.allocate(f"init-cql-{cluster}")
            first = plan.node(members[0])
            services[helper] = {
                "image": service_image(plan, first.service, CASSANDRA_IMAGE) if first is not None else CASSANDRA_IMAGE,
                "command": ["cqlsh", seed, "9042", "-f", f"/bundle/{path}"],
                "volumes": [BUNDLE_MOUNT],
                "depends_on": _healthy(*(plan.host(m) for m in members)),
                "restart": "no",
            }
            init_needs[helper] = {"condition": "service_completed_successfully"}

    indices = []
    for node_id, index, path, _ in index_bodies(plan):
        indices.append({"url": f"http://{plan.host(node_id)}:9200", "index": index, "file": path})
    for node in plan.nodes("elasticsearch"):
        host = plan.host(node.id)
        version = plan.version(node, "8.15.0")
        services[host] = {
            "image": f"docker.elastic.co/elasticsearch/elasticsearch:{version}",
            "hostname": host,
            "environment": {
                "discovery.type": "single-node",
                "xpack.security.enabled": "false",
                "ES_JAVA_OPTS": "-Xms512m -Xmx512m",
            },
            "healthcheck": _health(["curl", "-fs", "http://localhost:9200/_cluster/health"], retries=40),
        }
        init_needs[host] = {"condition": "service_healthy"}
        wait.append(f"http://{host}:9200")

    kibana_items = []
    for port_offset, node in enumerate(plan.nodes("kibana")):
        host = plan.host(node.id)
        sources = [s for s in kibana_sources(plan, node.id) if plan.node(s) is not None]
        source = plan.node(sources[0]) if sources else None
        kibana_env: dict[str, str] = {}
        if source is not None and source.service == "elassandra":
            # Elassandra embeds Elasticsearch 6.8, so the analysis chooses (or the design pins) a Kibana 6.x;
            # Elastic publishes its Apache-licensed build as kibana-oss, which 6.x reads ELASTICSEARCH_URL from.
            version = plan.version(node, "6.8.4")
            image = f"docker.elastic.co/kibana/kibana-oss:{version}"
            url_key = "ELASTICSEARCH_URL" if version.startswith("6.") else "ELASTICSEARCH_HOSTS"
            kibana_env[url_key] = f"http://{plan.host(source.id)}:9200"
        else:
            version = plan.version(source, "8.15.0") if source is not None else plan.version(node, "8.15.0")
            image = f"docker.elastic.co/kibana/kibana:{version}"
            if source is not None:
                kibana_env["ELASTICSEARCH_HOSTS"] = f"http://{plan.host(source.id)}:9200"
        services[host] = {
            "image": image,
            "hostname": host,
            "environment": kibana_env,
            "ports": [f"{5601 + port_offset}:5601"],
            "healthcheck": _health(["curl", "-fs", "http://localhost:5601/api/status"], retries=60),
        }
        if source is not None:
            services[host]["depends_on"] = _healthy(plan.host(source.id))
        if len(sources) > 1:
            plan.placeholder("docker-compose.yml", f"kibana {node.id}", "reads several clusters; wired to the first")
        kibana_items.append({"url": f"http://{host}:5601", "file": f"kibana/{safe_filename(node.id)}.ndjson"})
        wait.append(f"http://{host}:5601/api/status")
        init_needs[host] = {"condition": "service_healthy"}

    zeppelin_items = []
    for port_offset, node in enumerate(plan.nodes("zeppelin")):
        host = plan.host(node.id)
        services[host] = {
            "image": service_image(plan, "zeppelin", ZEPPELIN_IMAGE),
            "hostname": host,
            "environment": {"ZEPPELIN_ADDR": "0.0.0.0", "ZEPPELIN_PORT": "8080"},
            "ports": [f"{8080 + port_offset}:8080"],
        }
        zeppelin_items.append(
            {
                "url": f"http://{host}:8080",
                "file": note_path(node.id),
                "interpreters": interpreter_settings(plan, node.id),
            }
        )
        wait.append(f"http://{host}:8080/api/version")
        init_needs[host] = {"condition": "service_started"}

    buckets = []
    for node in plan.nodes("s3"):
        host = plan.host(node.id)
        services[host] = {
            "image": MINIO_IMAGE,
            "hostname": host,
            "command": ["server", "/data", "--console-address", ":9001"],
            "environment": {"MINIO_ROOT_USER": MINIO_USER, "MINIO_ROOT_PASSWORD": MINIO_PASSWORD},
            "healthcheck": _health(["mc", "ready", "local"]),
        }
        buckets.append(
            {
                "endpoint": f"http://{host}:9000",
                "bucket": bucket_name(plan, node.id),
                "access_key": MINIO_USER,
                "secret_key": MINIO_PASSWORD,
            }
        )
        init_needs[host] = {"condition": "service_healthy"}
        plan.placeholder("docker-compose.yml", f"MinIO for {node.id}", "MinIO stands in for your S3 bucket")
        plan.placeholder("docker-compose.yml", "MINIO_ROOT_USER/PASSWORD", "development credentials; change them")

    for node in plan.nodes("jdbc"):
        host = plan.host(node.id)
        sql_path = f"jdbc/{safe_filename(node.id)}.sql"
        written_by_sink = {
            table
            for f in plan.flows_by("connect-jdbc-sink")
            if f.sink.node == node.id
            for table in jdbc_sink_routes(plan, f).values()
            if table is not None
        }
        # The declared tables, and the table invented for a flow that reads a node declaring none (a JDBC
        # source, a Zeppelin %jdbc paragraph, a Spark or Logstash reader), so every reader finds its table.
        read = {name for f in plan.flows() if f.source.node == node.id for name in plan.store_names(f.source, f)}
        tables = sorted(({s.name for s in node.stores if s.kind == "table"} | read) - written_by_sink)
        statements = [
            f"CREATE TABLE IF NOT EXISTS {sql_identifier(t)} (\n  id bigserial PRIMARY KEY,\n  payload text,\n"
            "  updated_at timestamp DEFAULT now()\n);"
            for t in tables
        ]
        sql = "-- Tables read from this database (tables written by the JDBC sink are auto-created).\n" + "\n".join(
            statements
        )
        artefacts.append(Artefact(sql_path, (sql + "\n").encode("utf-8"), "sql", tables))
        services[host] = {
            "image": POSTGRES_IMAGE,
            "hostname": host,
            "environment": {
                "POSTGRES_USER": JDBC_USER,
                "POSTGRES_PASSWORD": JDBC_PASSWORD,
                "POSTGRES_DB": "kafkaesque",
            },
            "volumes": [f"./{sql_path}:/docker-entrypoint-initdb.d/10-kafkaesque.sql:ro"],
            "healthcheck": _health(["pg_isready", "-U", JDBC_USER, "-d", "kafkaesque"]),
        }
        init_needs[host] = {"condition": "service_healthy"}
        plan.placeholder("docker-compose.yml", f"PostgreSQL for {node.id}", "stands in for your JDBC database")

    for node in plan.nodes("logstash"):
        host = plan.host(node.id)
        version = newest_version((plan.version(n, "8.15.0") for n in plan.nodes("elasticsearch")), "8.15.0")
        services[host] = {
            "image": f"docker.elastic.co/logstash/logstash:{version}",
            "hostname": host,
            "environment": {"XPACK_MONITORING_ENABLED": "false"},
            "volumes": [f"./logstash/{safe_filename(node.id)}.conf:/usr/share/logstash/pipeline/logstash.conf:ro"],
            "healthcheck": _health(["curl", "-fs", "http://localhost:9600"], retries=60),
            "depends_on": {"init": {"condition": "service_completed_successfully"}},
        }

    for node in plan.nodes(*SPARK_SERVICES):
        host = plan.host(node.id)
        services[host] = {
            "image": spark_image(plan, node),
            "hostname": host,
            "command": submit_argv(plan, node),
            "volumes": [BUNDLE_MOUNT],
            "depends_on": {"init": {"condition": "service_completed_successfully"}},
        }

    init_plan = {
        "wait": sorted(set(wait)),
        "buckets": buckets,
        "indices": indices,
        "kibana": kibana_items,
        "zeppelin": zeppelin_items,
    }
    init_name = "init"
    if "init" in plan.hosts.values():
        init_name = plan.allocator.allocate("init")
        for service in services.values():
            if "init" in service.get("depends_on", {}):
                service["depends_on"] = {init_name: service["depends_on"].pop("init"), **service["depends_on"]}
    services[init_name] = {
        "image": INIT_IMAGE,
        "command": ["python", "/bundle/init/init.py", "/bundle/init/plan.json"],
        "volumes": [BUNDLE_MOUNT],
        "restart": "no",
    }
    if init_needs:
        services[init_name]["depends_on"] = dict(sorted(init_needs.items()))
    # Connectors are registered per Connect cluster, after init made their buckets and indices: a cluster
    # whose worker or plugin fails holds up only its own connectors.
    for kafka_id, worker, items in connect_inits:
        name = plan.allocator.allocate(f"init-connect-{kafka_id}")
        plan_path = f"init/connect-{safe_filename(kafka_id)}.json"
        connect_plan = {"wait": [f"http://{worker}:{CONNECT_PORT}/connector-plugins"], "connectors": items}
        artefacts.append(Artefact(plan_path, to_json(connect_plan), "json", connect_plan))
        services[name] = {
            "image": INIT_IMAGE,
            "command": ["python", "/bundle/init/init.py", f"/bundle/{plan_path}"],
            "volumes": [BUNDLE_MOUNT],
            "depends_on": {
                init_name: {"condition": "service_completed_successfully"},
                worker: {"condition": "service_healthy"},
            },
            "restart": "no",
        }

    compose = {"services": dict(sorted(services.items()))}
    artefacts.append(Artefact("docker-compose.yml", to_yaml(escape_strings(compose)), "compose", compose))
    artefacts.append(Artefact("init/plan.json", to_json(init_plan), "json", init_plan))
    artefacts.append(Artefact("init/init.py", INIT_SCRIPT.encode("utf-8"), "python", None))
    if any(items for _, _, items in connect_inits):
        note = b"Put connector plugins that confluent-hub cannot install here (see the bundle README).\n"
        artefacts.append(Artefact("connect/plugins/README.md", note, "markdown"))
    for node in plan.nodes(*CASSANDRA_LIKE):
        if node.properties.get("cdc") is True:
            plan.notes.append(f"Cassandra node {node.id}: set cdc_enabled: true in cassandra.yaml for CDC.")
    return artefacts
