"""Rules on the shape of the design: ``missing-upstream``, ``isolated-node``, ``unconsumed-store``,
``cross-location-client`` and ``redundant-replication``."""

from __future__ import annotations

import itertools

from explorer.engine.analysis.context import Context
from explorer.engine.analysis.findings import Finding, finding
from explorer.engine.graph import WILDCARD, FlowSpec, StoreGraph

__all__ = ["topology_findings"]

#: Services that do nothing without input, with the services that may feed them (empty: any).
NEEDS_INPUT: dict[str, tuple[str, ...]] = {
    "kibana": ("elasticsearch", "elassandra"),
    "spark-mllib": (),
    "spark-batch": (),
    "spark-streaming": (),
    "zeppelin": (),
    "logstash": (),
}
INPUT_HINTS: dict[str, str] = {
    "kibana": "add a flow from an Elasticsearch or Elassandra node to it (kibana-elasticsearch)",
    "spark-mllib": "add a flow from where its training data lives (Kafka, Cassandra, S3, JDBC) into it",
    "spark-batch": "add a flow from the data it should read (Cassandra, Kafka, S3, Elasticsearch, JDBC) into it",
    "spark-streaming": "add a flow from a Kafka topic (spark-kafka) into it",
    "zeppelin": "add a flow from what its notes query (Spark, Cassandra, Elasticsearch, JDBC) into it",
    "logstash": "add a flow from its input (Kafka, S3, JDBC, an event source) into it",
}
#: Mechanism kinds meant to cross regions; everything else is a client that should stay near its data.
WAN_KINDS = ("replicator", "native")
#: Longest external path (in flows) considered a copy of natively replicated data.
REDUNDANT_DEPTH = 3


def topology_findings(context: Context, graph: StoreGraph) -> list[Finding]:
    """All shape rules, in a fixed order."""
    return [
        *_upstream_and_isolated(context),
        *_unconsumed(context, graph),
        *_cross_location(context),
        *_redundant(context),
    ]


def _upstream_and_isolated(context: Context) -> list[Finding]:
    touched: set[str] = set()
    feeders: dict[str, set[str]] = {}
    for flow in context.design.flows:
        touched.update((flow.source.node, flow.sink.node))
        source = context.services.get(flow.source.node)
        if source is not None:
            feeders.setdefault(flow.sink.node, set()).add(source.id)
    found: list[Finding] = []
    for node in context.design.nodes:
        service = context.services.get(node.id)
        if service is None:
            continue
        accepted = NEEDS_INPUT.get(service.id)
        if accepted is not None:
            inputs = feeders.get(node.id, set())
            if not (inputs.intersection(accepted) if accepted else inputs):
                wanted = " or ".join(accepted) if accepted else "any source"
                found.append(
                    finding(
                        "missing-upstream",
                        f"{service.name} {context.label(node.id)} has no input from {wanted}, so it has nothing "
                        "to work on.",
                        refs=[node.id],
                        evidence=service.docs,
                        fix=f"Connect '{node.id}': {INPUT_HINTS[service.id]}; or remove it.",
                    )
                )
                continue
        if node.id not in touched:
            found.append(
                finding(
                    "isolated-node",
                    f"{context.label(node.id)} has no flows: nothing reaches it and nothing leaves it.",
                    refs=[node.id],
                    fix=f"Connect '{node.id}' to the design with a flow, or remove it if it is not needed.",
                )
            )
    return found


def _unconsumed(context: Context, graph: StoreGraph) -> list[Finding]:
    """Kafka topics written but never read (legitimate for Kafka used as a database, hence info)."""
    written = [False] * len(graph.labels)
    read = [False] * len(graph.labels)
    for source, target, _ in graph.edges:
        read[source] = True
        written[target] = True
    by_node: dict[str, list[str]] = {}
    for vertex in range(len(graph.labels)):
        if graph.kinds[vertex] != "store" or not written[vertex] or read[vertex]:
            continue
        node_id = graph.vertex_node[vertex]
        service = context.services.get(node_id)
        if service is not None and service.category == "stream":
            by_node.setdefault(node_id, []).append(graph.vertex_store[vertex])
    found: list[Finding] = []
    for node_id, stores in by_node.items():
        stores.sort()
        named = ", ".join("(its undeclared topics)" if name == WILDCARD else f"'{name}'" for name in stores[:10])
        more = f" and {len(stores) - 10} more" if len(stores) > 10 else ""
        found.append(
            finding(
                "unconsumed-store",
                f"{context.label(node_id)}: {named}{more} {'is' if len(stores) == 1 else 'are'} written but never read "
                "in this design (fine if the topic is kept as a record or read by tools outside the design).",
                refs=[node_id, *(f"{node_id}/{name}" for name in stores)],
                fix="Add the consumer that reads it, or lower its retention if nobody will.",
            )
        )
    return found


def _cross_location(context: Context) -> list[Finding]:
    found: list[Finding] = []
    for spec in context.specs:
        if spec.mechanism.kind in WAN_KINDS:
            continue
        flow = spec.flow
        source_region, sink_region = context.region(flow.source.node), context.region(flow.sink.node)
        if source_region is None or sink_region is None or source_region == sink_region:
            continue
        kafka = [node for node in (flow.source.node, flow.sink.node) if context.services[node].id == "kafka"]
        if kafka:
            far = flow.sink.node if kafka[0] == flow.source.node else flow.source.node
            fix = (
                f"Keep {spec.mechanism.id} next to its data: run a Kafka cluster in {context.region(far)} fed by "
                f"MirrorMaker 2 from '{kafka[0]}', and point flow '{flow.id}' at it, so only the replicator crosses "
                "the WAN."
            )
        else:
            fix = (
                f"Move '{flow.sink.node}' to the region of '{flow.source.node}', or replicate the data first "
                "(MirrorMaker 2 for Kafka, native multi-DC replication for Cassandra) so only replicators cross "
                "regions."
            )
        found.append(
            finding(
                "cross-location-client",
                f"Flow '{flow.id}' ({spec.mechanism.id}) reaches from {source_region} to {sink_region}: a client or "
                "connector working across a WAN pays its latency on every request and stops when the link does.",
                refs=[flow.id, flow.source.node, flow.sink.node],
                fix=fix,
            )
        )
    return found


def _redundant(context: Context) -> list[Finding]:
    """Native Cassandra replication plus an external copy (Spark, CDC + Kafka, ...) between the same clusters."""
    native = [spec for spec in context.specs if spec.mechanism.kind == "native"]
    if not native:
        return []
    # Node graph of the external flows; each edge keeps the first flow (design order) between its two nodes.
    copies: dict[str, dict[str, FlowSpec]] = {}
    for spec in context.specs:
        if spec.mechanism.kind != "native":
            copies.setdefault(spec.flow.source.node, {}).setdefault(spec.flow.sink.node, spec)
    found: list[Finding] = []
    for spec in native:
        first, second = spec.flow.source.node, spec.flow.sink.node
        paths = [path for path in (_copy_path(copies, first, second), _copy_path(copies, second, first)) if path]
        if not paths:
            continue
        flows = sorted({step.flow.id for path in paths for step in path})
        native_pair = spec.mechanism.pair(context.services[first].id, context.services[second].id)
        both = len(paths) == 2
        found.append(
            finding(
                "redundant-replication",
                f"{context.label(first)} and {context.label(second)} are data centres of one Cassandra cluster "
                f"(flow '{spec.flow.id}', native replication), yet flows {', '.join(flows)} copy data between them "
                f"again{' in both directions, which also loops' if both else ''}.",
                refs=[spec.flow.id, *flows, first, second],
                evidence=native_pair.evidence if native_pair is not None else (),
                fix=f"Remove the external copy ({', '.join(flows)}): native replication already keeps both data "
                "centres in step. If a separate copy is really wanted, write it to a separate cluster.",
            )
        )
    return found


def _copy_path(copies: dict[str, dict[str, FlowSpec]], start: str, goal: str) -> list[FlowSpec] | None:
    """Shortest chain of non-native flows from ``start`` to ``goal`` of at most :data:`REDUNDANT_DEPTH` flows.

    An own piece (issue 14 allows one where networkx misses a target): a breadth-first search, level by level, on
    the plain adjacency dictionary. networkx's ``bfs_edges(depth_limit=...)`` needs the external flows copied into
    a ``DiGraph`` first; at 10,000 nodes (36,000 edges) the copy and the searches took 62 + 73 ms against 10.5 +
    21.7 ms here, finding the same paths, and the copy's working set pushed the analysis' growth from 1,000 to
    10,000 nodes over 15x (figures in ``bench/README.md``).
    """
    if start not in copies:
        return None
    parent: dict[str, str] = {start: start}
    level = [start]
    for _ in range(REDUNDANT_DEPTH):
        following: list[str] = []
        for vertex in level:
            for target in copies.get(vertex, ()):
                if target in parent:
                    continue
                parent[target] = vertex
                if target == goal:
                    nodes = [goal]
                    while nodes[-1] != start:
                        nodes.append(parent[nodes[-1]])
                    nodes.reverse()
                    return [copies[a][b] for a, b in itertools.pairwise(nodes)]
                following.append(target)
        level = following
    return None
