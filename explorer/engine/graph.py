"""The graphs behind the analysis: the service graph and the store graph, as adjacency lists on vertex numbers.

Pure Python (no Django). The store model is built here; its union-find is networkx's. Strongly connected
components, witness cycles and the longest path of the condensation are an own piece on plain adjacency lists
(see :func:`strong_components`), as are redundant replication's copy paths (``analysis/topology.py``): networkx's
versions, on a ``DiGraph`` copy of the graph, missed the analysis' growth target (issue 14).

Service graph
    One vertex per node, one edge per pair of nodes joined by flows (source node -> sink node).

Store graph (the model of ``reference/integrations.md`` section 4)
    One vertex per ``(node, store)``. Processors - services without store kinds (Spark jobs,
    applications, Logstash, event sources, Kibana, Zeppelin) - are one vertex each, so what they read
    reaches what they write. Each flow adds edges from what it reads to what it writes:

    - a flow endpoint naming a store reads or writes that store; an endpoint naming only the node uses
      the node's declared stores, or the wildcard store ``*`` when it declares none;
    - replicators (MirrorMaker 2, MirrorMaker 1, uReplicator) copy each topic that passes the flow's
      ``topics`` filter (comma separated regular expressions, matched against the whole name, expanded
      against the topics the design declares and the topics replication creates). MirrorMaker 2 with the
      ``default`` policy writes ``<source node id>.<topic>`` - a different store, created implicitly on
      the target - and skips topics whose prefix chain already names the target (its cycle check). The
      ``identity`` policy, MirrorMaker 1 and uReplicator keep the name. When a default-policy rename would
      put the source alias into a name a second time, MirrorMaker 2 would grow the name forever; the
      model identifies that name with the shorter one, so the endless copy shows up as a cycle;
    - native Cassandra replication joins same-named tables of the two data centres into one store (it
      is one cluster), and adds no edge;
    - an Elassandra index stands for the tables it serves: every table of the keyspace it is named after
      (one mapping type per table), else the tables named like it - reading or writing the index reads or
      writes those tables;
    - a flow reading m stores and writing n stores goes through one hub vertex when m*n would be larger
      than m+n, which keeps the graph linear in the size of the design.

The number of implicit (replicated) topics is bounded (:data:`IMPLICIT_BUDGET_FACTOR`); when the bound
is hit the graph says so in ``bounded``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from networkx.utils import UnionFind

from catalog import Catalog, Mechanism
from explorer.engine.document import Design, Flow, Node

__all__ = [
    "IMPLICIT_BUDGET_FACTOR",
    "WILDCARD",
    "Adjacency",
    "FlowSpec",
    "StoreGraph",
    "TopicFilter",
    "build_store_graph",
    "cyclic_components",
    "longest_path_hops",
    "prefix_chain",
    "remote_name",
    "service_adjacency",
    "strong_components",
    "witness_cycle",
]

WILDCARD = "*"
#: Implicit topics created by replication are bounded by this factor times (declared stores + flows) + 1000.
IMPLICIT_BUDGET_FACTOR = 4


@dataclass(frozen=True)
class TopicFilter:
    """A replicator's ``topics`` setting: comma separated regular expressions, each matching a whole name.

    ``problems`` lists the expressions that do not compile (they are then matched literally).
    """

    text: str
    patterns: tuple[re.Pattern[str], ...]
    problems: tuple[str, ...]

    @classmethod
    def parse(cls, value: object, default: str = ".*") -> TopicFilter:
        """Parse a string (comma separated) or a list of strings; ``None`` gives ``default``."""
        if value is None:
            value = default
        if isinstance(value, str):
            return _parse_filter_text(value)
        return cls._parse(value)

    @classmethod
    def _parse(cls, value: object) -> TopicFilter:
        items = [str(item) for item in value] if isinstance(value, (list, tuple)) else str(value).split(",")
        patterns: list[re.Pattern[str]] = []
        problems: list[str] = []
        for item in (raw.strip() for raw in items):
            if not item:
                continue
            try:
                patterns.append(re.compile(item))
            except re.error as exc:
                problems.append(f"'{item}' is not a valid regular expression ({exc})")
                patterns.append(re.compile(re.escape(item)))
        text = ",".join(items) if isinstance(value, (list, tuple)) else str(value)
        return cls(text=text, patterns=tuple(patterns), problems=tuple(problems))

    def matches(self, name: str) -> bool:
        """Whether ``name`` passes the filter; the wildcard store stands for any topic and always passes."""
        if name == WILDCARD:
            return bool(self.patterns)
        return any(pattern.fullmatch(name) for pattern in self.patterns)


@lru_cache(maxsize=4096)
def _parse_filter_text(text: str) -> TopicFilter:
    """Filters repeat across flows (``.*``, one topic name): parse each text once."""
    return TopicFilter._parse(text)


@dataclass(frozen=True, slots=True)
class FlowSpec:
    """A flow whose mechanism is resolved: what the store graph needs to know about it.

    ``continuous`` is False for batch flows. ``renames`` applies to replicators only.
    """

    flow: Flow
    mechanism: Mechanism
    continuous: bool
    renames: bool = False
    topic_filter: TopicFilter | None = None


@dataclass
class StoreGraph:
    """Store vertices and flow edges (see the module docstring).

    ``labels[v]`` is ``node/store`` for a store, ``node`` for a processor and ``flow:<id>`` for a hub;
    ``vertex_node[v]`` is the owning node id (empty for hubs). ``edges`` are ``(source, target, flow
    index into specs)``. ``implicit`` maps labels of stores created by replication to the flow that
    created them. :meth:`adjacency` gives the edges as adjacency lists.
    """

    labels: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    vertex_node: list[str] = field(default_factory=list)
    vertex_store: list[str] = field(default_factory=list)
    edges: list[tuple[int, int, int]] = field(default_factory=list)
    specs: list[FlowSpec] = field(default_factory=list)
    implicit: dict[str, str] = field(default_factory=dict)
    bounded: bool = False

    def adjacency(self, keep: Callable[[int, int, int], bool] | None = None) -> list[list[int]]:
        """The store graph's edges as adjacency lists on vertex numbers (for cycles and paths).

        Only edges ``(source, target, flow index)`` that ``keep`` keeps (default: all) are listed, in the order of
        their flows. Parallel edges (several flows between the same two vertices) are listed once per flow: the
        searches on these lists give the same components, cycles and paths with or without them, and leaving
        them in spares a set of every vertex pair (at 10,000 nodes, 78,000 tuples built twice per analysis).
        :meth:`edge_flows` lists the flows of each pair.
        """
        out: list[list[int]] = [[] for _ in self.labels]
        if keep is None:
            for source, target, _ in self.edges:
                out[source].append(target)
            return out
        for source, target, flow in self.edges:
            if keep(source, target, flow):
                out[source].append(target)
        return out

    def edge_flows(self) -> dict[tuple[int, int], list[int]]:
        """Flow indexes per ``(source, target)`` vertex pair."""
        out: dict[tuple[int, int], list[int]] = {}
        for source, target, flow in self.edges:
            out.setdefault((source, target), []).append(flow)
        return out


#: A directed graph on vertices ``0 .. len - 1``: the targets of each vertex's edges.
Adjacency = Sequence[Sequence[int]]


def strong_components(adjacency: Adjacency) -> tuple[list[list[int]], list[int]]:
    """The strongly connected components of ``adjacency``, each sorted, and each vertex's component number.

    Components come in the order an iterative Tarjan search completes them: a component comes after every
    component it has an edge to (reverse topological order). No recursion, so a 200,000-vertex chain is fine.

    An own piece, as issue 14 allows where networkx misses a target: networkx's
    ``strongly_connected_components`` needs the graph copied into a ``DiGraph`` first (a dict of dicts with
    an attribute dict per edge). On the 10,000-node benchmark design (22,000 vertices, 78,000 edges) that
    copy plus the search took 3-4 times this search on plain lists, and the larger working set pushed the
    analysis' growth from 1,000 to 10,000 nodes over 15x (figures in ``bench/README.md``).
    """
    count = len(adjacency)
    index = [-1] * count
    low = [0] * count
    on_stack = [False] * count
    stack: list[int] = []
    component_of = [-1] * count
    components: list[list[int]] = []
    counter = 0
    for root in range(count):
        if index[root] >= 0:
            continue
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = True
        work = [(root, 0)]
        while work:
            vertex, position = work[-1]
            targets = adjacency[vertex]
            if position < len(targets):
                work[-1] = (vertex, position + 1)
                target = targets[position]
                if index[target] < 0:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack[target] = True
                    work.append((target, 0))
                elif on_stack[target] and index[target] < low[vertex]:
                    low[vertex] = index[target]
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                if low[vertex] < low[parent]:
                    low[parent] = low[vertex]
            if low[vertex] == index[vertex]:
                number = len(components)
                members: list[int] = []
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component_of[member] = number
                    members.append(member)
                    if member == vertex:
                        break
                members.sort()
                components.append(members)
    return components, component_of


def cyclic_components(adjacency: Adjacency) -> list[list[int]]:
    """The strongly connected components that hold a cycle, each sorted, ordered by their smallest vertex.

    A component holds a cycle when it has more than one vertex or its vertex has an edge to itself.
    """
    components, _ = strong_components(adjacency)
    found = [component for component in components if len(component) > 1 or component[0] in adjacency[component[0]]]
    return sorted(found, key=lambda component: component[0])


def witness_cycle(adjacency: Adjacency, component: Sequence[int]) -> list[int]:
    """One shortest cycle through the smallest vertex of a cyclic component, found inside the component.

    Returns the vertices in order, the first repeated at the end (``[a, b, a]``; a self-loop is ``[a, a]``).
    A breadth-first search from the start, inside the component, visits vertices in order of distance, so
    the first one found with an edge back to the start closes a shortest cycle; one parent per vertex keeps
    memory linear (a whole path per vertex ran out of memory on a 200,000-vertex ring).
    """
    start = min(component)
    if start in adjacency[start]:
        return [start, start]
    inside = set(component)
    parent: dict[int, int] = {start: start}
    queue = [start]
    for vertex in queue:
        for target in adjacency[vertex]:
            if target in parent or target not in inside:
                continue
            parent[target] = vertex
            if start in adjacency[target]:
                path = [target]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                path.reverse()
                return [*path, start]
            queue.append(target)
    raise ValueError("the component holds no cycle through its smallest vertex")


def longest_path_hops(adjacency: Adjacency) -> int:
    """Edges on the longest path of the graph after condensing each strongly connected component to one vertex.

    :func:`strong_components` gives the components sinks first, so one pass over them in that order finds, for
    each, the longest path that leaves it (networkx's ``condensation`` + ``dag_longest_path_length`` give the
    same number; a test compares them).
    """
    components, component_of = strong_components(adjacency)
    longest = [0] * len(components)
    for number, members in enumerate(components):
        best = 0
        for vertex in members:
            for target in adjacency[vertex]:
                there = component_of[target]
                if there != number and longest[there] + 1 > best:
                    best = longest[there] + 1
        longest[number] = best
    return max(longest, default=0)


def service_adjacency(design: Design, flows: Sequence[Flow] | None = None) -> list[list[int]]:
    """The service graph as adjacency lists: one vertex per node (in design order), one edge per flow between
    two nodes (``flows``, default all of the design's; flows naming a missing node are skipped). Several flows
    between the same two nodes are parallel edges, which the searches here take as one."""
    number = {node.id: index for index, node in enumerate(design.nodes)}
    out: list[list[int]] = [[] for _ in design.nodes]
    for flow in design.flows if flows is None else flows:
        source, sink = number.get(flow.source.node), number.get(flow.sink.node)
        if source is not None and sink is not None:
            out[source].append(sink)
    return out


def prefix_chain(name: str, aliases: frozenset[str] | set[str]) -> list[str]:
    """The cluster aliases MirrorMaker 2's default policy put in front of a topic name, outermost first.

    ``prefix_chain("fra.syd.orders", {"fra", "syd"})`` is ``["fra", "syd"]``.
    """
    parts = name.split(".")
    chain: list[str] = []
    for part in parts[:-1]:
        if part not in aliases:
            break
        chain.append(part)
    return chain


def remote_name(name: str, *, source: str, target: str, renames: bool, aliases: frozenset[str]) -> str | None:
    """The topic a replicator writes on ``target`` when copying ``name`` from ``source``; None when skipped.

    Same-name replicators keep ``name``. MirrorMaker 2's default policy skips a topic whose prefix chain
    names the target (it came from there) and otherwise writes ``<source>.<name>``; when the source alias
    is already in the chain the result is identified with the shorter ``<source>.<rest>`` (see the
    module docstring).
    """
    if not renames:
        return name
    chain = prefix_chain(name, aliases)
    if target in chain:
        return None
    if source in chain:
        return ".".join(name.split(".")[chain.index(source) :])
    return f"{source}.{name}"


def _elassandra_aliases(node: Node) -> dict[str, tuple[str, ...]]:
    """Map each Elassandra index to the tables it serves.

    An index serves its keyspace - every table in it, one mapping type per table - so all of them; when
    no keyspace matches, the tables named like the index.
    """
    tables = [store.name for store in node.stores if store.kind == "table"]
    aliases: dict[str, tuple[str, ...]] = {}
    for store in node.stores:
        if store.kind != "index":
            continue
        wanted = store.name.replace(".", "_").replace("-", "_")
        served = tuple(table for table in tables if table.partition(".")[0].replace("-", "_") == wanted)
        served = served or tuple(table for table in tables if table.partition(".")[2] == wanted)
        if served:
            aliases[store.name] = served
    return aliases


def build_store_graph(design: Design, catalog: Catalog, specs: Sequence[FlowSpec]) -> StoreGraph:
    """Build the store graph of ``design`` from its resolved flows (see the module docstring).

    Parameters
    ----------
    design
        The parsed design; nodes whose service is not in the catalog get no vertex.
    catalog
        The catalog, for each service's store kinds.
    specs
        The flows whose mechanism is resolved and valid, in design order. Flows of kind ``native``
        (Cassandra multi-DC replication) merge stores; replicators copy topics; the rest connect what
        they read to what they write.
    """
    graph = StoreGraph()
    nodes: dict[str, Node] = {}
    store_node: dict[str, bool] = {}
    for node in design.nodes:
        service = catalog.service(node.service)
        if service is None:
            continue
        nodes[node.id] = node
        store_node[node.id] = bool(service.store_kinds)

    aliases: dict[str, dict[str, tuple[str, ...]]] = {
        node.id: _elassandra_aliases(node) for node in nodes.values() if node.service == "elassandra"
    }

    def canonical_names(node_id: str, name: str) -> tuple[str, ...]:
        served = aliases.get(node_id)  # only Elassandra nodes have an entry
        found = served.get(name) if served is not None else None
        return (name,) if found is None else found

    # Names each store node holds: declared (canonical) or the wildcard, then what replication creates.
    known: dict[str, dict[str, None]] = {}
    declared: dict[str, list[str]] = {}
    for node in nodes.values():
        if not store_node[node.id]:
            continue
        names = [*dict.fromkeys(name for store in node.stores for name in canonical_names(node.id, store.name))]
        names = names or [WILDCARD]
        declared[node.id] = names
        known[node.id] = dict.fromkeys(names)

    native = [spec for spec in specs if spec.mechanism.kind == "native"]
    replicators = [spec for spec in specs if spec.mechanism.kind == "replicator"]
    others = [spec for spec in specs if spec.mechanism.kind not in ("native", "replicator")]
    graph.specs = [*replicators, *others]

    # Replication: follow names from cluster to cluster, creating remote topics on the way.
    edges: list[tuple[tuple[str, str], tuple[str, str], int]] = []
    outgoing: dict[str, list[int]] = {}
    for position, spec in enumerate(replicators):
        if spec.flow.source.node in known and spec.flow.sink.node in known:
            outgoing.setdefault(spec.flow.source.node, []).append(position)
    kafka_aliases = frozenset(node_id for node_id, node in nodes.items() if node.service == "kafka")
    total_declared = sum(len(names) for names in declared.values())
    budget = IMPLICIT_BUDGET_FACTOR * (total_declared + len(specs)) + 1000
    queue: deque[tuple[str, str]] = deque((node_id, name) for node_id, names in known.items() for name in names)
    while queue:
        node_id, name = queue.popleft()
        for position in outgoing.get(node_id, ()):
            spec = replicators[position]
            explicit = spec.flow.source.store
            if explicit is not None:
                if name not in canonical_names(node_id, explicit):
                    continue
            elif spec.topic_filter is not None and not spec.topic_filter.matches(name):
                continue
            target = spec.flow.sink.node
            written = remote_name(name, source=node_id, target=target, renames=spec.renames, aliases=kafka_aliases)
            if written is None:
                continue
            if written not in known[target]:
                if budget <= 0:
                    graph.bounded = True
                    continue
                budget -= 1
                known[target][written] = None
                graph.implicit[f"{target}/{written}"] = spec.flow.id
                queue.append((target, written))
            edges.append(((node_id, name), (target, written), position))

    # Native replication: same-named stores of the two data centres are one store.
    union: UnionFind[tuple[str, str]] = UnionFind()
    for spec in native:
        source, sink = spec.flow.source, spec.flow.sink
        if source.node not in known or sink.node not in known:
            continue
        if source.store is not None and sink.store is not None:
            sources = canonical_names(source.node, source.store)
            sinks = canonical_names(sink.node, sink.store)
            # One table each: the same table. An index on either side: its tables pair up by name.
            pairs = (
                [(sources[0], sinks[0])] if len(sources) == len(sinks) == 1 else [(n, n) for n in sources if n in sinks]
            )
            for source_name, sink_name in pairs:
                union.union((source.node, source_name), (sink.node, sink_name))
            continue
        for name in declared[source.node]:
            if name in known[sink.node]:
                union.union((source.node, name), (sink.node, name))

    # The smallest key of each merged set names it, so the merged store's label does not depend on flow order
    # (networkx's UnionFind picks roots by set size).
    merged: dict[tuple[str, str], tuple[str, str]] = {}
    for group in union.to_sets():
        smallest = min(group)
        merged.update(dict.fromkeys(group, smallest))
    vertex_of: dict[tuple[str, str], int] = {}

    def vertex(key: tuple[str, str]) -> int:
        key = merged.get(key, key)
        found = vertex_of.get(key)
        if found is not None:
            return found
        number = len(graph.labels)
        node_id, name = key
        vertex_of[key] = number
        graph.labels.append(f"{node_id}/{name}" if name else node_id)
        graph.kinds.append("store" if name else "node")
        graph.vertex_node.append(node_id)
        graph.vertex_store.append(name)
        return number

    for node in nodes.values():
        if store_node[node.id]:
            for name in known[node.id]:
                vertex((node.id, name))
        else:
            vertex((node.id, ""))

    for source_key, target_key, position in edges:
        graph.edges.append((vertex(source_key), vertex(target_key), position))

    # Many flows read or write the same endpoint: each is worked out once.
    endpoints: dict[tuple[str, str | None, bool], list[int]] = {}

    def endpoint_vertices(node_id: str, store: str | None, *, reading: bool) -> list[int]:
        key = (node_id, store, reading)
        found = endpoints.get(key)
        if found is not None:
            return found
        if not store_node[node_id]:
            found = [vertex((node_id, ""))]
        elif store is not None:
            found = sorted({vertex((node_id, name)) for name in canonical_names(node_id, store)})
        else:
            names = known[node_id] if reading else declared[node_id]
            found = sorted({vertex((node_id, name)) for name in names})
        endpoints[key] = found
        return found

    offset = len(replicators)
    for position, spec in enumerate(others):
        flow = spec.flow
        if flow.source.node not in nodes or flow.sink.node not in nodes:
            continue
        reads = endpoint_vertices(flow.source.node, flow.source.store, reading=True)
        writes = endpoint_vertices(flow.sink.node, flow.sink.store, reading=False)
        number = offset + position
        if len(reads) * len(writes) <= len(reads) + len(writes):
            graph.edges.extend((read, write, number) for read in reads for write in writes)
            continue
        hub = len(graph.labels)
        graph.labels.append(f"flow:{flow.id}")
        graph.kinds.append("hub")
        graph.vertex_node.append("")
        graph.vertex_store.append("")
        graph.edges.extend((read, hub, number) for read in reads)
        graph.edges.extend((hub, write, number) for write in writes)
    return graph


def flows_by_id(specs: Sequence[FlowSpec]) -> Mapping[str, FlowSpec]:
    """Index resolved flows by flow id."""
    return {spec.flow.id: spec for spec in specs}
