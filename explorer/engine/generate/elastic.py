"""Elasticsearch index bodies (also Elassandra ``discover`` mappings) and Kibana saved objects (NDJSON)."""

from __future__ import annotations

import uuid
from typing import Any

from .formats import to_json, to_ndjson
from .names import safe_filename
from .plan import Artefact, Plan, split_table, unique

__all__ = ["build_elastic", "index_bodies", "kibana_sources", "search_indices"]

_NAMESPACE = uuid.UUID("6f1f2d4e-8a51-4e0b-9d0c-4b6a5c1f9e21")


def search_indices(plan: Plan, node_id: str) -> list[str]:
    """Indices of an Elasticsearch node: declared ones and those its flows read or write."""
    node = plan.node(node_id)
    if node is None:
        return []
    names = [s.name for s in node.stores if s.kind == "index"]
    for flow in plan.flows():
        for endpoint in (flow.source, flow.sink):
            if endpoint.node == node_id and (endpoint.store is not None or not names):
                if (
                    plan.mechanism(flow) in {"kibana-elasticsearch", "zeppelin-elasticsearch"}
                    and endpoint.store is None
                ):
                    continue
                names += plan.store_names(endpoint, flow)
    return sorted(unique(names))


def index_bodies(plan: Plan) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(node id, index name, file path, body) for every index init creates."""
    out: list[tuple[str, str, str, dict[str, Any]]] = []
    for node in plan.nodes("elasticsearch"):
        for index in search_indices(plan, node.id):
            body: dict[str, Any] = {"mappings": {"dynamic": True}}
            out.append((node.id, index, f"elasticsearch/{safe_filename(node.id)}/{safe_filename(index)}.json", body))
    for node in plan.nodes("elassandra"):
        by_keyspace: dict[str, list[str]] = {}
        for keyspace, table in sorted(plan.tables.get(node.id, {})):
            by_keyspace.setdefault(keyspace, []).append(table)
        for keyspace, tables in sorted(by_keyspace.items()):
            index = keyspace.lower()
            body = {"settings": {"keyspace": keyspace}, "mappings": {t: {"discover": ".*"} for t in tables}}
            out.append((node.id, index, f"elasticsearch/{safe_filename(node.id)}/{safe_filename(index)}.json", body))
    return out


def kibana_sources(plan: Plan, kibana_id: str) -> list[str]:
    """Search node ids a Kibana node reads (through ``kibana-elasticsearch`` flows)."""
    return sorted(unique(f.source.node for f in plan.flows_by("kibana-elasticsearch") if f.sink.node == kibana_id))


def _data_view_titles(plan: Plan, kibana_id: str) -> list[str]:
    titles: list[str] = []
    for flow in plan.flows_by("kibana-elasticsearch"):
        if flow.sink.node != kibana_id:
            continue
        source = plan.node(flow.source.node)
        if source is None:
            continue
        if flow.source.store is not None:
            titles.append(
                split_table(flow.source.store)[0].lower() if source.service == "elassandra" else flow.source.store
            )
        elif source.service == "elassandra":
            titles += sorted({ks.lower() for ks, _ in plan.tables.get(source.id, {})})
        else:
            titles += search_indices(plan, source.id)
    return sorted(unique(titles))


def build_elastic(plan: Plan) -> list[Artefact]:
    """Index bodies under ``elasticsearch/`` and ``kibana/<node>.ndjson`` data views."""
    artefacts = [Artefact(path, to_json(body), "json", body) for _, _, path, body in index_bodies(plan)]
    for node in plan.nodes("kibana"):
        titles = _data_view_titles(plan, node.id)
        records = [
            {
                "type": "index-pattern",
                "id": str(uuid.uuid5(_NAMESPACE, f"{node.id}/{title}")),
                "attributes": {"title": title},
                "references": [],
            }
            for title in titles
        ]
        path = f"kibana/{safe_filename(node.id)}.ndjson"
        artefacts.append(Artefact(path, to_ndjson(records), "ndjson", records))
        for flow in plan.flows_by("kibana-elasticsearch"):
            if flow.sink.node == node.id:
                plan.carry(flow.id, path)
        if not titles:
            plan.placeholder(path, "data views", "the search source declares no index")
    return artefacts
