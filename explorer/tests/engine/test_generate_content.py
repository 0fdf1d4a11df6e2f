"""What a user finds in the generated files: the right keys, classes, data centres and commands."""

from __future__ import annotations

import ast
import json

import yaml

from explorer.engine.generate.checks import _properties, connector_problems

from .generate_fixtures import assert_bundle_parses, bundle_of, doc, flow, kafka, node


def test_mm2_properties_name_clusters_directions_filters_and_policy():
    # given active-active replication between two clusters, one direction with the identity policy
    data = doc(
        [kafka("east", "orders"), kafka("west", "payments")],
        [
            flow("e2w", "east", "west", "mirrormaker2", topics="orders"),
            flow("w2e", "west", "east", "mirrormaker2", topics="payments", replication_policy="identity"),
        ],
    )
    # when the bundle is generated
    bundle = bundle_of(data)
    props = _properties(bundle.files["mirrormaker/mm2.properties"])
    # then mm2.properties carries both directions with their filters and per-direction policies
    assert props["clusters"] == "east, west"
    assert props["east.bootstrap.servers"] == "east:9092"
    assert props["east->west.enabled"] == "true" and props["east->west.topics"] == "orders"
    assert props["west->east.replication.policy.class"].endswith("IdentityReplicationPolicy")
    assert props["east->west.replication.policy.class"].endswith("DefaultReplicationPolicy")
    assert props["replication.factor"] == "1"
    # and compose runs it with connect-mirror-maker.sh from the apache/kafka image
    compose = yaml.safe_load(bundle.files["docker-compose.yml"])
    assert compose["services"]["mirrormaker2"]["command"][0] == "/opt/kafka/bin/connect-mirror-maker.sh"


def test_cassandra_schema_replicates_per_location_data_centre():
    # given one Cassandra cluster with a data centre in two locations
    data = doc(
        [
            node("db-syd", "cassandra", ("shop.orders", "table")),
            node("db-fra", "cassandra", ("shop.orders", "table")),
        ],
        [flow("dc", "db-syd", "db-fra", "cassandra-replication")],
        locations=[{"id": "syd", "name": "Sydney"}, {"id": "fra", "name": "Frankfurt"}],
    )
    data["nodes"][0]["location"] = "syd"
    data["nodes"][1]["location"] = "fra"
    # when generated
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    cql = bundle.files["cassandra/schema.cql"].decode()
    # then the keyspace uses NetworkTopologyStrategy with one entry per DC, and both containers join one cluster
    assert "'NetworkTopologyStrategy', 'fra': 1, 'syd': 1" in cql
    assert 'CREATE TABLE IF NOT EXISTS "shop"."orders"' in cql
    services = yaml.safe_load(bundle.files["docker-compose.yml"])["services"]
    assert services["db-fra"]["environment"]["CASSANDRA_DC"] == "fra"
    assert services["db-syd"]["environment"]["CASSANDRA_SEEDS"] == services["db-fra"]["environment"]["CASSANDRA_SEEDS"]


def test_connector_files_have_class_and_required_keys_and_init_validates_first():
    # given sinks into Cassandra, Elasticsearch, S3 and a JDBC source
    data = doc(
        [
            kafka("k", "orders"),
            node("db", "cassandra", ("shop.orders", "table")),
            node("es", "elasticsearch", ("orders", "index")),
            node("lake", "s3", ("archive", "prefix")),
            node("pg", "jdbc", ("customers", "table")),
        ],
        [
            flow("to-db", "k/orders", "db/shop.orders", "connect-cassandra-sink"),
            flow("to-es", "k/orders", "es/orders", "connect-elasticsearch-sink"),
            flow("to-lake", "k/orders", "lake/archive", "connect-s3-sink"),
            flow("from-pg", "pg/customers", "k", "connect-jdbc-source"),
        ],
    )
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    # then each connector file names its class and carries every required key
    for name in ("to-db", "to-es", "to-lake", "from-pg"):
        body = json.loads(bundle.files[f"connect/{name}.json"])
        assert body["name"] == name
        assert connector_problems(body) == []
    assert json.loads(bundle.files["connect/to-db.json"])["config"]["topic.orders.shop.orders.mapping"]
    # and one Connect worker serves the Kafka cluster, installing the plugins at start
    services = yaml.safe_load(bundle.files["docker-compose.yml"])["services"]
    command = services["k-connect"]["command"][-1]
    assert "confluent-hub install --no-prompt confluentinc/kafka-connect-s3" in command
    assert services["k-connect"]["environment"]["CONNECT_BOOTSTRAP_SERVERS"] == "k:9092"
    # and init validates each config before creating it
    script = bundle.files["init/init.py"].decode()
    assert script.index("/config/validate") < script.index('"/connectors/"')


def test_spark_streaming_job_has_checkpoints_and_submit_packages():
    # given Kafka -> Spark Structured Streaming -> Cassandra
    data = doc(
        [kafka("k", "orders"), node("job", "spark-streaming"), node("db", "cassandra", ("shop.t", "table"))],
        [flow("in", "k/orders", "job", "spark-kafka"), flow("out", "job", "db/shop.t", "spark-cassandra")],
    )
    bundle = bundle_of(data)
    tree = ast.parse(bundle.files["spark/job.py"])
    literals = {
        n.targets[0].id: ast.literal_eval(n.value)
        for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name) and n.targets[0].id.isupper()
    }
    # then the job streams with a checkpoint per sink
    assert literals["STREAMING"] is True
    assert literals["SINKS"][0]["checkpoint"].startswith("/tmp/kafkaesque-checkpoints/job/out")
    # and spark-submit carries the Kafka and Cassandra packages
    argv = json.loads(bundle.files["spark/job.submit.json"])["argv"]
    packages = argv[argv.index("--packages") + 1]
    assert "spark-sql-kafka-0-10_2.12" in packages and "spark-cassandra-connector_2.12" in packages


def test_readme_lists_placeholders_and_unchecked_files():
    # given a design whose S3 sink writes with development credentials
    data = doc(
        [kafka("k", "orders"), node("lake", "s3", ("archive", "prefix"))],
        [flow("to-lake", "k/orders", "lake/archive", "connect-s3-sink")],
    )
    readme = bundle_of(data).files["README.md"].decode()
    # then the README names the placeholder and says what was not checked
    assert "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY" in readme
    assert "## Placeholders to check or fill in" in readme
    assert "Not checked by a real parser" in readme


def test_cassandra_sink_uses_the_flows_own_mapping_and_the_table_gets_its_columns():
    # given a Kafka topic sunk into Cassandra with the flow's own column mapping (no id mapped, a TTL field)
    data = doc(
        [kafka("k", "orders"), node("db", "cassandra", ("shop.orders", "table"))],
        [
            flow(
                "to-db",
                "k/orders",
                "db/shop.orders",
                "connect-cassandra-sink",
                mapping="order_id=value.id, status=value.payload, seen=now(), __ttl=value.ttl",
            )
        ],
    )
    # when generated
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    config = json.loads(bundle.files["connect/to-db.json"])["config"]
    # then the connector carries that mapping, keyed by the table's id from the record key, with no generic query
    assert config["topic.orders.shop.orders.mapping"] == (
        "id=key, order_id=value.id, status=value.payload, seen=now(), __ttl=value.ttl"
    )
    assert "topic.orders.shop.orders.query" not in config
    # and the CQL table has the mapped columns beside its own (now() into a timeuuid; __ttl is no column)
    cql = bundle.files["cassandra/schema.cql"].decode()
    table = cql[cql.index('CREATE TABLE IF NOT EXISTS "shop"."orders"') :]
    assert '"order_id" text' in table and '"status" text' in table and '"seen" timeuuid' in table
    assert '"id" text PRIMARY KEY' in table and "__ttl" not in table


def test_cassandra_sink_without_a_mapping_keeps_the_generic_mapping_and_query():
    # given the same sink with no mapping of its own
    data = doc(
        [kafka("k", "orders"), node("db", "cassandra", ("shop.orders", "table"))],
        [flow("to-db", "k/orders", "db/shop.orders", "connect-cassandra-sink")],
    )
    # when generated
    config = json.loads(bundle_of(data).files["connect/to-db.json"])["config"]
    # then
    assert config["topic.orders.shop.orders.mapping"] == "id=key, payload=value"
    assert config["topic.orders.shop.orders.query"].startswith('INSERT INTO "shop"."orders"')
