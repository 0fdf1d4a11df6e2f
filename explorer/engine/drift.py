"""Drift: what runs (an imported design) compared with what was designed, by stable keys.

Nodes are matched by id, then by service, location and name (the location where both sides state one; or a
shared Kafka bootstrap host); application and
event-source nodes, which running configuration rarely names, are matched through the flows that touch
them. Stores are compared per matched node by name (S3 prefixes without their slashes). Flows are matched
by endpoints and mechanism (then by nodes and mechanism, then by id) and compared on replication policy,
topic filter and stores. Each difference carries where the running side was read (file and line).
Cassandra's native replication has no direction, so its flows match either way round.

Pure and deterministic: differences are sorted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from catalog import Catalog
from explorer.engine.analysis import analyze
from explorer.engine.document import DocumentError, parse_document
from explorer.engine.importers.base import Origin

__all__ = ["CLIENT_SERVICES", "Difference", "DriftReport", "drift"]

CLIENT_SERVICES = frozenset({"application", "event-source"})
_COMPARED_FLOW_PROPERTIES = ("replication_policy", "topics")
_UNDIRECTED = frozenset({"cassandra-replication"})


@dataclass(frozen=True, order=True)
class Difference:
    """One difference: ``status`` missing (designed, not running), extra (running, not designed) or changed."""

    element: str
    key: str
    status: str
    message: str
    design_id: str | None = None
    running_id: str | None = None
    origin: Origin | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "element": self.element,
            "key": self.key,
            "status": self.status,
            "message": self.message,
            "design_id": self.design_id,
            "running_id": self.running_id,
            "origin": self.origin.to_dict() if self.origin else None,
        }


@dataclass(frozen=True)
class DriftReport:
    """The differences, and the analysis findings of what runs that the design's analysis lacks (and back)."""

    differences: tuple[Difference, ...]
    analysis: tuple[str, ...]

    @property
    def drifted(self) -> bool:
        """Whether anything differs."""
        return bool(self.differences)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form with counts per status."""
        counts = {status: 0 for status in ("missing", "extra", "changed")}
        for difference in self.differences:
            counts[difference.status] += 1
        return {
            "drifted": self.drifted,
            "counts": counts,
            "differences": [d.to_dict() for d in self.differences],
            "analysis": list(self.analysis),
        }


def _store(name: str) -> str:
    """A store name as compared: S3 prefixes lose leading and trailing slashes."""
    return name.strip("/") if name.endswith("/") else name


def _split(endpoint: str) -> tuple[str, str | None]:
    node, sep, store = endpoint.partition("/")
    return node, (_store(store) if sep else None)


def _ends(flow: Mapping[str, Any]) -> tuple[tuple[str, str | None], tuple[str, str | None]]:
    return _split(flow["from"]), _split(flow["to"])


def _same_nodes(flow: Mapping[str, Any], source: str, sink: str, mechanism: str | None) -> bool:
    """Whether ``flow`` joins the same two nodes (either way round for undirected mechanisms)."""
    (a, _), (b, _) = _ends(flow)
    return (a, b) == (source, sink) or (mechanism in _UNDIRECTED and (b, a) == (source, sink))


class _Comparison:
    def __init__(self, design: Mapping[str, Any], running: Mapping[str, Any], origins: Mapping[str, Origin]) -> None:
        self.design_nodes = {n["id"]: n for n in design.get("nodes", [])}
        self.running_nodes = {n["id"]: n for n in running.get("nodes", [])}
        self.design_flows = list(design.get("flows", []))
        self.running_flows = list(running.get("flows", []))
        self.origins = origins
        self.differences: list[Difference] = []
        # running node id -> design node id
        self.mapped: dict[str, str] = {}

    def origin(self, key: str) -> Origin | None:
        return self.origins.get(key)

    def add(self, element: str, key: str, status: str, message: str, **refs: Any) -> None:
        self.differences.append(Difference(element, key, status, message, **refs))

    # ---- nodes ------------------------------------------------------------------------------------
    def match_nodes(self) -> None:
        for ident in sorted(self.running_nodes):
            if ident in self.design_nodes:
                self.mapped[ident] = ident
        taken = set(self.mapped.values())
        for ident, node in sorted(self.running_nodes.items()):
            if ident in self.mapped or node["service"] in CLIENT_SERVICES:
                continue
            place = node.get("location")
            # Same service and name, at the same location where both sides say one; a stated location first.
            candidates = sorted(self.design_nodes.items(), key=lambda item: (item[1].get("location") != place, item[0]))
            for other, candidate in candidates:
                if other in taken or candidate["service"] != node["service"]:
                    continue
                if place and candidate.get("location") and candidate.get("location") != place:
                    continue
                if str(candidate.get("name", "")).lower() == str(node.get("name", "")).lower() or self._same_bootstrap(
                    candidate, node
                ):
                    self.mapped[ident] = other
                    taken.add(other)
                    break
        self._match_clients()

    @staticmethod
    def _same_bootstrap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
        hosts = [
            {s.split(":", 1)[0].strip() for s in str(n.get("properties", {}).get("bootstrap_servers", "")).split(",")}
            - {""}
            for n in (a, b)
        ]
        return bool(hosts[0] & hosts[1])

    def _match_clients(self) -> None:
        """Running client nodes take the design client node at the same place in a flow of the same mechanism."""
        for flow in sorted(self.running_flows, key=lambda f: f["id"]):
            for client_end, other_end in (("from", "to"), ("to", "from")):
                client, _ = _split(flow[client_end])
                other, other_store = _split(flow[other_end])
                node = self.running_nodes.get(client)
                if node is None or client in self.mapped or node["service"] not in CLIENT_SERVICES:
                    continue
                wanted = self.mapped.get(other)
                candidates = [
                    f
                    for f in self.design_flows
                    if f.get("mechanism") == flow.get("mechanism")
                    and _split(f[other_end])[0] == wanted
                    and self.design_nodes.get(_split(f[client_end])[0], {}).get("service") in CLIENT_SERVICES
                ]
                candidates.sort(key=lambda f: (f["id"] != flow["id"], _split(f[other_end])[1] != other_store, f["id"]))
                if candidates:
                    self.mapped[client] = _split(candidates[0][client_end])[0]

    def compare_nodes(self) -> None:
        matched = set(self.mapped.values())
        for ident, node in sorted(self.design_nodes.items()):
            if ident not in matched:
                self.add("node", ident, "missing", f"{node['service']} node '{ident}' does not run", design_id=ident)
        for ident, node in sorted(self.running_nodes.items()):
            if ident not in self.mapped:
                self.add(
                    "node",
                    ident,
                    "extra",
                    f"{node['service']} node '{ident}' runs but is not in the design",
                    running_id=ident,
                    origin=self.origin(f"node:{ident}"),
                )
                continue
            designed = self.design_nodes[self.mapped[ident]]
            if node["service"] in CLIENT_SERVICES and designed["service"] in CLIENT_SERVICES:
                continue
            self._node_changes(designed, node, ident)

    def _node_changes(self, designed: Mapping[str, Any], node: Mapping[str, Any], ident: str) -> None:
        refs = {"design_id": designed["id"], "running_id": ident, "origin": self.origin(f"node:{ident}")}
        if designed["service"] != node["service"]:
            self.add(
                "node",
                designed["id"],
                "changed",
                f"service: designed {designed['service']}, runs {node['service']}",
                **refs,
            )
        if designed.get("location") and node.get("location") and designed["location"] != node["location"]:
            self.add(
                "node",
                designed["id"],
                "changed",
                f"data centre: designed {designed['location']}, runs {node['location']}",
                **refs,
            )
        want = str(designed.get("properties", {}).get("version", "") or "")
        have = str(node.get("properties", {}).get("version", "") or "")
        if want and have and not (have.startswith(want) or want.startswith(have)):
            self.add("node", designed["id"], "changed", f"version: designed {want}, runs {have}", **refs)
        designed_stores = {_store(s["name"]): s for s in designed.get("stores", [])}
        running_stores = {_store(s["name"]): s for s in node.get("stores", [])}
        for name in sorted(set(designed_stores) - set(running_stores)):
            self.add(
                "store",
                f"{designed['id']}/{name}",
                "missing",
                f"{designed_stores[name]['kind']} '{name}' of '{designed['id']}' does not exist",
                design_id=designed["id"],
                running_id=ident,
            )
        for name in sorted(set(running_stores) - set(designed_stores)):
            original = running_stores[name]["name"]
            self.add(
                "store",
                f"{designed['id']}/{name}",
                "extra",
                f"{running_stores[name]['kind']} '{name}' exists on '{ident}' but is not in the design",
                design_id=designed["id"],
                running_id=ident,
                origin=self.origin(f"store:{ident}/{original}"),
            )

    # ---- flows ------------------------------------------------------------------------------------
    def _translate(self, endpoint: str) -> tuple[str, str | None]:
        node, store = _split(endpoint)
        return self.mapped.get(node, f"?{node}"), store

    def compare_flows(self) -> None:
        """Match running flows to designed ones in passes, so a weaker match never takes a stronger one's flow.

        1. same mechanism and nodes (exact stores first, then the same id); 2. the same id; 3. the same
        nodes by another mechanism (a changed mechanism).
        """
        remaining = {f["id"]: f for f in self.design_flows}
        pending = sorted(self.running_flows, key=lambda f: f["id"])
        matches: list[tuple[Mapping[str, Any], Mapping[str, Any], str]] = []
        for strength in ("mechanism", "id", "nodes"):
            left = []
            for flow in pending:
                found = self._find(flow, remaining, strength)
                if found is None:
                    left.append(flow)
                    continue
                remaining.pop(found["id"])
                matches.append((found, flow, strength))
            pending = left
        for designed, flow, strength in matches:
            refs = {"design_id": designed["id"], "running_id": flow["id"], "origin": self.origin(f"flow:{flow['id']}")}
            if strength == "mechanism":
                self._flow_changes(designed, flow, (self._translate(flow["from"]), self._translate(flow["to"])))
            elif strength == "nodes" or _same_nodes(
                designed, self._translate(flow["from"])[0], self._translate(flow["to"])[0], None
            ):
                self.add(
                    "flow",
                    designed["id"],
                    "changed",
                    f"mechanism: designed {designed.get('mechanism') or 'default'}, runs {flow.get('mechanism')}",
                    **refs,
                )
            else:
                self.add(
                    "flow",
                    designed["id"],
                    "changed",
                    f"runs {flow['from']} -> {flow['to']} by {flow.get('mechanism')}; designed {designed['from']} -> "
                    f"{designed['to']} by {designed.get('mechanism')}",
                    **refs,
                )
        for flow in pending:
            self.add(
                "flow",
                flow["id"],
                "extra",
                f"{flow.get('mechanism')} flow {flow['from']} -> {flow['to']} runs but is not in the design",
                running_id=flow["id"],
                origin=self.origin(f"flow:{flow['id']}"),
            )
        for ident, designed in sorted(remaining.items()):
            self.add(
                "flow",
                ident,
                "missing",
                f"{designed.get('mechanism') or 'default'} flow {designed['from']} -> {designed['to']} does not run",
                design_id=ident,
            )

    def _find(
        self, flow: Mapping[str, Any], remaining: Mapping[str, Mapping[str, Any]], strength: str
    ) -> Mapping[str, Any] | None:
        """The designed flow (still unmatched) that ``flow`` matches at this strength, or None."""
        source, sink = self._translate(flow["from"]), self._translate(flow["to"])
        mechanism = flow.get("mechanism")
        if strength == "id":
            return remaining.get(flow["id"])
        if strength == "nodes":
            candidates = [f for f in remaining.values() if _same_nodes(f, source[0], sink[0], None)]
            return min(candidates, key=lambda f: f["id"]) if candidates else None
        candidates = [
            f
            for f in remaining.values()
            if f.get("mechanism") == mechanism and _same_nodes(f, source[0], sink[0], mechanism)
        ]
        exact = [f for f in candidates if _ends(f) == (source, sink)]
        ranked = exact or sorted(candidates, key=lambda f: (f["id"] != flow["id"], f["id"]))
        return ranked[0] if ranked else None

    def _flow_changes(
        self,
        designed: Mapping[str, Any],
        running: Mapping[str, Any],
        ends: tuple[tuple[str, str | None], tuple[str, str | None]],
    ) -> None:
        refs = {
            "design_id": designed["id"],
            "running_id": running["id"],
            "origin": self.origin(f"flow:{running['id']}"),
        }
        want, have = designed.get("properties", {}), running.get("properties", {})
        for key in _COMPARED_FLOW_PROPERTIES:
            default = "default" if key == "replication_policy" else ".*"
            if key not in have:
                continue
            if key == "replication_policy" and designed.get("mechanism") != "mirrormaker2":
                continue
            if str(want.get(key, default)) != str(have[key]):
                self.add(
                    "flow",
                    designed["id"],
                    "changed",
                    f"{key}: designed {want.get(key, default)}, runs {have[key]}",
                    **refs,
                )
        for label, designed_end, running_end in (
            ("source", _split(designed["from"]), ends[0]),
            ("sink", _split(designed["to"]), ends[1]),
        ):
            if designed.get("mechanism") in _UNDIRECTED:
                break
            if designed_end[1] is not None and running_end[1] is not None and designed_end[1] != running_end[1]:
                self.add(
                    "flow",
                    designed["id"],
                    "changed",
                    f"{label} store: designed {designed_end[1]}, runs {running_end[1]}",
                    **refs,
                )


def _codes(document: Mapping[str, Any], catalog: Catalog) -> dict[str, str]:
    try:
        result = analyze(parse_document(dict(document)), catalog)
    except DocumentError:
        return {}
    out: dict[str, str] = {}
    for finding in result.findings:
        if finding.severity in {"error", "warning"}:
            out.setdefault(finding.code, finding.message)
    return out


def drift(
    design: Mapping[str, Any],
    running: Mapping[str, Any],
    catalog: Catalog,
    *,
    origins: Mapping[str, Origin] | None = None,
    analysis: bool = True,
) -> DriftReport:
    """Compare a design document with an imported one (what runs).

    Parameters
    ----------
    design
        The design document.
    running
        The document imported from what runs (:func:`explorer.engine.importers.collection.import_files`).
    catalog
        For the analysis of both sides.
    origins
        Element key -> where it was read (the import's provenance), attached to each difference.
    analysis
        Also compare the analyses: findings (errors and warnings) of one side that the other lacks.

    Returns
    -------
    DriftReport
        Differences sorted by element, key and status; analysis lines sorted.
    """
    comparison = _Comparison(design, running, origins or {})
    comparison.match_nodes()
    comparison.compare_nodes()
    comparison.compare_flows()
    lines: list[str] = []
    if analysis:
        designed, runs = _codes(design, catalog), _codes(running, catalog)
        for code in sorted(set(runs) - set(designed)):
            lines.append(f"what runs has {code} that the design does not: {runs[code]}")
        for code in sorted(set(designed) - set(runs)):
            lines.append(f"the design has {code} that what runs does not: {designed[code]}")
    return DriftReport(tuple(sorted(set(comparison.differences))), tuple(lines))
