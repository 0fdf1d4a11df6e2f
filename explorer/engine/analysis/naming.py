"""Rules ``invalid-name`` and ``name-collision``, from the catalog's naming rules per store kind.

Declared stores are checked against their service's rule; topics MirrorMaker 2 would create
(``<source>.<topic>``) are checked too, since they must themselves be legal topics. Collisions:
Kafka maps ``.`` and ``_`` to the same metric name (``a.b`` and ``a_b`` collide); unquoted CQL
names are case-folded; Elassandra turns dots and dashes into underscores. A topic whose name holds a
cluster alias before a dot collides with MirrorMaker 2's remote-topic names (integrations.md section 4,
L11): the default policy reads each part before a '.' as a cluster the topic came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from catalog import NamingRule
from explorer.engine.analysis.context import Context
from explorer.engine.analysis.findings import Finding, finding
from explorer.engine.graph import WILDCARD, StoreGraph

__all__ = ["naming_findings"]

COLLISION_KEYS: dict[tuple[str, str], Callable[[str], str]] = {
    ("kafka", "topic"): lambda name: name.replace(".", "_"),
    ("cassandra", "table"): str.lower,
    ("jdbc", "table"): str.lower,
    ("elassandra", "table"): lambda name: re.sub(r"[.\-]", "_", name.lower()),
}
COLLISION_REASONS: dict[str, str] = {
    "kafka": "Kafka maps '.' and '_' to the same metric name, so these topics collide",
    "cassandra": "unquoted CQL names are case-folded, so these tables are the same table",
    "jdbc": "most databases fold unquoted names, so these tables may be the same table",
    "elassandra": "Elassandra turns dots and dashes into underscores, so these names become the same",
}


def _suggest(rule: NamingRule, name: str) -> str | None:
    """A close valid name, when a simple clean-up gives one."""
    candidate = re.sub(r"[^a-z0-9_.]", "_", name.lower()).strip("_.") or "data"
    if not candidate[0].isalpha():
        candidate = f"t_{candidate}"
    if rule.max_length is not None:
        candidate = candidate[: rule.max_length]
    return candidate if not rule.problems(candidate) and candidate != name else None


def naming_findings(context: Context, graph: StoreGraph) -> list[Finding]:
    """Invalid store names (declared and replication-created) and colliding names within a node."""
    found: list[Finding] = []
    for node in context.design.nodes:
        service = context.services.get(node.id)
        if service is None:
            continue
        for store in node.stores:
            ref = f"{node.id}/{store.name}"
            if store.kind not in service.store_kinds:
                holds = ", ".join(service.store_kinds) or "no stores"
                found.append(
                    finding(
                        "invalid-name",
                        f"Store '{store.name}' of {context.label(node.id)} is a {store.kind}, but a {service.id} "
                        f"node holds {holds}.",
                        refs=[node.id, ref],
                        fix=f"Change the kind of '{store.name}' to {' or '.join(service.store_kinds)}."
                        if service.store_kinds
                        else f"Remove store '{store.name}' from '{node.id}'.",
                    )
                )
                continue
            rule = service.naming_rule(store.kind)
            if rule is None:
                continue
            problems = rule.problems(store.name)
            if problems:
                suggestion = _suggest(rule, store.name)
                fix = f"Rename {store.kind} '{store.name}'" + (
                    f" to '{suggestion}'." if suggestion else f": {rule.description}."
                )
                found.append(
                    finding(
                        "invalid-name",
                        f"{store.kind.capitalize()} '{store.name}' of {context.label(node.id)}: {'; '.join(problems)}.",
                        refs=[node.id, ref],
                        evidence=rule.evidence,
                        fix=fix,
                    )
                )
    for label, flow_id in sorted(graph.implicit.items()):
        node_id, _, name = label.partition("/")
        service = context.services.get(node_id)
        rule = service.naming_rule("topic") if service is not None else None
        if rule is None or WILDCARD in name:
            continue
        problems = rule.problems(name)
        if problems:
            found.append(
                finding(
                    "invalid-name",
                    f"Flow '{flow_id}' would create topic '{name}' on {context.label(node_id)}: {'; '.join(problems)}.",
                    refs=[flow_id, node_id, label],
                    evidence=rule.evidence,
                    fix=f"Shorten the topic names that flow '{flow_id}' copies, or narrow its 'topics' filter.",
                )
            )
    found.extend(_collisions(context, graph))
    found.extend(_remote_lookalikes(context, graph))
    return found


def _remote_lookalikes(context: Context, graph: StoreGraph) -> list[Finding]:
    """Declared topics MirrorMaker 2's default policy would take for remote topics (L11).

    Its cycle check (``isCycle``) reads the text before each '.' as the cluster a topic came from, and
    skips a topic when one of those parts is the target cluster. A declared topic with a cluster alias
    in such a part, copied by a default-policy flow, is either never copied or credited to the wrong
    cluster. Topics replication itself writes there are genuine remote topics and are left alone.
    Linear: candidate topics are found once per node, then matched against that node's outgoing flows.
    """
    aliases = {node_id for node_id, service in context.services.items() if service.id == "kafka"}
    produced = {
        graph.labels[target] for _, target, flow in graph.edges if graph.specs[flow].mechanism.kind == "replicator"
    }
    suspects: dict[str, list[tuple[str, list[str]]]] = {}
    for node_id in aliases:
        for store in context.nodes[node_id].stores:
            named = [part for part in store.name.split(".")[:-1] if part in aliases]
            if named and f"{node_id}/{store.name}" not in produced:
                suspects.setdefault(node_id, []).append((store.name, named))
    found: list[Finding] = []
    for spec in context.specs:
        flow = spec.flow
        if spec.mechanism.kind != "replicator" or not spec.renames or flow.source.node not in suspects:
            continue
        pair = spec.mechanism.pair("kafka", "kafka")
        for name, named in suspects[flow.source.node]:
            if flow.source.store not in (None, name):
                continue
            if spec.topic_filter is not None and not spec.topic_filter.matches(name):
                continue
            target = flow.sink.node
            effect = (
                f"so flow '{flow.id}' never copies it to '{target}' (it looks as if it came from there)"
                if target in named
                else f"so flow '{flow.id}' credits it to cluster '{named[0]}', which weakens the cycle check"
            )
            found.append(
                finding(
                    "name-collision",
                    f"Topic '{name}' of {context.label(flow.source.node)} looks like a remote topic from cluster "
                    f"'{named[0]}': MirrorMaker 2's default policy reads each part before a '.' as the cluster a "
                    f"topic came from, {effect}.",
                    refs=[flow.id, flow.source.node, f"{flow.source.node}/{name}"],
                    evidence=pair.evidence if pair is not None else (),
                    fix=f"Rename topic '{name}' so no part before a '.' names a cluster of the design (for example "
                    f"'{name.replace('.', '_')}'), or leave it out of the 'topics' filter of flow '{flow.id}'.",
                )
            )
    return found


def _collisions(context: Context, graph: StoreGraph) -> list[Finding]:
    names: dict[str, list[tuple[str, str]]] = {}
    for node in context.design.nodes:
        if node.id in context.services:
            names[node.id] = [(store.name, store.kind) for store in node.stores]
    for label in graph.implicit:
        node_id, _, name = label.partition("/")
        if node_id in names and WILDCARD not in name:
            names[node_id].append((name, "topic"))
    found: list[Finding] = []
    for node_id, stores in names.items():
        service = context.services[node_id].id
        groups: dict[tuple[str, str], list[str]] = {}
        for name, kind in stores:
            key = COLLISION_KEYS.get((service, kind))
            if key is not None:
                groups.setdefault((kind, key(name)), []).append(name)
        for (kind, _), members in sorted(groups.items()):
            unique = sorted(set(members))
            if len(unique) < 2:
                continue
            rule = context.services[node_id].naming_rule(kind)
            quoted = " and ".join(f"'{name}'" for name in unique)
            others = " or ".join(f"'{name}'" for name in unique[1:])
            found.append(
                finding(
                    "name-collision",
                    f"{kind.capitalize()}s {quoted} of {context.label(node_id)} collide: {COLLISION_REASONS[service]}.",
                    refs=[node_id, *(f"{node_id}/{name}" for name in unique)],
                    evidence=rule.evidence if rule is not None else (),
                    fix=f"Rename {others} so only '{unique[0]}' keeps that name; use one separator style for all "
                    "names.",
                )
            )
    return found
