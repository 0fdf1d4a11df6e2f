"""Versions for the nodes a design leaves open, chosen so that every mechanism's version constraint holds.

Code: ``version-chosen``. A node without a ``version`` property used to run its service's catalog default,
even when that default broke a constraint of a flow it takes part in: Kafka -> Elassandra -> Kibana with no
versions was impossible because the defaults (Elassandra 6.8.4, Kibana 8.15.0) disagree, although Kibana 6.8
on Elassandra is the documented pairing. Like a package resolver, :func:`choose_versions` gives each open
node the candidate versions its service lists in the catalog (the default first), takes the constraints
from the mechanisms of the flows (``same_version``, ``min_version`` / ``max_version``) and searches, per
group of nodes joined by constrained flows, for an assignment that satisfies them all, preferring defaults.

Pinned versions (a node's ``version`` property) are never changed. When no assignment exists the defaults
stay and the flow rules report ``version-mismatch`` as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from catalog import Mechanism
from explorer.engine.analysis.context import Context
from explorer.engine.analysis.findings import Finding, finding
from explorer.engine.document import Flow

__all__ = ["ConstrainedFlow", "choose_versions"]

#: Assignments tried per group of joined nodes before the search gives up and keeps the defaults. Real
#: groups are a Kibana and its cluster, or a few Kafka clusters under MirrorMaker 1: a handful of tries.
SEARCH_BUDGET = 10_000


@dataclass(frozen=True)
class ConstrainedFlow:
    """A flow whose mechanism puts version constraints on its ends, with the services of those ends."""

    flow: Flow
    mechanism: Mechanism
    source_service: str
    sink_service: str
    evidence: tuple[str, ...]

    def problems(self, version: Callable[[str], str | None], memo: Memo | None = None) -> tuple[str, ...]:
        """What the flow's constraints say about the ends' versions as ``version(node id)`` gives them.

        The same few mechanism, service and version combinations recur across a large design; with a
        ``memo`` each is judged once.
        """
        key = (
            self.mechanism.id,
            self.source_service,
            version(self.flow.source.node),
            self.sink_service,
            version(self.flow.sink.node),
        )
        if memo is not None and key in memo:
            return memo[key]
        found = tuple(
            self.mechanism.version_problems(
                source_service=key[1], source_version=key[2], sink_service=key[3], sink_version=key[4]
            )
        )
        if memo is not None:
            memo[key] = found
        return found


#: Judged combinations: (mechanism id, source service, source version, sink service, sink version) -> problems.
Memo = dict[tuple[str, str, str | None, str, str | None], tuple[str, ...]]


def _search(
    variables: list[str],
    candidates: dict[str, tuple[str, ...]],
    checks: list[list[ConstrainedFlow]],
    fixed: dict[str, str],
    memo: Memo,
) -> dict[str, str] | None:
    """Depth-first search over ``variables`` in order, each candidate list default first.

    ``checks[i]`` are the flows whose last open end is ``variables[i]``: they are judged as soon as it is
    assigned, so a dead end is left at once. Returns the first complete assignment (the one closest to the
    defaults in variable order) or None when there is none within :data:`SEARCH_BUDGET` tries.
    """
    assignment: dict[str, str] = {}

    def version(node_id: str) -> str | None:
        return assignment.get(node_id, fixed.get(node_id))

    budget = SEARCH_BUDGET
    # Iterative, so a long chain of joined nodes cannot hit the recursion limit: position i holds the index
    # of the candidate tried for variables[i].
    choice = [-1] * len(variables)
    position = 0
    while 0 <= position < len(variables):
        name = variables[position]
        choice[position] += 1
        if choice[position] >= len(candidates[name]):
            choice[position] = -1
            assignment.pop(name, None)
            position -= 1
            continue
        budget -= 1
        if budget < 0:
            return None
        assignment[name] = candidates[name][choice[position]]
        if all(not item.problems(version, memo) for item in checks[position]):
            position += 1
    return assignment if position == len(variables) else None


def choose_versions(context: Context, constrained: list[ConstrainedFlow]) -> list[Finding]:
    """Choose versions for open nodes whose defaults break a constraint; fill ``context.chosen_versions``.

    Returns one ``version-chosen`` finding per node whose version differs from its service's default,
    naming the version, the default, and the flows whose constraints the default broke.
    """
    defaults: dict[str, str] = {}
    candidates: dict[str, tuple[str, ...]] = {}
    fixed: dict[str, str] = {}
    graph: nx.Graph[str] = nx.Graph()
    for item in constrained:
        graph.add_edge(item.flow.source.node, item.flow.sink.node)
    for node_id in graph:
        pinned = context.nodes[node_id].version()
        service = context.services[node_id]
        if pinned is not None:
            fixed[node_id] = pinned
        elif service.default_version is not None:
            defaults[node_id] = service.default_version
            candidates[node_id] = service.candidate_versions()
    fixed_or_default = {**defaults, **fixed}
    memo: Memo = {}
    broken = [item for item in constrained if item.problems(fixed_or_default.get, memo)]
    if not broken:
        return []
    by_node: dict[str, list[ConstrainedFlow]] = {}
    for item in constrained:
        for end in {item.flow.source.node, item.flow.sink.node}:
            by_node.setdefault(end, []).append(item)
    troubled = {end for item in broken for end in (item.flow.source.node, item.flow.sink.node)}
    chosen: dict[str, str] = {}
    for group in sorted((sorted(component) for component in nx.connected_components(graph)), key=lambda g: g[0]):
        if troubled.isdisjoint(group):
            continue  # the defaults already satisfy this group
        variables = [node_id for node_id in group if node_id in candidates]
        if not variables:
            continue  # every end is pinned: a conflict is the designer's, reported as version-mismatch
        order = {node_id: index for index, node_id in enumerate(variables)}
        checks: list[list[ConstrainedFlow]] = [[] for _ in variables]
        seen: set[str] = set()
        for node_id in group:
            for item in by_node[node_id]:
                if item.flow.id in seen:
                    continue
                seen.add(item.flow.id)
                ends = [order[end] for end in (item.flow.source.node, item.flow.sink.node) if end in order]
                if ends:  # flows between pinned nodes only cannot be helped by the search
                    checks[max(ends)].append(item)
        found = _search(variables, candidates, checks, fixed, memo)
        if found is None:
            continue  # nothing the catalog lists satisfies the group: keep the defaults, report the mismatch
        chosen.update({node_id: version for node_id, version in found.items() if version != defaults[node_id]})
    context.chosen_versions.update(chosen)
    return [_chosen_finding(context, node_id, defaults[node_id], by_node[node_id]) for node_id in sorted(chosen)]


def _chosen_finding(context: Context, node_id: str, default: str, flows: list[ConstrainedFlow]) -> Finding:
    """The ``version-chosen`` note for one node: which version, instead of which default, and why."""
    version = context.chosen_versions[node_id]
    service = context.services[node_id].id

    def with_default(other: str) -> str | None:
        return default if other == node_id else context.version(other)

    reasons: list[str] = []
    refs: list[str] = [node_id]
    evidence: list[str] = []
    for item in flows:
        problems = item.problems(with_default)
        if problems:
            reasons.append(f"flow '{item.flow.id}' ({item.mechanism.id}): {'; '.join(dict.fromkeys(problems))}")
            refs.append(item.flow.id)
            evidence.extend(url for constraint in item.mechanism.version_constraints for url in constraint.evidence)
            evidence.extend(item.evidence)
    because = "; ".join(reasons) if reasons else "the version constraints of its flows hold only together this way"
    return finding(
        "version-chosen",
        f"{context.label(node_id)} sets no version, so the analysis chose {service} {version} instead of the "
        f"catalog default {default}: with {default}, {because}.",
        refs=refs,
        evidence=evidence,
        fix=f"Set 'version' of '{node_id}' to {version} to keep this choice, or pin the versions yourself.",
    )
