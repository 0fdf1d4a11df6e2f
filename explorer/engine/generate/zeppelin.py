"""Zeppelin notes (the body of ``POST /api/notebook``), one per Zeppelin node, a paragraph per incoming flow."""

from __future__ import annotations

from typing import Any

from .connect import JDBC_PASSWORD, JDBC_USER
from .formats import to_json
from .names import cql_identifier, safe_filename
from .plan import Artefact, Plan, split_table

__all__ = ["build_zeppelin", "interpreter_settings", "note_path", "sql_identifier"]

# The JDBC driver the %jdbc interpreter loads for the bundle's PostgreSQL (the Spark jobs use the same).
POSTGRES_DRIVER = "org.postgresql:postgresql:42.7.4"


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


def interpreter_settings(plan: Plan, node_id: str) -> dict[str, dict[str, Any]]:
    """Interpreter id -> the properties (and dependencies) init sets through ``PUT /api/interpreter/setting/<id>``.

    The interpreters default to ``localhost`` (``cassandra.hosts``, ``elasticsearch.host``), where nothing runs
    in a Zeppelin container, so every interpreter a note uses is pointed at the bundle host it reads.
    """
    settings: dict[str, dict[str, Any]] = {}
    for flow in plan.flows():
        source = plan.node(flow.source.node)
        if flow.sink.node != node_id or source is None:
            continue
        host = plan.host(source.id)
        mechanism = plan.mechanism(flow)
        if mechanism == "zeppelin-cassandra":
            settings["cassandra"] = {"properties": {"cassandra.hosts": host, "cassandra.native.port": "9042"}}
        elif mechanism == "zeppelin-elasticsearch":
            settings["elasticsearch"] = {
                "properties": {
                    "elasticsearch.host": host,
                    "elasticsearch.port": "9200",
                    "elasticsearch.client.type": "http",
                }
            }
        elif mechanism == "zeppelin-jdbc":
            settings["jdbc"] = {
                "properties": {
                    "default.url": f"jdbc:postgresql://{host}:5432/kafkaesque",
                    "default.user": JDBC_USER,
                    "default.password": JDBC_PASSWORD,
                    "default.driver": "org.postgresql.Driver",
                },
                "dependencies": [POSTGRES_DRIVER],
            }
    return dict(sorted(settings.items()))


def build_zeppelin(plan: Plan) -> list[Artefact]:
    """One note per Zeppelin node."""
    artefacts: list[Artefact] = []
    for node in plan.nodes("zeppelin"):
        note: dict[str, Any] = {"name": f"kafkaesque/{plan.slug}/{node.id}", "paragraphs": _paragraphs(plan, node.id)}
        path = note_path(node.id)
        artefacts.append(Artefact(path, to_json(note), "json", note))
        for flow in plan.flows():
            if flow.sink.node == node.id and plan.mechanism(flow).startswith("zeppelin-"):
                plan.carry(flow.id, path)
        if "jdbc" in interpreter_settings(plan, node.id):
            plan.placeholder(path, "%jdbc default.password", "development password of the bundle's PostgreSQL")
    return artefacts
