"""Loop detection that understands replication (reference/integrations.md section 4, L1-L11)."""

from __future__ import annotations

import time

from explorer.tests.engine.analysis_designs import codes, design, flow, node, of, run


def _mm2(id: str, source: str, sink: str, policy: str = "default", topics: str = ".*") -> dict[str, object]:
    return flow(id, source, sink, "mirrormaker2", topics=topics, replication_policy=policy)


def test_loops_active_active_mm2_default_has_no_event_loop() -> None:
    """
    L2:  [a/orders] --a-to-b (default)--> [b/a.orders]
         [b/orders] --b-to-a (default)--> [a/b.orders]   (a.orders is never copied back: it came from a)
    """
    # given
    document = design(
        node("a", "kafka", "orders"), node("b", "kafka", "orders"), _mm2("a-to-b", "a", "b"), _mm2("b-to-a", "b", "a")
    )
    # when
    result = run(document)
    # then
    assert "event-loop" not in codes(result)
    assert result.verdict == "sensible"


def test_loops_active_active_identity_has_one_loop_naming_both_flows() -> None:
    """
    L1:  [a/orders] --a-to-b (identity)--> [b/orders] --b-to-a (identity)--> [a/orders]
    """
    # given
    document = design(
        node("a", "kafka", "orders"),
        node("b", "kafka", "orders"),
        _mm2("a-to-b", "a", "b", "identity"),
        _mm2("b-to-a", "b", "a", "identity"),
    )
    # when
    loops = of(run(document), "event-loop")
    # then
    assert len(loops) == 1
    assert {"a-to-b", "b-to-a"} <= set(loops[0].refs)
    assert loops[0].path[0] == loops[0].path[-1]
    assert "replication_policy to default" in loops[0].fix


def test_loops_mm1_both_ways_loops_and_says_use_mm2() -> None:
    """
    L3:  [a/orders] --mm1--> [b/orders] --mm1--> [a/orders]
    """
    document = design(
        node("a", "kafka", "orders"),
        node("b", "kafka", "orders"),
        flow("a-to-b", "a", "b", "mirrormaker1"),
        flow("b-to-a", "b", "a", "mirrormaker1"),
    )
    loops = of(run(document), "event-loop")
    assert len(loops) == 1 and "mirrormaker2" in loops[0].fix


def test_loops_mm2_default_one_way_identity_back_loops() -> None:
    """
    L4:  [a/orders] --default--> [b/a.orders] --identity--> [a/a.orders] --default--> [b/a.a.orders] ...
         the name grows forever; the model folds it back onto b/a.orders and reports the loop
    """
    document = design(
        node("a", "kafka", "orders"),
        node("b", "kafka", "orders"),
        _mm2("a-to-b", "a", "b", "default"),
        _mm2("b-to-a", "b", "a", "identity"),
    )
    loops = of(run(document), "event-loop")
    assert len(loops) == 1
    assert {"a-to-b", "b-to-a"} <= set(loops[0].refs)


def test_loops_identity_with_disjoint_topic_filters_does_not_loop() -> None:
    """
    [a/orders] --identity, topics=orders--> [b/orders]
    [b/payments] --identity, topics=pay.*--> [a/payments]     (no topic goes both ways)
    """
    nodes = (node("a", "kafka", "orders", "payments"), node("b", "kafka", "orders", "payments"))
    disjoint = design(
        *nodes, _mm2("a-to-b", "a", "b", "identity", "orders"), _mm2("b-to-a", "b", "a", "identity", "pay.*")
    )
    overlapping = design(
        *nodes, _mm2("a-to-b", "a", "b", "identity", "orders"), _mm2("b-to-a", "b", "a", "identity", "ord.*, pay.*")
    )
    assert "event-loop" not in codes(run(disjoint))
    assert "event-loop" in codes(run(overlapping))


def test_loops_clusters_without_declared_topics_loop_through_the_wildcard() -> None:
    """
    [a/*] --identity--> [b/*] --identity--> [a/*]
    """
    document = design(
        node("a", "kafka"),
        node("b", "kafka"),
        _mm2("a-to-b", "a", "b", "identity"),
        _mm2("b-to-a", "b", "a", "identity"),
    )
    loops = of(run(document), "event-loop")
    assert len(loops) == 1 and loops[0].path[0] in {"a/*", "b/*"}


def test_loops_peer_to_peer_ring_with_default_policy_does_not_loop() -> None:
    """
    [a] --> [b] --> [c] --> [a]   all MirrorMaker 2 default, topics .*  (remote topics nest: b.a.t, c.b.a.t ...)
    """
    document = design(
        node("a", "kafka", "t"),
        node("b", "kafka", "t"),
        node("c", "kafka", "t"),
        _mm2("ab", "a", "b"),
        _mm2("bc", "b", "c"),
        _mm2("ca", "c", "a"),
    )
    result = run(document)
    assert "event-loop" not in codes(result)
    assert result.stats["implicit_stores"] > 3


def test_loops_connect_sink_and_source_on_the_same_jdbc_table() -> None:
    """
    L5:  [kafka/x] --sink (connect-jdbc-sink)--> [db/t] --source (connect-jdbc-source)--> [kafka/x]
    variant: the source writes topic y
    """

    def build(back: str) -> dict[str, object]:
        return design(
            node("k", "kafka", "x", "y"),
            node("db", "jdbc", "t"),
            node("app", "application"),
            node("reader", "application"),
            flow("p", "app", "k/x"),
            flow("c", "k/y", "reader"),
            flow("sink", "k/x", "db/t", "connect-jdbc-sink"),
            flow("source", "db/t", f"k/{back}", "connect-jdbc-source"),
        )

    loops = of(run(build("x")), "event-loop")
    assert len(loops) == 1 and {"sink", "source"} <= set(loops[0].refs)
    assert "event-loop" not in codes(run(build("y")))


def test_loops_spark_streaming_reading_and_writing_the_same_topic() -> None:
    """
    L6:  [kafka/orders] --in--> [spark-streaming enrich] --out--> [kafka/orders]
    variant: out writes orders_enriched
    """

    def build(target: str) -> dict[str, object]:
        return design(
            node("k", "kafka", "orders", "orders_enriched"),
            node("enrich", "spark-streaming"),
            node("app", "application"),
            node("reader", "application"),
            flow("in", "k/orders", "enrich", "spark-kafka"),
            flow("out", "enrich", f"k/{target}", "spark-kafka"),
            flow("p", "app", "k/orders"),
            flow("c", "k/orders_enriched", "reader"),
        )

    loops = of(run(build("orders")), "event-loop")
    assert len(loops) == 1 and "enrich" in loops[0].fix
    assert "event-loop" not in codes(run(build("orders_enriched")))


def test_loops_cdc_out_of_and_sink_into_the_same_cassandra_table() -> None:
    """
    L7:  [cassandra/shop.orders] --cdc (debezium)--> [kafka/changes] --sink--> [cassandra/shop.orders]
    """

    def build(table: str) -> dict[str, object]:
        return design(
            node("c", "cassandra", "shop.orders", "shop.audit"),
            node("k", "kafka", "changes"),
            flow("cdc", "c/shop.orders", "k/changes", "debezium-cassandra"),
            flow("sink", "k/changes", f"c/{table}", "connect-cassandra-sink"),
        )

    loops = of(run(build("shop.orders")), "event-loop")
    assert len(loops) == 1 and {"cdc", "sink"} <= set(loops[0].refs)
    assert "event-loop" not in codes(run(build("shop.audit")))


def test_loops_elassandra_index_and_table_are_one_store() -> None:
    """
    L9:  [kafka/t] --sink (CQL)--> [elassandra table shop.orders]
         [elassandra index shop] --cdc--> [kafka/t]          (index shop serves keyspace shop: same data)
    """
    document = design(
        node("e", "elassandra", "shop.orders", "shop", kinds={"shop": "index"}),
        node("k", "kafka", "t"),
        flow("sink", "k/t", "e/shop.orders", "connect-cassandra-sink"),
        flow("cdc", "e/shop", "k/t", "debezium-cassandra"),
    )
    assert len(of(run(document), "event-loop")) == 1


def test_loops_batch_flow_in_a_cycle_is_a_feedback_warning() -> None:
    """
    [kafka/scores] --read (batch)--> [spark-batch train] --write (batch)--> [kafka/scores]
    """
    document = design(
        node("k", "kafka", "scores"),
        node("train", "spark-batch"),
        flow("read", "k/scores", "train", "spark-kafka"),
        flow("write", "train", "k/scores", "spark-kafka"),
    )
    result = run(document)
    assert "event-loop" not in codes(result)
    assert len(of(result, "feedback-cycle")) == 1
    assert result.verdict == "kafkaesque"


def test_loops_native_replication_joins_tables_so_a_copy_back_loops() -> None:
    """
    L8:  [dc1/ks.t] ==native== [dc2/ks.t]   (one table)
         [dc1/ks.t] --cdc--> [kafka/t] --sink--> [dc2/ks.t]  writes what CDC will capture again
    """
    document = design(
        node("dc1", "cassandra", "ks.t"),
        node("dc2", "cassandra", "ks.t"),
        node("k", "kafka", "t"),
        flow("native", "dc1", "dc2", "cassandra-replication"),
        flow("cdc", "dc1/ks.t", "k/t", "debezium-cassandra"),
        flow("sink", "k/t", "dc2/ks.t", "connect-cassandra-sink"),
    )
    result = run(document)
    assert "event-loop" in codes(result) and "redundant-replication" in codes(result)


def test_loops_dense_mesh_reports_one_loop_without_enumerating_cycles() -> None:
    """
    30 clusters, identity replication from every cluster to every other: a complete digraph, whose simple
    cycles number in the astronomical range. One strongly connected component, one finding, quickly.
    """
    count = 30
    nodes = [node(f"k{i}", "kafka", "t") for i in range(count)]
    flows = [_mm2(f"f{i}-{j}", f"k{i}", f"k{j}", "identity", "t") for i in range(count) for j in range(count) if i != j]
    started = time.perf_counter()
    loops = of(run(design(*nodes, *flows)), "event-loop")
    assert len(loops) == 1
    assert time.perf_counter() - started < 5
    assert len(loops[0].path) == 3  # the shortest witness: k0/t -> kj/t -> k0/t


def test_loops_replication_fan_out_is_bounded_and_said() -> None:
    """
    8 clusters, MirrorMaker 2 default from every cluster to every other with topics .*: remote topics nest
    (k1.k0.t, k2.k1.k0.t, ...) into thousands of names. The model stops at its bound and says so.
    """
    count = 8
    nodes = [node(f"k{i}", "kafka", "t") for i in range(count)]
    flows = [_mm2(f"f{i}-{j}", f"k{i}", f"k{j}") for i in range(count) for j in range(count) if i != j]
    result = run(design(*nodes, *flows))
    assert "analysis-bounded" in codes(result)
    assert "event-loop" not in codes(result)


def test_loops_flows_without_stores_stand_for_every_store_and_the_fix_says_so() -> None:
    """
    [kafka: orders, invoices] --in--> [app] --out--> [kafka]     (no topic named: both mean every topic)
    variant: in reads kafka/orders, out writes kafka/invoices
    """
    nodes = (node("k", "kafka", "orders", "invoices"), node("app", "application"))
    vague = design(*nodes, flow("in", "k", "app", "kafka-client"), flow("out", "app", "k", "kafka-client"))
    named = design(
        *nodes, flow("in", "k/orders", "app", "kafka-client"), flow("out", "app", "k/invoices", "kafka-client")
    )
    (loop,) = of(run(vague), "event-loop")
    assert "'in', 'out' name no store" in loop.fix
    assert "event-loop" not in codes(run(named))
