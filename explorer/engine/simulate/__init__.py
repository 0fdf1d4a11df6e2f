"""What if: load, lag, capacity and outage, simulated on a design (DESIGN.md "What-if (load and outage)").

Pure Python with numpy (no Django, no I/O): :func:`simulate` takes a parsed design, the catalog, the load
defaults and :class:`Options`, and returns a :class:`SimulationResult` whose numbers each carry their unit, the
formula with the numbers put in, and the catalog defaults they assumed. See :mod:`explorer.engine.simulate.model`
for the model.
"""

from __future__ import annotations

import gc
import heapq
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from math import isfinite
from typing import Any

import numpy as np

from catalog import Catalog
from catalog.load_defaults import LoadDefaults
from explorer.engine.analysis.findings import Finding, finding, sort_findings
from explorer.engine.document import Design
from explorer.engine.graph import witness_cycle
from explorer.engine.simulate.inputs import (
    Figure,
    Options,
    Outage,
    Price,
    Profile,
    SimulationError,
    figure,
    figure_dict,
    number_text,
)
from explorer.engine.simulate.model import (
    Model,
    SeriesRun,
    Steady,
    build_model,
    down_vertices,
    edge_sources,
    flow_edges,
    flow_sums,
    run_series,
    solve_steady,
)
from explorer.engine.simulate.outage import cassandra_availability, down_nodes, failover_readiness

__all__ = [
    "Options",
    "Outage",
    "Price",
    "Profile",
    "SimulationError",
    "SimulationResult",
    "simulate",
]

SECONDS_PER_MONTH = 30 * 86_400
USED_FOR_LIMIT = 50
GB = 1e9
PARTITIONS_EVIDENCE = "https://www.confluent.io/blog/how-choose-number-topics-partitions-kafka-cluster/"
RETENTION_EVIDENCE = "https://kafka.apache.org/documentation/#topicconfigs_retention.ms"


@dataclass(frozen=True)
class SimulationResult:
    """Everything one run found: per store, flow, location pair and loop; the outage; findings; assumptions."""

    data: Mapping[str, Any]
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: the data plus ``findings``."""
        return {**self.data, "findings": [item.to_dict() for item in self.findings]}


def simulate(
    design: Design, catalog: Catalog, defaults: LoadDefaults, options: Options | None = None
) -> SimulationResult:
    """Simulate ``design`` under ``options`` (profile, duration, step, outage, prices).

    Parameters
    ----------
    design, catalog
        A parsed design and the catalog; flows the analysis would leave out (unknown, unsupported) are left out.
    defaults
        The figures assumed where the design gives none (``fixtures/catalog/load/defaults.yaml``).
    options
        The run; :class:`Options` defaults to 24 h at one-minute steps with each source's own profile.

    Raises
    ------
    SimulationError
        When the options or the design's load properties cannot be used (the message names the key).
    """
    options = options or Options()
    # Many small acyclic objects, as in the analysis: the collector's passes over them are wasted work.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _simulate(design, catalog, defaults, options)
    finally:
        if collecting:
            gc.enable()


def _simulate(design: Design, catalog: Catalog, defaults: LoadDefaults, options: Options) -> SimulationResult:
    model = build_model(design, catalog, defaults, profile=options.profile)
    steady = solve_steady(model)
    run = run_series(model, steady, duration_s=options.duration_s, step_s=options.step_s)
    found: list[Finding] = []
    flows, flow_findings = _flows(model, steady, run)
    loops, loop_findings = _loops(model, steady)
    data: dict[str, Any] = {
        "duration_s": options.duration_s,
        "step_s": options.step_s,
        "profiles": [profile.to_dict() for profile in model.profiles],
        "sources": _sources(model),
        "stores": _stores(model, steady, run, defaults),
        "flows": flows,
        "cross_location": _cross_location(model, steady, run, options.prices),
        "loops": loops,
        "series": _series(model, steady, run, options.series_limit),
    }
    readiness = failover_readiness(model, steady, run, defaults, set())
    outage_data: dict[str, Any] | None = None
    if options.outage is not None:
        # The findings are those of the run asked for: capacity, retention and loops as they are during the
        # outage (the normal run's figures stay in the top-level data, for comparison).
        outage_data, outage_findings = _outage(model, steady, run, defaults, options)
        found.extend(outage_findings)
    else:
        found.extend(flow_findings)
        found.extend(loop_findings)
        for item in readiness:
            if not item["ready"]:
                found.append(_unready(item))
    data["failover"] = readiness
    data["cassandra"] = cassandra_availability(model, defaults, set()) if options.outage is None else []
    data["outage"] = outage_data
    found.extend(_single_location(model, steady))
    # Where each default was used: every place on a small design, the first ones (and the count) on a large one.
    data["assumptions"] = {
        key: {
            **defaults.get(*_split(key)).to_dict(),
            "uses": len(where),
            "used_for": heapq.nsmallest(USED_FOR_LIMIT, where),
        }
        for key, where in sorted(model.assumptions.items())
    }
    unique = list({(item.code, item.refs, item.message): item for item in found}.values())
    return SimulationResult(data=data, findings=sort_findings(unique))


def _split(key: str) -> tuple[str, ...]:
    name, _, scope = key.partition("@")
    return (name, scope) if scope else (name,)


def _sources(model: Model) -> list[dict[str, Any]]:
    out = []
    for found in np.nonzero(model.source_rate)[0]:
        vertex = int(found)
        used = model.vertex_assumptions.get(vertex, [])
        rate_key = "events_per_second" if "events_per_second" in used else None
        size_key = "record_bytes" if "record_bytes" in used else None
        rate, size = float(model.source_rate[vertex]), float(model.source_size[vertex])
        out.append(
            {
                "node": model.graph.labels[vertex],
                "records_per_second": figure_dict(
                    rate,
                    "records/s",
                    "catalog default" if rate_key else "events_per_second (design)",
                    used[:1] if rate_key else [],
                ),
                "record_bytes": figure_dict(
                    size,
                    "B",
                    "catalog default" if size_key else "record_bytes (design)",
                    [size_key] if size_key else [],
                ),
                "bytes_per_second": figure_dict(
                    rate * size, "B/s", f"{number_text(rate)} records/s x {number_text(size)} B", used
                ),
                "profile": model.profiles[model.source_profile[vertex]].to_dict(),
            }
        )
    return sorted(out, key=lambda item: str(item["node"]))


def _mean_factors(run: SeriesRun) -> np.ndarray:
    return np.asarray(run.basis.mean(axis=1))


def _stores(model: Model, steady: Steady, run: SeriesRun, defaults: LoadDefaults) -> list[dict[str, Any]]:
    graph = model.graph
    mean = _mean_factors(run)
    consumers: dict[int, list[int]] = {}
    for index, (source, _target, _flow, _fan, _size, queued) in enumerate(model.edges):
        if queued:
            consumers.setdefault(source, []).append(index)
    producer_rate = defaults.get("bytes_per_second_per_partition_producer").value
    peaks = run.vertex_peaks(steady).tolist()
    means = (steady.bytes @ mean).tolist()
    out = []
    for vertex, kind in enumerate(graph.kinds):
        if kind != "store":
            continue
        label = graph.labels[vertex]
        records = steady.vertex_records(vertex)
        size = steady.size(vertex)
        peak_records = peaks[vertex]
        mean_bytes = means[vertex]
        in_bytes = steady.vertex_bytes(vertex)
        peak_bytes = peak_records * size
        readers_count = len(consumers.get(vertex, ()))
        out_bytes = readers_count * in_bytes
        item: dict[str, Any] = {
            "id": label,
            "node": graph.vertex_node[vertex],
            "store": graph.vertex_store[vertex],
            "growing": steady.growing[vertex],
            **_figures(
                ("in_records_per_second", records, "records/s", "sum over incoming flows of rate x fan-out"),
                (
                    "in_bytes_per_second",
                    in_bytes,
                    "B/s",
                    f"{number_text(records)} records/s x {number_text(size)} B",
                ),
                (
                    "peak_in_bytes_per_second",
                    peak_bytes,
                    "B/s",
                    f"peak {number_text(peak_records)} records/s x {number_text(size)} B",
                ),
                (
                    "out_bytes_per_second",
                    out_bytes,
                    "B/s",
                    f"{readers_count} readers x {number_text(in_bytes)} B/s (each reader gets every record)",
                ),
            ),
        }
        if model.partitions[vertex]:
            retention = float(model.retention_s[vertex])
            factor = model.replication_factor[vertex]
            used = [
                key
                for key in ("retention.ms", "replication_factor", "partitions")
                if label in model.assumptions.get(key, set())
            ]
            if math.isinf(retention):
                storage = figure(math.inf, "B", "retention.ms = -1: storage grows without bound", used)
            else:
                value = mean_bytes * retention * factor
                formula = (
                    f"mean {number_text(mean_bytes)} B/s x retention {number_text(retention)} s x "
                    f"replication factor {factor}"
                )
                cap = float(model.retention_records_cap_bytes[vertex])
                if math.isfinite(cap) and cap * factor < value:
                    value = cap * factor
                    formula += f", capped by retention.bytes x partitions x replication factor = {number_text(value)}"
                storage = figure(value, "B", formula, used)
            item["storage_bytes"] = storage.to_dict()
            item["retention_s"] = None if math.isinf(retention) else retention
            readers = [model.flows[model.edges[edge][2]] for edge in consumers.get(vertex, [])]
            consumer_rate = min(
                (load.per_task for load in readers), default=defaults.get("bytes_per_second_per_task").value
            )
            target = peak_records * size
            needed = math.ceil(max(target / producer_rate, target / consumer_rate)) if target > 0 else 1
            item["partitions"] = {
                "declared": model.partitions[vertex],
                "needed": figure_dict(
                    max(1, needed),
                    "partitions",
                    f"ceil(max(T/p, T/c)) = ceil(max({number_text(target)}/{number_text(producer_rate)}, "
                    f"{number_text(target)}/{number_text(consumer_rate)}))",
                    ["bytes_per_second_per_partition_producer", "bytes_per_second_per_task"],
                ),
                "evidence": [PARTITIONS_EVIDENCE],
            }
        out.append(item)
    return out


def _flows(model: Model, steady: Steady, run: SeriesRun) -> tuple[list[dict[str, Any]], list[Finding]]:
    edges_of = flow_edges(model)
    found: list[Finding] = []
    out = []
    sources = edge_sources(model)
    all_records = flow_sums(model, np.asarray(steady.totals)[sources]).tolist()
    all_bytes = flow_sums(model, np.asarray(steady.byte_totals)[sources]).tolist()
    all_peaks = flow_sums(model, run.offered_peak * np.asarray(steady.sizes)[sources]).tolist()
    # A large design has tens of thousands of flows, seven figures each: most are made in one _figures call per
    # flow; capacity and fan-out figures are shared by many flows, so their JSON forms are made once each.
    capacities: dict[int, tuple[Figure, dict[str, Any]]] = {}
    fans: dict[tuple[float, str], dict[str, Any]] = {}
    for number, load in enumerate(model.flows):
        records, bytes_rate, peak = all_records[number], all_bytes[number], all_peaks[number]
        capacity = load.capacity.value
        headroom = capacity - peak
        share = peak / capacity if capacity > 0 else math.inf
        figures = _figures(
            ("records_per_second", records, "records/s", "rate into what the flow reads (factor 1)"),
            ("bytes_per_second", bytes_rate, "B/s", "bytes into what the flow reads (factor 1)"),
            ("peak_offered_bytes_per_second", peak, "B/s", "peak over the profile of the bytes offered"),
            (
                "headroom_bytes_per_second",
                headroom,
                "B/s",
                f"capacity {number_text(capacity)} - peak {number_text(peak)}",
            ),
            ("utilisation", share, "1", f"peak {number_text(peak)} / capacity {number_text(capacity)}"),
        )
        if load.capacity.assumptions:
            figures["headroom_bytes_per_second"]["assumptions"] = list(load.capacity.assumptions)
        item: dict[str, Any] = {
            "id": load.id,
            "mechanism": load.mechanism,
            "from": load.source_node,
            "to": load.sink_node,
            "records_per_second": figures["records_per_second"],
            "bytes_per_second": figures["bytes_per_second"],
            "peak_offered_bytes_per_second": figures["peak_offered_bytes_per_second"],
            "capacity_bytes_per_second": _shared_capacity(load.capacity, capacities),
            "headroom_bytes_per_second": figures["headroom_bytes_per_second"],
            "utilisation": figures["utilisation"],
            "fan_out": fans.get((load.fan, load.fan_formula))
            or fans.setdefault((load.fan, load.fan_formula), figure_dict(load.fan, "1", load.fan_formula)),
        }
        queues = [run.queues[edge] for edge in edges_of.get(number, []) if edge in run.queues]
        if queues:
            first = next(edge for edge in edges_of[number] if model.edges[edge][5])
            backlog = queues[0].backlog if len(queues) == 1 else np.sum([q.backlog for q in queues], axis=0)
            lost = sum(queue.lost_total for queue in queues)
            cap_records = sum(queue.capacity_records for queue in queues)
            size = bytes_rate / records if records > 0 else 0.0
            at = int(np.argmax(backlog))
            peak_backlog = float(backlog[at])
            after = np.nonzero(backlog[at:] <= 1e-9)[0]
            drained = float(after[0] * run.dt) if after.size else math.inf
            item["backlog"] = {
                "peak_records": figure_dict(
                    peak_backlog,
                    "records",
                    "max over t of backlog(t), backlog(t+dt) = max(0, backlog(t) + (in(t) - capacity) dt)",
                ),
                "peak_bytes": figure_dict(
                    peak_backlog * size, "B", f"{number_text(peak_backlog)} records x {number_text(size)} B"
                ),
                "peak_at_s": float(run.times[at] + run.dt),
                "peak_lag_s": figure_dict(
                    peak_backlog / cap_records,
                    "s",
                    f"backlog {number_text(peak_backlog)} / capacity {number_text(cap_records)} records/s",
                ),
                "drain_s": figure_dict(
                    drained,
                    "s",
                    "time from the peak until the backlog is empty"
                    + (" (not empty by the end of the run)" if math.isinf(drained) else ""),
                ),
                "oldest_record_age_s": max(queue.oldest_age for queue in queues),
                "lost_records": figure_dict(lost, "records", "records deleted by retention before they were read"),
            }
            reader = model.graph.labels[model.edges[first][0]]
            found.append(
                finding(
                    "capacity-exceeded",
                    f"Flow '{load.id}' is offered up to {_si(peak, 'B/s')} but carries {_si(capacity, 'B/s')} "
                    f"({load.capacity.formula}); its backlog peaks at {_si(peak_backlog * size, 'B')} "
                    f"({number_text(peak_backlog / cap_records)} s of lag)"
                    + ("." if math.isinf(drained) else f" and drains in {number_text(drained)} s."),
                    refs=[load.id, reader],
                    evidence=[PARTITIONS_EVIDENCE],
                    fix=(
                        f"Give '{load.id}' at least {math.ceil(peak / load.per_task)} tasks (and as many partitions) "
                        f"at {_si(load.per_task, 'B/s')} each, or set max_bytes_per_second to what it really carries."
                    ),
                )
            )
            if lost > 0:
                retention = float(model.retention_s[model.edges[first][0]])
                found.append(
                    finding(
                        "retention-overrun",
                        f"The backlog of flow '{load.id}' outlives the retention of '{reader}' "
                        f"({number_text(retention)} s): {number_text(lost)} records are deleted before they are read.",
                        refs=[load.id, reader],
                        evidence=[RETENTION_EVIDENCE],
                        fix=(
                            f"Raise retention.ms on '{reader}' above the longest lag, or give '{load.id}' more "
                            "capacity."
                        ),
                    )
                )
        out.append(item)
    return sorted(out, key=lambda item: str(item["id"])), found


def _figures(*rows: tuple[str, float, str, str]) -> dict[str, dict[str, Any]]:
    """JSON forms of figures without assumptions, by key: what :func:`figure_dict` makes, in one call for several
    (a large design has tens of thousands of flows and stores, several figures each)."""
    return {
        key: {"value": value if isfinite(value) else None, "unit": unit, "formula": formula}
        for key, value, unit, formula in rows
    }


def _shared_capacity(capacity: Figure, made: dict[int, tuple[Figure, dict[str, Any]]]) -> dict[str, Any]:
    """The JSON form of a capacity figure, made once per figure (flows of one shape share theirs)."""
    found = made.get(id(capacity))
    if found is None:
        found = made[id(capacity)] = (capacity, capacity.to_dict())  # holding the figure keeps its id unique
    return found[1]


def _si(value: float, unit: str) -> str:
    for factor, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.3g} {prefix}{unit}"
    return f"{value:.3g} {unit}"


def _scope(model: Model, source: str, sink: str) -> str | None:
    nodes = model.context.nodes
    first = model.context.locations.get(nodes[source].location or "") if source in nodes else None
    second = model.context.locations.get(nodes[sink].location or "") if sink in nodes else None
    if first is None or second is None or first.id == second.id:
        return None
    if (first.provider or "") != (second.provider or ""):
        return "inter-provider"
    if (first.region or first.id) != (second.region or second.id):
        return "inter-region"
    return "inter-zone"


def _cross_location(model: Model, steady: Steady, run: SeriesRun, prices: Mapping[str, Price]) -> list[dict[str, Any]]:
    mean = _mean_factors(run)
    rates = flow_sums(model, (steady.bytes @ mean)[edge_sources(model)]).tolist()
    pairs: dict[tuple[str, str], tuple[str, list[float], list[str]]] = {}
    nodes = model.context.nodes
    for number, load in enumerate(model.flows):
        scope = _scope(model, load.source_node, load.sink_node)
        if scope is None:
            continue
        key = (str(nodes[load.source_node].location), str(nodes[load.sink_node].location))
        _scope_name, total, flows = pairs.setdefault(key, (scope, [0.0], []))
        total[0] += rates[number]
        flows.append(load.id)
    out = []
    for (first, second), (scope, (rate,), flows) in sorted(pairs.items()):
        volume = rate * SECONDS_PER_MONTH / GB
        item: dict[str, Any] = {
            "from": first,
            "to": second,
            "scope": scope,
            "flows": sorted(flows),
            "bytes_per_second": figure_dict(rate, "B/s", "mean over the profile of the bytes the flows read"),
            "gb_per_month": figure_dict(
                volume, "GB", f"{number_text(rate)} B/s x {SECONDS_PER_MONTH} s (30 days) / 1e9"
            ),
        }
        price = prices.get(scope)
        if price is not None:
            item["usd_per_month"] = figure_dict(
                volume * price.usd_per_gb, "USD", f"{number_text(volume)} GB x {number_text(price.usd_per_gb)} USD/GB"
            )
            item["price_source"] = price.source
        out.append(item)
    return out


def _loops(model: Model, steady: Steady) -> tuple[list[dict[str, Any]], list[Finding]]:
    graph = model.graph
    out: list[dict[str, Any]] = []
    if not steady.loops:
        return out, []
    # Only edges inside a loop can be on its witness cycle.
    member = {vertex for loop in steady.loops for vertex in loop.members}
    flow_of: dict[tuple[int, int], int] = {}
    for source, target, flow, *_rest in model.edges:
        if source in member and target in member:
            flow_of.setdefault((source, target), flow)
    network: list[list[int]] = [[] for _ in graph.labels]
    for source, target in flow_of:
        network[source].append(target)
    found: list[Finding] = []
    for loop in steady.loops:
        cycle = witness_cycle(network, loop.members)
        flows = [model.flows[flow_of[(a, b)]] for a, b in itertools.pairwise(cycle)]
        round_trip = sum(load.latency.value for load in flows)
        used = sorted({model.assume(key, load.id) for load in flows for key in load.latency.assumptions})
        capacity = min((load.capacity.value for load in flows), default=math.inf)
        size = max((steady.size(member) for member in loop.members), default=0.0)
        inflow_bytes = loop.inflow_records * size
        item: dict[str, Any] = {
            "members": [graph.labels[member] for member in loop.members],
            "path": [graph.labels[vertex] for vertex in cycle],
            "flows": [load.id for load in flows],
            "gain": None if math.isinf(loop.gain) else loop.gain,
            "growing": loop.growing,
            "inflow_bytes_per_second": figure_dict(inflow_bytes, "B/s", "bytes entering the loop from outside"),
            "round_trip_s": figure_dict(
                round_trip, "s", " + ".join(number_text(load.latency.value) for load in flows), used
            ),
        }
        if loop.growing and inflow_bytes > 0 and round_trip > 0 and math.isfinite(capacity):
            gain = loop.gain if math.isfinite(loop.gain) else 1.0
            if gain <= 1.0 + 1e-9:
                seconds = max(0.0, (capacity / inflow_bytes - 1.0) * round_trip)
                formula = (
                    f"rate(t) = r (1 + t/T); (capacity {number_text(capacity)} / r {number_text(inflow_bytes)} - 1) "
                    f"x T {number_text(round_trip)} s"
                )
            else:
                rounds = math.log(1.0 + capacity * (gain - 1.0) / inflow_bytes) / math.log(gain) - 1.0
                seconds = max(0.0, rounds * round_trip)
                formula = (
                    f"rate after n round trips = r (g^(n+1) - 1)/(g - 1), g = {number_text(gain)}; "
                    f"n = log(1 + C (g-1)/r)/log g - 1, x T {number_text(round_trip)} s"
                )
            item["time_to_capacity_s"] = figure_dict(seconds, "s", formula, used)
            found.append(
                finding(
                    "event-loop",
                    f"Records go round {' -> '.join(item['path'])}: the rate grows by "
                    f"{_si(inflow_bytes, 'B/s')} every {number_text(round_trip)} s round trip and reaches the "
                    f"smallest capacity on the way ({_si(capacity, 'B/s')}) after about {number_text(seconds)} s.",
                    refs=item["flows"],
                    path=item["path"],
                    fix="Break the loop: a replication policy that renames remote topics, or a topics filter that "
                    "leaves out what came from the other side.",
                )
            )
        out.append(item)
    return out, found


def _series(
    model: Model,
    steady: Steady,
    run: SeriesRun,
    limit: int,
    *,
    down: frozenset[int] = frozenset(),
    lost: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The busiest flows (backlog first) and stores over time; ``down`` vertices and ``lost`` flows left out."""
    edges_of = flow_edges(model)
    backed_up = {model.edges[edge][2] for edge in run.queues}
    busy = heapq.nsmallest(
        limit,
        (
            (0 if number in backed_up else 1, load.id, number)
            for number, load in enumerate(model.flows)
            if load.id not in lost
        ),
    )
    flows: dict[str, Any] = {}
    for _rank, flow_id, number in busy:
        queued = [edge for edge in edges_of.get(number, []) if model.edges[edge][5]]
        offered = np.zeros_like(run.times)
        backlog = np.zeros_like(run.times)
        capacity = 0.0
        for edge in queued:
            source = model.edges[edge][0]
            offered += run.vertex_series(steady, source) * steady.size(source)
            queue = run.queues.get(edge)
            if queue is not None:
                backlog += queue.backlog * steady.size(source)
                capacity += queue.capacity_records * steady.size(source)
        lag = backlog / capacity if capacity > 0 else np.zeros_like(backlog)
        flows[flow_id] = {
            "offered_bytes_per_second": _rounded(offered),
            "backlog_bytes": _rounded(backlog),
            "lag_s": _rounded(lag),
        }
    stores: dict[str, Any] = {}
    ranked = sorted(
        (vertex for vertex, kind in enumerate(model.graph.kinds) if kind == "store" and vertex not in down),
        key=lambda vertex: (-steady.vertex_bytes(vertex), model.graph.labels[vertex]),
    )[:limit]
    charted = set(ranked)
    readers: dict[int, list[int]] = {}
    for index, (source, target, _flow, _fan, _size, queued_edge) in enumerate(model.edges):
        if queued_edge and source in charted and target not in down:
            readers.setdefault(source, []).append(index)
    for vertex in ranked:
        arriving = run.vertex_series(steady, vertex)
        size = steady.size(vertex)
        # Each reader gets every record, late when its queue backs up (and never when retention deletes it).
        read = np.zeros_like(run.times)
        for edge in readers.get(vertex, []):
            read += run.edge_delivered(arriving, edge)
        stores[model.graph.labels[vertex]] = {
            "in_bytes_per_second": _rounded(arriving * size),
            "out_bytes_per_second": _rounded(read * size),
        }
    return {"times_s": _rounded(run.times), "flows": flows, "stores": stores}


def _rounded(values: np.ndarray) -> list[float]:
    # Milli-units (mB/s, ms) are far below anything a chart shows; rounding keeps the JSON short.
    rounded: list[float] = np.round(values, 3).tolist()
    return rounded


def _unready(item: Mapping[str, Any]) -> Finding:
    return finding(
        "failover-unready",
        f"If '{item['source']}' is lost, '{item['target']}' cannot take over for flow '{item['flow']}': "
        + "; ".join(item["reasons"])
        + ".",
        refs=[item["flow"], item["source"], item["target"]],
        evidence=item["evidence"],
        fix=(
            "Keep emit.checkpoints.enabled and sync.group.offsets.enabled on, replicate every topic that is "
            f"consumed, and give each consumer of '{item['source']}' a flow from '{item['target']}' to fail over to."
        ),
    )


def _receiving(model: Model, steady: Steady) -> dict[str, float]:
    """Bytes per second each node receives (into its stores or itself), at factor 1."""
    names = sorted({node for node in model.graph.vertex_node if node})
    index = {name: number for number, name in enumerate(names)}
    owners = np.array([index.get(node, -1) for node in model.graph.vertex_node], dtype=np.int64)
    received = np.asarray(steady.byte_totals) - model.source_rate * model.source_size
    keep = owners >= 0
    sums = np.bincount(owners[keep], weights=received[keep], minlength=len(names))
    return dict(zip(names, sums.tolist(), strict=True))


def _outage(
    model: Model, steady: Steady, run: SeriesRun, defaults: LoadDefaults, options: Options
) -> tuple[dict[str, Any], list[Finding]]:
    """The run with the outage's nodes down: what is lost, and the flows, loops and series as they run then."""
    assert options.outage is not None
    down = down_nodes(model.design, options.outage)
    down_set = frozenset(down)
    vertices = down_vertices(model, down)
    during = solve_steady(model, vertices)
    during_run = run_series(model, during, duration_s=options.duration_s, step_s=options.step_s, down=vertices)
    lost_flows = sorted(load.id for load in model.flows if load.source_node in down_set or load.sink_node in down_set)
    before, after = _receiving(model, steady), _receiving(model, during)
    receivers = []
    for node in sorted(before):
        if node in down_set or before[node] <= 0:
            continue
        missing = before[node] - after.get(node, 0.0)
        if missing <= 1e-9 * before[node]:
            continue
        receivers.append(
            {
                "node": node,
                "before_bytes_per_second": figure_dict(before[node], "B/s", "sum of what reaches its stores"),
                "during_bytes_per_second": figure_dict(after.get(node, 0.0), "B/s", "the same, down nodes removed"),
                "stops_receiving_bytes_per_second": figure_dict(
                    missing, "B/s", f"{number_text(before[node])} - {number_text(after.get(node, 0.0))}"
                ),
                "stops_everything": after.get(node, 0.0) <= 1e-9,
            }
        )
    # Recovery points are those of the normal run: what was in flight when the source went down.
    readiness = failover_readiness(model, steady, run, defaults, down_set)
    found = [_unready(item) for item in readiness if item["source_down"] and not item["ready"]]
    flows_during, flow_findings = _flows(model, during, during_run)
    found.extend(flow_findings)
    loops_during, loop_findings = _loops(model, during)
    found.extend(loop_findings)
    data = {
        "outage": options.outage.to_dict(),
        "down_nodes": list(down),
        "lost_flows": lost_flows,
        "receivers": receivers,
        "replication": [item for item in readiness if item["source_down"]],
        "cassandra": cassandra_availability(model, defaults, down_set),
        "flows": [item for item in flows_during if item["id"] not in lost_flows],
        "loops": loops_during,
        "series": _series(model, during, during_run, options.series_limit, down=vertices, lost=frozenset(lost_flows)),
    }
    return data, found


def _single_location(model: Model, steady: Steady) -> list[Finding]:
    """Nodes that receive nothing when one region (other than theirs) is down.

    A node receives nothing when no source outside the region reaches it without passing through the region:
    one breadth-first search per region over the store graph, no rates needed.
    """
    regions: dict[str, list[str]] = {}
    for item in model.design.nodes:
        location = model.context.locations.get(item.location or "")
        if location is not None:
            regions.setdefault(location.region or location.id, []).append(item.id)
    if not 2 <= len(regions) <= 20:
        return []
    before = _receiving(model, steady)
    # A replica fed only by replication stops with its source by design; failover readiness covers it.
    fed: dict[str, set[str]] = {}
    for load in model.flows:
        fed.setdefault(load.sink_node, set()).add(load.kind)
    replicas = {node for node, kinds in fed.items() if kinds == {"replicator"}}
    successors: list[list[int]] = [[] for _ in model.graph.labels]
    for source, target, *_rest in model.edges:
        successors[source].append(target)
    sources = [int(vertex) for vertex in np.nonzero(model.source_rate)[0]]
    owner = model.graph.vertex_node
    found: list[Finding] = []
    for region, members in sorted(regions.items()):
        inside = set(members)
        blocked = [owner[vertex] in inside for vertex in range(len(owner))]
        reached = [False] * len(owner)
        queue = [vertex for vertex in sources if not blocked[vertex]]
        for vertex in queue:
            reached[vertex] = True
        for vertex in queue:
            for target in successors[vertex]:
                if not reached[target] and not blocked[target]:
                    reached[target] = True
                    queue.append(target)
        receiving = {owner[vertex] for vertex in range(len(owner)) if reached[vertex] and owner[vertex]}
        for node, value in sorted(before.items()):
            if value <= 0 or node in inside or node in replicas or node in receiving:
                continue
            found.append(
                finding(
                    "single-location-dependency",
                    f"'{node}' receives nothing when region '{region}' is down: everything it gets passes through "
                    f"the {len(members)} node(s) there.",
                    refs=[node],
                    fix=f"Replicate what '{node}' reads into a second region (MirrorMaker 2), or give it a second "
                    f"source outside '{region}'.",
                )
            )
    return found
