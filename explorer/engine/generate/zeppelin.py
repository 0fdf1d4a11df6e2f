"""Zeppelin notes (the body of ``POST /api/notebook``), one per Zeppelin node, a paragraph per incoming flow."""

from __future__ import annotations

from typing import Any

from .formats import to_json
from .names import cql_identifier, safe_filename
from .plan import Artefact, Plan, split_table

__all__ = ["build_zeppelin", "note_path", "sql_identifier"]


def note_path(node_id: str) -> str:
    """``zeppelin/<node>.json``."""
    return f"zeppelin/{safe_filename(node_id)}.json"


def sql_identifier(name: str) -> str:
    """A double-quoted SQL identifier (``schema.table`` quoted part by part), ``"`` doubled."""
    return ".".join('"' + part.replace('"', '""') + '"' for part in name.split(".", 1))


def _paragraphs(plan: Plan, node_id: str) -> list[dict[str, str]]:
    paragraphs: list[dict[str, str]] = []
    for flow in plan.flows():
        if flow.sink.node != node_id:
            continue
        mechanism = plan.mechanism(flow)
        source = plan.node(flow.source.node)
        if source is None:
            continue
        if mechanism == "zeppelin-cassandra":
            for name in plan.store_names(flow.source, flow):
                keyspace, table = split_table(name)
                text = f"%cassandra\nSELECT * FROM {cql_identifier(keyspace)}.{cql_identifier(table)} LIMIT 20;"
                paragraphs.append({"title": f"{flow.id}: {name}", "text": text})
        elif mechanism == "zeppelin-elasticsearch":
            for index in plan.store_names(flow.source, flow):
                text = "%elasticsearch\nsearch /" + index + ' {"query": {"match_all": {}}}'
                paragraphs.append({"title": f"{flow.id}: {index}", "text": text})
        elif mechanism == "zeppelin-jdbc":
            for table in plan.store_names(flow.source, flow):
                paragraphs.append(
                    {"title": f"{flow.id}: {table}", "text": f"%jdbc\nSELECT * FROM {sql_identifier(table)} LIMIT 20"}
                )
        elif mechanism == "zeppelin-spark":
            text = f"%spark.pyspark\n# Spark job of node {source.id!r}: see spark/ in the bundle\nprint(spark.version)"
            paragraphs.append({"title": f"{flow.id}: Spark", "text": text})
    return paragraphs


def build_zeppelin(plan: Plan) -> list[Artefact]:
    """One note per Zeppelin node."""
    artefacts: list[Artefact] = []
    for node in plan.nodes("zeppelin"):
        note: dict[str, Any] = {"name": f"kafkaesque/{plan.slug}/{node.id}", "paragraphs": _paragraphs(plan, node.id)}
        path = note_path(node.id)
        artefacts.append(Artefact(path, to_json(note), "json", note))
        plan.placeholder(
            path,
            "interpreter settings",
            "point %cassandra/%elasticsearch (client.type http, port 9200)/%jdbc at the bundle hosts in the UI",
        )
    return artefacts
