"""Every finding code: a design that raises it, and a close variant that does not.

Each case is a function whose docstring draws the topology; it returns ``(raises, variant)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from explorer.engine.analysis import CODES
from explorer.engine.analysis.findings import SIMULATION_CODES
from explorer.tests.engine.analysis_designs import codes, design, flow, node, of, region, run

Case = Callable[[], tuple[dict[str, Any], dict[str, Any]]]
SYD, FRA = region("syd", "ap-southeast-2"), region("fra", "eu-central-1")


def unknown_service() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [kafak]  (typo: no such service)   vs   [kafka]
    """
    return design(node("k", "kafak")), design(node("k", "kafka", "t"), node("a", "application"), flow("f", "k", "a"))


def unknown_reference() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [app] --f--> [kafka/nope]   (the topic is not declared)   vs   [app] --f--> [kafka/t]
    """
    nodes = (node("app", "application"), node("k", "kafka", "t"))
    return design(*nodes, flow("f", "app", "k/nope")), design(*nodes, flow("f", "app", "k/t"))


def unsupported_flow() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [s3] --f--> [cassandra]   (nothing documented)   vs   [s3] --f--> [kafka]
    """
    return (
        design(node("b", "s3", "in"), node("c", "cassandra", "ks.t"), flow("f", "b", "c")),
        design(
            node("b", "s3", "in"),
            node("k", "kafka", "t"),
            flow("f", "b", "k"),
            node("a", "application"),
            flow("g", "k", "a"),
        ),
    )


def filter_excludes_topic() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [a/orders] --f (mirrormaker2, topics "payments.*")--> [b]   vs   the same with topics "orders|payments.*"
    """

    def variant(topics: str) -> dict[str, Any]:
        return design(
            node("app", "application"),
            node("a", "kafka", "orders"),
            node("b", "kafka"),
            node("reader", "application"),
            flow("p", "app", "a/orders"),
            flow("f", "a/orders", "b", "mirrormaker2", topics=topics),
            flow("r", "b", "reader"),
        )

    return variant("payments.*"), variant("orders|payments.*")


def mechanism_mismatch() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [kafka] --f (connect-s3-source)--> [s3]   vs   [kafka] --f (connect-s3-sink)--> [s3]
    """
    nodes = (node("k", "kafka", "t"), node("b", "s3", "out"), node("app", "application"), flow("p", "app", "k"))
    return design(*nodes, flow("f", "k", "b", "connect-s3-source")), design(
        *nodes, flow("f", "k", "b", "connect-s3-sink")
    )


def mode_mismatch() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [cassandra] --f--> [spark-streaming]   vs   [cassandra] --f--> [spark-batch]
    """
    return (
        design(node("c", "cassandra", "ks.t"), node("s", "spark-streaming"), flow("f", "c", "s", "spark-cassandra")),
        design(node("c", "cassandra", "ks.t"), node("s", "spark-batch"), flow("f", "c", "s", "spark-cassandra")),
    )


def event_loop() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [kafka a/orders] --a-to-b (mm2 identity)--> [kafka b/orders]
           ^------------- b-to-a (mm2 identity) ------'
    variant: both flows use the default policy (remote topics b.orders / a.orders)
    """

    def build(policy: str) -> dict[str, Any]:
        return design(
            node("a", "kafka", "orders"),
            node("b", "kafka", "orders"),
            flow("a-to-b", "a", "b", "mirrormaker2", topics="orders", replication_policy=policy),
            flow("b-to-a", "b", "a", "mirrormaker2", topics="orders", replication_policy=policy),
        )

    return build("identity"), build("default")


def feedback_cycle() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [cassandra ks.t] --read (batch)--> [spark-batch job] --write (batch)--> [cassandra ks.t]
    variant: the job writes ks.scores instead
    """

    def build(target: str) -> dict[str, Any]:
        return design(
            node("c", "cassandra", "ks.t", "ks.scores"),
            node("job", "spark-batch"),
            flow("read", "c/ks.t", "job", "spark-cassandra"),
            flow("write", "job", f"c/{target}", "spark-cassandra"),
            node("z", "zeppelin"),
            flow("q", "c/ks.scores", "z", "zeppelin-cassandra"),
        )

    return build("ks.t"), build("ks.scores")


def invalid_name() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [kafka: topic "orders!"]   vs   [kafka: topic "orders"]
    """
    return (
        design(node("k", "kafka", "orders!"), node("a", "application"), flow("f", "a", "k")),
        design(node("k", "kafka", "orders"), node("a", "application"), flow("f", "a", "k")),
    )


def name_collision() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [kafka: topics "a.b" and "a_b"]   vs   [kafka: topics "a.b" and "a_c"]
    """
    return (
        design(node("k", "kafka", "a.b", "a_b"), node("a", "application"), flow("f", "a", "k")),
        design(node("k", "kafka", "a.b", "a_c"), node("a", "application"), flow("f", "a", "k")),
    )


def version_mismatch() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [elasticsearch 8.15.0] --f--> [kibana 7.17.0]   vs   [elasticsearch 8.15.0] --f--> [kibana 8.15.0]
    """

    def build(version: str) -> dict[str, Any]:
        return design(
            node("es", "elasticsearch", "logs", version="8.15.0"),
            node("kb", "kibana", version=version),
            flow("f", "es", "kb", "kibana-elasticsearch"),
        )

    return build("7.17.0"), build("8.15.0")


def missing_upstream() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [kafka] --f--> [application]    [kibana] (fed by nothing)
    variant: [elasticsearch] --g--> [kibana]
    """
    base = (node("k", "kafka", "t"), node("app", "application"), flow("f", "k", "app"), node("kb", "kibana"))
    return design(*base), design(*base, node("es", "elasticsearch", "logs"), flow("g", "es", "kb"))


def cross_location_client() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    syd: [kafka] ==f (connect-cassandra-sink, across the WAN)==> fra: [cassandra]
    variant: the Cassandra cluster is in syd too
    """

    def build(where: str) -> dict[str, Any]:
        return design(
            node("k", "kafka", "t", location="syd"),
            node("c", "cassandra", "ks.t", location=where),
            node("app", "application", location="syd"),
            flow("p", "app", "k"),
            flow("f", "k", "c", "connect-cassandra-sink"),
            locations=(SYD, FRA),
        )

    return build("fra"), build("syd")


def redundant_replication() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [cassandra dc1] ==native (cassandra-replication)==> [cassandra dc2]
          |                                                   ^
          +--cdc (debezium)--> [kafka] --sink (connect)-------+   (copies the same data again)
    variant: no native replication between dc1 and dc2
    """
    common = (
        node("dc1", "cassandra", "ks.t"),
        node("dc2", "cassandra", "ks.copy"),
        node("k", "kafka", "t"),
        flow("cdc", "dc1/ks.t", "k/t", "debezium-cassandra"),
        flow("sink", "k/t", "dc2/ks.copy", "connect-cassandra-sink"),
    )
    return design(*common, flow("native", "dc1", "dc2", "cassandra-replication")), design(*common)


def isolated_node() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [app] --f--> [kafka]    [jdbc]  (no flows)   vs   [app] --f--> [kafka] --g--> [jdbc]
    """
    base = (node("app", "application"), node("k", "kafka", "t"), node("db", "jdbc", "orders"), flow("f", "app", "k"))
    return design(*base), design(*base, flow("g", "k", "db", "connect-jdbc-sink"))


def unconsumed_store() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [app] --f--> [kafka/t]   (nobody reads t)   vs   [app] --f--> [kafka/t] --g--> [consumer]
    """
    base = (node("app", "application"), node("k", "kafka", "t"), flow("f", "app", "k/t"))
    return design(*base), design(*base, node("c", "application"), flow("g", "k/t", "c"))


def invalid_property() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [kafka a] --f (mm2, replication_policy "mirror")--> [kafka b]   vs   replication_policy "default"
    """

    def build(policy: str) -> dict[str, Any]:
        return design(
            node("a", "kafka", "t"), node("b", "kafka"), flow("f", "a", "b", "mirrormaker2", replication_policy=policy)
        )

    return build("mirror"), build("default")


def default_mechanism() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [app] --f (no mechanism)--> [kafka]   vs   [app] --f (kafka-client)--> [kafka]
    """
    base = (
        node("app", "application"),
        node("k", "kafka", "t"),
        node("c", "application"),
        flow("g", "k", "c", "kafka-client"),
    )
    return design(*base, flow("f", "app", "k")), design(*base, flow("f", "app", "k", "kafka-client"))


def cdc_topic_mismatch() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [cassandra/shop.orders] --f (debezium-cassandra)--> [kafka/orders]          (Debezium never writes 'orders')
    vs
    [cassandra/shop.orders] --f (debezium-cassandra)--> [kafka/cdc.shop.orders] (<topic.prefix>.<ks>.<table>)
    """

    def build(topic: str) -> dict[str, Any]:
        return design(
            node("c", "cassandra", "shop.orders"),
            node("k", "kafka", topic),
            node("a", "application"),
            flow("f", "c/shop.orders", f"k/{topic}", "debezium-cassandra"),
            flow("g", f"k/{topic}", "a", "kafka-client"),
        )

    return build("orders"), build("cdc.shop.orders")


def version_chosen() -> tuple[dict[str, Any], dict[str, Any]]:
    """
    [elassandra/shop.orders] --f (kibana)--> [kibana, no version]   vs   [kibana 6.8.4]
    """

    def build(**kibana: str) -> dict[str, Any]:
        return design(
            node("ela", "elassandra", "shop.orders"),
            node("kb", "kibana", **kibana),
            flow("f", "ela/shop.orders", "kb", "kibana-elasticsearch"),
        )

    return build(), build(version="6.8.4")


CASES: dict[str, Case] = {
    "unknown-service": unknown_service,
    "unknown-reference": unknown_reference,
    "unsupported-flow": unsupported_flow,
    "mechanism-mismatch": mechanism_mismatch,
    "mode-mismatch": mode_mismatch,
    "event-loop": event_loop,
    "feedback-cycle": feedback_cycle,
    "invalid-name": invalid_name,
    "name-collision": name_collision,
    "version-mismatch": version_mismatch,
    "missing-upstream": missing_upstream,
    "cross-location-client": cross_location_client,
    "redundant-replication": redundant_replication,
    "isolated-node": isolated_node,
    "unconsumed-store": unconsumed_store,
    "invalid-property": invalid_property,
    "default-mechanism": default_mechanism,
    "cdc-topic-mismatch": cdc_topic_mismatch,
    "version-chosen": version_chosen,
    "filter-excludes-topic": filter_excludes_topic,
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding_raised_by_design_and_not_by_close_variant(code: str) -> None:
    # given
    raises, variant = CASES[code]()
    # when
    raised, clean = run(raises), run(variant)
    # then
    assert code in codes(raised), [f.to_dict() for f in raised.findings]
    assert code not in codes(clean), [f.to_dict() for f in clean.findings]
    for item in raised.findings:
        assert item.severity == CODES[item.code]
        assert item.message and item.fix, item


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding_severity_decides_the_verdict(code: str) -> None:
    # given
    raises, _ = CASES[code]()
    # when
    result = run(raises)
    # then
    severity = CODES[code]
    expected = {
        "error": {"impossible"},
        "warning": {"impossible", "kafkaesque"},
        "info": {"impossible", "kafkaesque", "sensible"},
    }
    assert result.verdict in expected[severity]
    if severity == "error":
        assert result.verdict == "impossible"


def test_finding_codes_all_have_a_case_except_document_and_bound() -> None:
    # every code the analysis can raise from a parsed design has a raise/variant pair above; the simulation's
    # codes have theirs in test_simulate.py
    assert set(CODES) - set(CASES) - set(SIMULATION_CODES) == {"invalid-document", "analysis-bounded"}


def test_version_mismatch_mirrormaker1_on_kafka_4() -> None:
    """
    [kafka a 4.0] --f (mirrormaker1)--> [kafka b 4.0]   (MirrorMaker 1 was removed in Kafka 4.0)
    """

    def build(version: str) -> dict[str, Any]:
        return design(
            node("a", "kafka", "t", version=version),
            node("b", "kafka", version=version),
            flow("f", "a", "b", "mirrormaker1"),
        )

    found = of(run(build("4.0")), "version-mismatch")
    assert found and "f" in found[0].refs and "mirrormaker2" in found[0].fix
    assert "version-mismatch" not in codes(run(build("3.9")))


def test_unsupported_flow_names_the_reverse_direction() -> None:
    """
    [kibana] --f--> [elasticsearch]   (only elasticsearch -> kibana exists)
    """
    result = run(design(node("kb", "kibana"), node("es", "elasticsearch", "logs"), flow("f", "kb", "es")))
    (finding,) = of(result, "unsupported-flow")
    assert "reverse direction exists" in finding.message and "kibana-elasticsearch" in finding.message
    assert finding.evidence


def test_unsupported_flow_s3_to_cassandra_suggests_kafka_then_spark() -> None:
    result = run(design(node("b", "s3", "in"), node("c", "cassandra", "ks.t"), flow("f", "b", "c")))
    (finding,) = of(result, "unsupported-flow")
    assert "via kafka (connect-s3-source + connect-cassandra-sink)" in finding.message
    assert "via spark-batch" in finding.message
    assert finding.fix.startswith("Replace flow 'f' with two flows through a kafka node")


def test_verdict_kafkaesque_from_complexity_alone() -> None:
    """
    syd:[k0] -> fra:[k1] -> syd:[k2] -> ... -> [k9]   MirrorMaker 2 default across the WAN, hop after hop
    """
    nodes = [node(f"k{i}", "kafka", "t", location=("syd", "fra")[i % 2]) for i in range(10)]
    flows = [flow(f"f{i}", f"k{i}", f"k{i + 1}", "mirrormaker2", topics="t") for i in range(9)]
    result = run(design(*nodes, *flows, locations=(SYD, FRA)))
    assert {item.severity for item in result.findings} <= {"info"}
    assert result.stats["complexity"] > result.stats["complexity_threshold"]
    assert result.verdict == "kafkaesque"
    assert (
        result.stats["complexity_formula"] == "hops + clusters + 2 * cross_region_flows + 3 * cycles + mechanism_kinds"
    )


def test_invalid_document_from_analyze_data() -> None:
    from catalog import default_catalog
    from explorer.engine.analysis import analyze_data

    result = analyze_data({"format": "kafkaesque.design/v1", "nodes": "many"}, default_catalog())
    assert result.verdict == "impossible"
    assert {item.code for item in result.findings} == {"invalid-document"}
    assert any("$.nodes" in item.message for item in result.findings)


def test_analysis_is_deterministic() -> None:
    raises, _ = event_loop()
    assert run(raises).to_dict() == run(raises).to_dict()


@pytest.mark.parametrize(
    ("mapping", "problem"),
    [
        ("order_id value.id", "is not <column>=<field>"),
        ("OrderId=value.id", "is not a plain CQL name"),
        ("order_id=body.id", "is not key, value"),
        ("order_id=value.id, order_id=key", "mapped twice"),
        ("id=now()", "text key"),
    ],
)
def test_cassandra_sink_mapping_the_connector_cannot_take_is_an_invalid_property(mapping: str, problem: str) -> None:
    """
    [kafka k: orders] --f (connect-cassandra-sink, mapping=...)--> [cassandra db: shop.orders]
    """

    def build(value: str) -> dict[str, Any]:
        return design(
            node("k", "kafka", "orders"),
            node("db", "cassandra", "shop.orders"),
            flow("f", "k/orders", "db/shop.orders", "connect-cassandra-sink", mapping=value),
        )

    (found,) = of(run(build(mapping)), "invalid-property")
    assert problem in found.message and found.refs == ("f",) and "<column>=<field>" in found.fix
    assert "invalid-property" not in codes(run(build("order_id=value.id, status=header.state, __ttl=value.ttl")))
