"""The analysis against the facts of reference/integrations.md: loop situations L1-L11 (section 4), the
capability matrix (section 1) and the version rules.

Each loop situation has a design that must raise it with the reference's severity, and a close variant
that must not. Loop findings must name every flow on the loop, give a fix and cite evidence.
"""

from __future__ import annotations

from typing import Any

import pytest

from explorer.engine.analysis import AnalysisResult
from explorer.tests.engine.analysis_designs import codes, design, flow, node, of, run


def _mm2(id: str, source: str, sink: str, policy: str = "default", topics: str = ".*") -> dict[str, Any]:
    return flow(id, source, sink, "mirrormaker2", topics=topics, replication_policy=policy)


def _only(result: AnalysisResult, code: str) -> Any:
    """The one finding with ``code``, checked to be complete (fix, evidence URLs)."""
    found = of(result, code)
    assert len(found) == 1, [item.to_dict() for item in result.findings]
    item = found[0]
    assert item.fix.strip()
    assert item.evidence and all(url.startswith("https://") for url in item.evidence)
    return item


def _loop(result: AnalysisResult, *flows: str) -> Any:
    """The one event loop, an error naming ``flows``, its path closed."""
    item = _only(result, "event-loop")
    assert item.severity == "error"
    assert set(flows) <= set(item.refs)
    assert item.path[0] == item.path[-1]
    assert result.verdict == "impossible"
    return item


def _no_loop(result: AnalysisResult) -> None:
    assert not {"event-loop", "feedback-cycle"} & codes(result), [item.to_dict() for item in result.findings]


# --- L1 / L2: MirrorMaker 2 active-active -------------------------------------------------------------------


def test_reference_l1_identity_both_ways_with_overlapping_filters_loops() -> None:
    """
    L1:  [a/orders] --ab (identity, ord.*)--> [b/orders] --ba (identity, .*)--> [a/orders]
    """
    # given
    document = design(
        node("a", "kafka", "orders", "payments"),
        node("b", "kafka", "orders"),
        _mm2("ab", "a", "b", "identity", "ord.*"),
        _mm2("ba", "b", "a", "identity"),
    )
    # when
    loop = _loop(run(document), "ab", "ba")
    # then the loop is on orders, the topic both filters pass, and the fix switches the policy
    assert "a/orders" in loop.path and "a/payments" not in loop.path
    assert "replication_policy to default" in loop.fix


def test_reference_l2_default_policy_both_ways_is_active_active_without_loop() -> None:
    """
    L2:  [a/orders] --ab (default)--> [b/a.orders]      a.orders is not copied back: it came from a
         [b/orders] --ba (default)--> [a/b.orders]
    """
    # given
    document = design(
        node("a", "kafka", "orders"), node("b", "kafka", "orders"), _mm2("ab", "a", "b"), _mm2("ba", "b", "a")
    )
    # when
    result = run(document)
    # then
    _no_loop(result)
    assert result.verdict == "sensible"


# --- topic filters ------------------------------------------------------------------------------------------


def test_reference_topic_filter_matches_whole_names() -> None:
    """
    [a: orders, payments] --ab (default, topics "ord.*")--> [b]
    b gets a.orders, not a.payments.
    """
    # given
    document = design(
        node("a", "kafka", "orders", "payments"),
        node("b", "kafka"),
        node("reader", "application"),
        _mm2("ab", "a", "b", "default", "ord.*"),
        flow("read", "b", "reader", "kafka-client"),
    )
    # when
    result = run(document)
    # then
    assert result.stats["implicit_stores"] == 1
    names = {ref for item in result.findings for ref in item.refs if ref.startswith("b/")}
    assert "b/a.payments" not in names
    _no_loop(result)


def test_reference_topic_filter_that_matches_nothing_copies_nothing() -> None:
    """
    [a/orders] --ab (identity, topics "nomatch")--> [b/orders] --ba (identity, topics "nomatch")--> [a/orders]
    Nothing passes either filter, so nothing is copied and nothing loops.
    """
    # given
    document = design(
        node("a", "kafka", "orders"),
        node("b", "kafka", "orders"),
        _mm2("ab", "a", "b", "identity", "nomatch"),
        _mm2("ba", "b", "a", "identity", "nomatch"),
    )
    # when
    result = run(document)
    # then
    _no_loop(result)
    assert result.stats["store_edges"] == 0


def test_reference_topic_filter_is_anchored_at_both_ends() -> None:
    """
    identity both ways with topics "order" (no wildcard): a/orders does not match, so no loop;
    with "orders" it does.
    """

    def build(topics: str) -> dict[str, Any]:
        return design(
            node("a", "kafka", "orders"),
            node("b", "kafka", "orders"),
            _mm2("ab", "a", "b", "identity", topics),
            _mm2("ba", "b", "a", "identity", topics),
        )

    _no_loop(run(build("order")))
    _loop(run(build("orders")), "ab", "ba")


# --- rings of three clusters --------------------------------------------------------------------------------


def _triangle(policies: tuple[str, str, str]) -> dict[str, Any]:
    return design(
        node("a", "kafka", "t"),
        node("b", "kafka", "t"),
        node("c", "kafka", "t"),
        _mm2("ab", "a", "b", policies[0]),
        _mm2("bc", "b", "c", policies[1]),
        _mm2("ca", "c", "a", policies[2]),
    )


def test_reference_default_policy_ring_of_three_has_no_loop() -> None:
    """
    [a] --default--> [b] --default--> [c] --default--> [a]
    a/t -> b/a.t -> c/b.a.t -> (skipped on the way to a: its chain names a)
    """
    _no_loop(run(_triangle(("default", "default", "default"))))


def test_reference_identity_ring_of_three_loops_naming_all_flows() -> None:
    """
    [a/t] --identity--> [b/t] --identity--> [c/t] --identity--> [a/t]
    """
    loop = _loop(run(_triangle(("identity", "identity", "identity"))), "ab", "bc", "ca")
    assert len(loop.path) == 4


def test_reference_ring_with_one_identity_leg_does_not_loop() -> None:
    """
    [a/t] --default--> [b/a.t] --default--> [c/b.a.t] --identity--> [a/b.a.t] -x-> b
    The identity leg keeps the prefix chain, so a -> b sees "b.a.t" came from b and skips it (MirrorMaker 2's
    isCycle): no loop, and the analysis must not invent one.
    variant: identity on all three legs loops (a/t -> b/t -> c/t -> a/t).
    """
    _no_loop(run(_triangle(("default", "default", "identity"))))
    _loop(run(_triangle(("identity", "identity", "identity"))), "ab", "bc", "ca")


# --- L3 / L4: same-name replicators -------------------------------------------------------------------------


@pytest.mark.parametrize("mechanism", ["mirrormaker1", "ureplicator"])
def test_reference_l3_same_name_replicator_both_ways_loops(mechanism: str) -> None:
    """
    L3:  [a/orders] --ab (mechanism)--> [b/orders] --ba (mechanism)--> [a/orders]
    variant: ba copies only payments
    """

    def build(back: str) -> dict[str, Any]:
        return design(
            node("a", "kafka", "orders", "payments"),
            node("b", "kafka", "orders", "payments"),
            flow("ab", "a", "b", mechanism, topics="orders"),
            flow("ba", "b", "a", mechanism, topics=back),
        )

    loop = _loop(run(build("orders")), "ab", "ba")
    assert "mirrormaker2" in loop.fix
    _no_loop(run(build("payments")))


def test_reference_l4_identity_one_way_mm1_back_loops() -> None:
    """
    L4:  [a/orders] --ab (MM2 identity)--> [b/orders] --ba (MM1)--> [a/orders]
    """
    document = design(
        node("a", "kafka", "orders"),
        node("b", "kafka", "orders"),
        _mm2("ab", "a", "b", "identity"),
        flow("ba", "b", "a", "mirrormaker1"),
    )
    _loop(run(document), "ab", "ba")


def test_reference_l4_default_one_way_identity_back_loops() -> None:
    """
    L4:  [a/orders] --ab (default)--> [b/a.orders] --ba (identity)--> [a/a.orders] --ab--> [b/a.a.orders] ...
    variant: ba default too (L2): no loop
    """

    def build(back: str) -> dict[str, Any]:
        return design(
            node("a", "kafka", "orders"),
            node("b", "kafka", "orders"),
            _mm2("ab", "a", "b", "default"),
            _mm2("ba", "b", "a", back),
        )

    loop = _loop(run(build("identity")), "ab", "ba")
    assert "'ba'" in loop.fix
    _no_loop(run(build("default")))


# --- L5: Connect sink and source on one external store ------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "store", "sink", "source"),
    [
        ("jdbc", "orders", "connect-jdbc-sink", "connect-jdbc-source"),
        ("elasticsearch", "orders", "connect-elasticsearch-sink", "connect-elasticsearch-source"),
        ("s3", "raw/orders", "connect-s3-sink", "connect-s3-source"),
    ],
)
def test_reference_l5_connect_sink_and_source_on_the_same_store(
    service: str, store: str, sink: str, source: str
) -> None:
    """
    L5:  [kafka/x] --sink--> [external store T] --source--> [kafka/x]
    variant: the source writes kafka/y, which a reader consumes (nothing comes back)
    """

    def build(back: str) -> dict[str, Any]:
        return design(
            node("k", "kafka", "x", "y"),
            node("ext", service, store),
            node("app", "application"),
            node("reader", "application"),
            flow("produce", "app", "k/x", "kafka-client"),
            flow("consume", "k/y", "reader", "kafka-client"),
            flow("sink", "k/x", f"ext/{store}", sink),
            flow("source", f"ext/{store}", f"k/{back}", source),
        )

    loop = _loop(run(build("x")), "sink", "source")
    assert "'sink'" in loop.fix
    _no_loop(run(build("y")))


# --- L6: processors reading what they write -----------------------------------------------------------------


def test_reference_l6_spark_reading_and_writing_the_same_topic_is_an_error() -> None:
    """
    L6:  [kafka/x] --in--> [spark-streaming job] --out--> [kafka/x]
    """
    document = design(
        node("k", "kafka", "x"),
        node("job", "spark-streaming"),
        flow("in", "k/x", "job", "spark-kafka"),
        flow("out", "job", "k/x", "spark-kafka"),
    )
    loop = _loop(run(document), "in", "out")
    assert "'job'" in loop.fix


def test_reference_l6_kafka_streams_on_one_topic_is_an_error() -> None:
    """
    L6:  [kafka/x] --kafka-streams--> [kafka/x]
    """
    document = design(node("k", "kafka", "x"), flow("loop", "k/x", "k/x", "kafka-streams"))
    _loop(run(document), "loop")


def test_reference_l6_longer_chain_of_stream_jobs_is_a_warning() -> None:
    """
    L6 (longer chain):  [kafka/x] --a--> [spark j1] --b--> [kafka/y] --c--> [spark j2] --d--> [kafka/x]
    The reference: "warning for longer chains (could be an intended feedback loop)", e.g. a retry topic.
    """
    # given
    document = design(
        node("k", "kafka", "x", "y"),
        node("j1", "spark-streaming"),
        node("j2", "spark-streaming"),
        flow("a", "k/x", "j1", "spark-kafka"),
        flow("b", "j1", "k/y", "spark-kafka"),
        flow("c", "k/y", "j2", "spark-kafka"),
        flow("d", "j2", "k/x", "spark-kafka"),
    )
    # when
    result = run(document)
    # then
    assert "event-loop" not in codes(result)
    cycle = _only(result, "feedback-cycle")
    assert cycle.severity == "warning" and result.verdict == "kafkaesque"
    assert {"a", "b", "c", "d"} <= set(cycle.refs)
    assert "j1 writes into what it reads" not in cycle.message


def test_reference_l6_chain_of_kafka_streams_apps_is_a_warning() -> None:
    """
    L6 (longer chain):  [kafka/x] --fwd (kafka-streams)--> [kafka/y] --back (kafka-streams)--> [kafka/x]
    """
    document = design(
        node("k", "kafka", "x", "y"),
        flow("fwd", "k/x", "k/y", "kafka-streams"),
        flow("back", "k/y", "k/x", "kafka-streams"),
    )
    result = run(document)
    assert "event-loop" not in codes(result)
    assert {"fwd", "back"} <= set(_only(result, "feedback-cycle").refs)


def test_reference_l6_chain_through_a_connector_stays_an_error() -> None:
    """
    [kafka/x] --in--> [spark j] --out--> [jdbc/t] --source (connect-jdbc-source)--> [kafka/x]
    Not a chain of stream processors: the connector re-emits every row it polls (L5), so an error.
    """
    document = design(
        node("k", "kafka", "x"),
        node("db", "jdbc", "t"),
        node("job", "spark-streaming"),
        flow("in", "k/x", "job", "spark-kafka"),
        flow("out", "job", "db/t", "spark-jdbc"),
        flow("source", "db/t", "k/x", "connect-jdbc-source"),
    )
    _loop(run(document), "in", "out", "source")


def test_reference_l6_loop_message_blames_the_processor_that_reads_what_it_writes() -> None:
    """
    [kafka/x] --a--> [spark j1] --b--> [kafka/y] --c--> [spark j2] --d--> [kafka/y]
    j2 reads and writes y; j1 only feeds it. The explanation must be about j2.
    """
    document = design(
        node("k", "kafka", "x", "y"),
        node("j1", "spark-streaming"),
        node("j2", "spark-streaming"),
        node("app", "application"),
        flow("p", "app", "k/x", "kafka-client"),
        flow("a", "k/x", "j1", "spark-kafka"),
        flow("b", "j1", "k/y", "spark-kafka"),
        flow("c", "k/y", "j2", "spark-kafka"),
        flow("d", "j2", "k/y", "spark-kafka"),
    )
    loop = _loop(run(document), "c", "d")
    assert "'j2'" in loop.fix and "'j1'" not in loop.fix


# --- L7: CDC out of a table, sink back into it --------------------------------------------------------------


@pytest.mark.parametrize("capture", ["debezium-cassandra", "connect-cassandra-source"])
def test_reference_l7_capture_and_sink_on_the_same_cassandra_table(capture: str) -> None:
    """
    L7:  [cassandra/shop.orders] --cdc--> [kafka/changes] --sink (connect-cassandra-sink)--> [cassandra/shop.orders]
    variant: the sink writes shop.audit
    """

    def build(table: str) -> dict[str, Any]:
        return design(
            node("c", "cassandra", "shop.orders", "shop.audit"),
            node("k", "kafka", "changes"),
            flow("cdc", "c/shop.orders", "k/changes", capture),
            flow("sink", "k/changes", f"c/{table}", "connect-cassandra-sink"),
        )

    loop = _loop(run(build("shop.orders")), "cdc", "sink")
    assert "'sink'" in loop.fix
    _no_loop(run(build("shop.audit")))


# --- L8: native multi-DC replication plus an external copy --------------------------------------------------


def _two_dcs(*flows: dict[str, Any]) -> dict[str, Any]:
    return design(
        node("dc1", "cassandra", "ks.t"),
        node("dc2", "cassandra", "ks.t"),
        flow("native", "dc1", "dc2", "cassandra-replication"),
        *flows,
    )


def test_reference_l8_spark_copy_between_replicated_dcs_is_redundant() -> None:
    """
    L8:  [dc1] ==native== [dc2];  [dc1/ks.t] --copy (spark-cassandra, batch)--> [dc2/ks.t]
    """
    # when
    result = run(_two_dcs(flow("copy", "dc1/ks.t", "dc2/ks.t", "spark-cassandra")))
    # then
    redundant = _only(result, "redundant-replication")
    assert redundant.severity == "warning"
    assert {"native", "copy", "dc1", "dc2"} <= set(redundant.refs)
    assert "both directions" not in redundant.message
    assert "event-loop" not in codes(result)


def test_reference_l8_batch_copy_both_ways_is_redundant_and_says_it_loops() -> None:
    """
    L8:  [dc1/ks.t] --copy (spark)--> [dc2/ks.t] --back (spark)--> [dc1/ks.t], one table natively replicated.
    Batch flows: each run re-reads what the other wrote (a feedback cycle, warning) - no record loops forever
    inside a run, so no event-loop error (DESIGN.md: a cycle through a batch flow is a feedback-cycle).
    """
    result = run(
        _two_dcs(
            flow("copy", "dc1/ks.t", "dc2/ks.t", "spark-cassandra"),
            flow("back", "dc2/ks.t", "dc1/ks.t", "spark-cassandra"),
        )
    )
    redundant = _only(result, "redundant-replication")
    assert {"copy", "back"} <= set(redundant.refs) and "both directions" in redundant.message
    assert of(result, "feedback-cycle")
    assert "event-loop" not in codes(result)


def test_reference_l8_continuous_copy_both_ways_is_an_event_loop() -> None:
    """
    L8 bidirectional, continuous:
         [dc1/ks.t] --cdc1--> [kafka/t1] --sink1--> [dc2/ks.t]
         [dc2/ks.t] --cdc2--> [kafka/t2] --sink2--> [dc1/ks.t]     (ks.t is one table: native replication)
    """
    result = run(
        _two_dcs(
            node("k", "kafka", "t1", "t2"),
            flow("cdc1", "dc1/ks.t", "k/t1", "debezium-cassandra"),
            flow("sink1", "k/t1", "dc2/ks.t", "connect-cassandra-sink"),
            flow("cdc2", "dc2/ks.t", "k/t2", "debezium-cassandra"),
            flow("sink2", "k/t2", "dc1/ks.t", "connect-cassandra-sink"),
        )
    )
    assert of(result, "event-loop") and all(item.severity == "error" for item in of(result, "event-loop"))
    loop_flows = {ref for item in of(result, "event-loop") for ref in item.refs}
    assert {"cdc1", "sink1"} <= loop_flows or {"cdc2", "sink2"} <= loop_flows
    assert "both directions" in _only(result, "redundant-replication").message


def test_reference_l8_copy_to_a_separate_cluster_is_not_redundant() -> None:
    """
    [dc1] ==native== [dc2];  [dc1/ks.t] --copy (spark)--> [other/ks.t]   (another cluster)
    """
    result = run(
        design(
            node("dc1", "cassandra", "ks.t"),
            node("dc2", "cassandra", "ks.t"),
            node("other", "cassandra", "ks.t"),
            flow("native", "dc1", "dc2", "cassandra-replication"),
            flow("copy", "dc1/ks.t", "other/ks.t", "spark-cassandra"),
        )
    )
    assert not {"redundant-replication", "event-loop", "feedback-cycle"} & codes(result)


# --- L9: Elassandra index and table are one store -----------------------------------------------------------


def _elassandra(sink_store: str, capture_store: str, *tables: str) -> dict[str, Any]:
    return design(
        node("e", "elassandra", *tables, "shop", kinds={"shop": "index"}),
        node("k", "kafka", "t"),
        flow("sink", "k/t", f"e/{sink_store}", "connect-cassandra-sink"),
        flow("cdc", f"e/{capture_store}", "k/t", "debezium-cassandra"),
    )


def test_reference_l9_cql_sink_and_cdc_on_one_elassandra_table() -> None:
    """
    L9:  [kafka/t] --sink (CQL)--> [e/shop.orders] --cdc--> [kafka/t]
    variant: cdc reads shop.audit
    """
    _loop(run(_elassandra("shop.orders", "shop.orders", "shop.orders", "shop.audit")), "sink", "cdc")
    _no_loop(run(_elassandra("shop.orders", "shop.audit", "shop.orders", "shop.audit")))


@pytest.mark.parametrize(("sink_store", "capture_store"), [("shop.orders", "shop"), ("shop", "shop.orders")])
def test_reference_l9_index_and_table_named_on_either_side_are_one_store(sink_store: str, capture_store: str) -> None:
    """
    L9:  [kafka/t] --sink--> [e: table shop.orders | index shop] --cdc--> [kafka/t]
    One flow names the index, the other the table: the same data.
    """
    _loop(run(_elassandra(sink_store, capture_store, "shop.orders")), "sink", "cdc")


def test_reference_l9_keyspace_index_covers_every_table_of_the_keyspace() -> None:
    """
    L9:  [kafka/t] --sink--> [e/shop.customers]   (keyspace shop holds orders and customers)
         [e/shop (index of keyspace shop)] --cdc--> [kafka/t]
    The index of a keyspace serves all its tables (one type per table), so the write comes back.
    variant: the sink writes a table of another keyspace
    """
    tables = ("shop.orders", "shop.customers", "audit.log")
    _loop(run(_elassandra("shop.customers", "shop", *tables)), "sink", "cdc")
    _no_loop(run(_elassandra("audit.log", "shop", *tables)))


# --- L10: Logstash ------------------------------------------------------------------------------------------


def test_reference_l10_logstash_kafka_input_and_output_on_one_topic() -> None:
    """
    L10: [kafka/x] --in (kafka input)--> [logstash] --out (kafka output)--> [kafka/x]
    variant: out writes y
    """

    def build(target: str) -> dict[str, Any]:
        return design(
            node("k", "kafka", "x", "y"),
            node("ls", "logstash"),
            node("app", "application"),
            node("reader", "application"),
            flow("p", "app", "k/x", "kafka-client"),
            flow("c", "k/y", "reader", "kafka-client"),
            flow("in", "k/x", "ls", "logstash-kafka"),
            flow("out", "ls", f"k/{target}", "logstash-kafka"),
        )

    loop = _loop(run(build("x")), "in", "out")
    assert "'ls'" in loop.fix
    _no_loop(run(build("y")))


# --- L11: dots and cluster aliases with the default separator -----------------------------------------------


def test_reference_l11_topic_named_like_a_remote_topic_is_a_warning() -> None:
    """
    L11: [a: b.orders] --ab (MM2 default, separator ".")--> [b]
    MirrorMaker 2 reads "b.orders" as a topic that came from cluster b, so it never copies it to b.
    variant: the topic is named b_orders
    """

    def build(topic: str) -> dict[str, Any]:
        return design(
            node("a", "kafka", topic),
            node("b", "kafka"),
            node("reader", "application"),
            _mm2("ab", "a", "b"),
            flow("read", "b", "reader", "kafka-client"),
        )

    # when
    result = run(build("b.orders"))
    # then
    warnings = [item for item in of(result, "name-collision") if "ab" in item.refs]
    assert len(warnings) == 1
    assert warnings[0].severity == "warning" and "a/b.orders" in warnings[0].refs
    assert warnings[0].fix and warnings[0].evidence
    assert result.verdict == "kafkaesque"
    assert not [item for item in of(run(build("b_orders")), "name-collision") if "ab" in item.refs]


def test_reference_l11_genuine_remote_topics_and_identity_policy_are_not_flagged() -> None:
    """
    [a/orders] --ab (default)--> [b/a.orders] (declared on b, it is the remote topic) --ba (default)--> a
    [c: b.x] --cd (identity)--> [d]   (identity does not parse prefixes)
    """
    document = design(
        node("a", "kafka", "orders"),
        node("b", "kafka", "a.orders"),
        node("c", "kafka", "b.x"),
        node("d", "kafka"),
        _mm2("ab", "a", "b"),
        _mm2("ba", "b", "a"),
        _mm2("cd", "c", "d", "identity"),
    )
    assert "name-collision" not in codes(run(document))


# --- section 1: the capability matrix -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "sink", "hint"),
    [
        ("s3", "kibana", "elasticsearch"),
        ("kafka", "kibana", "elasticsearch"),
        ("jdbc", "kibana", "elasticsearch"),
        ("zeppelin", "kafka", "zeppelin"),
        ("zeppelin", "cassandra", "cassandra -> zeppelin"),
        ("zeppelin", "spark-batch", "spark-batch -> zeppelin"),
        ("kibana", "kafka", "kibana"),
        ("kibana", "elasticsearch", "elasticsearch -> kibana"),
        ("kibana", "s3", "kibana"),
        ("logstash", "jdbc", "kafka"),
        ("logstash", "cassandra", "kafka"),
        ("event-source", "zeppelin", "zeppelin"),
        ("s3", "s3", "kafka"),
        ("spark-batch", "spark-streaming", "kafka"),
        ("cassandra", "logstash", "kafka"),
    ],
)
def test_reference_matrix_dash_cells_are_unsupported_with_what_exists_instead(
    source: str, sink: str, hint: str
) -> None:
    """A "-" cell of section 1: unsupported-flow, naming what can be done instead."""
    # given
    document = design(node("src", source), node("dst", sink), flow("f", "src", "dst"))
    # when
    result = run(document)
    # then
    item = of(result, "unsupported-flow")
    assert len(item) == 1 and item[0].severity == "error"
    assert {"f", "src", "dst"} <= set(item[0].refs)
    assert hint in item[0].message + " " + item[0].fix
    assert not item[0].fix.startswith("Remove flow 'f': nothing documented")
    assert result.verdict == "impossible"


@pytest.mark.parametrize("source", ["cassandra", "elasticsearch"])
def test_reference_matrix_streaming_spark_reading_a_batch_only_source_is_a_mode_mismatch(source: str) -> None:
    """
    [cassandra | elasticsearch] --f--> [spark-streaming]: Spark reads these in batch only (DESIGN.md: mode-mismatch).
    variant: the reader is a spark-batch job
    """
    streaming = run(design(node("src", source), node("dst", "spark-streaming"), flow("f", "src", "dst")))
    item = _only(streaming, "mode-mismatch")
    assert item.severity == "error" and {"f", "src", "dst"} <= set(item.refs)
    assert "spark-batch" in item.fix and "kafka" in item.fix
    assert "unsupported-flow" not in codes(streaming)
    batch = run(design(node("src", source), node("dst", "spark-batch"), flow("f", "src", "dst")))
    assert not {"mode-mismatch", "unsupported-flow"} & codes(batch)


# --- version rules ------------------------------------------------------------------------------------------


def test_reference_kibana_must_match_its_elasticsearch_version() -> None:
    """[es 8.14.0] --f--> [kibana 8.15.0]: version-mismatch; equal versions are fine."""

    def build(es: str) -> dict[str, Any]:
        return design(
            node("es", "elasticsearch", version=es),
            node("kb", "kibana", version="8.15.0"),
            flow("f", "es", "kb", "kibana-elasticsearch"),
        )

    item = _only(run(build("8.14.0")), "version-mismatch")
    assert item.severity == "error" and {"f", "es", "kb"} <= set(item.refs)
    assert "8.14.0" in item.fix or "8.15.0" in item.fix
    assert "version-mismatch" not in codes(run(build("8.15.0")))


@pytest.mark.parametrize(("a", "b", "bad"), [("4.0", "4.0", True), ("3.9", "4.0", True), ("3.9", "3.9", False)])
def test_reference_mirrormaker1_is_gone_in_kafka_4(a: str, b: str, bad: bool) -> None:
    """[kafka a] --mm1--> [kafka b]: one version-mismatch when either runs Kafka 4, none on 3.9."""
    document = design(node("a", "kafka", version=a), node("b", "kafka", version=b), flow("f", "a", "b", "mirrormaker1"))
    result = run(document)
    if bad:
        item = _only(result, "version-mismatch")
        assert item.severity == "error" and "mirrormaker2" in item.fix
    else:
        assert "version-mismatch" not in codes(result)


def test_reference_matrix_s3_to_kibana_suggests_a_documented_three_hop_route() -> None:
    """[s3] --f--> [kibana]: no one- or two-hop route; the fix spells out three documented flows ending in Kibana."""
    # when
    result = run(design(node("src", "s3"), node("dst", "kibana"), flow("f", "src", "dst")))
    # then
    item = _only(result, "unsupported-flow")
    assert "three flows" in item.fix and item.fix.endswith("elasticsearch -> kibana by kibana-elasticsearch.")
