"""Cross-file checks of a bundle: the files agree with each other, not only with their parsers.

Each file can parse and still move no data when it names something another file does not create. These
checks read the generated files (their intended data, or their text for CQL) and report, per file:

- a Cassandra sink mapping or query names a table the bundle's CQL does not create, a column the table
  lacks, or writes ``now()`` (a TIMEUUID) into a column that is not ``timeuuid``, or
  ``toTimestamp(now())`` into one that is not ``timestamp``;
- a connector names a topic no ``kafka/*.topics.tsv`` creates (sinks' ``topics``, a router's target,
  the MQTT ``kafka.topic``);
- Debezium writes ``<topic.prefix>.<keyspace>.<table>`` for a CDC table, and that topic is not created;
- two connectors read or write one topic with different value converters (one format per topic);
- an S3 sink writes to a bucket init does not create.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .plan import Artefact

__all__ = ["coherence_problems"]

_QUOTED = r'"(?:[^"]|"")+"'
_TABLE = re.compile(rf"CREATE TABLE IF NOT EXISTS ({_QUOTED})\.({_QUOTED}) \((.*?)\n\)( WITH cdc = true)?;", re.S)
_COLUMN = re.compile(rf"^\s*({_QUOTED}) (\w+)", re.M)
_MAPPING = re.compile(r"^topic\.(.+)\.([^.]+)\.([^.]+)\.mapping$")
_INSERT = re.compile(rf"INSERT INTO ({_QUOTED})\.({_QUOTED}) \(([^)]*)\) VALUES \((.*)\)$")
SINK_CLASSES = frozenset(
    {
        "com.datastax.oss.kafka.sink.CassandraSinkConnector",
        "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector",
        "io.confluent.connect.s3.S3SinkConnector",
        "io.confluent.connect.jdbc.JdbcSinkConnector",
    }
)


def _unquote(name: str) -> str:
    return name.strip()[1:-1].replace('""', '"') if name.strip().startswith('"') else name.strip().lower()


def _tables(artefacts: Iterable[Artefact]) -> tuple[dict[tuple[str, str], dict[str, str]], set[tuple[str, str]]]:
    """(keyspace, table) -> column -> CQL type, and the tables created ``WITH cdc = true``."""
    tables: dict[tuple[str, str], dict[str, str]] = {}
    cdc: set[tuple[str, str]] = set()
    for artefact in artefacts:
        if artefact.kind != "cql":
            continue
        for match in _TABLE.finditer(artefact.data.decode("utf-8", "replace")):
            key = (_unquote(match.group(1)), _unquote(match.group(2)))
            tables[key] = {_unquote(c.group(1)): c.group(2).lower() for c in _COLUMN.finditer(match.group(3))}
            if match.group(4):
                cdc.add(key)
    return tables, cdc


def _topics(artefacts: Iterable[Artefact]) -> dict[str, set[str]]:
    """Kafka node (its file name) -> the topics its ``kafka/<node>.topics.tsv`` creates."""
    topics: dict[str, set[str]] = {}
    for artefact in artefacts:
        if artefact.kind == "tsv" and artefact.path.endswith(".topics.tsv") and isinstance(artefact.intended, list):
            cluster = artefact.path.removeprefix("kafka/").removesuffix(".topics.tsv")
            topics.setdefault(cluster, set()).update(row[0] for row in artefact.intended if row)
    return topics


def _clusters(artefacts: Iterable[Artefact]) -> dict[str, str]:
    """Connector file -> the Kafka node (file name) whose Connect cluster registers it (``init/connect-<node>``)."""
    owners: dict[str, str] = {}
    for artefact in artefacts:
        name = artefact.path.removeprefix("init/")
        if name.startswith("connect-") and name.endswith(".json") and isinstance(artefact.intended, dict):
            cluster = name.removeprefix("connect-").removesuffix(".json")
            for item in artefact.intended.get("connectors", []):
                owners[str(item.get("file"))] = cluster
    return owners


def _written_topics(config: dict[str, Any]) -> list[str]:
    """Topics a source connector writes, as far as its config says (router target, MQTT kafka.topic)."""
    if "transforms.route.replacement" in config:
        return [str(config["transforms.route.replacement"]).replace("\\$", "$").replace("\\\\", "\\")]
    if "kafka.topic" in config:
        return [str(config["kafka.topic"])]
    return []


def _cassandra_sink(config: dict[str, Any], tables: dict[tuple[str, str], dict[str, str]]) -> list[str]:
    problems: list[str] = []
    topics = {t.strip() for t in str(config.get("topics", "")).split(",") if t.strip()}
    for key, value in sorted(config.items()):
        match = _MAPPING.match(key)
        if match is None:
            continue
        topic, keyspace, table = match.groups()
        if topic not in topics:
            problems.append(f"{key}: topic {topic!r} is not in topics")
        columns = tables.get((keyspace, table))
        if columns is None:
            problems.append(f"{key}: table {keyspace}.{table} is not created by the bundle's CQL")
            continue
        for pair in str(value).split(","):
            column, _, source = (part.strip() for part in pair.partition("="))
            if column.startswith("__"):
                continue
            if column not in columns:
                problems.append(f"{key}: column {column!r} is not in {keyspace}.{table}")
            elif source == "now()" and columns[column] != "timeuuid":
                problems.append(f"{key}: now() is a TIMEUUID but {column!r} is {columns[column]}")
        query = config.get(key.removesuffix(".mapping") + ".query")
        if query is not None:
            problems += _query(key.removesuffix(".mapping") + ".query", str(query), columns, str(value))
    return problems


def _query(key: str, query: str, columns: dict[str, str], mapping: str) -> list[str]:
    match = _INSERT.match(query.strip())
    if match is None:
        return [f"{key}: not an INSERT the checks understand"]
    names = [_unquote(n) for n in match.group(3).split(",")]
    values = [v.strip() for v in match.group(4).split(",")]
    mapped = {pair.partition("=")[0].strip() for pair in mapping.split(",")}
    problems = []
    for name, value in zip(names, values, strict=False):
        if name not in columns:
            problems.append(f"{key}: column {name!r} is not in the table")
        elif value == "now()" and columns[name] != "timeuuid":
            problems.append(f"{key}: now() is a TIMEUUID but {name!r} is {columns[name]}")
        elif value == "toTimestamp(now())" and columns[name] != "timestamp":
            problems.append(f"{key}: toTimestamp(now()) is a timestamp but {name!r} is {columns[name]}")
        elif value.startswith(":") and value[1:] not in mapped:
            problems.append(f"{key}: bind marker {value} is not a mapped column")
    return problems


def coherence_problems(artefacts: Iterable[Artefact]) -> dict[str, list[str]]:
    """Path -> what in that file names something the rest of the bundle does not create (or contradicts)."""
    items = list(artefacts)
    tables, cdc = _tables(items)
    topics_by_cluster = _topics(items)
    every_topic = set().union(*topics_by_cluster.values()) if topics_by_cluster else set()
    owners = _clusters(items)
    buckets = set()
    for artefact in items:
        if artefact.path == "init/plan.json" and isinstance(artefact.intended, dict):
            buckets = {b["bucket"] for b in artefact.intended.get("buckets", [])}
    problems: dict[str, list[str]] = {}
    formats: dict[tuple[str, str], dict[tuple[str, str], list[str]]] = {}
    for artefact in items:
        found: list[str] = []
        body = artefact.intended
        if artefact.kind == "connector" and isinstance(body, dict) and isinstance(body.get("config"), dict):
            config = body["config"]
            connector_class = config.get("connector.class")
            sink = connector_class in SINK_CLASSES
            named = (
                [t.strip() for t in str(config.get("topics", "")).split(",") if t.strip()]
                if sink
                else _written_topics(config)
            )
            cluster = owners.get(artefact.path, "")
            topics = topics_by_cluster.get(cluster, every_topic)
            found += [f"topic {t!r} is not created by kafka/{cluster}.topics.tsv" for t in named if t not in topics]
            if connector_class == "com.datastax.oss.kafka.sink.CassandraSinkConnector":
                found += _cassandra_sink(config, tables)
            bucket = config.get("s3.bucket.name")
            if connector_class == "io.confluent.connect.s3.S3SinkConnector" and bucket and bucket not in buckets:
                found.append(f"bucket {bucket!r} is not created by init")
            if "value.converter" in config and "JsonConverter" in str(config["value.converter"]):
                fmt = (str(config["value.converter"]), str(config.get("value.converter.schemas.enable", "true")))
                for topic in named:
                    formats.setdefault((cluster, topic), {}).setdefault(fmt, []).append(artefact.path)
        if found:
            problems[artefact.path] = found
    agents = {
        a.path: str(a.intended.get("topic.prefix", ""))
        for a in items
        if a.kind == "properties" and a.path.startswith("debezium/") and isinstance(a.intended, dict)
    }
    for keyspace, table in sorted(cdc) if agents else ():
        if not any(f"{prefix}.{keyspace}.{table}" in every_topic for prefix in agents.values()):
            for path, prefix in agents.items():
                problems.setdefault(path, []).append(
                    f"Debezium writes CDC table {keyspace}.{table} to {prefix}.{keyspace}.{table}, which no "
                    "kafka/*.topics.tsv creates"
                )
    for (_, topic), by_format in sorted(formats.items()):
        if len(by_format) > 1:
            for paths in by_format.values():
                for path in paths:
                    problems.setdefault(path, []).append(
                        f"topic {topic!r} is read or written with different JSON converter settings by "
                        + ", ".join(sorted({p for ps in by_format.values() for p in ps}))
                    )
    return problems
