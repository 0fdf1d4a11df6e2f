"""Operations on a design document for live sessions: apply a batch, and diff two documents into one.

The live protocol (``docs/live-protocol.md``) orders every client's batches on the server and applies
them with these functions; the browser runs the same rules (``frontend/src/lib/live-ops.ts``), and
both are held to the shared vectors in ``tests-data/live-ops/``. Collections are addressed by entity
id, and each field is last-writer-wins in the server's order:

- ``{"op": "set", "path": P, "value": V}`` / ``{"op": "unset", "path": P}`` where ``P`` is
  ``[KEY]`` (a top-level key other than the collections and ``layout``), ``[COLL, ID, FIELD]``
  (``FIELD`` a top-level key of the entity other than ``id``: its whole value) or ``["layout", ID]``.
- ``{"op": "add", "path": [COLL, ID], "value": ENTITY}`` appends; a taken id becomes ``ID-2``, ``ID-3``...
  and later ops of the same batch that name the old id follow it.
- ``{"op": "remove", "path": [COLL, ID]}``; a node's or location's layout entry goes with it.

A ``set``/``unset``/``remove`` on an entity that does not exist is dropped, not an error. After the
batch, flows whose endpoint names a missing node or store are removed and nodes placed in a missing
location lose their location; those drops are part of the applied ops. The input is never mutated.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from typing import Any

__all__ = ["COLLECTIONS", "LiveOpError", "apply_ops", "diff_documents", "touched_document", "validate_ops"]

COLLECTIONS = ("locations", "nodes", "flows")
_RESERVED = frozenset((*COLLECTIONS, "layout"))
_KINDS = ("set", "unset", "add", "remove")
_ID_MAX = 63

Op = dict[str, Any]
Document = dict[str, Any]


class LiveOpError(ValueError):
    """A malformed operation; the message starts with its place, e.g. ``ops[2].path: ...``."""


def _check_key(value: object, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise LiveOpError(f"{where}: expected a non-empty string")
    return value


def _check_path(kind: str, path: object, where: str) -> list[str]:
    if not isinstance(path, list) or not path:
        raise LiveOpError(f"{where}: expected a non-empty list")
    parts = [_check_key(part, f"{where}[{index}]") for index, part in enumerate(path)]
    head = parts[0]
    if kind in ("add", "remove"):
        if len(parts) != 2 or head not in COLLECTIONS:
            raise LiveOpError(f"{where}: {kind} takes [collection, id] with collection one of {', '.join(COLLECTIONS)}")
        return parts
    if head in COLLECTIONS:
        if len(parts) != 3:
            raise LiveOpError(f"{where}: a {head} field is addressed as ['{head}', id, field]")
        if parts[2] == "id":
            raise LiveOpError(f"{where}: an entity's id cannot be changed; remove it and add it anew")
        return parts
    if head == "layout":
        if len(parts) != 2:
            raise LiveOpError(f"{where}: a position is addressed as ['layout', id]")
        return parts
    if len(parts) != 1:
        raise LiveOpError(f"{where}: a document key is addressed as [key]")
    return parts


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def validate_ops(ops: object) -> list[Op]:
    """Check the shape of a batch; return it as a list of ops or raise :class:`LiveOpError`."""
    if not isinstance(ops, list):
        raise LiveOpError("ops: expected a list")
    checked: list[Op] = []
    for index, op in enumerate(ops):
        where = f"ops[{index}]"
        if not isinstance(op, dict):
            raise LiveOpError(f"{where}: expected an object")
        kind = op.get("op")
        if kind not in _KINDS:
            raise LiveOpError(f"{where}.op: expected one of {', '.join(_KINDS)}")
        allowed = {"op", "path", "value"} if kind in ("set", "add") else {"op", "path"}
        extra = sorted(set(op) - allowed)
        if extra:
            raise LiveOpError(f"{where}.{extra[0]}: not allowed in a {kind} op")
        path = _check_path(kind, op.get("path"), f"{where}.path")
        if kind in ("set", "add") and "value" not in op:
            raise LiveOpError(f"{where}.value: required")
        value = op.get("value")
        if kind == "add" and not isinstance(value, dict):
            raise LiveOpError(f"{where}.value: an added entity is an object")
        position = isinstance(value, dict) and _is_number(value.get("x")) and _is_number(value.get("y"))
        if kind == "set" and path[0] == "layout" and not position:
            raise LiveOpError(f"{where}.value: a position is an object with finite numbers x and y")
        checked.append(op)
    return checked


class _Draft:
    """A copy-on-write view of a document: collections and entities are copied only when changed."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.doc: Document = dict(document)
        self._copied: set[str] = set()
        self._fresh: set[int] = set()

    def items(self, coll: str) -> list[dict[str, Any]]:
        if coll not in self._copied:
            value = self.doc.get(coll)
            self.doc[coll] = list(value) if isinstance(value, list) else []
            self._copied.add(coll)
        items: list[dict[str, Any]] = self.doc[coll]
        return items

    def find(self, coll: str, entity_id: str) -> int:
        value = self.doc.get(coll)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict) and item.get("id") == entity_id:
                    return index
        return -1

    def entity(self, coll: str, index: int) -> dict[str, Any]:
        items = self.items(coll)
        item = items[index]
        if id(item) not in self._fresh:
            item = dict(item)
            items[index] = item
            self._fresh.add(id(item))
        return item

    def mark_fresh(self, entity: dict[str, Any]) -> None:
        self._fresh.add(id(entity))

    def layout(self) -> dict[str, Any]:
        if "layout" not in self._copied:
            value = self.doc.get("layout")
            self.doc["layout"] = dict(value) if isinstance(value, dict) else {}
            self._copied.add("layout")
        layout: dict[str, Any] = self.doc["layout"]
        return layout

    def exists(self, coll: str, entity_id: str) -> bool:
        return self.find(coll, entity_id) >= 0


def _free_id(draft: _Draft, coll: str, wanted: str) -> str:
    if not draft.exists(coll, wanted):
        return wanted
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = wanted[: _ID_MAX - len(suffix)] + suffix
        if not draft.exists(coll, candidate):
            return candidate
        number += 1


def _renamed_endpoint(endpoint: object, renames: Mapping[str, str]) -> object:
    if not isinstance(endpoint, str):
        return endpoint
    node, slash, store = endpoint.partition("/")
    return renames[node] + slash + store if node in renames else endpoint


def _follow_renames(op: Op, renames: Mapping[str, dict[str, str]]) -> Op:
    """``op`` with ids renamed earlier in the batch replaced: in its path, flow endpoints and node locations."""
    path = list(op["path"])
    head = path[0]
    if head in COLLECTIONS and op["op"] != "add":  # an add names the id it wants for a new entity
        path[1] = renames.get(head, {}).get(path[1], path[1])
    elif head == "layout":
        path[1] = renames.get("nodes", {}).get(path[1], renames.get("locations", {}).get(path[1], path[1]))
    followed = {**op, "path": path}
    nodes, locations = renames.get("nodes", {}), renames.get("locations", {})
    if head == "flows" and op["op"] == "add":
        value = dict(op["value"])
        for key in ("from", "to"):
            if key in value:
                value[key] = _renamed_endpoint(value[key], nodes)
        followed["value"] = value
    elif head == "flows" and op["op"] == "set" and path[2] in ("from", "to"):
        followed["value"] = _renamed_endpoint(op["value"], nodes)
    elif head == "nodes" and op["op"] == "add" and isinstance(op["value"].get("location"), str):
        followed["value"] = {**op["value"], "location": locations.get(op["value"]["location"], op["value"]["location"])}
    elif head == "nodes" and op["op"] == "set" and path[2] == "location" and isinstance(op["value"], str):
        followed["value"] = locations.get(op["value"], op["value"])
    return followed


def _apply_one(draft: _Draft, op: Op, renames: dict[str, dict[str, str]]) -> Op | None:
    kind, path = op["op"], op["path"]
    head = path[0]
    if kind == "add":
        used = _free_id(draft, head, path[1])
        if used != path[1]:
            renames.setdefault(head, {})[path[1]] = used
        entity = {"id": used, **{key: copy.deepcopy(v) for key, v in op["value"].items() if key != "id"}}
        draft.items(head).append(entity)
        draft.mark_fresh(entity)
        return {"op": "add", "path": [head, used], "value": entity}
    if kind == "remove":
        index = draft.find(head, path[1])
        if index < 0:
            return None
        del draft.items(head)[index]
        if head != "flows" and path[1] in (draft.doc.get("layout") or {}):
            del draft.layout()[path[1]]
        return {"op": "remove", "path": list(path)}
    if head in COLLECTIONS:
        index = draft.find(head, path[1])
        if index < 0:
            return None
        entity = draft.entity(head, index)
        if kind == "set":
            entity[path[2]] = copy.deepcopy(op["value"])
        else:
            entity.pop(path[2], None)
    elif head == "layout":
        if not (draft.exists("nodes", path[1]) or draft.exists("locations", path[1])):
            return None
        if kind == "set":
            draft.layout()[path[1]] = copy.deepcopy(op["value"])
        else:
            draft.layout().pop(path[1], None)
    elif kind == "set":
        draft.doc[head] = copy.deepcopy(op["value"])
    else:
        draft.doc.pop(head, None)
    return {"op": kind, "path": list(path), **({"value": copy.deepcopy(op["value"])} if kind == "set" else {})}


def _endpoint_exists(endpoint: object, nodes: Mapping[str, Any]) -> bool:
    if not isinstance(endpoint, str):
        return True  # a malformed endpoint is the document validator's to report, not a dangling one
    node_id, slash, store = endpoint.partition("/")
    node = nodes.get(node_id)
    if node is None:
        return False
    if not slash:
        return True
    stores = node.get("stores")
    return any(isinstance(s, dict) and s.get("name") == store for s in stores) if isinstance(stores, list) else False


def _cleanup(draft: _Draft) -> list[Op]:
    """Drop what the batch left dangling: flows to missing nodes or stores, locations that are gone."""
    drops: list[Op] = []
    raw_nodes = draft.doc.get("nodes")
    raw_locations = draft.doc.get("locations")
    nodes_list = raw_nodes if isinstance(raw_nodes, list) else []
    nodes = {n["id"]: n for n in nodes_list if isinstance(n, dict) and isinstance(n.get("id"), str)}
    locations = {
        item.get("id") for item in (raw_locations if isinstance(raw_locations, list) else []) if isinstance(item, dict)
    }
    for index, node in enumerate(nodes_list):
        if isinstance(node, dict) and isinstance(node.get("location"), str) and node["location"] not in locations:
            draft.entity("nodes", index).pop("location", None)
            drops.append({"op": "unset", "path": ["nodes", node["id"], "location"]})
    raw_flows = draft.doc.get("flows")
    for flow in list(raw_flows) if isinstance(raw_flows, list) else []:
        if not isinstance(flow, dict):
            continue
        if not (_endpoint_exists(flow.get("from"), nodes) and _endpoint_exists(flow.get("to"), nodes)):
            items = draft.items("flows")
            del items[next(index for index, item in enumerate(items) if item is flow)]
            drops.append({"op": "remove", "path": ["flows", flow.get("id")]})
    return drops


def apply_ops(document: Mapping[str, Any], ops: object) -> tuple[Document, list[Op]]:
    """Apply a batch of ops in order to ``document``; return the new document and the ops as applied.

    The applied ops are what the server broadcasts: dropped ops left out, ids of adds as used (and
    later ops following them), and the clean-up drops appended. Raises :class:`LiveOpError` when an
    op is malformed, before anything is applied.
    """
    checked = validate_ops(ops)
    draft = _Draft(document)
    renames: dict[str, dict[str, str]] = {}
    applied: list[Op] = []
    for op in checked:
        result = _apply_one(draft, _follow_renames(op, renames) if renames else op, renames)
        if result is not None:
            applied.append(result)
    applied.extend(_cleanup(draft))
    return draft.doc, applied


def _ids(items: object) -> list[str]:
    return [item["id"] for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _by_id(items: object) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items if isinstance(item, dict)} if isinstance(items, list) else {}


def _kept_prefix(before: list[str], after: list[str]) -> int:
    """How many leading entities of ``after`` can stay where they are (existing, and in ``before``'s order)."""
    position = {entity_id: index for index, entity_id in enumerate(before)}
    last = -1
    for count, entity_id in enumerate(after):
        index = position.get(entity_id)
        if index is None or index < last:
            return count
        last = index
    return len(after)


def _diff_fields(coll: str, entity_id: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Op]:
    ops: list[Op] = []
    for key in old:
        if key != "id" and key not in new:
            ops.append({"op": "unset", "path": [coll, entity_id, key]})
    for key, value in new.items():
        if key != "id" and (key not in old or old[key] != value):
            ops.append({"op": "set", "path": [coll, entity_id, key], "value": copy.deepcopy(value)})
    return ops


def diff_documents(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Op]:
    """The ops that turn ``before`` into ``after`` (``apply_ops(before, ops)`` equals ``after``).

    Entities are matched by id; a changed entity gets one ``set``/``unset`` per changed field.
    Entities of ``after`` that are new, or that were moved in their collection's order, are added
    at the end (moved ones removed first), since ops keep collection order and append new entities.
    """
    ops: list[Op] = []
    for key in before:
        if key not in _RESERVED and key not in after:
            ops.append({"op": "unset", "path": [key]})
    for key, value in after.items():
        if key not in _RESERVED and (key not in before or before[key] != value):
            ops.append({"op": "set", "path": [key], "value": copy.deepcopy(value)})
    for coll in COLLECTIONS:
        old_ids, new_ids = _ids(before.get(coll)), _ids(after.get(coll))
        old, new = _by_id(before.get(coll)), _by_id(after.get(coll))
        kept = new_ids[: _kept_prefix(old_ids, new_ids)]
        kept_set = set(kept)
        ops.extend({"op": "remove", "path": [coll, entity_id]} for entity_id in old_ids if entity_id not in kept_set)
        for entity_id in kept:
            ops.extend(_diff_fields(coll, entity_id, old[entity_id], new[entity_id]))
        for entity_id in new_ids[len(kept) :]:
            ops.append({"op": "add", "path": [coll, entity_id], "value": copy.deepcopy(new[entity_id])})
    middle, _ = apply_ops(before, ops)
    old_layout = middle.get("layout") if isinstance(middle.get("layout"), dict) else {}
    new_layout = after.get("layout") if isinstance(after.get("layout"), dict) else {}
    assert isinstance(old_layout, dict) and isinstance(new_layout, dict)
    for key in old_layout:
        if key not in new_layout:
            ops.append({"op": "unset", "path": ["layout", key]})
    for key, value in new_layout.items():
        if old_layout.get(key) != value:
            ops.append({"op": "set", "path": ["layout", key], "value": copy.deepcopy(value)})
    return ops


def touched_document(document: Mapping[str, Any], applied: list[Op]) -> Document:
    """The part of ``document`` that ``applied`` ops wrote: what must be checked after a batch.

    A document with ``format`` and ``name``, the top-level keys set, and the entities and positions set or
    added (whole), in document order. A batch leaves references whole (the clean-up) and ids unique (adds
    rename), so checking this part against the schema checks everything the batch could have broken,
    at the cost of the batch rather than of the document.
    """
    part: Document = {key: document[key] for key in ("format", "name") if key in document}
    ids: dict[str, set[str]] = {coll: set() for coll in COLLECTIONS}
    positions: set[str] = set()
    for op in applied:
        head = op["path"][0]
        if head in COLLECTIONS:
            if op["op"] != "remove":
                ids[head].add(op["path"][1])
        elif head == "layout":
            positions.add(op["path"][1])
        elif head in document:
            part[head] = document[head]
    for coll in COLLECTIONS:
        items = document.get(coll)
        if ids[coll] and isinstance(items, list):
            part[coll] = [item for item in items if isinstance(item, dict) and item.get("id") in ids[coll]]
    layout = document.get("layout")
    if positions and isinstance(layout, dict):
        part["layout"] = {key: layout[key] for key in positions if key in layout}
    return part
