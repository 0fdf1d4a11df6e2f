"""The load model: the store graph with rates, capacities and retention, solved at steady state and over time.

Pure: no Django, no I/O. Vertices and edges are those of :func:`explorer.engine.graph.build_store_graph`.

Steady state
    Each source vertex (a node declaring ``events_per_second``, or an event source, which gets the catalog
    default) emits records; every edge carries what its source vertex receives times the flow's fan-out
    (``fan_out`` x ``selectivity``), so a topic read by three consumers feeds each of them in full. Rates are
    kept per traffic profile (one column per distinct profile) so the time series is a sum of scaled profile
    curves. Components of the graph are visited in topological order of the condensation; a cyclic component
    is solved in closed form, ``x = (I - A)^-1 b``, when its loop gain (spectral radius of ``A``) is below 1,
    and is otherwise an event loop: its rate grows every round trip, so it is reported as growing and only
    the first pass is carried downstream. Nothing is iterated to a fixed point.

Time series
    Fixed steps of ``dt`` seconds. Every edge that reads a vertex is a queue in front of its flow's capacity:
    ``backlog(t+dt) = max(0, backlog(t) + (in(t) - capacity) dt)``, solved in closed form (the Lindley
    recursion: backlog = S - min(0, running minimum of S), S the cumulative excess) unless retention may
    delete unread records, in which case it is stepped with ``backlog <= records arrived within retention``
    and what is cut is lost. What a queue holds back reaches downstream vertices later (as a correction added
    to their profile curves).
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from catalog import Catalog
from catalog.load_defaults import LoadDefaults
from explorer.engine.analysis.context import Context
from explorer.engine.analysis.flows import resolve_flows
from explorer.engine.document import Design, Node
from explorer.engine.graph import FlowSpec, StoreGraph, build_store_graph, strong_components
from explorer.engine.simulate.inputs import Figure, Profile, figure, number_text

__all__ = ["EdgeQueue", "FlowLoad", "Model", "SeriesRun", "Steady", "build_model", "run_series", "solve_steady"]

Array = npt.NDArray[np.float64]

#: Components larger than this are not solved by a dense matrix; they are reported as growing loops.
MAX_SOLVED_COMPONENT = 400


@dataclass
class FlowLoad:
    """What the model knows about one flow: fan-out, record size written, capacity and latency, with formulas."""

    id: str
    mechanism: str
    kind: str
    source_node: str
    sink_node: str
    fan: float
    fan_formula: str
    record_bytes: float | None
    capacity: Figure
    per_task: float
    latency: Figure
    reads_topics: bool


@dataclass
class Model:
    """The store graph with load attached; ``down`` marks vertices removed by an outage."""

    design: Design
    context: Context
    graph: StoreGraph
    flows: list[FlowLoad]
    profiles: list[Profile]
    source_rate: Array
    source_size: Array
    source_profile: list[int]
    retention_s: Array
    retention_records_cap_bytes: Array
    partitions: list[int]
    replication_factor: list[int]
    edges: list[tuple[int, int, int, float, float | None, bool]]
    topo: list[list[int]]
    cyclic: list[bool]
    assumptions: dict[str, set[str]] = field(default_factory=dict)
    partition_cache: dict[tuple[str, str | None], tuple[int, bool]] = field(default_factory=dict)
    vertex_assumptions: dict[int, list[str]] = field(default_factory=dict)
    _flow_edges: dict[int, list[int]] | None = field(default=None, repr=False)
    #: Default figures read so far, by key and scope (a large design asks for the same few tens of thousands of times).
    _defaults: dict[tuple[str, str | None], float] = field(default_factory=dict, repr=False)
    _latency_default: Figure | None = field(default=None, repr=False)
    #: Capacity figures by flow shape (see ``_capacity``): most flows of a large design share a few.
    _capacities: dict[tuple[object, ...], Figure] = field(default_factory=dict, repr=False)

    def default(self, defaults: LoadDefaults, key: str, scope: str | None = None) -> float:
        """``defaults.get(key, scope).value``, remembered."""
        found = self._defaults.get((key, scope))
        if found is None:
            found = (defaults.get(key, scope) if scope is not None else defaults.get(key)).value
            self._defaults[(key, scope)] = found
        return found

    def assume(self, key: str, where: str) -> str:
        """Record that the default ``key`` was used for ``where``; returns ``key``."""
        self.assumptions.setdefault(key, set()).add(where)
        return key


def _number(properties: Mapping[str, object], key: str) -> float | None:
    value = properties.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _is_topic(graph: StoreGraph, design: Design, vertex: int) -> bool:
    node = design.node(graph.vertex_node[vertex]) if graph.vertex_node[vertex] else None
    return node is not None and node.service == "kafka" and graph.kinds[vertex] == "store"


def _store_properties(node: Node | None, name: str) -> Mapping[str, object]:
    if node is None:
        return {}
    store = node.store(name)
    return store.properties if store is not None else {}


def build_model(
    design: Design,
    catalog: Catalog,
    defaults: LoadDefaults,
    *,
    profile: Profile | None = None,
) -> Model:
    """Resolve the design's flows, build the store graph and attach rates, capacities and retention.

    Parameters
    ----------
    design, catalog
        The parsed design and the catalog (flows that cannot run are left out, as in the analysis).
    defaults
        Figures assumed where the design gives none; each use is recorded in ``Model.assumptions``.
    profile
        A profile that replaces every source's own.
    """
    context = Context.build(design, catalog)
    resolve_flows(context, checks=False)  # the simulation reports no analysis findings
    graph = build_store_graph(design, catalog, context.specs)
    count = len(graph.labels)
    model = Model(
        design=design,
        context=context,
        graph=graph,
        flows=[],
        profiles=[],
        source_rate=np.zeros(count),
        source_size=np.zeros(count),
        source_profile=[0] * count,
        retention_s=np.full(count, math.inf),
        retention_records_cap_bytes=np.full(count, math.inf),
        partitions=[0] * count,
        replication_factor=[0] * count,
        edges=[],
        topo=[],
        cyclic=[],
    )
    incoming = [0] * count
    for _source, target, _flow in graph.edges:
        incoming[target] += 1
    profile_index: dict[Profile, int] = {}

    for vertex in range(count):
        node = design.node(graph.vertex_node[vertex]) if graph.vertex_node[vertex] else None
        if node is None:
            continue
        label = graph.labels[vertex]
        if _is_topic(graph, design, vertex):
            props = _store_properties(node, graph.vertex_store[vertex])
            partitions = _number(props, "partitions")
            if partitions is None:
                partitions = model.default(defaults, "partitions")
                model.assume("partitions", label)
            factor = _number(props, "replication_factor") or _number(node.properties, "replication_factor")
            if factor is None:
                factor = model.default(defaults, "replication_factor")
                model.assume("replication_factor", label)
            retention_ms = _number(props, "retention.ms")
            if retention_ms is None:
                retention_ms = model.default(defaults, "retention.ms")
                model.assume("retention.ms", label)
            model.partitions[vertex] = max(1, int(partitions))
            model.replication_factor[vertex] = max(1, int(factor))
            model.retention_s[vertex] = math.inf if retention_ms < 0 else retention_ms / 1000.0
            retention_bytes = _number(props, "retention.bytes")
            if retention_bytes is not None and retention_bytes >= 0:
                model.retention_records_cap_bytes[vertex] = retention_bytes * model.partitions[vertex]
        rate = _number(node.properties, "events_per_second")
        if incoming[vertex] == 0 and (rate is not None or node.service == "event-source"):
            used: list[str] = []
            if rate is None:
                rate = model.default(defaults, "events_per_second")
                used.append(model.assume("events_per_second", node.id))
            size = _number(node.properties, "record_bytes")
            if size is None or size <= 0:
                size = model.default(defaults, "record_bytes")
                used.append(model.assume("record_bytes", node.id))
            chosen = (
                profile if profile is not None else Profile.parse(node.properties.get("profile"), f"{node.id}.profile")
            )
            model.source_rate[vertex] = rate
            model.source_size[vertex] = size
            model.source_profile[vertex] = profile_index.setdefault(chosen, len(profile_index))
            model.vertex_assumptions[vertex] = used
    model.profiles = sorted(profile_index, key=profile_index.__getitem__) or [profile or Profile()]

    for spec in graph.specs:
        model.flows.append(_flow_load(model, spec, defaults))

    hubs = {vertex for vertex in range(count) if graph.kinds[vertex] == "hub"}
    for source, target, number in graph.edges:
        load = model.flows[number]
        if source in hubs:
            model.edges.append((source, target, number, load.fan, load.record_bytes, False))
        elif target in hubs:
            model.edges.append((source, target, number, 1.0, None, True))
        else:
            model.edges.append((source, target, number, load.fan, load.record_bytes, True))

    adjacency: list[list[int]] = [[] for _ in range(count)]
    for source, target, *_rest in model.edges:
        adjacency[source].append(target)
    components = components_in_order(adjacency)
    model.topo = components
    model.cyclic = [len(c) > 1 or c[0] in adjacency[c[0]] for c in components]
    return model


def components_in_order(adjacency: Sequence[Sequence[int]]) -> list[list[int]]:
    """Strongly connected components of ``adjacency`` (vertices ``0 .. len - 1``), each sorted, in topological order
    of the condensation: a component comes before every component it has an edge to; ties go to the component
    with the smallest vertex, so equal designs give equal orders.

    The components are :func:`explorer.engine.graph.strong_components` (an own piece, see there); the order is
    Kahn's algorithm with a heap over the condensation. The same answer as ``networkx.condensation`` +
    ``lexicographical_topological_sort`` (a test compares them), at about a quarter of their time on the
    10,000-node benchmark design, which kept the simulation over its 2 s budget.
    """
    components, component_of = strong_components(adjacency)
    waiting = [0] * len(components)
    successors: list[set[int]] = [set() for _ in components]
    for vertex, targets in enumerate(adjacency):
        here = component_of[vertex]
        for target in targets:
            there = component_of[target]
            if there != here and there not in successors[here]:
                successors[here].add(there)
                waiting[there] += 1
    ready = [(members[0], number) for number, members in enumerate(components) if not waiting[number]]
    heapq.heapify(ready)
    order: list[list[int]] = []
    while ready:
        _first, number = heapq.heappop(ready)
        order.append(components[number])
        for there in successors[number]:
            waiting[there] -= 1
            if not waiting[there]:
                heapq.heappush(ready, (components[there][0], there))
    return order


def _partitions(model: Model, defaults: LoadDefaults, node_id: str, store: str | None) -> tuple[int, bool]:
    """Partitions of a topic (the most among a node's topics when none is named), and whether it was assumed."""
    node = model.design.node(node_id)
    if node is None:
        return 1, False
    names = [store] if store is not None else [item.name for item in node.stores if item.kind == "topic"]
    counts = []
    assumed = False
    for name in names:
        value = _number(_store_properties(node, name), "partitions")
        if value is None:
            value = model.default(defaults, "partitions")
            assumed = True
            model.assume("partitions", f"{node_id}/{name}")
        counts.append(int(value))
    return max(counts, default=1), assumed


_FLOW_NUMBERS = frozenset(
    {
        "fan_out",
        "selectivity",
        "record_bytes",
        "max_bytes_per_second",
        "bytes_per_second_per_task",
        "tasks",
        "latency_seconds",
    }
)


def _capacity(
    model: Model,
    defaults: LoadDefaults,
    shape: tuple[bool, bool, float | None, float | None, tuple[str, str | None] | None],
    per_task_key: str,
    per_task: float,
) -> Figure:
    """The capacity of a flow of this shape: producing or not, through Connect or not, its own per-task rate and
    tasks (None when it sets none), and the topic end it produces to or reads from (None when neither)."""
    producing, connect, per_task_value, tasks_value, endpoint = shape
    used: list[str] = []

    def partitions_of(node_id: str, store: str | None) -> int:
        found = model.partition_cache.get((node_id, store))
        if found is None:
            found = _partitions(model, defaults, node_id, store)
            model.partition_cache[(node_id, store)] = found
        count, assumed = found
        if assumed:
            used.append("partitions")
        return count

    if per_task_value is None:
        used.append(per_task_key)
    if producing:
        assert endpoint is not None
        partitions = partitions_of(*endpoint)
        value = partitions * per_task
        formula = f"{partitions} partitions x {number_text(per_task)} B/s per partition (producer)"
        return figure(value, "B/s", formula, used)
    if tasks_value is None:
        if connect:
            tasks_value = model.default(defaults, "tasks", "connect")
            used.append("tasks@connect")
        elif endpoint is not None:
            tasks_value = float(partitions_of(*endpoint))
        else:
            tasks_value = 1.0
    tasks = int(tasks_value)
    if endpoint is not None:
        partitions = partitions_of(*endpoint)
        value = min(tasks, partitions) * per_task
        formula = f"min({tasks} tasks, {partitions} partitions) x {number_text(per_task)} B/s per task"
    else:
        value = tasks * per_task
        formula = f"{tasks} tasks x {number_text(per_task)} B/s per task"
    return figure(value, "B/s", formula, used)


_UNIT_FAN = f"fan_out {number_text(1)} x selectivity {number_text(1)}"


def _flow_load(model: Model, spec: FlowSpec, defaults: LoadDefaults) -> FlowLoad:
    flow, mechanism = spec.flow, spec.mechanism
    # The load keys this flow declares, read in one pass (most flows declare none).
    props: dict[str, float] = {}
    for key in flow.properties:
        if key in _FLOW_NUMBERS:
            number = _number(flow.properties, key)
            if number is not None:
                props[key] = number
    design = model.design
    fan_out = props.get("fan_out")
    selectivity = props.get("selectivity")
    fan = (1.0 if fan_out is None else fan_out) * (1.0 if selectivity is None else selectivity)
    fan_formula = (
        _UNIT_FAN
        if fan_out is None and selectivity is None
        else f"fan_out {number_text(fan_out if fan_out is not None else 1)} x selectivity "
        f"{number_text(selectivity if selectivity is not None else 1)}"
    )
    record_bytes = props.get("record_bytes")
    source_node = design.node(flow.source.node)
    sink_node = design.node(flow.sink.node)
    reads_topics = source_node is not None and source_node.service == "kafka"
    writes_topics = sink_node is not None and sink_node.service == "kafka"
    scope = "connect" if mechanism.kind.startswith("connect") or mechanism.kind == "replicator" else mechanism.kind
    explicit = props.get("max_bytes_per_second")
    per_task_value = props.get("bytes_per_second_per_task")
    producing = not reads_topics and writes_topics
    per_task_key = "bytes_per_second_per_partition_producer" if producing else "bytes_per_second_per_task"
    per_task = per_task_value if per_task_value is not None else model.default(defaults, per_task_key)
    if explicit is not None:
        capacity = figure(explicit, "B/s", f"max_bytes_per_second {number_text(explicit)} (design)")
    else:
        tasks_value = props.get("tasks")
        # The defaults this flow uses are recorded for it; the figure is the same for every flow of this shape.
        if per_task_value is None:
            model.assume(per_task_key, flow.id)
        if not producing and tasks_value is None and scope == "connect":
            model.assume("tasks@connect", flow.id)
        if producing:
            endpoint: tuple[str, str | None] | None = (flow.sink.node, flow.sink.store)
        elif reads_topics:
            endpoint = (flow.source.node, flow.source.store)
        else:
            endpoint = None
        shape = (producing, scope == "connect", per_task_value, tasks_value, endpoint)
        found = model._capacities.get(shape)
        if found is None:
            found = _capacity(model, defaults, shape, per_task_key, per_task)
            model._capacities[shape] = found
        capacity = found
    latency_value = props.get("latency_seconds")
    if latency_value is None:
        # Only replication (recovery point) and loops use it; they record the assumption when they do.
        if model._latency_default is None:
            model._latency_default = figure(
                model.default(defaults, "latency_seconds", "replicator"),
                "s",
                "latency_seconds (catalog default)",
                ["latency_seconds@replicator"],
            )
        latency = model._latency_default
    else:
        latency = figure(latency_value, "s", "latency_seconds (design)")
    return FlowLoad(
        id=flow.id,
        mechanism=mechanism.id,
        kind=mechanism.kind,
        source_node=flow.source.node,
        sink_node=flow.sink.node,
        fan=fan,
        fan_formula=fan_formula,
        record_bytes=record_bytes,
        capacity=capacity,
        per_task=per_task,
        latency=latency,
        reads_topics=reads_topics,
    )


@dataclass
class Loop:
    """A cyclic component: its members, loop gain, what enters it, and whether its rate grows."""

    members: list[int]
    gain: float
    inflow_records: float
    growing: bool


@dataclass
class Steady:
    """Steady-state rates at profile factor 1: records/s and bytes/s per vertex and profile column.

    ``totals``, ``byte_totals`` and ``sizes`` are the per-vertex sums over profiles and the mean record size,
    precomputed because every later step reads them once per edge.
    """

    records: Array
    bytes: Array
    growing: list[bool]
    loops: list[Loop]
    solve: dict[int, Array]
    #: The condensation this solution used, in topological order (without the down vertices' edges).
    topo: list[list[int]] = field(default_factory=list)
    cyclic: list[bool] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)
    byte_totals: list[float] = field(default_factory=list)
    sizes: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        records = self.records.sum(axis=1)
        byte_rates = self.bytes.sum(axis=1)
        self.totals = records.tolist()
        self.byte_totals = byte_rates.tolist()
        self.sizes = np.divide(byte_rates, records, out=np.zeros_like(records), where=records > 0).tolist()

    def vertex_records(self, vertex: int) -> float:
        """Records per second into ``vertex`` at factor 1 (all profiles)."""
        return self.totals[vertex]

    def vertex_bytes(self, vertex: int) -> float:
        """Bytes per second into ``vertex`` at factor 1."""
        return self.byte_totals[vertex]

    def size(self, vertex: int) -> float:
        """Mean record size at ``vertex`` (bytes); 0 when nothing arrives."""
        return self.sizes[vertex]


def solve_steady(model: Model, down: frozenset[int] = frozenset()) -> Steady:
    """Rates at profile factor 1 with the ``down`` vertices (and their edges) removed (see the module docstring)."""
    count = len(model.graph.labels)
    columns = len(model.profiles)
    # Plain lists while propagating: one numpy call per edge would cost more than the arithmetic.
    records: list[list[float]] = [[0.0] * columns for _ in range(count)]
    byte_rates: list[list[float]] = [[0.0] * columns for _ in range(count)]
    for vertex in np.nonzero(model.source_rate)[0].tolist():
        if vertex in down:
            continue
        column = model.source_profile[vertex]
        records[vertex][column] = float(model.source_rate[vertex])
        byte_rates[vertex][column] = float(model.source_rate[vertex] * model.source_size[vertex])
    outgoing: list[list[int]] = [[] for _ in range(count)]
    for index, (source, target, *_rest) in enumerate(model.edges):
        if source not in down and target not in down:
            outgoing[source].append(index)
    growing = [False] * count
    loops: list[Loop] = []
    solve: dict[int, Array] = {}
    span = range(columns)
    topo, cyclic = model.topo, model.cyclic
    if down:
        # Removing vertices can split a strongly connected component: condense what is left again.
        remaining: list[list[int]] = [[model.edges[edge][1] for edge in edges] for edges in outgoing]
        topo = components_in_order(remaining)
        cyclic = [len(c) > 1 or c[0] in remaining[c[0]] for c in topo]
    for number, component in enumerate(topo):
        inside: frozenset[int] = frozenset()
        if cyclic[number]:
            members = sorted(component)
            inside = frozenset(members)
            if inside <= down:
                continue
            _solve_component(model, number, members, outgoing, records, byte_rates, growing, loops, solve)
        for member in component:
            if member in down:
                continue
            row, byte_row = records[member], byte_rates[member]
            for edge in outgoing[member]:
                _source, target, _flow, fan, size, _queued = model.edges[edge]
                if target in inside:
                    continue  # carried by the closed form (or the growing first pass)
                target_row, target_bytes = records[target], byte_rates[target]
                for column in span:
                    target_row[column] += fan * row[column]
                    target_bytes[column] += fan * (size * row[column] if size is not None else byte_row[column])
                if growing[member]:
                    growing[target] = True
    return Steady(
        records=np.array(records, dtype=np.float64).reshape(count, columns),
        bytes=np.array(byte_rates, dtype=np.float64).reshape(count, columns),
        growing=growing,
        loops=loops,
        solve=solve,
        topo=topo,
        cyclic=cyclic,
    )


def _cycle(local: Mapping[int, list[int]], start: int) -> list[int]:
    """One shortest cycle through ``start`` inside a strongly connected component (breadth-first)."""
    parent: dict[int, int] = {start: start}
    queue = [start]
    for vertex in queue:
        for target in local[vertex]:
            if target == start:
                path = [vertex]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if target not in parent:
                parent[target] = vertex
                queue.append(target)
    raise ValueError("the component holds no cycle through its first vertex")


def _solve_component(
    model: Model,
    number: int,
    members: list[int],
    outgoing: list[list[int]],
    records: list[list[float]],
    byte_rates: list[list[float]],
    growing: list[bool],
    loops: list[Loop],
    solve: dict[int, Array],
) -> None:
    """Solve one cyclic component in closed form, or mark it growing (see the module docstring)."""
    position = {member: index for index, member in enumerate(members)}
    inflow = sum(sum(records[member]) for member in members)
    gain = math.inf
    matrix = np.zeros((0, 0))
    # The spectral radius of a non-negative irreducible matrix is at least the geometric mean of the weights
    # round any of its cycles, so a cycle that does not shrink proves growth without an eigenvalue solve.
    fans: dict[tuple[int, int], float] = {}
    local: dict[int, list[int]] = {member: [] for member in members}
    for member in members:
        for edge in outgoing[member]:
            _source, target, _flow, fan, _size, _queued = model.edges[edge]
            if target in position:
                local[member].append(target)
                fans[(member, target)] = max(fan, fans.get((member, target), 0.0))
    cycle = _cycle(local, members[0])
    product = math.prod(fans[(a, b)] for a, b in itertools.pairwise(cycle))
    if product >= 1.0 - 1e-12:
        gain = product ** (1.0 / max(1, len(cycle) - 1))
    elif len(members) <= MAX_SOLVED_COMPONENT:
        matrix = np.zeros((len(members), len(members)))
        for member in members:
            for edge in outgoing[member]:
                _source, target, _flow, fan, _size, _queued = model.edges[edge]
                if target in position:
                    matrix[position[target], position[member]] += fan
        gain = float(max(abs(np.linalg.eigvals(matrix))))
    is_growing = gain >= 1.0 - 1e-12
    if is_growing:
        for member in members:
            growing[member] = True
    else:
        inverse: Array = np.asarray(np.linalg.inv(np.eye(len(members)) - matrix), dtype=np.float64)
        solve[number] = inverse
        entering = np.array([records[member] for member in members], dtype=np.float64)
        entering_bytes = np.array([byte_rates[member] for member in members], dtype=np.float64)
        solved = inverse @ entering
        # Sizes inside a loop are taken as those entering it.
        mean = float(entering_bytes.sum() / entering.sum()) if inflow > 0 else 0.0
        for index, member in enumerate(members):
            records[member] = solved[index].tolist()
            byte_rates[member] = (solved[index] * mean).tolist()
    loops.append(Loop(members=members, gain=gain, inflow_records=inflow, growing=is_growing))


@dataclass
class EdgeQueue:
    """The queue in front of one edge: capacity (records/s), backlog per step (records), records lost per step
    (an empty array when retention deleted nothing), and the age of the oldest unread record (s)."""

    edge: int
    capacity_records: float
    backlog: Array
    lost: Array
    oldest_age: float

    @property
    def lost_total(self) -> float:
        """Records retention deleted before they were read, over the run."""
        return float(self.lost.sum())


@dataclass
class SeriesRun:
    """The time series of one run: times, profile curves, per-vertex corrections and per-edge queues."""

    times: Array
    dt: float
    basis: Array
    residual: dict[int, Array]
    queues: dict[int, EdgeQueue]
    #: Peak records/s offered to each queued edge (0 for edges not offered anything: down, or inside a loop).
    offered_peak: Array
    #: Peak over the run of ``records @ basis`` per vertex (before corrections), as ``run_series`` computed it.
    base_peak: Array

    def vertex_series(self, steady: Steady, vertex: int) -> Array:
        """Records per second into ``vertex`` at every step."""
        base: Array = steady.records[vertex] @ self.basis
        correction = self.residual.get(vertex)
        return base if correction is None else base + correction

    def vertex_peaks(self, steady: Steady) -> Array:
        """Peak records per second into every vertex over the run (``vertex_series(...).max()`` for each)."""
        peaks = self.base_peak.copy()
        for vertex in self.residual:
            peaks[vertex] = float(self.vertex_series(steady, vertex).max(initial=0.0))
        return np.maximum(peaks, 0.0)

    def edge_delivered(self, offered: Array, edge: int) -> Array:
        """Records per second edge ``edge`` delivers at every step, given what its source receives (``offered``):
        all of it, less what its queue holds back or retention deletes."""
        queue = self.queues.get(edge)
        if queue is None:
            return offered
        previous = np.concatenate(([0.0], queue.backlog[:-1]))
        held = queue.backlog - previous + (queue.lost if queue.lost.size else 0.0)
        return np.asarray(offered - held / self.dt, dtype=np.float64)


def _queues(
    offered: Array, capacities: Sequence[float], dt: float, retention_s: float, cap_records: float
) -> list[tuple[Array, Array, float]]:
    """Backlog and loss per step of queues fed the same ``offered`` records/s, each drained at its capacity.

    The backlog is the Lindley recursion in closed form, ``S - min(0, running minimum of S)`` with ``S`` the
    cumulative excess, for all the queues at once (one row each). A queue whose oldest unread record may be
    older than retention (or whose backlog may pass ``retention.bytes``) is then stepped on its own, keeping at
    most what arrived within retention; what is cut is lost. The loss array is empty unless something is lost
    (most queues lose nothing, and a day of zeros per queue adds up).
    """
    excess = (offered[np.newaxis, :] - np.asarray(capacities, dtype=np.float64)[:, np.newaxis]) * dt
    running = np.cumsum(excess, axis=1)
    backlogs = running - np.minimum(np.minimum.accumulate(running, axis=1), 0.0)
    empty = np.zeros(0)
    if not math.isfinite(retention_s) and not math.isfinite(cap_records):
        return [(backlog, empty, 0.0) for backlog in backlogs]
    arrived = np.cumsum(offered * dt)
    steps = np.arange(len(offered))
    # Index of the first record not yet consumed, per queue and step: the age of the oldest unread one.
    first = np.searchsorted(arrived, (arrived[np.newaxis, :] - backlogs).ravel(), side="right")
    ages = np.where(backlogs > 1e-9, (steps[np.newaxis, :] - first.reshape(backlogs.shape) + 1) * dt, 0.0)
    oldest = ages.max(axis=1, initial=0.0).tolist()
    highest = backlogs.max(axis=1, initial=0.0).tolist()
    out: list[tuple[Array, Array, float]] = []
    for row, capacity in enumerate(capacities):
        backlog = backlogs[row]
        if oldest[row] <= retention_s and highest[row] <= cap_records:
            out.append((backlog, empty, float(oldest[row])))
            continue
        # Retention may delete unread records: step it, keeping at most what arrived within retention.
        window = int(retention_s // dt) if math.isfinite(retention_s) else len(offered) + 1
        lost = np.zeros_like(backlog)
        level = 0.0
        row_excess = (offered - capacity) * dt
        for step in range(len(offered)):
            level = max(0.0, level + float(row_excess[step]))
            recent = float(arrived[step] - (arrived[step - window] if step - window >= 0 else 0.0))
            allowed = min(recent, cap_records)
            if level > allowed:
                lost[step] = level - allowed
                level = allowed
            backlog[step] = level
        out.append((backlog, lost, min(float(oldest[row]), retention_s)))
    return out


def _base_peaks(records: Array, basis: Array) -> Array:
    """``max over t of records[v] @ basis`` for every vertex, without the vertices x steps matrix at once."""
    if basis.shape[0] == 1:
        peak = float(basis[0].max(initial=0.0))
        low = float(basis[0].min(initial=0.0))
        column = records[:, 0]
        return np.asarray(np.where(column >= 0, column * peak, column * low), dtype=np.float64)
    out = np.empty(records.shape[0])
    chunk = max(1, 4_000_000 // max(1, basis.shape[1]))
    for start in range(0, records.shape[0], chunk):
        out[start : start + chunk] = (records[start : start + chunk] @ basis).max(axis=1, initial=0.0)
    return out


def run_series(
    model: Model, steady: Steady, *, duration_s: float, step_s: float, down: frozenset[int] = frozenset()
) -> SeriesRun:
    """Step every queue over ``duration_s`` in steps of ``step_s`` (see the module docstring).

    Only vertices that receive a correction from upstream, or feed an edge whose offered peak exceeds its
    capacity, are visited one by one; for every other edge the offered peak is its source's, worked out for all
    vertices at once.
    """
    steps = max(1, round(duration_s / step_s))
    times = np.arange(steps, dtype=np.float64) * step_s
    basis = np.vstack([profile.factors(times) for profile in model.profiles])
    count = len(model.graph.labels)
    base_peak = _base_peaks(steady.records, basis)
    edge_count = len(model.edges)
    run = SeriesRun(
        times=times,
        dt=step_s,
        basis=basis,
        residual={},
        queues={},
        offered_peak=np.zeros(edge_count),
        base_peak=base_peak,
    )
    if not edge_count:
        return run
    columns = list(zip(*model.edges, strict=True))
    source = np.fromiter(columns[0], dtype=np.int64, count=edge_count)
    target = np.fromiter(columns[1], dtype=np.int64, count=edge_count)
    flow = np.fromiter(columns[2], dtype=np.int64, count=edge_count)
    queued = np.fromiter(columns[5], dtype=bool, count=edge_count)
    alive = np.ones(count, dtype=bool)
    if down:
        alive[list(down)] = False
    live = alive[source] & alive[target]
    # Edges inside a cyclic component are carried by the closed form: no queue, nothing offered.
    component = np.empty(count, dtype=np.int64)
    cyclic = np.zeros(len(steady.topo), dtype=bool)
    for number, members in enumerate(steady.topo):
        component[members] = number
        cyclic[number] = steady.cyclic[number]
    inside = cyclic[component[source]] & (component[source] == component[target])
    counted = live & ~inside
    # Capacity is per flow; each of its edges gets the share of the flow's input it carries at steady state.
    byte_totals = np.asarray(steady.byte_totals, dtype=np.float64)
    sizes = np.asarray(steady.sizes, dtype=np.float64)
    flows = len(model.flows)
    flow_input = np.bincount(flow, weights=np.where(queued & alive[source], byte_totals[source], 0.0), minlength=flows)
    flow_count = np.bincount(flow, weights=queued.astype(np.float64), minlength=flows)
    flow_capacity = np.array([load.capacity.value for load in model.flows], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(
            flow_input[flow] != 0,
            byte_totals[source] / np.where(flow_input[flow] != 0, flow_input[flow], 1.0),
            1.0 / np.maximum(flow_count[flow], 1.0),
        )
        capacity = flow_capacity[flow] * share / np.where(sizes[source] != 0, sizes[source], 1.0)
    offered = base_peak[source]
    run.offered_peak = np.where(queued & counted, offered, 0.0)
    growing = np.asarray(steady.growing, dtype=bool)
    hot_edges = queued & counted & (offered > capacity * (1 + 1e-12)) & ~growing[source]
    hot = np.zeros(count, dtype=bool)
    hot[source[hot_edges]] = True
    outgoing: list[list[int]] = [[] for _ in range(count)]
    for index in np.nonzero(counted)[0].tolist():
        outgoing[model.edges[index][0]].append(index)
    capacity_list = capacity.tolist()
    residual = run.residual
    visit = hot.tolist()
    for number, members in enumerate(steady.topo):
        if steady.cyclic[number] and number in steady.solve:
            ordered = sorted(members)
            if any(member in residual for member in ordered):
                stacked = np.vstack([residual.get(member, np.zeros(steps)) for member in ordered])
                mixed = steady.solve[number] @ stacked
                for position, member in enumerate(ordered):
                    residual[member] = mixed[position]
        for vertex in members:
            correction = residual.get(vertex)
            if correction is None and not visit[vertex]:
                continue
            if vertex in down:
                continue
            row = steady.records[vertex]
            exact: Array | None = None
            if correction is not None:
                exact = row @ basis + correction
            # The queues in front of this vertex's readers that back up, solved together.
            backing: list[int] = []
            for edge in outgoing[vertex]:
                if not model.edges[edge][5]:
                    continue
                offered_peak = float(base_peak[vertex]) if exact is None else float(exact.max(initial=0.0))
                run.offered_peak[edge] = offered_peak
                if offered_peak > capacity_list[edge] * (1 + 1e-12) and not steady.growing[vertex]:
                    backing.append(edge)
            held: dict[int, Array] = {}
            if backing:
                if exact is None:
                    exact = row @ basis
                size = steady.size(vertex) or 1.0
                solved = _queues(
                    exact,
                    [capacity_list[edge] for edge in backing],
                    step_s,
                    float(model.retention_s[vertex]),
                    float(model.retention_records_cap_bytes[vertex]) / size,
                )
                for edge, (backlog, lost, age) in zip(backing, solved, strict=True):
                    run.queues[edge] = EdgeQueue(edge, capacity_list[edge], backlog, lost, age)
                    previous = np.concatenate(([0.0], backlog[:-1]))
                    held[edge] = (backlog - previous + lost) / step_s if lost.size else (backlog - previous) / step_s
            for edge in outgoing[vertex]:
                edge_q = held.get(edge)
                if correction is None and edge_q is None:
                    continue
                edge_target, fan = model.edges[edge][1], model.edges[edge][3]
                change = np.zeros(steps) if correction is None else correction.copy()
                if edge_q is not None:
                    change -= edge_q
                existing = residual.get(edge_target)
                residual[edge_target] = fan * change if existing is None else existing + fan * change
    return run


def vertex_peak(steady: Steady, run: SeriesRun, vertex: int) -> float:
    """Peak records per second into ``vertex`` over the run."""
    return float(run.vertex_series(steady, vertex).max(initial=0.0))


def flow_edges(model: Model) -> dict[int, list[int]]:
    """Edge indexes per flow index (worked out once per model; callers must not change the lists)."""
    if model._flow_edges is None:
        out: dict[int, list[int]] = {}
        for index, (_source, _target, flow, *_rest) in enumerate(model.edges):
            out.setdefault(flow, []).append(index)
        model._flow_edges = out
    return model._flow_edges


def flow_sums(model: Model, per_edge: Array) -> Array:
    """Per flow, the sum of ``per_edge`` over the flow's queued edges (the edges that read what the flow reads)."""
    if not model.edges:
        return np.zeros(len(model.flows))
    columns = list(zip(*model.edges, strict=True))
    flow = np.fromiter(columns[2], dtype=np.int64, count=len(model.edges))
    queued = np.fromiter(columns[5], dtype=bool, count=len(model.edges))
    return np.asarray(np.bincount(flow[queued], weights=per_edge[queued], minlength=len(model.flows)), dtype=np.float64)


def edge_sources(model: Model) -> npt.NDArray[np.int64]:
    """The source vertex of every edge."""
    return np.fromiter((edge[0] for edge in model.edges), dtype=np.int64, count=len(model.edges))


def down_vertices(model: Model, nodes: Sequence[str]) -> frozenset[int]:
    """The vertices of the given nodes."""
    wanted = set(nodes)
    return frozenset(v for v, node in enumerate(model.graph.vertex_node) if node in wanted)
