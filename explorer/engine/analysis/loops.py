"""Rules ``event-loop`` and ``feedback-cycle``: cycles in the store graph.

Linear time, with the strongly connected components of :func:`explorer.engine.graph.strong_components`.
Every cyclic component of the continuous (stream) edges is an event loop (records re-enter forever); each
cyclic component of all edges that contains no event loop is a feedback cycle (it can only close through a
batch flow). A continuous cycle lies inside a cyclic component of all edges, so the components of all edges
are found first and only the stream edges inside them are searched again.

One kind of continuous cycle is a feedback cycle too (integrations.md section 4, L6: "warning for
longer chains (could be an intended feedback loop)"): a chain of stream processors - Spark, Kafka
Streams or client applications, Logstash - each writing a store the next one reads, where no processor
reads a store it writes itself and no replicator, connector or CDC is involved. Retry topics are built
this way on purpose. A processor on one topic (L6, L10) and anything through a replicator, connector or
CDC (L1-L5, L7-L9) stay event loops.
Each is reported once, with one witness cycle: a shortest path inside the component back to its smallest vertex.
Simple cycles are never enumerated: a component can hold exponentially many.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from explorer.engine.analysis.context import Context
from explorer.engine.analysis.findings import Finding, finding
from explorer.engine.graph import FlowSpec, StoreGraph, cyclic_components, witness_cycle

__all__ = ["PROCESSOR_KINDS", "loop_findings"]

#: Mechanism kinds that run a processor's own code: a cycle made only of these may be an intended feedback loop.
PROCESSOR_KINDS = frozenset({"spark", "client", "logstash"})


def _flows_on(
    graph: StoreGraph, path: Sequence[int], index: dict[tuple[int, int], list[int]], continuous: bool
) -> list[int]:
    """One flow per step of the witness path (a continuous one when the loop is continuous)."""
    chosen: list[int] = []
    for source, target in itertools.pairwise(path):
        candidates = index[(source, target)]
        if continuous:
            candidates = [flow for flow in candidates if graph.specs[flow].continuous] or candidates
        chosen.append(min(candidates, key=lambda flow: graph.specs[flow].flow.id))
    return chosen


def _explain(context: Context, graph: StoreGraph, path: Sequence[int], specs: list[FlowSpec]) -> tuple[str, str]:
    """Why this loop loops, and the first fix that applies."""
    identity = sorted(
        {s.flow.id for s in specs if s.mechanism.kind == "replicator" and not s.renames and s.mechanism.renames}
    )
    same_name = sorted({s.flow.id for s in specs if s.mechanism.kind == "replicator" and not s.mechanism.renames})
    mm1 = sorted({s.mechanism.id for s in specs if s.mechanism.kind == "replicator" and not s.mechanism.renames})
    if identity:
        flows = " and ".join(f"'{flow}'" for flow in identity)
        return (
            "MirrorMaker 2 with the identity replication policy keeps topic names, so its cycle check cannot see "
            "where a record came from.",
            f"Set replication_policy to default on flow{'s' if len(identity) > 1 else ''} {flows}: remote topics are "
            "then prefixed with the source cluster and never copied back.",
        )
    if same_name:
        flows = " and ".join(f"'{flow}'" for flow in same_name)
        return (
            f"{' and '.join(mm1)} {'copies' if len(mm1) == 1 else 'copy'} topics under the same name with no record of "
            "their origin.",
            f"Replace the mechanism of {flows} with mirrormaker2 (default replication policy), which renames remote "
            "topics and skips topics that came from the target.",
        )
    for position, vertex in enumerate(path[:-1]):
        previous = path[position - 1] if position > 0 else path[-2]
        if graph.kinds[vertex] != "node" or previous != path[position + 1]:
            continue  # only a processor that writes the very store it read from is to blame
        processor = graph.vertex_node[vertex]
        store = f"'{graph.labels[previous]}'" if graph.kinds[previous] == "store" else "what it reads"
        return (
            f"{context.label(processor)} writes into what it reads, so each output is consumed again.",
            f"Write the output of '{processor}' to a new store (for example a new topic for the merged or enriched "
            f"events) instead of {store}.",
        )
    cdc = [s.flow.id for s in specs if s.mechanism.kind in ("cdc", "connect-source")]
    sinks = [s.flow.id for s in specs if s.mechanism.kind == "connect-sink"]
    if cdc and sinks:
        return (
            f"Flow '{cdc[0]}' captures changes of a store that flow '{sinks[0]}' writes back into: every write is a "
            "new change, captured again.",
            f"Have flow '{sinks[0]}' write to a different table, index or prefix than the one flow '{cdc[0]}' reads.",
        )
    flows = ", ".join(f"'{s.flow.id}'" for s in specs)
    return (
        "Every record that goes round is written back where it came from.",
        f"Make one of the flows {flows} write to a different store, or remove one of them.",
    )


def _report(context: Context, graph: StoreGraph, code: str, path: list[int], flows: list[int]) -> Finding:
    specs = [graph.specs[flow] for flow in flows]
    shown = [graph.labels[vertex] for vertex in path if graph.kinds[vertex] != "hub"]
    nodes = [graph.vertex_node[vertex] for vertex in path if graph.vertex_node[vertex]]
    flow_ids = sorted({spec.flow.id for spec in specs})
    evidence = [
        url
        for spec in specs
        for pair in [spec.mechanism.pair(*_services(context, spec))]
        if pair
        for url in pair.evidence
    ]
    drawn = " -> ".join(shown)
    if code == "event-loop":
        reason, fix = _explain(context, graph, path, specs)
        vague = _unnamed_stores(context, specs)
        if vague:
            fix += (
                f" If the flows really use different stores, name them: {', '.join(vague)} name no store, so they "
                "stand for every store of their node."
            )
        message = f"Event loop: records go round {drawn} forever (flows {', '.join(flow_ids)}). {reason}"
    elif all(spec.continuous for spec in specs):
        processors = sorted({graph.vertex_node[vertex] for vertex in path if graph.kinds[vertex] == "node"})
        message = (
            f"Feedback cycle: {drawn} (flows {', '.join(flow_ids)}). Each stream processor "
            f"({', '.join(processors) or 'flows ' + ', '.join(flow_ids)}) writes what the next one reads, and the "
            "last writes back where the chain started: records go round again unless a processor drops them on "
            "the way - fine for a retry topic or a converging enrichment, an endless loop otherwise."
        )
        fix = (
            f"If the cycle is not intended, have flow '{flow_ids[-1]}' write to a new store; if it is, make sure "
            "every record leaves the cycle after a bounded number of rounds (for example a retry counter)."
        )
    else:
        batch = [spec.flow.id for spec in specs if not spec.continuous]
        names = ", ".join(sorted(set(batch)))
        message = (
            f"Feedback cycle: {drawn} (flows {', '.join(flow_ids)}). It closes through the batch flow"
            f"{'s' if len(set(batch)) > 1 else ''} {names}, so each run re-reads what earlier runs wrote."
        )
        fix = (
            f"If the cycle is not intended, have flow '{batch[-1]}' write to a different store; if it is, make each "
            "run read only data newer than its previous run."
        )
    return finding(code, message, refs=[*flow_ids, *nodes], evidence=evidence, fix=fix, path=shown)


def _unnamed_stores(context: Context, specs: list[FlowSpec]) -> list[str]:
    """Non-replicator flows on the loop whose store-holding endpoint names no store (they read or write them all)."""
    vague: list[str] = []
    for spec in specs:
        if spec.mechanism.kind == "replicator":
            continue
        for endpoint in (spec.flow.source, spec.flow.sink):
            service = context.services.get(endpoint.node)
            if endpoint.store is None and service is not None and service.store_kinds:
                vague.append(f"'{spec.flow.id}'")
                break
    return sorted(set(vague))


def _services(context: Context, spec: FlowSpec) -> tuple[str, str]:
    return context.services[spec.flow.source.node].id, context.services[spec.flow.sink.node].id


def loop_findings(context: Context, graph: StoreGraph) -> list[Finding]:
    """One ``event-loop`` per cycle of continuous flows, one ``feedback-cycle`` per other cycle (see module doc)."""
    everything = graph.adjacency()
    looping = cyclic_components(everything)
    # A continuous cycle lies inside a cyclic component of the whole graph: only the stream edges inside
    # those components are needed (in large designs most edges are in none).
    component_of = {vertex: number for number, members in enumerate(looping) for vertex in members}
    stream = [spec.continuous for spec in graph.specs]
    continuous = graph.adjacency(
        lambda source, target, flow: stream[flow] and component_of.get(source, -1) == component_of.get(target, -2)
    )
    witnesses: list[tuple[str, list[int], bool]] = []
    in_loop: set[int] = set()
    cyclic = cyclic_components(continuous)
    chains = _processor_chains(graph, cyclic)
    for number, component in enumerate(cyclic):
        code = "feedback-cycle" if number in chains else "event-loop"
        witnesses.append((code, witness_cycle(continuous, component), True))
        in_loop.update(component)
    for component in looping:
        if in_loop.isdisjoint(component):
            witnesses.append(("feedback-cycle", witness_cycle(everything, component), False))
    if not witnesses:
        return []
    # Flow ids are only needed on the witness paths: index just those edges, in one pass.
    wanted = {pair for _, path, _ in witnesses for pair in itertools.pairwise(path)}
    index: dict[tuple[int, int], list[int]] = {}
    for source, target, flow in graph.edges:
        if (source, target) in wanted:
            index.setdefault((source, target), []).append(flow)
    return [
        _report(context, graph, code, path, _flows_on(graph, path, index, stream)) for code, path, stream in witnesses
    ]


def _processor_chains(graph: StoreGraph, components: Sequence[Sequence[int]]) -> set[int]:
    """Which continuous cyclic components are chains of stream processors (see the module docstring).

    One pass over the edges: a component is not a chain when one of its inner edges belongs to a
    non-processor flow, is a store's edge to itself, or when a processor (or a flow's hub) inside it
    writes a store it reads.
    """
    component_of: dict[int, int] = {vertex: number for number, members in enumerate(components) for vertex in members}
    broken: set[int] = set()
    reads: dict[int, set[int]] = {}
    writes: dict[int, set[int]] = {}
    for source, target, flow in graph.edges:
        spec = graph.specs[flow]
        number = component_of.get(source)
        if number is None or number in broken or component_of.get(target) != number or not spec.continuous:
            continue
        if spec.mechanism.kind not in PROCESSOR_KINDS or source == target:
            broken.add(number)
        elif graph.kinds[target] != "store":
            reads.setdefault(target, set()).add(source)
        elif graph.kinds[source] != "store":
            writes.setdefault(source, set()).add(target)
    for vertex, written in writes.items():
        if not reads.get(vertex, set()).isdisjoint(written):
            broken.add(component_of[vertex])
    return set(range(len(components))) - broken
