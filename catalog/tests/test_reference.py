"""Hold the shipped catalog to reference/integrations.md, on both sides: pairs that must exist, and pairs
that must not exist or must be batch-only."""

from __future__ import annotations

import pytest

from catalog import CATALOG_DIR, Catalog, default_catalog, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return default_catalog()


def _ids(catalog: Catalog, source: str, sink: str) -> list[str]:
    return [mechanism.id for mechanism, _ in catalog.mechanisms_between(source, sink)]


@pytest.mark.parametrize(
    ("source", "sink", "mechanism"),
    [
        ("kafka", "s3", "connect-s3-sink"),
        ("s3", "kafka", "connect-s3-source"),
        ("kafka", "cassandra", "connect-cassandra-sink"),
        ("cassandra", "kafka", "debezium-cassandra"),
        ("cassandra", "kafka", "connect-cassandra-source"),
        ("kafka", "elasticsearch", "connect-elasticsearch-sink"),
        ("kafka", "jdbc", "connect-jdbc-sink"),
        ("jdbc", "kafka", "connect-jdbc-source"),
        ("spark-streaming", "cassandra", "spark-cassandra"),
        ("kafka", "spark-streaming", "spark-kafka"),
        ("spark-streaming", "kafka", "spark-kafka"),
        ("kafka", "kafka", "mirrormaker2"),
        ("kafka", "kafka", "mirrormaker1"),
        ("kafka", "kafka", "ureplicator"),
        ("cassandra", "cassandra", "cassandra-replication"),
        ("event-source", "kafka", "kafka-client"),
        ("spark-batch", "zeppelin", "zeppelin-spark"),
    ],
)
def test_catalog_documented_pair_exists(catalog: Catalog, source: str, sink: str, mechanism: str) -> None:
    # given the shipped catalog
    # when asking which mechanisms connect the pair
    found = _ids(catalog, source, sink)
    # then the reference's mechanism is among them
    assert mechanism in found


@pytest.mark.parametrize(
    ("source", "sink"),
    [
        ("cassandra", "spark-streaming"),
        ("elasticsearch", "spark-streaming"),
        ("elassandra", "spark-streaming"),
        ("jdbc", "spark-streaming"),
        ("kibana", "kafka"),
        ("kibana", "elasticsearch"),
        ("zeppelin", "kafka"),
        ("zeppelin", "cassandra"),
        ("logstash", "jdbc"),
        ("logstash", "cassandra"),
        ("kafka", "kibana"),
        ("cassandra", "kibana"),
        ("s3", "s3"),
    ],
)
def test_catalog_pair_without_documented_mechanism_is_absent(catalog: Catalog, source: str, sink: str) -> None:
    # given the shipped catalog
    # when asking for a pair the reference says nothing connects
    found = _ids(catalog, source, sink)
    # then there is none, and no default either
    assert found == []
    assert catalog.default_mechanism(source, sink) is None


@pytest.mark.parametrize(
    ("source", "sink"),
    [
        ("cassandra", "spark-batch"),
        ("cassandra", "spark-mllib"),
        ("elasticsearch", "spark-batch"),
        ("elasticsearch", "spark-mllib"),
        ("jdbc", "spark-batch"),
    ],
)
def test_catalog_spark_read_of_store_is_batch_only(catalog: Catalog, source: str, sink: str) -> None:
    # given a store Spark can only read in batch
    # when listing the pair's modes
    modes = {mode for _, pair in catalog.mechanisms_between(source, sink) for mode in pair.modes}
    # then batch is the only one
    assert modes == {"batch"}


def test_catalog_kibana_reads_only_elasticsearch_and_elassandra(catalog: Catalog) -> None:
    # given every pair in the catalog
    pairs = catalog.pairs()
    # when collecting Kibana's inputs and outputs
    inputs = {source for source, sink in pairs if sink == "kibana"}
    outputs = {sink for source, sink in pairs if source == "kibana"}
    # then it reads Elasticsearch and Elassandra and feeds nothing
    assert inputs == {"elasticsearch", "elassandra"}
    assert outputs == set()


def test_catalog_zeppelin_only_has_incoming_flows(catalog: Catalog) -> None:
    # given every pair in the catalog
    # when looking for pairs leaving Zeppelin
    outgoing = [pair for pair in catalog.pairs() if pair[0] == "zeppelin"]
    # then there are none
    assert outgoing == []


def test_catalog_mirrormaker2_renames_and_legacy_replicators_keep_names(catalog: Catalog) -> None:
    # given the three Kafka replicators
    mm2 = catalog.mechanism("mirrormaker2")
    mm1 = catalog.mechanism("mirrormaker1")
    urep = catalog.mechanism("ureplicator")
    assert mm2 is not None and mm1 is not None and urep is not None
    # then only MirrorMaker 2 renames, and the other two are legacy
    assert (mm2.renames, mm2.legacy) == (True, False)
    assert (mm1.renames, mm1.legacy) == (False, True)
    assert (urep.renames, urep.legacy) == (False, True)
    # and MirrorMaker 2 takes a topic filter and a policy defaulting to renaming
    topics = mm2.property("topics")
    policy = mm2.property("replication_policy")
    assert topics is not None and (topics.type, topics.default) == ("regex-list", ".*")
    assert policy is not None and policy.choices == ("default", "identity") and policy.default == "default"


def test_catalog_kafka_to_kafka_defaults_to_mirrormaker2(catalog: Catalog) -> None:
    # when a Kafka -> Kafka flow names no mechanism
    default = catalog.default_mechanism("kafka", "kafka")
    # then it gets MirrorMaker 2, and the legacy replicators come last
    assert default is not None and default.id == "mirrormaker2"
    assert _ids(catalog, "kafka", "kafka")[-2:] == ["mirrormaker1", "ureplicator"]


def test_catalog_mirrormaker1_refuses_kafka_4(catalog: Catalog) -> None:
    # given MirrorMaker 1
    mm1 = catalog.mechanism("mirrormaker1")
    assert mm1 is not None
    # when checking a flow between Kafka 3.9.1 and Kafka 4.0
    problems = mm1.version_problems(
        source_service="kafka", source_version="3.9.1", sink_service="kafka", sink_version="4.0"
    )
    # then only the Kafka 4 end is refused
    assert len(problems) == 1 and "kafka 4.0" in problems[0]


def test_catalog_kibana_must_match_elasticsearch_version(catalog: Catalog) -> None:
    # given Kibana's mechanism
    kibana = catalog.mechanism("kibana-elasticsearch")
    assert kibana is not None

    def check(es: str, kb: str) -> list[str]:
        return kibana.version_problems(
            source_service="elasticsearch", source_version=es, sink_service="kibana", sink_version=kb
        )

    # then equal versions pass and different ones do not
    assert check("8.15.0", "8.15.0") == []
    assert check("8.15.0", "8.14.3") != []
    # and Elassandra's 6.8.4.x matches Kibana 6.8.4
    assert check("6.8.4.3", "6.8.4") == []


def test_catalog_spark_cassandra_connector_refuses_spark_4_only(catalog: Catalog) -> None:
    # given the Spark Cassandra Connector
    scc = catalog.mechanism("spark-cassandra")
    assert scc is not None
    # when Spark 4 writes to Cassandra 5.0, and Spark 3.5.5 reads it
    spark4 = scc.version_problems(
        source_service="spark-streaming", source_version="4.0.0", sink_service="cassandra", sink_version="5.0"
    )
    spark35 = scc.version_problems(
        source_service="cassandra", source_version="5.0", sink_service="spark-batch", sink_version="3.5.5"
    )
    # then only Spark 4 is refused, never the Cassandra end
    assert len(spark4) == 1 and "spark-streaming 4.0.0" in spark4[0]
    assert spark35 == []


def test_catalog_every_pair_has_evidence_and_valid_modes(catalog: Catalog) -> None:
    # given every pair of every mechanism
    for mechanism in catalog.mechanisms.values():
        for pair in mechanism.pairs:
            # then each has evidence, modes and a status
            assert pair.evidence, f"{mechanism.id}: {pair.source} -> {pair.sink}"
            assert all(url.startswith(("https://", "http://")) for url in pair.evidence)
            assert pair.modes and set(pair.modes) <= {"stream", "batch"}
            assert pair.status in ("documented", "inferred")


def test_catalog_holds_every_contract_id(catalog: Catalog) -> None:
    # given the ids the design format depends on
    services = {
        "kafka", "cassandra", "spark-batch", "spark-streaming", "spark-mllib", "elasticsearch", "elassandra",
        "kibana", "zeppelin", "s3", "jdbc", "event-source", "application", "logstash",
    }  # fmt: skip
    mechanisms = {
        "mirrormaker2", "mirrormaker1", "ureplicator", "connect-cassandra-sink", "connect-cassandra-source",
        "debezium-cassandra", "connect-elasticsearch-sink", "connect-elasticsearch-source", "connect-s3-sink",
        "connect-s3-source", "connect-jdbc-sink", "connect-jdbc-source", "connect-mqtt-source", "kafka-client",
        "kafka-streams", "spark-kafka", "spark-cassandra", "spark-elasticsearch", "spark-jdbc", "spark-s3",
        "cassandra-replication", "kibana-elasticsearch", "zeppelin-spark", "zeppelin-cassandra",
        "zeppelin-elasticsearch", "zeppelin-jdbc", "logstash-kafka", "logstash-elasticsearch", "logstash-s3",
        "logstash-jdbc", "logstash-input",
    }  # fmt: skip
    # then the catalog holds exactly those (more may be added later, none renamed)
    assert services <= set(catalog.services)
    assert mechanisms <= set(catalog.mechanisms)


def test_catalog_service_defaults_match_contract(catalog: Catalog) -> None:
    # given the services whose defaults other parts rely on
    def default(service_id: str, name: str) -> object:
        service = catalog.service(service_id)
        assert service is not None
        spec = service.property(name)
        assert spec is not None
        return spec.default

    # then their defaults are the contract's
    assert default("kafka", "version") == "3.9"
    assert default("cassandra", "version") == "5.0"
    assert default("elasticsearch", "version") == "8.15.0"
    assert default("kibana", "version") == "8.15.0"
    assert default("spark-streaming", "version") == "3.5.5"
    assert default("elassandra", "version") == "6.8.4"


def test_catalog_store_kinds_match_contract(catalog: Catalog) -> None:
    # given the services that hold stores
    kinds = {service_id: service.store_kinds for service_id, service in catalog.services.items() if service.store_kinds}
    # then they are the contract's
    assert kinds == {
        "kafka": ("topic",),
        "cassandra": ("table",),
        "elasticsearch": ("index",),
        "elassandra": ("table", "index"),
        "s3": ("prefix",),
        "jdbc": ("table",),
    }


def test_catalog_version_is_stable_and_short(catalog: Catalog) -> None:
    # given the catalog files loaded again, bypassing the cache
    reloaded = load_catalog(CATALOG_DIR)
    # then the version hash is the same 16 hex characters
    assert reloaded.version == catalog.version
    assert len(catalog.version) == 16 and int(catalog.version, 16) >= 0


def test_catalog_matrix_lists_default_first(catalog: Catalog) -> None:
    # given the matrix
    rows = {(row["source"], row["sink"]): row for row in catalog.matrix()}
    # then each connected pair appears once, sorted, with its default first
    assert list(rows) == sorted(rows)
    row = rows[("cassandra", "kafka")]
    assert row["default"] == "connect-cassandra-source"
    assert [m["id"] for m in row["mechanisms"]] == ["connect-cassandra-source", "debezium-cassandra"]
    assert ("cassandra", "spark-streaming") not in rows
