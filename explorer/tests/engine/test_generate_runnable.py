"""Bundles that move data: one test per defect an operator found reading generated bundles (issue 10).

Each test fails on the generator as it was before the fix; the facts are in integrations.md section 7.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from jproperties import Properties

from catalog import default_catalog
from explorer.engine.generate import Artefact, check_artefacts
from explorer.engine.generate.coherence import coherence_problems

from .generate_fixtures import (
    PATTERNS,
    analyse,
    assert_bundle_parses,
    assert_every_flow_carried,
    assert_nothing_unpinned,
    bundle_of,
    design_of,
    doc,
    flow,
    kafka,
    node,
)

POSSIBLE = [
    p for p in sorted(PATTERNS.glob("*.json")) if analyse(design_of(json.loads(p.read_text()))).verdict != "impossible"
]


def _pattern(name: str) -> dict:
    return json.loads((PATTERNS / f"{name}.json").read_text(encoding="utf-8"))


def _properties(data: bytes) -> dict[str, str]:
    props = Properties()
    props.load(data, "iso-8859-1")
    return {key: value.data for key, value in props.items()}


def _compose(bundle) -> dict:
    return yaml.safe_load(bundle.files["docker-compose.yml"])


@pytest.mark.parametrize("name", ["kafka-router", "cassandra-write-to-read"])
def test_cassandra_sink_never_writes_now_into_a_timestamp_column(name):
    # given a pattern whose Kafka topic is written into a Cassandra table by the DataStax sink
    bundle = bundle_of(_pattern(name))
    connectors = [json.loads(d) for p, d in bundle.files.items() if p.startswith("connect/") and p.endswith(".json")]
    config = next(c["config"] for c in connectors if "CassandraSink" in c["config"]["connector.class"])
    # then no mapping sends now() (a TIMEUUID) to a column; updated_at is stamped by the query instead
    mappings = {k: v for k, v in config.items() if k.endswith(".mapping")}
    assert mappings and all("now()" not in v for v in mappings.values())
    queries = [v for k, v in config.items() if k.endswith(".query")]
    assert queries and all('"updated_at"' in q and "toTimestamp(now())" in q for q in queries)
    assert all(v == "false" for k, v in config.items() if k.endswith(".deletesEnabled"))
    # and the whole bundle agrees with itself (the CQL column is a timestamp, the query writes one)
    assert_bundle_parses(bundle)


def test_cross_file_check_refuses_now_mapped_to_a_timestamp_column():
    # given the mapping the generator used to write, against the CQL it still writes
    bundle = bundle_of(_pattern("kafka-router"))
    artefacts = list(bundle.artefacts)
    index, old = next((i, a) for i, a in enumerate(artefacts) if a.kind == "connector" and "store" in a.path)
    body = json.loads(old.data)
    key = next(k for k in body["config"] if k.endswith(".mapping"))
    body["config"][key] = "id=key, payload=value, updated_at=now()"
    del body["config"][key.removesuffix(".mapping") + ".query"]
    artefacts[index] = Artefact(old.path, json.dumps(body).encode(), "connector", body)
    # when the bundle is checked
    report = check_artefacts(artefacts)
    # then the sink file is named with the reason
    assert any("now() is a TIMEUUID" in p for p in report.problems[old.path]), report.problems


def test_cross_file_check_names_a_connector_topic_that_no_file_creates():
    # given a sink whose topic list names a topic the topics file does not create
    bundle = bundle_of(_pattern("kafka-router"))
    artefacts = list(bundle.artefacts)
    index, old = next((i, a) for i, a in enumerate(artefacts) if a.kind == "connector")
    body = json.loads(old.data)
    body["config"]["topics"] = "nobody-creates-this"
    artefacts[index] = Artefact(old.path, json.dumps(body).encode(), "connector", body)
    # then
    assert any("nobody-creates-this" in p for p in coherence_problems(artefacts)[old.path])


@pytest.mark.parametrize("path", POSSIBLE, ids=lambda p: p.stem)
def test_gallery_bundles_pin_every_image_and_plugin(path):
    # given any possible pattern, then no image, plugin or artifact is :latest or unversioned
    assert_nothing_unpinned(bundle_of(json.loads(path.read_text())))


def test_s3_archive_minio_comes_from_quay_at_a_release_tag():
    # given the JDBC -> Kafka -> S3 archive (minio/minio left Docker Hub in September 2026)
    compose = _compose(bundle_of(_pattern("jdbc-kafka-s3-archive")))
    images = [s["image"] for s in compose["services"].values() if "minio" in s["image"]]
    # then MinIO is pulled from quay.io at a frozen release
    assert images and all(i.startswith("quay.io/minio/minio:RELEASE.") for i in images)


@pytest.mark.parametrize("path", POSSIBLE, ids=lambda p: p.stem)
def test_every_gallery_flow_is_carried_by_a_file_of_its_bundle(path):
    # given a possible pattern, then each flow names the file that runs it (or is a listed placeholder)
    data = json.loads(path.read_text())
    assert_every_flow_carried(design_of(data), bundle_of(data))


def test_peer_to_peer_merges_run_as_kafka_streams_apps_with_a_pinned_library():
    # given three regions that merge local and remote topics with Kafka Streams
    bundle = bundle_of(_pattern("peer-to-peer-merge"))
    # then every merge flow is carried by a Streams application reading that route
    merges = [f["id"] for f in _pattern("peer-to-peer-merge")["flows"] if f["mechanism"] == "kafka-streams"]
    assert len(merges) == 9
    for flow_id in merges:
        assert any(p.endswith("streams.properties") for p in bundle.carriers[flow_id]), flow_id
    props = _properties(bundle.files["streams/kafka-a-merge-a/streams.properties"])
    routes = {(props[f"route.{n}.from"], props[f"route.{n}.to"]) for n in range(3)}
    assert routes == {("events", "merged"), ("kafka-b.events", "merged"), ("kafka-c.events", "merged")}
    assert props["application.id"] == "merge-a"
    # and the library is pinned to the broker's Kafka release, and the app is a compose service
    pom = bundle.files["streams/kafka-a-merge-a/pom.xml"].decode()
    assert "<artifactId>kafka-streams</artifactId>" in pom and "<version>3.9.1</version>" in pom
    compose = _compose(bundle)
    assert any("streams/kafka-a-merge-a" in " ".join(s.get("command", [])) for s in compose["services"].values())
    assert "not generated (placeholder)" not in bundle.files["README.md"].decode()


def test_active_passive_mm2_syncs_consumer_offsets_for_failover():
    # given the active-passive pair with a billing consumer group on the primary
    bundle = bundle_of(_pattern("active-passive"))
    mm2 = _properties(bundle.files["mirrormaker/mm2.properties"])
    # then MirrorMaker 2 moves committed offsets, refreshes topics quickly and does not sync ACLs
    assert mm2["sync.group.offsets.enabled"] == "true"
    assert mm2["emit.checkpoints.enabled"] == "true"
    assert int(mm2["refresh.topics.interval.seconds"]) <= 30
    assert mm2["sync.topic.acls.enabled"] == "false"


def test_mirrormaker_starts_after_its_topics_exist():
    # given a buffer cluster replicated to a consumer cluster
    compose = _compose(bundle_of(_pattern("kafka-buffer")))
    mm2 = compose["services"]["mirrormaker2"]
    # then MM2 waits for the topic helpers of both clusters to complete
    helpers = [name for name in compose["services"] if name.startswith("init-topics-")]
    assert helpers
    for helper in helpers:
        assert mm2["depends_on"][helper] == {"condition": "service_completed_successfully"}


def test_zeppelin_cassandra_interpreter_points_at_the_bundle_host():
    # given Zeppelin reading the read-side Cassandra cluster
    bundle = bundle_of(_pattern("cassandra-write-to-read"))
    plan = json.loads(bundle.files["init/plan.json"])
    # then init sets cassandra.hosts to the Cassandra service, not localhost
    (item,) = plan["zeppelin"]
    hosts = item["interpreters"]["cassandra"]["properties"]["cassandra.hosts"]
    assert hosts != "localhost" and hosts in _compose(bundle)["services"]
    # and the init script skips a note that is already imported (a second `docker compose up` succeeds)
    script = bundle.files["init/init.py"].decode()
    assert "note already there" in script and "/api/interpreter/setting/" in script


def test_zeppelin_elasticsearch_interpreter_on_elasticsearch_8_is_impossible():
    # given Zeppelin 0.12's %elasticsearch on Elasticsearch 8 and on 7
    def build(version):
        return doc(
            [node("es", "elasticsearch", ("logs", "index"), version=version), node("z", "zeppelin")],
            [flow("look", "es/logs", "z", "zeppelin-elasticsearch")],
        )

    # then 8 is refused with a version mismatch that names the interpreter, 7 is not
    result = analyse(design_of(build("8.15.0")))
    assert result.verdict == "impossible"
    assert any(f.code == "version-mismatch" and "Zeppelin" in f.message for f in result.findings)
    assert analyse(design_of(build("7.17.0"))).verdict != "impossible"


def test_s3_sink_rotates_by_time_so_a_quiet_topic_still_commits_objects():
    # given the archive's S3 sink
    bundle = bundle_of(_pattern("jdbc-kafka-s3-archive"))
    (config,) = [
        json.loads(d)["config"] for p, d in bundle.files.items() if p.startswith("connect/") and b"S3Sink" in d
    ]
    # then objects are committed on a schedule, not only after flush.size records
    assert int(config["rotate.schedule.interval.ms"]) <= 600000
    assert config["timezone"] == "UTC"


def test_connect_worker_uses_listeners_not_the_removed_rest_port():
    # given a Connect worker
    bundle = bundle_of(_pattern("kafka-router"))
    worker = _properties(bundle.files["connect/worker.properties"])
    env = _compose(bundle)["services"]["kafka-connect"]["environment"]
    # then rest.port (removed in Kafka 3.0) is gone and the REST listener is set
    assert "rest.port" not in worker and "CONNECT_REST_PORT" not in env
    assert worker["listeners"] == "http://0.0.0.0:8083"
    assert env["CONNECT_LISTENERS"] == "http://0.0.0.0:8083"


def test_a_failed_plugin_download_blocks_only_its_own_connectors():
    # given a router whose Connect worker installs a plugin and whose Spark job is gated on init
    compose = _compose(bundle_of(_pattern("kafka-router")))
    services = compose["services"]
    worker = services["kafka-connect"]
    # then a failed install is reported and the worker still starts
    assert "|| echo" in worker["command"][2] and "exec /etc/confluent/docker/run" in worker["command"][2]
    # and init (which Spark waits for) does not wait for Connect; connectors are registered by their own helper
    assert "kafka-connect" not in services["init"].get("depends_on", {})
    (helper,) = [name for name in services if name.startswith("init-connect-")]
    assert services[helper]["depends_on"]["kafka-connect"] == {"condition": "service_healthy"}
    spark = [s for s in services.values() if s["image"].startswith("spark:")]
    assert spark and all(helper not in s.get("depends_on", {}) for s in spark)


def test_debezium_prefix_makes_the_design_topic():
    # given CDC from shop.orders into the topic cdc.shop.orders
    data = doc(
        [
            node("c", "cassandra", ("shop.orders", "table")),
            kafka("k", "cdc.shop.orders"),
            node("a", "application"),
        ],
        [
            flow("cdc", "c/shop.orders", "k/cdc.shop.orders", "debezium-cassandra"),
            flow("read", "k/cdc.shop.orders", "a", "kafka-client"),
        ],
    )
    bundle = bundle_of(data)
    props = _properties(bundle.files["debezium/cdc.properties"])
    # then Debezium's <topic.prefix>.<keyspace>.<table> is exactly the design's topic
    assert props["topic.prefix"] == "cdc"
    assert "connector.name" not in props and "cassandra.hosts" not in props
    assert props["cassandra.driver.config.file"].endswith("cdc.application.conf")
    assert "debezium/cdc.application.conf" in bundle.files
    assert_bundle_parses(bundle)


def test_debezium_to_a_topic_it_cannot_write_is_impossible():
    # given CDC from shop.orders drawn into a topic named orders
    data = doc(
        [node("c", "cassandra", ("shop.orders", "table")), kafka("k", "orders")],
        [flow("cdc", "c/shop.orders", "k/orders", "debezium-cassandra")],
    )
    # then the analysis says Debezium writes c.shop.orders instead, and how to fix it
    result = analyse(design_of(data))
    (found,) = [f for f in result.findings if f.code == "cdc-topic-mismatch"]
    assert "c.shop.orders" in found.message and found.severity == "error"


def test_one_topic_read_by_elasticsearch_and_jdbc_sinks_has_one_converter():
    # given one topic consumed by a schemaless Elasticsearch sink and a schema-needing JDBC sink
    data = doc(
        [
            node("app", "application"),
            kafka("k", "orders"),
            node("es", "elasticsearch", ("orders", "index")),
            node("db", "jdbc", ("orders", "table")),
        ],
        [
            flow("produce", "app", "k/orders", "kafka-client"),
            flow("to-es", "k/orders", "es/orders", "connect-elasticsearch-sink"),
            flow("to-db", "k/orders", "db/orders", "connect-jdbc-sink"),
        ],
    )
    bundle = bundle_of(data)
    configs = [json.loads(bundle.files[f"connect/{name}.json"])["config"] for name in ("to-es", "to-db")]
    # then both read the {schema, payload} envelope, and the sample producer writes it
    assert {c["value.converter.schemas.enable"] for c in configs} == {"true"}
    producer = next(s for n, s in _compose(bundle)["services"].items() if n.endswith("-producer"))
    assert "json-schema" in producer["command"]
    assert_bundle_parses(bundle)


def test_spark_version_and_scala_build_reach_the_image_and_packages():
    # given a Spark node on Scala 2.13 reading Kafka
    data = doc(
        [kafka("k", "events"), node("job", "spark-streaming", version="3.5.4", scala_version="2.13")],
        [flow("read", "k/events", "job", "spark-kafka")],
    )
    bundle = bundle_of(data)
    compose = _compose(bundle)
    # then neither property is ignored
    assert compose["services"]["job"]["image"] == "spark:3.5.4-scala2.13-java17-python3-ubuntu"
    argv = " ".join(compose["services"]["job"]["command"])
    assert "spark-sql-kafka-0-10_2.13:3.5.4" in argv


@pytest.mark.parametrize("path", POSSIBLE, ids=lambda p: p.stem)
def test_readme_says_how_to_see_records_arrive(path):
    # given any possible pattern, then its README tells how to look at what the records reach
    readme = bundle_of(json.loads(path.read_text())).files["README.md"].decode()
    assert "## See data move" in readme
    assert "docker compose" in readme.split("## See data move", 1)[1]


def test_debezium_keys_removed_upstream_fail_the_definition_check():
    # given the Debezium agent file the generator used to write (connector.name and cassandra.hosts/port)
    data = doc(
        [node("c", "cassandra", ("shop.orders", "table")), kafka("k", "cdc.shop.orders")],
        [flow("cdc", "c/shop.orders", "k/cdc.shop.orders", "debezium-cassandra")],
    )
    artefacts = list(bundle_of(data).artefacts)
    index, old = next((i, a) for i, a in enumerate(artefacts) if a.path == "debezium/cdc.properties")
    stale = {**old.intended, "connector.name": "cdc", "cassandra.hosts": "c", "cassandra.port": "9042"}
    text = "".join(f"{k}={v}\n" for k, v in stale.items()).encode("iso-8859-1")
    artefacts[index] = Artefact(old.path, text, "properties", stale, "debezium-cassandra")
    # when checked against the catalog's definition of Debezium Cassandra
    report = check_artefacts(artefacts, catalog=default_catalog())
    # then each removed key is named
    problems = " ".join(report.problems[old.path])
    assert all(f"unknown key {key}" in problems for key in ("connector.name", "cassandra.hosts", "cassandra.port"))


def test_jdbc_sink_into_a_node_with_several_tables_writes_the_declared_tables():
    # given two topics written, node to node, into a database that declares three tables:
    # "orders" matches a table by name; "payments" matches none
    data = doc(
        [
            node("app", "application"),
            kafka("k", "orders", "payments"),
            node("db", "jdbc", ("orders", "table"), ("payment_log", "table"), ("audit", "table")),
        ],
        [
            flow("produce", "app", "k", "kafka-client"),
            flow("to-db", "k", "db", "connect-jdbc-sink"),
        ],
    )
    bundle = bundle_of(data)
    config = json.loads(bundle.files["connect/to-db.json"])["config"]
    # then "orders" is written to its own table and "payments", with two tables left, to a table of its name,
    # which the README lists as a placeholder to decide
    assert "table.name.format" not in config
    assert "transforms" not in config
    assert any(p.item == "table for topic payments" for p in bundle.placeholders)
    # and the tables the sink does not write are created by the database's SQL, the one it writes is not
    created = re.findall(r"CREATE TABLE IF NOT EXISTS (\S+)", bundle.files["jdbc/db.sql"].decode())
    assert sorted(c.strip('"') for c in created) == ["audit", "payment_log"]
    assert_bundle_parses(bundle)


def test_jdbc_sink_routes_a_topic_to_the_one_declared_table_left():
    # given "orders" and "payments" into a database declaring "orders" and "payment_log"
    data = doc(
        [
            node("app", "application"),
            kafka("k", "orders", "payments"),
            node("db", "jdbc", ("orders", "table"), ("payment_log", "table")),
        ],
        [
            flow("produce", "app", "k", "kafka-client"),
            flow("to-db", "k", "db", "connect-jdbc-sink"),
        ],
    )
    bundle = bundle_of(data)
    config = json.loads(bundle.files["connect/to-db.json"])["config"]
    # then "payments" is routed to payment_log by a RegexRouter of its own, "orders" keeps its name
    aliases = config["transforms"].split(",")
    assert len(aliases) == 1
    assert config[f"transforms.{aliases[0]}.regex"] == "\\Qpayments\\E"
    assert config[f"transforms.{aliases[0]}.replacement"] == "payment_log"
    # and the database creates neither table (the sink auto-creates both from the records' schema)
    sql = bundle.files["jdbc/db.sql"].decode()
    assert "CREATE TABLE" not in sql
    assert not any(p.item.startswith("table for topic") for p in bundle.placeholders)
    assert_bundle_parses(bundle)


@pytest.mark.parametrize(("pinned", "image"), [(None, "kibana-oss:6.8.4"), ("6.8.4", "kibana-oss:6.8.4")])
def test_kibana_on_elassandra_runs_the_version_the_design_resolves(pinned, image):
    # given Kafka -> Elassandra -> Kibana, with Kibana's version left open (resolved to 6.8.4) or pinned to it
    kibana = node("dash", "kibana", **({"version": pinned} if pinned else {}))
    data = doc(
        [node("app", "application"), kafka("k", "orders"), node("ela", "elassandra", ("shop.orders", "table")), kibana],
        [
            flow("produce", "app", "k/orders", "kafka-client"),
            flow("to-ela", "k/orders", "ela/shop.orders", "connect-cassandra-sink"),
            flow("view", "ela", "dash", "kibana-elasticsearch"),
        ],
    )
    bundle = bundle_of(data)
    services = _compose(bundle)["services"]
    # then the Kibana container runs that version of the OSS build and reads the Elassandra node
    dash = next(s for s in services.values() if "kibana" in s["image"])
    assert dash["image"] == f"docker.elastic.co/kibana/{image}"
    assert dash["environment"]["ELASTICSEARCH_URL"].endswith(":9200")


def test_jdbc_source_polls_every_declared_table_the_way_the_design_says():
    # given a node-level JDBC source from a database with two tables, polled by timestamp every 2 s
    data = doc(
        [
            node("db", "jdbc", ("orders", "table"), ("refunds", "table")),
            kafka("k", "erp"),
            node("app", "application"),
        ],
        [
            flow(
                "capture",
                "db",
                "k/erp",
                "connect-jdbc-source",
                mode="timestamp",
                timestamp_column="changed_at",
                poll_interval_ms=2000,
            ),
            flow("read", "k/erp", "app", "kafka-client"),
        ],
    )
    bundle = bundle_of(data)
    config = json.loads(bundle.files["connect/capture.json"])["config"]
    # then both tables are polled, by the design's mode and column, and both land on the design's topic
    assert config["table.whitelist"] == "orders,refunds"
    assert (config["mode"], config["timestamp.column.name"], config["poll.interval.ms"]) == (
        "timestamp",
        "changed_at",
        "2000",
    )
    assert "incrementing.column.name" not in config
    assert config["transforms.route.regex"] == "\\Qjdbc.orders\\E|\\Qjdbc.refunds\\E"
    assert config["transforms.route.replacement"] == "erp"
    assert_bundle_parses(bundle)


@pytest.mark.parametrize(("mode", "kind"), [("TIMEUUID", "timeuuid"), ("TIMESTAMP", "timestamp")])
def test_cassandra_source_polls_the_designs_column_and_the_table_has_it(mode, kind):
    # given a Cassandra table polled into Kafka by a column the design names
    data = doc(
        [node("db", "cassandra", ("shop.orders", "table")), kafka("k", "orders"), node("app", "application")],
        [
            flow(
                "poll",
                "db/shop.orders",
                "k/orders",
                "connect-cassandra-source",
                incremental_column="event_id",
                incremental_mode=mode,
            ),
            flow("read", "k/orders", "app", "kafka-client"),
        ],
    )
    bundle = bundle_of(data)
    config = json.loads(bundle.files["connect/poll.json"])["config"]
    # then the KCQL polls by that column in that mode, and the bundle's table has the column with the right type
    assert config["connect.cassandra.kcql"].endswith(f"PK event_id INCREMENTALMODE={mode}")
    cql = bundle.files["cassandra/schema.cql"].decode()
    assert f'"event_id" {kind}' in cql
    assert_bundle_parses(bundle)


def test_a_jdbc_node_declaring_no_table_still_has_the_table_its_readers_query():
    # given a Zeppelin note reading a JDBC database that declares no table
    data = doc(
        [node("db", "jdbc"), node("notes", "zeppelin")],
        [flow("explore", "db", "notes", "zeppelin-jdbc")],
    )
    bundle = bundle_of(data)
    note = next(json.loads(d) for p, d in bundle.files.items() if p.startswith("zeppelin/") and p.endswith(".json"))
    queried = re.findall(r"FROM (\S+)", json.dumps(note))
    # then the table the paragraph queries is created by the database's SQL
    created = re.findall(r"CREATE TABLE IF NOT EXISTS (\S+)", bundle.files["jdbc/db.sql"].decode())
    assert queried and {q.strip('"\\') for q in queried} <= {c.strip('"') for c in created}
