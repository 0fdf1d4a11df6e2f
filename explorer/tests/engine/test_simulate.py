"""The what-if simulation: hand-computed examples, findings with close variants, and properties of the model."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import default_catalog
from catalog.load_defaults import default_load_defaults
from explorer.engine.analysis.findings import CODES, SIMULATION_CODES
from explorer.engine.document import parse_document
from explorer.engine.simulate import Outage, Profile, SimulationError
from explorer.engine.simulate.model import build_model, run_series, solve_steady
from explorer.tests.engine.analysis_designs import design, flow, node
from explorer.tests.engine.simulate_designs import (
    MB,
    SPIKE,
    active_passive,
    buffer_design,
    codes,
    flow_result,
    location,
    run,
    store_properties,
    store_result,
    two_dc_cassandra,
)


def test_simulate_buffer_spike_backlog_peak_lag_and_drain_time_by_hand() -> None:
    # given: 5 MB/s, a 10x spike for 10 minutes, consumers of the buffer doing 6 MB/s
    document = buffer_design()
    # when
    result = run(document, profile=SPIKE)
    # then: during the spike (50 - 6) MB/s x 600 s = 26.4 GB pile up; lag = 26.4 GB / 6 MB/s = 4,400 s;
    # afterwards it drains at (6 - 5) MB/s, so 26.4 GB take 26,400 s
    backlog = flow_result(result, "drain")["backlog"]
    assert backlog["peak_bytes"]["value"] == pytest.approx(26.4e9)
    assert backlog["peak_lag_s"]["value"] == pytest.approx(4400)
    assert backlog["drain_s"]["value"] == pytest.approx(26_400)
    assert backlog["peak_at_s"] == pytest.approx(70 * 60)
    assert backlog["lost_records"]["value"] == 0
    # the consumer cluster never sees more than the drain's 6 MB/s: the buffer absorbed the storm
    assert store_result(result, "consume/ingest.clicks")["peak_in_bytes_per_second"]["value"] == pytest.approx(6 * MB)
    assert store_result(result, "ingest/clicks")["peak_in_bytes_per_second"]["value"] == pytest.approx(50 * MB)
    assert "capacity-exceeded" in codes(result)
    assert "retention-overrun" not in codes(result)


def test_simulate_buffer_series_show_the_lag_rising_and_falling() -> None:
    # given
    document = buffer_design()
    # when
    series = run(document, profile=SPIKE).data["series"]
    # then: zero before the spike, 4,400 s at its end (minute 70), zero again after the drain
    lag = series["flows"]["drain"]["lag_s"]
    assert lag[59] == 0
    assert max(lag) == pytest.approx(4400) and lag.index(max(lag)) == 69
    assert lag[69 + 440] == pytest.approx(0, abs=1e-6)
    assert len(series["times_s"]) == 1440


def test_simulate_buffer_with_short_retention_loses_records() -> None:
    # given: the same storm, but the buffer keeps records for one hour while the lag reaches 4,400 s
    document = buffer_design(retention_ms=3_600_000)
    # when
    result = run(document, profile=SPIKE)
    # then
    lost = flow_result(result, "drain")["backlog"]["lost_records"]["value"]
    assert lost > 0
    assert "retention-overrun" in codes(result)


def test_simulate_storage_is_rate_times_retention_times_replication_factor() -> None:
    # given: 5 MB/s steady, retention one day, replication factor 3
    document = buffer_design()
    store_properties(document["nodes"][1], "clicks", replication_factor=3)
    # when
    result = run(document)
    # then: 5e6 B/s x 86,400 s x 3
    storage = store_result(result, "ingest/clicks")["storage_bytes"]
    assert storage["value"] == pytest.approx(5e6 * 86_400 * 3)
    assert "retention 86400 s" in storage["formula"]


def test_simulate_partitions_needed_by_the_usual_rule() -> None:
    # given: a 50 MB/s peak, consumers at 2 MB/s per task, producers at the 10 MB/s default
    document = buffer_design(drain_bytes=500 * MB)
    document["flows"][2]["properties"]["bytes_per_second_per_task"] = 2 * MB
    # when
    result = run(document, profile=SPIKE)
    # then: ceil(max(50/10, 50/2)) = 25
    needed = store_result(result, "consume/ingest.clicks")["partitions"]["needed"]
    assert needed["value"] == 25
    assert "50000000/2000000" in needed["formula"]


def test_simulate_active_passive_recovery_point_by_hand() -> None:
    # given: 1,000 records/s of 2,000 B, MirrorMaker 2 two seconds behind; Ireland is lost
    document = active_passive(standby_consumer=True)
    # when
    result = run(document, outage="eu-west-1")
    # then: 2 s x 1,000 records/s = 2,000 records (4 MB) never reach Frankfurt; consumers resume from offsets
    # synced every 60 s (the MM2 default), so up to 60 s x 1,000 = 60,000 records are read again
    outage = result.data["outage"]
    assert outage["down_nodes"] == ["checkout", "primary", "billing"]
    (replication,) = outage["replication"]
    assert replication["recovery_point_records"]["value"] == pytest.approx(2000)
    assert replication["recovery_point_bytes"]["value"] == pytest.approx(4e6)
    assert replication["reprocessed_records"]["value"] == pytest.approx(60_000)
    assert replication["ready"] is True
    assert replication["settings_from"]["sync.group.offsets.enabled"] == "generated mm2.properties"
    assert "sync.group.offsets.interval.seconds" in result.data["assumptions"]


def test_simulate_outage_lists_what_each_receiver_stops_receiving() -> None:
    # given
    document = active_passive()
    # when
    result = run(document, outage="ireland")
    # then
    outage = result.data["outage"]
    assert outage["lost_flows"] == ["bill", "place-order", "replicate"]
    (standby,) = [item for item in outage["receivers"] if item["node"] == "standby"]
    assert standby["stops_receiving_bytes_per_second"]["value"] == pytest.approx(2e6)
    assert standby["stops_everything"] is True


def test_simulate_outage_does_not_repeat_a_finding_of_the_normal_run() -> None:
    # given: the buffer's storm, with the analytics application (downstream of the drain) down
    document = buffer_design()
    # when
    result = simulate_outage_nodes(document, ["analytics"], profile=SPIKE)
    # then: the drain still backs up, reported once
    assert [item.code for item in result.findings].count("capacity-exceeded") == 1
    assert result.data["outage"]["lost_flows"] == ["analyse"]


def test_simulate_cassandra_rf3_per_dc_during_a_dc_outage() -> None:
    # given: RF 3 in dc1 and dc2; dc1 (us-east-1) goes down
    document = two_dc_cassandra()
    # when
    (keyspace,) = run(document, outage="us-east-1").data["outage"]["cassandra"]
    # then: for clients in dc2, LOCAL_QUORUM needs 2 of its 3 local replicas (all alive); EACH_QUORUM also needs
    # 2 of dc1's 3 (none alive); QUORUM needs 4 of 6 (3 alive); ONE needs 1
    assert (keyspace["keyspace"], keyspace["replication"]) == ("shop", {"dc1": 3, "dc2": 3})
    west = next(row for row in keyspace["datacenters"] if row["datacenter"] == "dc2")
    east = next(row for row in keyspace["datacenters"] if row["datacenter"] == "dc1")
    expected = {"ONE": True, "LOCAL_QUORUM": True, "QUORUM": False, "EACH_QUORUM": False}
    for level, during in expected.items():
        assert west["levels"][level]["writes"] == {"before": True, "during": during}, level
        assert west["levels"][level]["reads"] == {"before": True, "during": during}, level
    assert not any(east["levels"][level]["writes"]["during"] for level in expected)
    assert east["down"] is True


def test_simulate_identity_loop_grows_and_exhausts_capacity_by_hand() -> None:
    """
    [app] --1 MB/s--> [a/orders] --a-to-b (mm2 identity)--> [b/orders] --b-to-a (mm2 identity)--> [a/orders]
    """
    # given: MM2 defaults (1 task x 10 MB/s, 1 s latency per hop)
    document = design(
        node("app", "application", events_per_second=1000, record_bytes=1000),
        node("a", "kafka", "orders"),
        node("b", "kafka", "orders"),
        flow("produce", "app", "a/orders", "kafka-client"),
        flow("a-to-b", "a", "b", "mirrormaker2", topics="orders", replication_policy="identity"),
        flow("b-to-a", "b", "a", "mirrormaker2", topics="orders", replication_policy="identity"),
    )
    # when
    result = run(document)
    # then: every 2 s round trip adds 1 MB/s; 10 MB/s is reached after (10/1 - 1) x 2 = 18 s
    (loop,) = result.data["loops"]
    assert loop["growing"] is True
    assert loop["round_trip_s"]["value"] == 2
    assert loop["time_to_capacity_s"]["value"] == pytest.approx(18)
    assert "event-loop" in codes(result)


def test_simulate_outage_that_breaks_a_loop_leaves_a_steady_rate() -> None:
    """
    [app] --> [a/orders] <==identity MM2 both ways==> [b/orders];  b goes down
    """
    # given
    document = design(
        node("app", "application", events_per_second=1000, record_bytes=1000),
        node("a", "kafka", "orders"),
        node("b", "kafka", "orders"),
        node("reader", "application"),
        flow("produce", "app", "a/orders", "kafka-client"),
        flow("read", "a/orders", "reader", "kafka-client", group_id="reader"),
        flow("a-to-b", "a", "b", "mirrormaker2", topics="orders", replication_policy="identity"),
        flow("b-to-a", "b", "a", "mirrormaker2", topics="orders", replication_policy="identity"),
    )
    # when
    result = run(document, outage=None)
    broken = simulate_outage_nodes(document, ["b"])
    # then: the loop grows with b up, and with b down the reader gets exactly what app writes
    assert result.data["loops"][0]["growing"] is True
    read = flow_result(broken, "read", outage=True)
    assert read["bytes_per_second"]["value"] == pytest.approx(1e6)


def test_simulate_feedback_loop_with_gain_below_one_is_solved_in_closed_form() -> None:
    """
    [app] --> [k/in] --job (streams, selectivity 0.5)--> [k/in]   (half of what it reads goes back)
    """
    # given
    document = design(
        node("app", "application", events_per_second=100, record_bytes=100),
        node("k", "kafka", "in"),
        node("job", "application"),
        flow("produce", "app", "k/in", "kafka-client"),
        flow("read", "k/in", "job", "kafka-streams", application_id="job"),
        flow("write", "job", "k/in", "kafka-streams", application_id="job", selectivity=0.5),
    )
    # when
    result = run(document)
    # then: x = 100 + 0.5 x, so x = 200 records/s
    assert store_result(result, "k/in")["in_records_per_second"]["value"] == pytest.approx(200)
    assert result.data["loops"][0]["growing"] is False


def test_simulate_cross_location_volume_and_price() -> None:
    # given: 2 MB/s copied from eu-west-1 to eu-central-1 at a made-up 0.02 USD/GB
    from explorer.engine.simulate import Options, Price, simulate

    document = active_passive()
    options = Options(prices={"inter-region": Price(0.02, "https://example.com/prices")}, series_limit=0)
    # when
    result = simulate(parse_document(document), default_catalog(), default_load_defaults(), options)
    # then: 2e6 B/s x 2,592,000 s / 1e9 = 5,184 GB a month, x 0.02 = 103.68 USD
    (pair,) = result.data["cross_location"]
    assert (pair["from"], pair["to"], pair["scope"]) == ("ireland", "frankfurt", "inter-region")
    assert pair["gb_per_month"]["value"] == pytest.approx(5184)
    assert pair["usd_per_month"]["value"] == pytest.approx(103.68)
    assert pair["price_source"] == "https://example.com/prices"


def test_simulate_defaults_are_listed_as_assumptions_with_evidence() -> None:
    # given: an event source with no rate and no record size
    document = buffer_design()
    del document["nodes"][0]["properties"]
    # when
    result = run(document)
    # then
    assumptions = result.data["assumptions"]
    assert assumptions["events_per_second"]["used_for"] == ["sensors"]
    assert assumptions["events_per_second"]["evidence"]
    assert result.data["sources"][0]["records_per_second"]["assumptions"] == ["events_per_second"]


def test_simulate_unknown_outage_location_names_what_exists() -> None:
    # given
    document = active_passive()
    # when / then
    with pytest.raises(SimulationError, match=r"'mars' names no location.*eu-west-1"):
        run(document, outage="mars")


@pytest.mark.parametrize(
    ("value", "message"),
    [({"shape": "wave"}, r"profile\.shape"), ({"shape": "spike", "factor": -1}, r"profile\.factor"), (3, "profile")],
)
def test_profile_parse_names_the_bad_key(value: object, message: str) -> None:
    # when / then
    with pytest.raises(SimulationError, match=message):
        Profile.parse(value)


def test_outage_parse_accepts_names_and_objects() -> None:
    # when / then
    assert Outage.parse("eu-west-1") == Outage(locations=("eu-west-1",))
    assert Outage.parse({"nodes": ["a"]}) == Outage(nodes=("a",))
    assert Outage.parse(None) is None
    with pytest.raises(SimulationError, match="outage: unknown key"):
        Outage.parse({"region": "x"})


def simulate_outage_nodes(document: dict[str, Any], nodes: list[str], profile: Profile | None = None) -> Any:
    """Simulate with ``nodes`` down."""
    from explorer.engine.simulate import Options, simulate

    options = Options(outage=Outage(nodes=tuple(nodes)), profile=profile, series_limit=0)
    return simulate(parse_document(document), default_catalog(), default_load_defaults(), options)


# Findings: a design that raises each simulation code, and a close variant that does not.

Case = Callable[[], tuple[dict[str, Any], dict[str, Any], dict[str, Any]]]


def capacity_exceeded() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The buffer's spike against 6 MB/s vs against 60 MB/s."""
    return buffer_design(), buffer_design(drain_bytes=60 * MB), {"profile": SPIKE}


def retention_overrun() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """One hour of retention against a 4,400 s lag vs one day."""
    return buffer_design(retention_ms=3_600_000), buffer_design(), {"profile": SPIKE}


def single_location_dependency() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """
    [app (us-west-2)] <-- [k (us-east-1)] <-- [src (us-east-1)]   vs   the app in us-east-1 too
    """

    def build(app_location: str) -> dict[str, Any]:
        return design(
            node("src", "event-source", location="east"),
            node("k", "kafka", "t", location="east"),
            node("app", "application", location=app_location),
            flow("p", "src", "k/t", "kafka-client"),
            flow("c", "k/t", "app", "kafka-client", group_id="app"),
            node("other", "event-source", location="west"),
            locations=(location("east", "us-east-1"), location("west", "us-west-2")),
        )

    return build("west"), build("east"), {}


def failover_unready() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Billing reads only the primary vs billing also reading the standby's copy."""
    return active_passive(), active_passive(standby_consumer=True), {}


CASES: dict[str, Case] = {
    "capacity-exceeded": capacity_exceeded,
    "retention-overrun": retention_overrun,
    "single-location-dependency": single_location_dependency,
    "failover-unready": failover_unready,
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_simulate_finding_raised_by_design_and_not_by_close_variant(code: str) -> None:
    # given
    raises, variant, options = CASES[code]()
    # when
    raised, clean = run(raises, **options), run(variant, **options)
    # then
    assert code in codes(raised), [item.to_dict() for item in raised.findings]
    assert code not in codes(clean), [item.to_dict() for item in clean.findings]
    for item in raised.findings:
        assert item.severity == CODES[item.code]
        assert item.message and item.fix


def test_simulation_codes_all_have_a_case() -> None:
    # then
    assert set(SIMULATION_CODES) == set(CASES)
    assert set(SIMULATION_CODES) <= set(CODES)


def test_simulate_failover_unready_when_offsets_are_not_synced() -> None:
    # given: a consumer on the standby, but sync.group.offsets.enabled switched off
    document = active_passive(standby_consumer=True, sync=False)
    # when
    result = run(document)
    # then
    (item,) = result.data["failover"]
    assert item["ready"] is False
    assert any("sync.group.offsets.enabled" in reason for reason in item["reasons"])
    assert item["reprocessed_records"]["value"] == 0


# Properties: random layered designs (no loops).


@st.composite
def layered(draw: st.DrawFn) -> tuple[dict[str, Any], list[float]]:
    """Sources -> topics on a first cluster -> MM2 -> second cluster -> consumers, with random rates and capacities."""
    sources = draw(st.integers(min_value=1, max_value=3))
    topics = draw(st.integers(min_value=1, max_value=3))
    rates = [draw(st.floats(min_value=1, max_value=5000)) for _ in range(sources)]
    items: list[dict[str, Any]] = [
        node("k1", "kafka", *[f"t{i}" for i in range(topics)]),
        node("k2", "kafka"),
        flow(
            "mm",
            "k1",
            "k2",
            "mirrormaker2",
            topics=".*",
            max_bytes_per_second=draw(st.floats(min_value=1e5, max_value=1e8)),
        ),
    ]
    for index, rate in enumerate(rates):
        items.append(
            node(f"s{index}", "event-source", events_per_second=rate, record_bytes=draw(st.sampled_from([100, 1000])))
        )
        items.append(flow(f"p{index}", f"s{index}", f"k1/t{draw(st.integers(0, topics - 1))}", "kafka-client"))
    for index in range(draw(st.integers(min_value=1, max_value=3))):
        items.append(node(f"a{index}", "application"))
        items.append(
            flow(
                f"c{index}",
                f"k1/t{draw(st.integers(0, topics - 1))}",
                f"a{index}",
                "kafka-client",
                group_id=f"a{index}",
                max_bytes_per_second=draw(st.floats(min_value=1e4, max_value=1e8)),
                fan_out=draw(st.sampled_from([0.5, 1, 3])),
            )
        )
    document = design(*items)
    for item in document["nodes"]:
        for store in item.get("stores", []):
            store["properties"] = {"retention.ms": draw(st.sampled_from([-1, 600_000, 3_600_000]))}
    return document, rates


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=layered(), spike=st.floats(min_value=1, max_value=20))
def test_simulate_every_queue_conserves_records(case: tuple[dict[str, Any], list[float]], spike: float) -> None:
    # given: a design without loops under a spike
    document, _rates = case
    model = build_model(
        parse_document(document),
        default_catalog(),
        default_load_defaults(),
        profile=Profile(shape="spike", factor=spike, minutes=30, start_minute=30),
    )
    steady = solve_steady(model)
    # when
    run_ = run_series(model, steady, duration_s=4 * 3600, step_s=60)
    # then: what entered a store = what its reader delivered + what it still holds unread + what retention deleted
    for edge, (source, target, _flow, fan, _size, queued) in enumerate(model.edges):
        if not queued:
            continue
        arrived = float(run_.vertex_series(steady, source).sum()) * 60
        queue = run_.queues.get(edge)
        retained = float(queue.backlog[-1]) if queue is not None else 0.0
        lost = queue.lost_total if queue is not None else 0.0
        incoming = [e for e in model.edges if e[1] == target]
        if len(incoming) == 1 and model.graph.kinds[target] != "hub":
            delivered = run_.vertex_series(steady, target) / fan
            assert arrived == pytest.approx(float(delivered.sum()) * 60 + retained + lost, rel=1e-9, abs=1e-6)
            if queue is not None:
                # a reader never delivers faster than its capacity, and never holds what retention deleted
                assert float(delivered.max()) <= queue.capacity_records * (1 + 1e-9)
        if queue is not None and math.isfinite(model.retention_s[source]):
            window = int(model.retention_s[source] // 60)
            arrivals = np.cumsum(run_.vertex_series(steady, source) * 60)
            recent = arrivals - np.concatenate((np.zeros(window), arrivals[:-window]))[: len(arrivals)]
            assert np.all(queue.backlog <= recent + 1e-6)
        assert retained >= 0 and lost >= 0


@settings(max_examples=40, deadline=None)
@given(case=layered(), scale=st.floats(min_value=0.1, max_value=10))
def test_simulate_steady_rates_scale_linearly_with_source_rates(
    case: tuple[dict[str, Any], list[float]], scale: float
) -> None:
    # given
    document, _rates = case
    scaled = parse_document(document)
    for item in document["nodes"]:
        if item["service"] == "event-source":
            item["properties"]["events_per_second"] *= scale
    catalog, defaults = default_catalog(), default_load_defaults()
    # when
    base = solve_steady(build_model(scaled, catalog, defaults))
    grown = solve_steady(build_model(parse_document(document), catalog, defaults))
    # then
    assert np.allclose(grown.records, base.records * scale, rtol=1e-9)
    assert np.allclose(grown.bytes, base.bytes * scale, rtol=1e-9)
    assert not math.isnan(float(grown.records.sum()))


def test_simulate_outage_run_has_its_own_findings_and_series() -> None:
    """
    [sensors] --collect--> [ingest/clicks] --drain (6 MB/s)--> [consume/ingest.clicks] --analyse--> [analytics]
    """
    # given: the buffer's 10x storm backs up the drain in the normal run; the sensors' location is down
    document = buffer_design()
    normal = run(document, profile=SPIKE)
    # when
    during = run(document, profile=SPIKE, outage="us-east-1a")
    # then: with nothing produced, nothing backs up: the outage run neither reports the normal run's backlog
    # nor charts it
    assert "capacity-exceeded" in codes(normal)
    assert "capacity-exceeded" not in codes(during)
    assert during.data["outage"]["down_nodes"] == ["sensors", "ingest"]
    series = during.data["outage"]["series"]
    assert sorted(series["flows"]) == ["analyse"]
    assert max(series["flows"]["analyse"]["offered_bytes_per_second"]) == 0
    assert "ingest/clicks" not in series["stores"]
    assert max(series["stores"]["consume/ingest.clicks"]["in_bytes_per_second"]) == 0
    # and the top-level series stays the normal run's, for comparison
    assert max(during.data["series"]["flows"]["drain"]["backlog_bytes"]) == pytest.approx(
        max(normal.data["series"]["flows"]["drain"]["backlog_bytes"])
    )


def test_simulate_outage_downstream_keeps_the_backlog_upstream() -> None:
    # given: the storm, with the consuming cluster's location down (the drain's target is gone)
    document = buffer_design()
    # when
    during = run(document, profile=SPIKE, outage="us-east-1b")
    # then: the drain is lost with its target, so nothing backs up and no capacity finding remains
    assert "drain" in during.data["outage"]["lost_flows"]
    assert "capacity-exceeded" not in codes(during)
    assert "drain" not in during.data["outage"]["series"]["flows"]
    clicks = during.data["outage"]["series"]["stores"]["ingest/clicks"]
    assert max(clicks["in_bytes_per_second"]) == pytest.approx(50e6)
    assert max(clicks["out_bytes_per_second"]) == 0


def test_simulate_store_series_in_and_out_by_hand() -> None:
    # given: 5 MB/s, 10x for 10 minutes, into a topic drained at 6 MB/s
    document = buffer_design()
    # when
    stores = run(document, profile=SPIKE).data["series"]["stores"]
    # then: 50 MB/s arrive during the spike; the drain reads at most 6 MB/s until the backlog is gone, then
    # 5 MB/s again; over the day everything that arrived is read (nothing is lost with a day's retention)
    clicks = stores["ingest/clicks"]
    assert max(clicks["in_bytes_per_second"]) == pytest.approx(50e6)
    assert max(clicks["out_bytes_per_second"]) == pytest.approx(6e6)
    assert min(clicks["out_bytes_per_second"]) == pytest.approx(5e6)
    assert sum(clicks["out_bytes_per_second"]) == pytest.approx(sum(clicks["in_bytes_per_second"]), rel=1e-9)
    # the copy on the consuming cluster receives what the drain delivers
    copy = stores["consume/ingest.clicks"]["in_bytes_per_second"]
    assert copy == pytest.approx(clicks["out_bytes_per_second"], abs=1e-3)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=30).flatmap(
        lambda count: st.lists(
            st.lists(st.integers(min_value=0, max_value=count - 1), max_size=4), min_size=count, max_size=count
        )
    )
)
def test_components_in_order_is_networkx_condensation_in_lexicographic_topological_order(
    adjacency: list[list[int]],
) -> None:
    # given any directed graph (self-loops and parallel edges included)
    import networkx as nx

    from explorer.engine.simulate.model import components_in_order

    network: nx.DiGraph[int] = nx.DiGraph()
    network.add_nodes_from(range(len(adjacency)))
    network.add_edges_from((source, target) for source, targets in enumerate(adjacency) for target in targets)
    condensed = nx.condensation(network)
    groups: dict[int, list[int]] = {}
    for vertex in range(len(adjacency)):
        groups.setdefault(condensed.graph["mapping"][vertex], []).append(vertex)
    expected = [
        groups[number]
        for number in nx.lexicographical_topological_sort(condensed, key=lambda number: groups[number][0])
    ]
    # when / then: the own search gives networkx's answer
    assert components_in_order(adjacency) == expected
