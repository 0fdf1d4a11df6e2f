"""The diagram model every exporter writes: clusters, nodes and edges, already labelled and styled.

Two builders fill it: :func:`design_diagram` from a design (optionally with the analysis findings
as an overlay) and :func:`catalog_diagram` from the catalog (the integration map). The DOT and
Mermaid writers only read the model, so both pictures are exported the same ways.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from catalog import Catalog, Mechanism, Pair
from explorer.engine.document import Design, Flow, Location, Node

__all__ = [
    "CATEGORY_COLOURS",
    "CATEGORY_ORDER",
    "FINDING_COLOURS",
    "Cluster",
    "Diagram",
    "DiagramEdge",
    "DiagramNode",
    "FindingLike",
    "catalog_diagram",
    "design_diagram",
]

# One colour per category; red, amber and blue are kept for findings (UX.md).
CATEGORY_COLOURS: Mapping[str, str] = {
    "stream": "#6a1b9a",
    "store": "#2e7d32",
    "compute": "#00838f",
    "search": "#ad1457",
    "visualise": "#6d4c41",
    "notebook": "#827717",
    "external": "#546e7a",
    "unknown": "#757575",
}
CATEGORY_ORDER: tuple[str, ...] = tuple(CATEGORY_COLOURS)
CATEGORY_TITLES: Mapping[str, str] = {
    "stream": "Stream",
    "store": "Store",
    "compute": "Compute",
    "search": "Search",
    "visualise": "Visualise",
    "notebook": "Notebook",
    "external": "External",
    "unknown": "Unknown service",
}
FINDING_COLOURS: Mapping[str, str] = {"error": "#d32f2f", "warning": "#f9a825", "loop": "#d32f2f", "info": "#1976d2"}

MAX_STORES_SHOWN = 6
MAX_LABEL_CHARS = 80
_ID_RE = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


class FindingLike(Protocol):
    """What the overlay reads from an analysis finding (``explorer.engine.analysis.Finding`` fits)."""

    @property
    def code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def refs(self) -> tuple[str, ...]: ...
    @property
    def path(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Cluster:
    """A box: a provider, region, zone or location, a co-located group, or a catalog category."""

    key: str
    label: str
    parent: str | None
    kind: str  # "provider" | "region" | "zone" | "location" | "group" | "category"


@dataclass(frozen=True)
class DiagramNode:
    """A node as drawn: icon, name, service, stores; ``highlight`` is a finding severity or None."""

    key: str
    name: str
    service: str
    service_name: str
    category: str
    icon: str
    stores: tuple[str, ...]
    more_stores: int
    cluster: str | None
    highlight: str | None = None


@dataclass(frozen=True)
class DiagramEdge:
    """An edge as drawn; ``mode`` is "stream" (solid) or "batch" (dashed); ``highlight`` error/warning/loop."""

    key: str
    source: str
    sink: str
    mechanism: str
    carries: tuple[str, ...]  # one line per store (or store pair) the edge carries
    mode: str
    highlight: str | None = None
    both: bool = False  # documented in both directions: drawn with two arrowheads


@dataclass(frozen=True)
class Diagram:
    """Everything a writer needs, in drawing order."""

    title: str
    subtitle: str
    clusters: tuple[Cluster, ...]
    nodes: tuple[DiagramNode, ...]
    edges: tuple[DiagramEdge, ...]
    categories: tuple[str, ...]
    overlay: bool = False
    direction: str = "LR"

    def modes(self) -> tuple[str, ...]:
        """Return the edge modes present, streaming first."""
        present = {edge.mode for edge in self.edges}
        return tuple(mode for mode in ("stream", "batch") if mode in present)


def clean_text(text: object, limit: int = MAX_LABEL_CHARS) -> str:
    """Make user text safe to place on one line: no control characters, whitespace collapsed, bounded."""
    value = str(text)
    if not (value.isprintable() and "  " not in value and value == value.strip()):
        value = " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _unique_keys(ids: Iterable[str], prefix: str) -> dict[str, str]:
    """Map ids to writer-safe keys: the id itself when it is a well-formed id, else a numbered key."""
    keys: dict[str, str] = {}
    for index, value in enumerate(ids):
        if value not in keys:
            keys[value] = f"{prefix}{value}" if _ID_RE.match(value) else f"{prefix}{index}_"
    return keys


def _location_clusters(locations: Sequence[Location], used: set[str]) -> tuple[list[Cluster], dict[str, str]]:
    """Nest the used locations as provider > region > zone boxes; return the clusters and location -> cluster key.

    A location that is alone at its deepest level shares that box (its name joins the label), so
    one location in one region draws one box, not two.
    """
    clusters: dict[str, Cluster] = {}
    order: list[str] = []
    home: dict[str, str] = {}

    def ensure(key: str, label: str, parent: str | None, kind: str) -> str:
        if key not in clusters:
            clusters[key] = Cluster(key=key, label=label, parent=parent, kind=kind)
            order.append(key)
        return key

    chosen = [loc for loc in locations if loc.id in used]
    levels: dict[tuple[str, ...], list[Location]] = {}
    for loc in chosen:
        path = tuple(part for part in (loc.provider, loc.region, loc.zone) if part)
        levels.setdefault(path, []).append(loc)

    for loc in chosen:
        parent: str | None = None
        parts: list[tuple[str, str]] = [
            (kind, value)
            for kind, value in (("provider", loc.provider), ("region", loc.region), ("zone", loc.zone))
            if value
        ]
        path = tuple(value for _, value in parts)
        shares_box = bool(parts) and len(levels[path]) == 1
        for depth, (kind, value) in enumerate(parts):
            key = "loc:" + "/".join(v for _, v in parts[: depth + 1])
            last = depth == len(parts) - 1
            label = clean_text(value)
            if last and shares_box:
                label = f"{clean_text(loc.name)} · {label}"
            parent = ensure(key, label, parent, kind)
        if not shares_box:
            parent = ensure(f"loc:{loc.id}#", clean_text(loc.name), parent, "location")
        assert parent is not None
        home[loc.id] = parent
    return [clusters[key] for key in order], home


def _mechanism_label(mechanism: Mechanism | None, mechanism_id: str | None, properties: Mapping[str, Any]) -> str:
    if mechanism is None:
        return clean_text(mechanism_id, 40) if mechanism_id else "no documented mechanism"
    label = mechanism.short_label or mechanism.name
    if mechanism.id == "mirrormaker2":
        label = f"{label} · {clean_text(properties.get('replication_policy', 'default'), 20)}"
    return clean_text(label, 40)


def _flow_mode(flow: Flow, pair: Pair | None, source: Node | None, sink: Node | None) -> str:
    """Batch when the flow says so, when a Spark batch job is an end, or when the mechanism only does batch."""
    mode = flow.properties.get("mode")
    if mode in ("stream", "batch"):
        return str(mode)
    if any(node is not None and node.service == "spark-batch" for node in (source, sink)):
        return "batch"
    if pair is not None and pair.modes and "stream" not in pair.modes:
        return "batch"
    return "stream"


def _carries(flow: Flow) -> str:
    source, sink = flow.source.store, flow.sink.store
    if source and sink and source != sink:
        return f"{clean_text(source, 40)} → {clean_text(sink, 40)}"
    if source or sink:
        return clean_text(source or sink, 40)
    topics = flow.properties.get("topics")
    if isinstance(topics, str) and topics:
        return f"topics {clean_text(topics, 40)}"
    return ""


def _overlay(
    findings: Sequence[FindingLike], design: Design, node_ids: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Severity per node id and per flow id (error beats warning; loop witnesses marked "loop")."""
    rank = {"loop": 3, "error": 2, "warning": 1}
    nodes: dict[str, str] = {}
    flows: dict[str, str] = {}
    flow_ids = {flow.id for flow in design.flows}

    def mark(target: dict[str, str], key: str, level: str) -> None:
        if rank[level] > rank.get(target.get(key, ""), 0):
            target[key] = level

    for finding in findings:
        if finding.severity not in ("error", "warning"):
            continue
        for ref in finding.refs:
            if ref in flow_ids:
                mark(flows, ref, finding.severity)
            else:
                node = ref.partition("/")[0]
                if node in node_ids:
                    mark(nodes, node, finding.severity)
        if finding.code == "event-loop" and finding.path:
            steps = [step.partition("/")[0] for step in finding.path]
            hops = set(itertools.pairwise(steps))
            for flow in design.flows:
                if flow.id in finding.path or (flow.source.node, flow.sink.node) in hops:
                    mark(flows, flow.id, "loop")
    return nodes, flows


def design_diagram(
    design: Design,
    catalog: Catalog,
    *,
    revision: int | None = None,
    date: str = "",
    findings: Sequence[FindingLike] | None = None,
    resolved_mechanisms: Mapping[str, str] | None = None,
    verdict: str | None = None,
) -> Diagram:
    """Build the diagram of a design.

    Parameters
    ----------
    design, catalog
        The parsed design and the catalog that names its services and mechanisms.
    revision, date
        Shown in the title line; the date is passed in so the output is reproducible.
    findings
        When given, the overlay: flows with errors red, event-loop witness flows highlighted,
        warnings amber.
    resolved_mechanisms
        Flow id -> mechanism id chosen by the analysis for flows that name none.
    verdict
        The analysis verdict, shown in the title line with the overlay.
    """
    by_id = {node.id: node for node in design.nodes}
    node_keys = _unique_keys((node.id for node in design.nodes), "n:")
    used_locations = {node.location for node in design.nodes if node.location}
    clusters, home = _location_clusters(design.locations, used_locations)

    groups: dict[tuple[str | None, str], str] = {}
    for node in design.nodes:
        if node.group and (node.location, node.group) not in groups:
            key = f"grp:{node.location or ''}/{node.group}"
            groups[(node.location, node.group)] = key
            parent = home.get(node.location) if node.location else None
            clusters.append(
                Cluster(key=key, label=f"co-located: {clean_text(node.group)}", parent=parent, kind="group")
            )

    node_marks, flow_marks = _overlay(findings, design, set(by_id)) if findings is not None else ({}, {})
    nodes: list[DiagramNode] = []
    categories: set[str] = set()
    for node in design.nodes:
        service = catalog.service(node.service)
        category = service.category if service is not None else "unknown"
        categories.add(category)
        if node.group:
            cluster: str | None = groups[(node.location, node.group)]
        else:
            cluster = home.get(node.location) if node.location else None
        stores = tuple(clean_text(store.name, 48) for store in node.stores)
        nodes.append(
            DiagramNode(
                key=node_keys[node.id],
                name=clean_text(node.name) or node.id,
                service=node.service,
                service_name=clean_text(service.name if service is not None else node.service, 40),
                category=category,
                icon=node.service if service is not None else "unknown",
                stores=stores[:MAX_STORES_SHOWN],
                more_stores=max(0, len(stores) - MAX_STORES_SHOWN),
                cluster=cluster,
                highlight=node_marks.get(node.id),
            )
        )

    edges: list[DiagramEdge] = []
    resolved = resolved_mechanisms or {}
    defaults: dict[tuple[str, str], Mechanism | None] = {}
    for index, flow in enumerate(design.flows):
        source, sink = by_id.get(flow.source.node), by_id.get(flow.sink.node)
        if source is None or sink is None:
            continue  # a dangling reference has no end to draw; the analysis reports it
        mechanism_id = flow.mechanism or resolved.get(flow.id)
        mechanism = catalog.mechanism(mechanism_id) if mechanism_id else None
        if mechanism is None and flow.mechanism is None:
            services = (source.service, sink.service)
            if services not in defaults:
                defaults[services] = catalog.default_mechanism(*services)
            mechanism = defaults[services]
        pair = mechanism.pair(source.service, sink.service) if mechanism is not None else None
        edges.append(
            DiagramEdge(
                key=f"f{index}",
                source=node_keys[source.id],
                sink=node_keys[sink.id],
                mechanism=_mechanism_label(mechanism, mechanism_id, flow.properties),
                carries=(_carries(flow),) if _carries(flow) else (),
                mode=_flow_mode(flow, pair, source, sink),
                highlight=flow_marks.get(flow.id),
            )
        )

    parts = [f"revision {revision}" if revision is not None else "", date]
    edges = _merge_self_loops(edges)
    if findings is not None and verdict:
        parts.append(f"verdict: {verdict}")
    return Diagram(
        title=clean_text(design.name, 120) or "Untitled design",
        subtitle=" · ".join(part for part in parts if part),
        clusters=tuple(_parents_first(clusters)),
        nodes=tuple(nodes),
        edges=tuple(edges),
        categories=tuple(c for c in CATEGORY_ORDER if c in categories),
        overlay=findings is not None,
    )


def _merge_self_loops(edges: list[DiagramEdge]) -> list[DiagramEdge]:
    """Draw same-looking flows from a node to itself as one loop listing what each carries.

    Graphviz stacks the labels of several loops on one node on top of each other; one loop with
    a multi-line label reads cleanly.
    """
    merged: list[DiagramEdge] = []
    index: dict[tuple[str, str, str, str | None], int] = {}
    for edge in edges:
        if edge.source != edge.sink:
            merged.append(edge)
            continue
        key = (edge.source, edge.mechanism, edge.mode, edge.highlight)
        if key in index:
            first = merged[index[key]]
            carries = tuple(dict.fromkeys(first.carries + edge.carries))
            merged[index[key]] = replace(first, carries=carries)
        else:
            index[key] = len(merged)
            merged.append(edge)
    return merged


def _parents_first(clusters: list[Cluster]) -> list[Cluster]:
    """Order clusters so that each parent comes before its children, otherwise keeping the given order."""
    placed: set[str | None] = {None}
    out: list[Cluster] = []
    pending = list(clusters)
    while pending:
        rest = [c for c in pending if c.parent not in placed]
        for cluster in pending:
            if cluster.parent in placed:
                out.append(cluster)
                placed.add(cluster.key)
        if len(rest) == len(pending):
            out.extend(Cluster(c.key, c.label, None, c.kind) for c in rest)  # orphaned parent: draw at top level
            break
        pending = [c for c in pending if c.key not in placed]
    return out


# Left-to-right order of categories in the integration map: producers, the log, processing, data at rest,
# then what people look at. It orients each two-way pair so most edges point the same way.
_MAP_TIERS: Mapping[str, int] = {
    "external": 0,
    "stream": 1,
    "compute": 2,
    "store": 3,
    "search": 3,
    "visualise": 4,
    "notebook": 4,
}


def _pair_label(found: list[tuple[Mechanism, Pair]]) -> tuple[str, bool]:
    """Short labels of a pair's mechanisms (current before legacy) and whether any of them streams."""
    if not found:
        return "", False
    found = sorted(found, key=lambda mp: (mp[0].legacy, mp[0].id))
    labels = list(dict.fromkeys(clean_text(m.short_label or m.name, 30) for m, _ in found))
    return " · ".join(labels), any("stream" in p.modes or not p.modes for _, p in found)


def catalog_diagram(catalog: Catalog, *, date: str = "") -> Diagram:
    """Build the integration map: every service and every documented direction between two services.

    A pair documented both ways is one two-headed edge; its label lists the mechanisms of both
    directions, whose names say which way they go ("S3 sink", "S3 source"). Edges are solid when a mechanism
    streams, dashed when the pair is batch only. Pairs the catalog marks "inferred" are left out.
    """

    def tier(service_id: str) -> tuple[int, str]:
        return (_MAP_TIERS.get(catalog.services[service_id].category, 5), service_id)

    service_ids = sorted(catalog.services, key=tier)
    keys = _unique_keys(service_ids, "s:")
    nodes = []
    for service_id in service_ids:
        service = catalog.services[service_id]
        category = service.category if service.category in CATEGORY_COLOURS else "unknown"
        nodes.append(
            DiagramNode(
                key=keys[service_id],
                name=clean_text(service.name),
                service=service_id,
                service_name=service_id,
                category=category,
                icon=service_id,
                stores=tuple(clean_text(kind) for kind in service.store_kinds),
                more_stores=0,
                cluster=None,
            )
        )
    pairs: dict[tuple[str, str], list[tuple[Mechanism, Pair]]] = {}
    for mechanism in catalog.mechanisms.values():
        for pair in mechanism.pairs:
            if pair.status == "documented" and pair.source in keys and pair.sink in keys:
                pairs.setdefault((pair.source, pair.sink), []).append((mechanism, pair))
    edges: list[DiagramEdge] = []
    done: set[tuple[str, str]] = set()
    for source, sink in sorted(pairs, key=lambda p: (tier(p[0]), tier(p[1]))):
        if (source, sink) in done:
            continue
        left, right = (source, sink) if tier(source) <= tier(sink) else (sink, source)
        done.update({(left, right), (right, left)})
        forward = _pair_label(pairs.get((left, right), []))
        backward = _pair_label(pairs.get((right, left), [])) if left != right else ("", False)
        if not forward[0]:
            left, right = right, left
        # Mechanism names carry their direction ("S3 sink", "S3 source"), so one label lists both ways.
        label = " · ".join(dict.fromkeys(part for text, _ in (forward, backward) if text for part in text.split(" · ")))
        edges.append(
            DiagramEdge(
                key=f"p{len(edges)}",
                source=keys[left],
                sink=keys[right],
                mechanism=label,
                carries=(),
                mode="stream" if forward[1] or backward[1] else "batch",
                both=bool(forward[0] and backward[0]),
            )
        )
    return Diagram(
        title="Kafkaesque integration map",
        subtitle=" · ".join(part for part in (f"catalog {catalog.version}", date) if part),
        clusters=(),
        nodes=tuple(nodes),
        edges=tuple(edges),
        categories=tuple(c for c in CATEGORY_ORDER if c in {n.category for n in nodes}),
        direction="TB",  # fourteen services with many crossing pairs read best top-down
    )
