"""Semantic diff between two design documents, matched by id rather than by text.

Locations, nodes and flows are matched by ``id``; stores by ``<node id>/<store name>``. A changed
element lists each changed field; ``properties`` and ``extensions`` are compared key by key so a
reader sees ``properties.partitions: 6 -> 12`` instead of two whole objects. Canvas ``layout`` is
not semantic: it is reported only as a flag.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from explorer.engine.document import Design, Flow, Location, Node, Store

__all__ = ["Change", "DesignDiff", "ElementChange", "SectionDiff", "diff_designs"]

_MISSING = object()
T = TypeVar("T")


@dataclass(frozen=True)
class Change:
    """One field that differs; ``before``/``after`` are None when the key is absent on that side."""

    field: str
    before: Any
    after: Any

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict."""
        return {"field": self.field, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class ElementChange:
    """An element present on both sides whose fields differ."""

    id: str
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict."""
        return {"id": self.id, "changes": [change.to_dict() for change in self.changes]}


@dataclass(frozen=True)
class SectionDiff:
    """Ids added, removed and changed in one section (locations, nodes, stores or flows)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[ElementChange, ...] = ()

    def is_empty(self) -> bool:
        """True when nothing in this section differs."""
        return not (self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict."""
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [change.to_dict() for change in self.changed],
        }


@dataclass(frozen=True)
class DesignDiff:
    """Everything that differs between two designs."""

    document: tuple[Change, ...]
    locations: SectionDiff
    nodes: SectionDiff
    stores: SectionDiff
    flows: SectionDiff
    layout_changed: bool

    def is_empty(self) -> bool:
        """True when the two designs are semantically equal (layout aside)."""
        sections = (self.locations, self.nodes, self.stores, self.flows)
        return not self.document and all(section.is_empty() for section in sections)

    def summary(self) -> dict[str, int]:
        """Counts per section and kind, e.g. ``{"nodes_added": 1, ...}``."""
        out: dict[str, int] = {"document_changed": len(self.document)}
        for name in ("locations", "nodes", "stores", "flows"):
            section: SectionDiff = getattr(self, name)
            out[f"{name}_added"] = len(section.added)
            out[f"{name}_removed"] = len(section.removed)
            out[f"{name}_changed"] = len(section.changed)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict with sorted content."""
        return {
            "identical": self.is_empty(),
            "summary": self.summary(),
            "document": [change.to_dict() for change in self.document],
            "locations": self.locations.to_dict(),
            "nodes": self.nodes.to_dict(),
            "stores": self.stores.to_dict(),
            "flows": self.flows.to_dict(),
            "layout_changed": self.layout_changed,
        }


def _mapping_changes(prefix: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    changes = []
    for key in sorted(set(before) | set(after)):
        old = before.get(key, _MISSING)
        new = after.get(key, _MISSING)
        if old != new:
            changes.append(
                Change(f"{prefix}.{key}", None if old is _MISSING else old, None if new is _MISSING else new)
            )
    return changes


def _field_changes(fields: Mapping[str, tuple[Any, Any]]) -> list[Change]:
    return [Change(name, old, new) for name, (old, new) in fields.items() if old != new]


def _location_changes(old: Location, new: Location) -> list[Change]:
    return _field_changes(
        {
            "name": (old.name, new.name),
            "provider": (old.provider, new.provider),
            "region": (old.region, new.region),
            "zone": (old.zone, new.zone),
        }
    )


def _node_changes(old: Node, new: Node) -> list[Change]:
    changes = _field_changes(
        {
            "service": (old.service, new.service),
            "name": (old.name, new.name),
            "location": (old.location, new.location),
            "group": (old.group, new.group),
        }
    )
    return changes + _mapping_changes("properties", old.properties, new.properties)


def _store_changes(old: Store, new: Store) -> list[Change]:
    changes = _field_changes({"kind": (old.kind, new.kind)})
    return changes + _mapping_changes("properties", old.properties, new.properties)


def _flow_changes(old: Flow, new: Flow) -> list[Change]:
    changes = _field_changes(
        {
            "from": (str(old.source), str(new.source)),
            "to": (str(old.sink), str(new.sink)),
            "mechanism": (old.mechanism, new.mechanism),
        }
    )
    return changes + _mapping_changes("properties", old.properties, new.properties)


def _section(before: Mapping[str, T], after: Mapping[str, T], compare: Callable[[T, T], list[Change]]) -> SectionDiff:
    added = tuple(sorted(set(after) - set(before)))
    removed = tuple(sorted(set(before) - set(after)))
    changed = []
    for key in sorted(set(before) & set(after)):
        changes = compare(before[key], after[key])
        if changes:
            changed.append(ElementChange(key, tuple(changes)))
    return SectionDiff(added, removed, tuple(changed))


def _stores(design: Design) -> dict[str, Store]:
    return {f"{node.id}/{store.name}": store for node in design.nodes for store in node.stores}


def diff_designs(before: Design, after: Design) -> DesignDiff:
    """Compare two designs element by element.

    Parameters
    ----------
    before, after
        Parsed designs, typically two revisions of one design.

    Returns
    -------
    DesignDiff
        Sorted, deterministic; ``to_dict()`` is JSON-able.
    """
    document = _field_changes(
        {"name": (before.name, after.name), "description": (before.description, after.description)}
    ) + _mapping_changes("extensions", before.extensions, after.extensions)
    return DesignDiff(
        document=tuple(document),
        locations=_section(
            {loc.id: loc for loc in before.locations}, {loc.id: loc for loc in after.locations}, _location_changes
        ),
        nodes=_section({n.id: n for n in before.nodes}, {n.id: n for n in after.nodes}, _node_changes),
        stores=_section(_stores(before), _stores(after), _store_changes),
        flows=_section({f.id: f for f in before.flows}, {f.id: f for f in after.flows}, _flow_changes),
        layout_changed=dict(before.layout) != dict(after.layout),
    )
