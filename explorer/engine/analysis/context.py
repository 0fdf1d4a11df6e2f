"""What every rule reads: the design and catalog indexed once, and the flows as resolved."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog import Catalog, Service
from explorer.engine.document import Design, Location, Node
from explorer.engine.graph import FlowSpec

__all__ = ["Context"]


@dataclass
class Context:
    """The design and catalog, indexed; rules add resolved flows as they go.

    ``services`` holds only nodes whose service the catalog knows. ``broken_flows`` are flows with a
    dangling reference (reported once, then ignored). ``specs`` are the flows whose mechanism is
    resolved and valid, in design order - the only flows the graphs and later rules consider.
    """

    design: Design
    catalog: Catalog
    nodes: dict[str, Node]
    services: dict[str, Service]
    locations: dict[str, Location]
    broken_flows: set[str] = field(default_factory=set)
    specs: list[FlowSpec] = field(default_factory=list)
    regions: dict[str, str | None] = field(default_factory=dict)
    #: What to do instead of an unsupported ``(source service, sink service)`` pair, computed once per pair.
    route_hints: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    #: Versions the analysis chose for nodes that set none, where the catalog default broke a constraint.
    chosen_versions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, design: Design, catalog: Catalog) -> Context:
        """Index ``design`` against ``catalog``."""
        services: dict[str, Service] = {}
        for node in design.nodes:
            service = catalog.service(node.service)
            if service is not None:
                services[node.id] = service
        locations = {location.id: location for location in design.locations}
        regions: dict[str, str | None] = {}
        for node in design.nodes:
            location = locations.get(node.location) if node.location is not None else None
            regions[node.id] = location.region if location is not None else None
        return cls(
            design=design,
            catalog=catalog,
            nodes={node.id: node for node in design.nodes},
            services=services,
            locations=locations,
            regions=regions,
        )

    def region(self, node_id: str) -> str | None:
        """The region a node runs in, or None when its location (or the location's region) is not given."""
        return self.regions.get(node_id)

    def version(self, node_id: str) -> str | None:
        """The node's ``version`` property, else the version chosen for it, else its service's default version."""
        node = self.nodes[node_id]
        version = node.version()
        if version is None:
            version = self.chosen_versions.get(node_id)
        if version is None and node_id in self.services:
            version = self.services[node_id].default_version
        return version

    def label(self, node_id: str) -> str:
        """How a node is named in messages: ``'kafka-syd' (Kafka Sydney)`` or just the quoted id."""
        node = self.nodes.get(node_id)
        if node is None or node.name == node.id:
            return f"'{node_id}'"
        return f"'{node_id}' ({node.name})"
