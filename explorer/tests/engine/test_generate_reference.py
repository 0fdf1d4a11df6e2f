"""The golden bundles read as an operator reads them before ``docker compose up``, fact by fact against
/work/shared/reference/integrations.md (sections 2 and 5): KRaft env, Connect worker and connector keys,
MirrorMaker 2 keys, CQL data centres, Spark jobs, Kibana/Zeppelin env, Strimzi resources, and the
cross-file wiring (every host a service, every topic created).
"""

from __future__ import annotations

import base64
import json
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from explorer.engine.generate.checks import _properties, _python_literals
from explorer.engine.generate.compose import cluster_id, connect_env_name

from .generate_fixtures import GOLDEN, assert_bundle_parses, bundle_of, doc, flow, kafka, node

BUNDLES = sorted(p for p in GOLDEN.iterdir() if p.is_dir() and not p.name.startswith("."))

KRAFT_KEYS = (
    "KAFKA_NODE_ID",
    "KAFKA_PROCESS_ROLES",
    "KAFKA_LISTENERS",
    "KAFKA_ADVERTISED_LISTENERS",
    "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
    "KAFKA_CONTROLLER_LISTENER_NAMES",
    "KAFKA_CONTROLLER_QUORUM_VOTERS",
    "KAFKA_INTER_BROKER_LISTENER_NAME",
    "CLUSTER_ID",
    "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
    "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
    "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
    "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS",
    "KAFKA_LOG_DIRS",
)
WORKER_KEYS = (
    "bootstrap.servers",
    "group.id",
    "config.storage.topic",
    "offset.storage.topic",
    "status.storage.topic",
    "key.converter",
    "value.converter",
    "plugin.path",
)
STORAGE_FACTORS = (
    "config.storage.replication.factor",
    "offset.storage.replication.factor",
    "status.storage.replication.factor",
)
# integrations.md 2.2-2.10: class -> keys a minimal config must carry.
CONNECTOR_KEYS = {
    "com.datastax.oss.kafka.sink.CassandraSinkConnector": ("topics", "contactPoints", "loadBalancing.localDc"),
    "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector": (
        "topics",
        "connection.url",
        "key.ignore",
        "schema.ignore",
    ),
    "io.confluent.connect.s3.S3SinkConnector": (
        "topics",
        "s3.bucket.name",
        "s3.region",
        "flush.size",
        "storage.class",
        "format.class",
        "store.url",
    ),
    "io.confluent.connect.jdbc.JdbcSinkConnector": ("topics", "connection.url", "insert.mode", "pk.mode"),
    "io.confluent.connect.jdbc.JdbcSourceConnector": ("connection.url", "mode", "topic.prefix", "table.whitelist"),
}
MM2_FACTORS = (
    "replication.factor",
    "checkpoints.topic.replication.factor",
    "heartbeats.topic.replication.factor",
    "offset-syncs.topic.replication.factor",
    "offset.storage.replication.factor",
    "status.storage.replication.factor",
    "config.storage.replication.factor",
)


def _ids(path: Path) -> str:
    return path.name


def _compose(bundle: Path) -> dict[str, Any]:
    return yaml.safe_load((bundle / "docker-compose.yml").read_text(encoding="utf-8"))["services"]


def _topics(bundle: Path) -> dict[str, set[str]]:
    """Kafka service -> topic names its init helper creates (first TSV column)."""
    out: dict[str, set[str]] = {}
    for name, service in _compose(bundle).items():
        command = service.get("command") or []
        if name.startswith("init-topics") and len(command) == 4:
            host = command[2].split(":")[0]
            tsv = bundle / command[3].removeprefix("/bundle/")
            out[host] = {line.split("\t")[0] for line in tsv.read_text(encoding="utf-8").splitlines() if line}
    return out


def _connectors(bundle: Path) -> list[dict[str, Any]]:
    """Every connector the per-cluster init helpers register (``init/connect-<kafka>.json``)."""
    entries = []
    for path in sorted((bundle / "init").glob("connect-*.json")):
        entries += json.loads(path.read_text(encoding="utf-8"))["connectors"]
    return [{**entry, "body": json.loads((bundle / entry["file"]).read_text(encoding="utf-8"))} for entry in entries]


def _host(url_or_address: str) -> str:
    """The host of ``kafka:9092``, ``http://es:9200/x`` or ``jdbc:postgresql://pg:5432/db``."""
    return url_or_address.split("//", 1)[-1].split("/")[0].split(":")[0]


def _cql_dcs(text: str) -> list[set[str]]:
    """The data-centre names of every keyspace's NetworkTopologyStrategy map."""
    maps = re.findall(r"replication = \{([^}]*)\}", text)
    return [{k for k, _ in re.findall(r"'([^']+)': (\d+)", m)} - {"class"} for m in maps]


# ---- Kafka (KRaft) ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bundle", BUNDLES, ids=_ids)
def test_kafka_brokers_carry_every_kraft_key_with_consistent_listeners(bundle):
    # given the compose file of a golden bundle
    services = _compose(bundle)
    brokers = {n: s for n, s in services.items() if s["image"].startswith("apache/kafka") and "environment" in s}
    for name, service in brokers.items():
        env = service["environment"]
        # then every KRaft key of integrations.md section 5 is set
        assert set(KRAFT_KEYS) <= set(env), f"{name} lacks {set(KRAFT_KEYS) - set(env)}"
        # and the advertised listener and quorum voter name the broker's own service on the listener ports
        assert env["KAFKA_ADVERTISED_LISTENERS"] == f"PLAINTEXT://{name}:9092"
        assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@{name}:9093"
        listeners = dict(item.split("://") for item in env["KAFKA_LISTENERS"].split(","))
        assert listeners == {"PLAINTEXT": ":9092", "CONTROLLER": ":9093"}
        protocols = dict(item.split(":") for item in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
        assert set(listeners) <= set(protocols)
        assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] in listeners
        assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] in listeners
        assert "controller" in env["KAFKA_PROCESS_ROLES"].split(",")
        # and the replication factors fit one broker
        for key in ("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"):
            assert env[key] == "1"


@pytest.mark.parametrize("bundle", BUNDLES, ids=_ids)
def test_kafka_cluster_ids_are_valid_kraft_uuids_and_distinct(bundle):
    # given the brokers of a golden bundle
    ids = [
        s["environment"]["CLUSTER_ID"] for s in _compose(bundle).values() if "CLUSTER_ID" in s.get("environment", {})
    ]
    # then each CLUSTER_ID is 22 characters of URL-safe base64 for 16 bytes, and every cluster has its own
    for value in ids:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", value)
        assert len(base64.urlsafe_b64decode(value + "==")) == 16
        assert not value.startswith("-")
    assert len(set(ids)) == len(ids)


def test_cluster_id_never_starts_with_a_dash():
    # given node ids whose digest would encode to a leading "-" (kafka-storage.sh would read it as an option)
    leading = [n for n in (f"kafka-{i}" for i in range(2000)) if base64_first_dash(n)]
    assert leading, "the search space holds node ids with a leading dash digest"
    # when their cluster ids are derived
    ids = [cluster_id(n) for n in leading]
    # then none starts with "-", each is still a 16-byte URL-safe base64 id, and they stay distinct
    assert all(not i.startswith("-") and len(base64.urlsafe_b64decode(i + "==")) == 16 for i in ids)
    assert len(set(ids)) == len(ids)


def base64_first_dash(node_id: str) -> bool:
    """Whether the plain sha256 digest of ``node_id`` encodes to an id beginning with ``-``."""
    import hashlib

    digest = hashlib.sha256(node_id.encode("utf-8")).digest()[:16]
    return base64.urlsafe_b64encode(digest).decode("ascii").startswith("-")


# ---- topics ---------------------------------------------------------------------------------------------


def _fake_kafka_topics(tmp_path: Path, bundle: Path, tsv: str) -> list[list[str]]:
    """Run the bundle's create-topics.sh with kafka-topics.sh replaced by a recorder; the argv of each call."""
    recorder = tmp_path / "kafka-topics.sh"
    log = tmp_path / "calls"
    recorder.write_text(f'#!/usr/bin/env bash\nprintf "%s\\t" "$@" >> {log}\nprintf "\\n" >> {log}\n')
    recorder.chmod(recorder.stat().st_mode | stat.S_IEXEC)
    script = (bundle / "init" / "create-topics.sh").read_text(encoding="utf-8")
    assert script.count("/opt/kafka/bin/kafka-topics.sh") == 1
    runnable = tmp_path / "create-topics.sh"
    runnable.write_text(script.replace("/opt/kafka/bin/kafka-topics.sh", str(recorder)))
    subprocess.run(["bash", str(runnable), "kafka:9092", str(bundle / tsv)], check=True, timeout=30)
    return [line.rstrip("\t").split("\t") for line in log.read_text().splitlines()]


def test_topic_configs_of_the_design_reach_the_topic_create_command(tmp_path):
    # given "Kafka as a database": orders kept forever, customer-events compacted
    bundle = GOLDEN / "kafka-as-database"
    # when init creates the topics
    calls = _fake_kafka_topics(tmp_path, bundle, "kafka/kafka.topics.tsv")
    by_topic = {next(a for a in call if a.startswith("--topic=")).removeprefix("--topic="): call for call in calls}
    # then each create call carries the topic's configs from the design
    assert by_topic["orders"][by_topic["orders"].index("--config") + 1] == "retention.ms=-1"
    assert by_topic["customer-events"][by_topic["customer-events"].index("--config") + 1] == "cleanup.policy=compact"
    assert "--partitions=12" in by_topic["orders"]
    # and kafka/topics.json records them too
    topics = json.loads((bundle / "kafka" / "topics.json").read_text(encoding="utf-8"))["kafka"]
    assert {t["name"]: t["configs"] for t in topics} == {
        "customer-events": {"cleanup.policy": "compact"},
        "orders": {"retention.ms": "-1"},
    }


def test_buffer_topic_keeps_its_retention_on_the_ingest_cluster(tmp_path):
    # given the Kafka buffer pattern (clicks kept one day on the ingest cluster)
    bundle = GOLDEN / "kafka-buffer"
    # when init creates the ingest cluster's topics
    calls = _fake_kafka_topics(tmp_path, bundle, "kafka/kafka-ingest.topics.tsv")
    # then the retention reaches kafka-topics.sh
    assert calls == [
        [
            "--bootstrap-server",
            "kafka:9092",
            "--create",
            "--if-not-exists",
            "--topic=clicks",
            "--partitions=24",
            "--replication-factor=1",
            "--config",
            "retention.ms=86400000",
        ]
    ]


def test_topic_without_configs_is_created_without_config_flags(tmp_path):
    # given a topic that declares no configs
    calls = _fake_kafka_topics(tmp_path, GOLDEN / "cassandra-write-to-read", "kafka/kafka.topics.tsv")
    # then the create call has no --config
    assert len(calls) == 1 and "--config" not in calls[0]


def test_topic_config_values_that_cannot_be_written_are_refused_as_placeholders():
    # given a topic whose config value holds a tab, and one with a nested value
    data = doc([kafka("kafka")], [])
    data["nodes"][0]["stores"] = [
        {"name": "t", "kind": "topic", "properties": {"retention.ms": 1000, "bad.key": "a\tb", "nested.key": {"x": 1}}}
    ]
    # when generated
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    # then the good config is kept and the other two are listed for the user instead of written
    row = bundle.files["kafka/kafka.topics.tsv"].decode().rstrip("\n").split("\t")
    assert row == ["t", "1", "1", "retention.ms=1000"]
    readme = bundle.files["README.md"].decode()
    assert "bad.key" in readme and "nested.key" in readme


@pytest.mark.parametrize("bundle", BUNDLES, ids=_ids)
def test_every_topic_a_connector_spark_job_or_mm2_filter_reads_is_created(bundle):
    # given a golden bundle
    services = _compose(bundle)
    topics = _topics(bundle)
    # then every sink connector's topics exist on its worker's Kafka
    for entry in _connectors(bundle):
        config = entry["body"]["config"]
        worker = services[_host(entry["url"])]["environment"]
        kafka_host = _host(worker["CONNECT_BOOTSTRAP_SERVERS"])
        for topic in filter(None, config.get("topics", "").split(",")):
            assert topic in topics[kafka_host], f"{entry['name']} reads {topic} not created on {kafka_host}"
        if "transforms.route.replacement" in config:
            assert config["transforms.route.replacement"] in topics[kafka_host]
    # and every Kafka topic a Spark job subscribes to or writes exists
    for job in sorted((bundle / "spark").glob("*.py")) if (bundle / "spark").exists() else []:
        literals = _python_literals(job.read_text(encoding="utf-8"))
        for entry in literals["SOURCES"] + literals["SINKS"]:
            if entry["kind"] == "kafka":
                names = entry.get("topics") or [entry["topic"]]
                assert set(names) <= topics[_host(entry["bootstrap"])]
    # and every plain-name MM2 filter matches a topic on its source cluster
    mm2 = bundle / "mirrormaker" / "mm2.properties"
    if mm2.exists():
        props = _properties(mm2.read_bytes())
        for key, value in props.items():
            if key.endswith(".topics") and "->" in key:
                source = key.split("->")[0]
                host = _host(props[f"{source}.bootstrap.servers"])
                for pattern in value.split(","):
                    assert any(re.fullmatch(pattern.strip(), t) for t in topics[host]), (key, pattern)


# ---- Connect ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bundle", [b for b in BUNDLES if (b / "connect").exists()], ids=_ids)
def test_connect_worker_env_is_the_worker_file_renamed_by_the_confluent_rule(bundle):
    # given the worker properties and the Connect service of a bundle
    worker = _properties((bundle / "connect" / "worker.properties").read_bytes())
    services = _compose(bundle)
    connect = next(s for s in services.values() if s["image"].startswith("confluentinc/cp-kafka-connect"))
    env = connect["environment"]
    # then the worker carries the required keys and single-broker storage replication
    assert set(WORKER_KEYS) <= set(worker)
    assert all(worker[k] == "1" for k in STORAGE_FACTORS)
    # and every worker key appears in the environment under its CONNECT_* name with the same value
    for key, value in worker.items():
        assert env[connect_env_name(key)] == value
    # and bootstrap.servers names a Kafka service of the same compose file
    assert _host(worker["bootstrap.servers"]) in services


def test_connect_env_name_follows_the_confluent_rule():
    # given property names with dots, underscores and dashes
    # then "." -> "_", "_" -> "__", "-" -> "___", upper case, CONNECT_ prefix
    assert connect_env_name("value.converter.schemas.enable") == "CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE"
    assert connect_env_name("producer.client_id") == "CONNECT_PRODUCER_CLIENT__ID"
    assert connect_env_name("offset-syncs.topic") == "CONNECT_OFFSET___SYNCS_TOPIC"


@pytest.mark.parametrize("bundle", [b for b in BUNDLES if (b / "connect").exists()], ids=_ids)
def test_connectors_carry_their_class_keys_and_point_at_compose_services(bundle):
    # given every connector the init step creates
    services = _compose(bundle)
    for entry in _connectors(bundle):
        config = entry["body"]["config"]
        # then its class is a reference class and every required key is set
        required = CONNECTOR_KEYS[config["connector.class"]]
        assert all(config.get(k) for k in required), (entry["name"], [k for k in required if not config.get(k)])
        assert entry["body"]["name"] == entry["name"]
        # and every host it names is a compose service
        for key in ("contactPoints", "connection.url", "store.url"):
            if key in config:
                host = _host(config[key])
                assert host in services, f"{entry['name']}: {key} names {host}, not a service"


@pytest.mark.parametrize("bundle", [b for b in BUNDLES if (b / "connect").exists()], ids=_ids)
def test_cassandra_sink_local_dc_is_the_dc_of_its_contact_point_and_replicated(bundle):
    # given the Cassandra sink connectors of a bundle
    services = _compose(bundle)
    schemas = {p.name: p.read_text(encoding="utf-8") for p in (bundle / "cassandra").glob("*.cql")}
    for entry in _connectors(bundle):
        config = entry["body"]["config"]
        if config["connector.class"] != "com.datastax.oss.kafka.sink.CassandraSinkConnector":
            continue
        # then loadBalancing.localDc is the CASSANDRA_DC of the contact point's container
        contact = services[config["contactPoints"]]
        assert config["loadBalancing.localDc"] == contact["environment"]["CASSANDRA_DC"]
        # and the mapping key names topic, keyspace and table that exist, the keyspace replicated to that DC
        mappings = [k for k in config if k.startswith("topic.") and k.endswith(".mapping")]
        assert mappings
        for key in mappings:
            topic, keyspace, table = key.removeprefix("topic.").removesuffix(".mapping").split(".")
            assert topic in config["topics"].split(",")
            cql = "\n".join(schemas.values())
            assert f'"{keyspace}"."{table}"' in cql
            ks_statement = re.search(
                rf'CREATE KEYSPACE IF NOT EXISTS "{keyspace}"\s+WITH replication = \{{[^}}]*\}}', cql
            )
            assert ks_statement is not None
            assert config["loadBalancing.localDc"] in _cql_dcs(ks_statement.group(0))[0]


def test_s3_sink_prefix_writes_clean_object_keys():
    # given the JDBC -> Kafka -> S3 archive, archiving under the prefix "archive/orders/"
    config = json.loads((GOLDEN / "jdbc-kafka-s3-archive" / "connect" / "archive-orders.json").read_text())["config"]
    # then topics.dir is the prefix without a trailing slash: the sink joins it with "/" itself, and a
    # doubled slash gives object keys ("archive/orders//erp-orders/...") MinIO refuses
    assert config["topics.dir"] == "archive/orders"
    assert "//" not in config["topics.dir"] and not config["topics.dir"].startswith("/")


# ---- CQL ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bundle", [b for b in BUNDLES if (b / "cassandra").exists()], ids=_ids)
def test_cql_keyspaces_replicate_to_exactly_the_dcs_of_their_cluster(bundle):
    # given the CQL files and the Cassandra services of a bundle
    services = _compose(bundle)
    for service_name, service in services.items():
        command = service.get("command") or []
        if not (service_name.startswith("init-cql") and "-f" in command):
            continue
        seed = command[1]
        cluster = services[seed]["environment"]["CASSANDRA_CLUSTER_NAME"]
        dcs = {
            s["environment"]["CASSANDRA_DC"]
            for s in services.values()
            if s.get("environment", {}).get("CASSANDRA_CLUSTER_NAME") == cluster
        }
        text = (bundle / command[command.index("-f") + 1].removeprefix("/bundle/")).read_text(encoding="utf-8")
        # then every keyspace uses NetworkTopologyStrategy over exactly the cluster's DC names
        assert "SimpleStrategy" not in text
        for found in _cql_dcs(text):
            assert found == dcs, (service_name, found, dcs)
        # and no table enables CDC unless a Debezium flow leaves it (none in the gallery)
        assert "cdc = true" not in text
        # and the snitch that honours CASSANDRA_DC is set on every member
        for s in services.values():
            if s.get("environment", {}).get("CASSANDRA_CLUSTER_NAME") == cluster:
                assert s["environment"]["CASSANDRA_ENDPOINT_SNITCH"] == "GossipingPropertyFileSnitch"
                assert s["environment"]["CASSANDRA_SEEDS"] in services


# ---- MirrorMaker 2 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bundle", [b for b in BUNDLES if (b / "mirrormaker").exists()], ids=_ids)
def test_mm2_properties_use_the_reference_keys(bundle):
    # given mm2.properties
    props = _properties((bundle / "mirrormaker" / "mm2.properties").read_bytes())
    services = _compose(bundle)
    aliases = [a.strip() for a in props["clusters"].split(",")]
    # then each alias has bootstrap servers naming a compose Kafka service
    for alias in aliases:
        assert _host(props[f"{alias}.bootstrap.servers"]) in services
    # and every flow has its enabled switch and topic filter between declared aliases
    flows = [k.removesuffix(".enabled") for k in props if "->" in k and k.endswith(".enabled")]
    assert flows
    for direction in flows:
        source, target = direction.split("->")
        assert {source, target} <= set(aliases)
        assert props[f"{direction}.enabled"] == "true" and props[f"{direction}.topics"]
    # and every replication factor is 1 for one broker, the feature switches use their .enabled names
    assert all(props[k] == "1" for k in MM2_FACTORS)
    for switch in ("sync.topic.configs.enabled", "emit.heartbeats.enabled", "emit.checkpoints.enabled"):
        assert props[switch] == "true"
    assert not any(k in props for k in ("sync.topic.configs", "emit.heartbeats", "emit.checkpoints"))
    assert props["replication.policy.class"] in {
        "org.apache.kafka.connect.mirror.DefaultReplicationPolicy",
        "org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
    }


@pytest.mark.parametrize("bundle", [b for b in BUNDLES if (b / "mirrormaker").exists()], ids=_ids)
def test_mm2_default_policy_remote_topics_are_created_with_the_source_partitions(bundle):
    # given the default policy (remote topic "<source>.<topic>")
    props = _properties((bundle / "mirrormaker" / "mm2.properties").read_bytes())
    assert props["replication.policy.class"].endswith("DefaultReplicationPolicy")
    topics = _topics(bundle)
    for key, value in props.items():
        if "->" in key and key.endswith(".topics"):
            source, target = key.removesuffix(".topics").split("->")
            # then each replicated topic appears on the target as "<source>.<topic>"
            for topic in value.split(","):
                assert f"{source}.{topic}" in topics[target]


# ---- Spark ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bundle", [b for b in BUNDLES if (b / "spark").exists()], ids=_ids)
def test_spark_jobs_use_packages_matching_the_image_and_checkpoint_every_streaming_sink(bundle):
    services = _compose(bundle)
    for job in sorted((bundle / "spark").glob("*.py")):
        text = job.read_text(encoding="utf-8")
        literals = _python_literals(text)
        service = services[job.stem]
        image = service["image"]
        scala = re.search(r"scala(\d\.\d+)", image)
        assert scala is not None
        argv = service["command"]
        packages = argv[argv.index("--packages") + 1].split(",") if "--packages" in argv else []
        # then every Spark/Scala artefact carries the image's Scala suffix, and the Kafka package the image's Spark
        for package in packages:
            artefact = package.split(":")[1]
            if "_2." in artefact:
                assert artefact.endswith("_" + scala.group(1)), package
            if artefact.startswith("spark-sql-kafka"):
                assert package.split(":")[2] == image.split(":")[1].split("-")[0]
        kinds = {e["kind"] for e in literals["SOURCES"] + literals["SINKS"]}
        needs = {
            "kafka": "spark-sql-kafka-0-10",
            "cassandra": "spark-cassandra-connector",
            "elasticsearch": "elasticsearch-spark",
        }
        for kind, artefact in needs.items():
            if kind in kinds:
                assert any(artefact in p for p in packages), (job.name, kind)
        # and the format names are the reference's
        assert 'format("org.apache.spark.sql.cassandra")' in text and 'format("kafka")' in text
        assert 'format("org.elasticsearch.spark.sql")' in text
        # and a streaming job sets checkpointLocation per sink and reads Kafka from explicit offsets
        if literals["STREAMING"]:
            assert '.option("checkpointLocation", sink["checkpoint"])' in text
            assert all(s["checkpoint"] for s in literals["SINKS"])
            assert len({s["checkpoint"] for s in literals["SINKS"]}) == len(literals["SINKS"])
        assert '.option("startingOffsets", "earliest")' in text
        # and the Kafka sink writes a value column
        assert 'df.select("key", "value")' in text
        # and every host the job names is a compose service
        for entry in literals["SOURCES"] + literals["SINKS"]:
            host = entry.get("host") or _host(entry.get("bootstrap", ""))
            assert host in services


def test_spark_cassandra_jobs_set_the_connection_host_for_the_session():
    # given a Spark job talking to one Cassandra cluster (analytics pattern)
    argv = _compose(GOLDEN / "analytics-colocated")["reports"]["command"]
    # then spark-submit sets spark.cassandra.connection.host, the documented way (integrations.md 2.16)
    assert "spark.cassandra.connection.host=cassandra" in argv
    assert argv[argv.index("spark.cassandra.connection.host=cassandra") - 1] == "--conf"


# ---- Elasticsearch, Kibana, Zeppelin ----------------------------------------------------------------------


@pytest.mark.parametrize("bundle", BUNDLES, ids=_ids)
def test_kibana_matches_es_version_and_zeppelin_listens_on_all_addresses(bundle):
    services = _compose(bundle)
    for service in services.values():
        image = service["image"]
        if image.startswith("docker.elastic.co/kibana/kibana:"):
            # then Kibana points at a compose ES service of exactly its version
            es = services[_host(service["environment"]["ELASTICSEARCH_HOSTS"])]
            assert es["image"].split(":")[1] == image.split(":")[1]
            assert service["depends_on"][_host(service["environment"]["ELASTICSEARCH_HOSTS"])] == {
                "condition": "service_healthy"
            }
        if image.startswith("apache/zeppelin"):
            assert service["environment"]["ZEPPELIN_ADDR"] == "0.0.0.0"


# ---- init ordering ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("bundle", BUNDLES, ids=_ids)
def test_init_waits_for_healthy_services_and_completed_helpers(bundle):
    services = _compose(bundle)
    init = services["init"]
    for dependency, condition in init.get("depends_on", {}).items():
        target = services[dependency]
        # then one-shot helpers must have completed, long-running services must be healthy (or started if
        # they have no health check, which init then polls over HTTP)
        if dependency.startswith("init-"):
            assert condition == {"condition": "service_completed_successfully"}
        elif "healthcheck" in target:
            assert condition == {"condition": "service_healthy"}
        else:
            assert condition == {"condition": "service_started"}
    # and every depends_on of every service names a service of the file, healthy only if it has a check
    for name, service in services.items():
        for dependency, condition in service.get("depends_on", {}).items():
            assert dependency in services, (name, dependency)
            if condition["condition"] == "service_healthy":
                assert "healthcheck" in services[dependency], (name, dependency)


# ---- Strimzi ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bundle", [b for b in BUNDLES if (b / "k8s").exists()], ids=_ids)
def test_strimzi_resources_have_the_v1_shape(bundle):
    documents = [d for p in sorted((bundle / "k8s").glob("*.yaml")) for d in yaml.safe_load_all(p.read_text("utf-8"))]
    kafkas = {d["metadata"]["name"] for d in documents if d["kind"] == "Kafka"}
    connects = {d["metadata"]["name"]: d for d in documents if d["kind"] == "KafkaConnect"}
    for document in documents:
        # then every resource is kafka.strimzi.io/v1, the only version Strimzi 1.x serves
        assert document["apiVersion"] == "kafka.strimzi.io/v1"
        if document["kind"] == "KafkaConnector":
            # and each connector is labelled with its KafkaConnect and carries class/tasksMax/config
            assert document["metadata"]["labels"]["strimzi.io/cluster"] in connects
            assert set(document["spec"]) == {"class", "tasksMax", "config"}
            assert "connector.class" not in document["spec"]["config"]
        if document["kind"] in {"KafkaNodePool", "KafkaTopic"}:
            assert document["metadata"]["labels"]["strimzi.io/cluster"] in kafkas
        if document["kind"] == "KafkaMirrorMaker2":
            spec = document["spec"]
            # and MM2 has the v1 target/mirrors[].source shape, not connectCluster/clusters
            assert not {"connectCluster", "clusters"} & set(spec)
            assert spec["target"]["bootstrapServers"] == f"{spec['target']['alias']}-kafka-bootstrap:9092"
            for mirror in spec["mirrors"]:
                assert not {"sourceCluster", "targetCluster"} & set(mirror)
                policy = mirror["sourceConnector"]["config"]["replication.policy.class"]
                # and the checkpoint connector uses the same policy, or offsets translate to wrong names
                assert mirror["checkpointConnector"]["config"]["replication.policy.class"] == policy
    for connect in connects.values():
        spec = connect["spec"]
        assert connect["metadata"]["annotations"]["strimzi.io/use-connector-resources"] == "true"
        # and group and storage topics are v1 spec fields, not config keys
        assert {"groupId", "configStorageTopic", "offsetStorageTopic", "statusStorageTopic"} <= set(spec)
        assert "group.id" not in spec["config"]
        # and the KafkaConnect does not run a Confluent image, which the Strimzi operator cannot start
        assert not str(spec.get("image", "")).startswith("confluentinc/")
        # and its converters are the compose worker's, so connectors behave the same on both
        worker = _properties((bundle / "connect" / "worker.properties").read_bytes())
        for key in ("key.converter", "value.converter", "value.converter.schemas.enable"):
            assert spec["config"][key] == worker[key]


def test_strimzi_mm2_identity_policy_reaches_the_checkpoint_connector():
    # given active/passive replication with the identity policy
    data = doc(
        [kafka("primary", "orders"), kafka("standby")],
        [flow("dr", "primary", "standby", "mirrormaker2", topics="orders", replication_policy="identity")],
    )
    # when generated
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    mirror = yaml.safe_load(bundle.files["k8s/mirrormaker2-standby.yaml"])["spec"]["mirrors"][0]
    # then both the source and the checkpoint connector use IdentityReplicationPolicy
    identity = "org.apache.kafka.connect.mirror.IdentityReplicationPolicy"
    assert mirror["sourceConnector"]["config"]["replication.policy.class"] == identity
    assert mirror["checkpointConnector"]["config"]["replication.policy.class"] == identity


def test_s3_sink_topics_dir_strips_slashes_of_any_prefix():
    # given a Kafka -> S3 flow into a prefix written with a doubled and a trailing slash
    data = doc(
        [kafka("kafka", "events"), node("lake", "s3", ("raw//events/", "prefix"))],
        [flow("archive", "kafka/events", "lake/raw//events/", "connect-s3-sink")],
    )
    # when generated
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    config = json.loads(bundle.files["connect/archive.json"])["config"]
    # then topics.dir has no leading, trailing or doubled slash
    assert config["topics.dir"] == "raw/events"


class _Expr:
    """Just enough of a Spark column expression to read what a job selects."""

    def __init__(self, text: str) -> None:
        self.text = text

    def cast(self, kind: str) -> _Expr:
        return _Expr(f"CAST({self.text} AS {kind})")

    def alias(self, name: str) -> _Expr:
        return _Expr(f"{self.text} AS {name}")


class _Functions:
    col = staticmethod(lambda name: _Expr(name))
    lit = staticmethod(lambda value: _Expr(repr(value)))
    to_json = staticmethod(lambda expr: _Expr(f"to_json({expr.text})"))
    struct = staticmethod(lambda *names: _Expr("struct(" + ",".join(names) + ")"))


class _Frame:
    def __init__(self, columns: list[str]) -> None:
        self.columns = columns

    def select(self, *exprs: _Expr) -> list[str]:
        return [e.text for e in exprs]


def _job_function(job: Path, name: str) -> Any:
    """Load one function (and the module constants it reads) of a generated job with a fake ``F``."""
    import ast

    tree = ast.parse(job.read_text(encoding="utf-8"))
    keep = [
        n
        for n in tree.body
        if (isinstance(n, ast.FunctionDef) and n.name == name)
        or (isinstance(n, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in n.targets))
    ]
    namespace: dict[str, Any] = {"F": _Functions}
    exec(compile(ast.Module(body=keep, type_ignores=[]), str(job), "exec"), namespace)
    return namespace[name]


def test_spark_copy_between_generic_cassandra_tables_keeps_id_and_payload():
    # given the nightly Cassandra -> Cassandra copy job, reading the generic table (id, payload, updated_at)
    job = GOLDEN / "cassandra-copy-spark" / "spark" / "copy-job.py"
    as_key_value = _job_function(job, "as_key_value")
    # when a source row is normalised for the sink
    selected = as_key_value(_Frame(["id", "payload", "updated_at"]))
    # then the row's id becomes the key (the sink writes it to id) and its payload the value, not a JSON blob
    assert selected == ["CAST(id AS string) AS key", "CAST(payload AS string) AS value"]
    assert "id=key" not in job.read_text() and 'F.coalesce(F.col("key")' in job.read_text()
    # and a row of any other shape still travels as one JSON value, keyed by id when it has one
    assert as_key_value(_Frame(["id", "name", "price"])) == ["CAST(id AS string) AS key", "to_json(struct(*)) AS value"]
    assert as_key_value(_Frame(["sku"]))[0] == "CAST(None AS string) AS key"


def test_spark_picks_the_newest_es_version_by_number():
    # given a Spark job writing to two Elasticsearch clusters, 8.9.0 and 8.15.0
    data = doc(
        [
            kafka("kafka", "events"),
            node("old", "elasticsearch", ("events", "index"), version="8.9.0"),
            node("new", "elasticsearch", ("events", "index"), version="8.15.0"),
            node("job", "spark-batch"),
        ],
        [
            flow("read", "kafka/events", "job", "spark-kafka", mode="batch"),
            flow("w-old", "job", "old/events", "spark-elasticsearch", mode="batch"),
            flow("w-new", "job", "new/events", "spark-elasticsearch", mode="batch"),
        ],
    )
    # when generated
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    argv = yaml.safe_load(bundle.files["docker-compose.yml"])["services"]["job"]["command"]
    # then elasticsearch-spark is 8.15.0 (the newer), not 8.9.0 (the larger string)
    assert "org.elasticsearch:elasticsearch-spark-30_2.12:8.15.0" in argv[argv.index("--packages") + 1].split(",")


def test_strimzi_connectors_list_their_compose_hosts_as_placeholders():
    # given a bundle whose connector names compose hosts (cassandra-write, from the compose run)
    readme = (GOLDEN / "cassandra-write-to-read" / "README.md").read_text(encoding="utf-8")
    # then the README tells the operator to point the Strimzi connectors at the cluster's own services
    assert "| `k8s/connect-kafka.yaml` | connector hosts and credentials |" in readme
