"""What an outage takes away: down nodes, replication recovery points, failover readiness, Cassandra availability.

Pure: no Django, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from catalog.load_defaults import LoadDefaults
from explorer.engine.document import Design, Location, Node
from explorer.engine.graph import FlowSpec
from explorer.engine.simulate.inputs import CONSISTENCY_LEVELS, Outage, SimulationError, figure_dict, number_text
from explorer.engine.simulate.model import Model, SeriesRun, Steady, flow_edges

__all__ = [
    "CASSANDRA_EVIDENCE",
    "MM2_EVIDENCE",
    "cassandra_availability",
    "down_nodes",
    "failover_readiness",
    "quorum",
]

CASSANDRA_EVIDENCE = "https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#tunable-consistency"
MM2_EVIDENCE = (
    "https://cwiki.apache.org/confluence/display/KAFKA/KIP-545%3A+support+automated+consumer+offset+sync+across+"
    "clusters+in+MM+2.0"
)


def _matches(location: Location, name: str) -> bool:
    return name in (location.id, location.provider, location.region, location.zone)


def down_nodes(design: Design, outage: Outage) -> tuple[str, ...]:
    """Ids of the nodes an outage takes down, in design order.

    A location name matches a location's id, provider, region or zone, so ``eu-west-1`` takes down every
    location in that region. Raises :class:`SimulationError` for a name that matches nothing.
    """
    down_locations: set[str] = set()
    for name in outage.locations:
        found = {location.id for location in design.locations if _matches(location, name)}
        if not found:
            known = sorted(
                {
                    value
                    for location in design.locations
                    for value in (location.id, location.provider, location.region, location.zone)
                    if value
                }
            )
            raise SimulationError(
                f"outage.locations: '{name}' names no location, provider, region or zone of the design "
                f"(known: {', '.join(known) or 'none'})"
            )
        down_locations |= found
    for name in outage.nodes:
        if design.node(name) is None:
            raise SimulationError(f"outage.nodes: '{name}' is not a node of the design")
    wanted = set(outage.nodes)
    return tuple(node.id for node in design.nodes if node.id in wanted or node.location in down_locations)


def quorum(replicas: int) -> int:
    """Replicas a quorum needs: ``floor(replicas / 2) + 1``."""
    return replicas // 2 + 1


def _level_ok(level: str, home: str, alive: Mapping[str, int], factors: Mapping[str, int]) -> tuple[bool, str]:
    if level == "LOCAL_QUORUM":
        need = quorum(factors.get(home, 0))
        ok = factors.get(home, 0) > 0 and alive.get(home, 0) >= need
        return ok, f"{alive.get(home, 0)} alive in {home} >= floor({factors.get(home, 0)}/2)+1 = {need}"
    total_alive, total = sum(alive.values()), sum(factors.values())
    if level == "ONE":
        return total_alive >= 1, f"{total_alive} replicas alive >= 1"
    if level == "QUORUM":
        need = quorum(total)
        return total_alive >= need, f"{total_alive} alive >= floor({total}/2)+1 = {need}"
    short = [(dc, alive.get(dc, 0), quorum(rf)) for dc, rf in sorted(factors.items()) if rf > 0]
    failing = [f"{dc}: {count} alive < {need}" for dc, count, need in short if count < need]
    if not failing:
        return True, f"each of the {len(short)} data centres has floor(rf/2)+1 replicas alive"
    return False, "; ".join(failing[:5]) + (f" and {len(failing) - 5} more" if len(failing) > 5 else "")


@dataclass(frozen=True)
class _Cluster:
    nodes: tuple[Node, ...]
    datacenter: Mapping[str, str]


def _cassandra_clusters(model: Model) -> list[_Cluster]:
    nodes = [node for node in model.design.nodes if node.service in ("cassandra", "elassandra")]
    parent = {node.id: node.id for node in nodes}

    def find(item: str) -> str:
        while parent[item] != item:
            item = parent[item]
        return item

    for spec in model.context.specs:
        if spec.mechanism.kind == "native" and spec.flow.source.node in parent and spec.flow.sink.node in parent:
            low, high = sorted((find(spec.flow.source.node), find(spec.flow.sink.node)))
            parent[high] = low
    groups: dict[str, list[Node]] = {}
    for node in nodes:
        groups.setdefault(find(node.id), []).append(node)
    clusters = []
    for members in groups.values():
        centres = {node.id: str(node.properties.get("datacenter") or node.id) for node in members}
        clusters.append(_Cluster(tuple(members), centres))
    return clusters


def cassandra_availability(
    model: Model, defaults: LoadDefaults, down: frozenset[str] | set[str]
) -> list[dict[str, Any]]:
    """Reads and writes per keyspace, then per data centre (where the client runs) and consistency level, before
    and during the outage.

    A node of the design is one data centre; down, all its replicas are down. Replication per data centre comes
    from a table's ``replication`` property (``{"dc1": 3}``), else the node's ``replication_factor``, else the
    catalog default. A client in a down data centre has no coordinator, so nothing is available to it.
    """
    rows: list[dict[str, Any]] = []
    for cluster in _cassandra_clusters(model):
        keyspaces: dict[str, dict[str, int]] = {}
        assumed: set[str] = set()
        for node in cluster.nodes:
            for store in node.stores:
                keyspace = store.name.partition(".")[0]
                declared = store.properties.get("replication")
                factors = keyspaces.setdefault(keyspace, {})
                if isinstance(declared, Mapping):
                    for dc, rf in declared.items():
                        if isinstance(rf, int) and not isinstance(rf, bool):
                            factors[str(dc)] = rf
        for keyspace, factors in sorted(keyspaces.items()):
            for node in cluster.nodes:
                dc = cluster.datacenter[node.id]
                if dc in factors:
                    continue
                rf = node.properties.get("replication_factor")
                if isinstance(rf, int) and not isinstance(rf, bool):
                    factors[dc] = rf
                else:
                    factors[dc] = int(defaults.get("replication_factor", "cassandra").value)
                    assumed.add(model.assume("replication_factor@cassandra", f"{node.id} ({keyspace})"))
            down_centres = {cluster.datacenter[node.id] for node in cluster.nodes if node.id in down}
            alive_before = dict(factors)
            alive_during = {dc: (0 if dc in down_centres else rf) for dc, rf in factors.items()}
            # ONE, QUORUM and EACH_QUORUM do not depend on where the client is: compute them once.
            shared = {
                level: (_level_ok(level, "", alive_before, factors), _level_ok(level, "", alive_during, factors))
                for level in CONSISTENCY_LEVELS
                if level != "LOCAL_QUORUM"
            }
            centres: list[dict[str, Any]] = []
            for node in sorted(cluster.nodes, key=lambda item: (cluster.datacenter[item.id], item.id)):
                home = cluster.datacenter[node.id]
                levels: dict[str, Any] = {}
                for level in CONSISTENCY_LEVELS:
                    if level in shared:
                        (before, before_why), (during, during_why) = shared[level]
                    else:
                        before, before_why = _level_ok(level, home, alive_before, factors)
                        during, during_why = _level_ok(level, home, alive_during, factors)
                    if home in down_centres:
                        during, during_why = False, f"data centre {home} is down: no coordinator"
                    levels[level] = {
                        "reads": {"before": before, "during": during},
                        "writes": {"before": before, "during": during},
                        "formula": {"before": before_why, "during": during_why},
                    }
                centres.append({"node": node.id, "datacenter": home, "down": home in down_centres, "levels": levels})
            rows.append(
                {
                    "keyspace": keyspace,
                    "replication": dict(sorted(factors.items())),
                    "datacenters": centres,
                    "assumptions": sorted(assumed),
                    "evidence": [CASSANDRA_EVIDENCE],
                }
            )
    return rows


def _flag(properties: Mapping[str, object], key: str, default: bool) -> bool:
    value = properties.get(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return default


def failover_readiness(
    model: Model,
    steady: Steady,
    run: SeriesRun,
    defaults: LoadDefaults,
    down: frozenset[str] | set[str],
) -> list[dict[str, Any]]:
    """For every replication flow: what is lost and who can resume if its source cluster is lost.

    Recovery point: the records written to the source but not yet on the target, ``backlog(t) + latency x
    offered(t)``, at its worst over the run. Consumers of the replicated topics can resume on the target when
    MirrorMaker 2 emits checkpoints and syncs group offsets (then they read again at most ``sync interval x
    rate`` records) and when the same consumer also reads the copy on the target.
    """
    edges_of = flow_edges(model)
    graph = model.graph
    properties = {spec.flow.id: spec.flow.properties for spec in model.context.specs}
    readers: dict[str, list[FlowSpec]] = {}
    feeds: dict[tuple[str, str], list[str]] = {}
    for spec in model.context.specs:
        readers.setdefault(spec.flow.source.node, []).append(spec)
        feeds.setdefault((spec.flow.source.node, spec.flow.sink.node), []).append(spec.flow.id)
    out: list[dict[str, Any]] = []
    for number, load in enumerate(model.flows):
        if load.kind != "replicator":
            continue
        props = properties.get(load.id, {})
        reasons: list[str] = []
        is_mm2 = load.mechanism == "mirrormaker2"
        # The generated mm2.properties turns both on (explorer/engine/generate/mirrormaker.py); a design may not.
        checkpoints = is_mm2 and _flag(props, "emit.checkpoints.enabled", True)
        synced = is_mm2 and _flag(props, "sync.group.offsets.enabled", True)
        if not is_mm2:
            reasons.append(
                f"{load.mechanism} does not translate consumer offsets; consumers restart from their reset policy"
            )
        else:
            if not checkpoints:
                reasons.append("emit.checkpoints.enabled is false: no translated offsets on the target")
            if not synced:
                reasons.append("sync.group.offsets.enabled is false: consumer groups on the target do not move")
        rate = 0.0
        recovery = 0.0
        size = 0.0
        latency = load.latency.value
        copies: dict[str, str] = {}
        for edge in edges_of.get(number, []):
            source, target, *_rest = model.edges[edge]
            copies[graph.labels[source]] = graph.labels[target]
            offered = run.vertex_series(steady, source)
            queue = run.queues.get(edge)
            behind = offered * latency + (queue.backlog if queue is not None else 0.0)
            recovery += float(behind.max(initial=0.0))
            rate += steady.vertex_records(source)
            size = max(size, steady.size(source))
        interval_key = "sync.group.offsets.interval.seconds"
        interval_value = props.get(interval_key)
        used = [model.assume(key, load.id) for key in load.latency.assumptions]
        interval_used: list[str] = []
        if isinstance(interval_value, int | float) and not isinstance(interval_value, bool):
            interval = float(interval_value)
        else:
            interval = defaults.get(interval_key).value
            interval_used.append(model.assume(interval_key, load.id))
        consumers: list[dict[str, Any]] = []
        for spec in readers.get(load.source_node, []):
            flow = spec.flow
            if spec.mechanism.kind == "replicator":
                continue
            read = f"{flow.source.node}/{flow.source.store}" if flow.source.store else None
            targets = [copy for original, copy in copies.items() if read is None or original == read]
            if not targets:
                consumers.append(
                    {"flow": flow.id, "node": flow.sink.node, "resumes": False, "why": "its topic is not replicated"}
                )
                reasons.append(f"flow '{flow.id}' reads a topic that '{load.id}' does not replicate")
                continue
            target_node = load.sink_node
            standby = feeds.get((target_node, flow.sink.node), [])
            if not standby:
                consumers.append(
                    {
                        "flow": flow.id,
                        "node": flow.sink.node,
                        "resumes": False,
                        "why": f"no flow from '{target_node}' to it",
                    }
                )
                reasons.append(f"'{flow.sink.node}' reads '{load.source_node}' but has no flow from '{target_node}'")
            else:
                consumers.append(
                    {"flow": flow.id, "node": flow.sink.node, "resumes": checkpoints and synced, "via": standby}
                )
        out.append(
            {
                "flow": load.id,
                "mechanism": load.mechanism,
                "source": load.source_node,
                "target": load.sink_node,
                "source_down": load.source_node in down,
                "recovery_point_records": figure_dict(
                    recovery,
                    "records",
                    f"max over t of (backlog(t) + latency {number_text(latency)} s x offered(t)); "
                    f"steady: {number_text(latency)} s x {number_text(rate)} records/s = {number_text(latency * rate)}",
                    used,
                ),
                "recovery_point_bytes": figure_dict(
                    recovery * size, "B", f"{number_text(recovery)} records x {number_text(size)} B", used
                ),
                "reprocessed_records": figure_dict(
                    interval * rate if synced else 0.0,
                    "records",
                    f"sync.group.offsets.interval.seconds {number_text(interval)} s x {number_text(rate)} records/s"
                    if synced
                    else "offsets are not synced",
                    interval_used,
                ),
                "checkpoints": checkpoints,
                "offset_sync": synced,
                # MirrorMaker 2's own default for the offset sync is off; what a design leaves unset is what the
                # generated mm2.properties writes (on), so say where the two settings came from.
                "settings_from": {
                    key: ("design" if key in props else "generated mm2.properties")
                    for key in ("emit.checkpoints.enabled", "sync.group.offsets.enabled")
                },
                "consumers": consumers,
                "ready": not reasons,
                "reasons": sorted(set(reasons)),
                "evidence": [MM2_EVIDENCE],
            }
        )
    return out
