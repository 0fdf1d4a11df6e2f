"""Flows the catalog allows but whose generated configuration could not carry the design as drawn.

The DataStax Cassandra sink's ``mapping`` property (``<column>=<field>, ...``, integrations.md 2.2) is read here
once (:func:`sink_mapping`): the analysis reports one the connector or the generated table could not take
(``invalid-property``), and the generator writes it into the connector and adds its columns to the table.

Debezium's Cassandra agent names its topics itself, ``<topic.prefix>.<keyspace>.<table>`` (integrations.md
2.3 and section 7): a design that sends a table's changes to a topic of another shape would get a bundle
whose events land in a topic nobody reads. :func:`cdc_topics` is the one rule for those names; the
analysis reports designs it cannot satisfy (``cdc-topic-mismatch``) and the generator uses the same names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from explorer.engine.analysis.context import Context
from explorer.engine.analysis.findings import Finding, finding
from explorer.engine.document import Design, Flow

__all__ = ["CdcTopics", "SinkMapping", "cdc_topics", "runnable_findings", "sink_mapping"]

DEBEZIUM_EVIDENCE = (
    "https://debezium.io/documentation/reference/2.1/connectors/cassandra.html",
    "https://github.com/debezium/debezium/blob/main/documentation/modules/ROOT/pages/connectors/cassandra.adoc",
)

# MM2's `A->B.topics` is a list of regular expressions over topic names (KIP-382, integrations.md 2.11).
TOPIC_FILTER_EVIDENCE = ("https://cwiki.apache.org/confluence/display/KAFKA/KIP-382%3A+MirrorMaker+2.0",)


# The DataStax sink's topic-to-table settings: the mapping's syntax, __ttl and __timestamp, header fields.
CASSANDRA_SINK_EVIDENCE = (
    "https://docs.datastax.com/en/kafka/doc/kafka/configuration_reference/kafkaDseTable.html",
    "https://docs.datastax.com/en/kafka/doc/kafka/kafkaRecordHeaderToTable.html",
)
#: Mapping targets that set the row's TTL or write time instead of a column.
MAPPING_SPECIALS = ("__ttl", "__timestamp")
#: The generated table's key column: every mapping writes it (from the record key unless the mapping says).
MAPPING_KEY = "id"
_MAPPED_COLUMN = re.compile(r"[a-z_][a-z0-9_]*")
_MAPPED_FIELD = re.compile(r"(?:key|value|header)(?:\.[A-Za-z0-9_$-]+)*|now\(\)")


@dataclass(frozen=True)
class SinkMapping:
    """A Cassandra sink flow's own ``mapping``: ``(column, field)`` pairs as the connector takes them (the key
    column ``id`` first, from the record key when the flow does not map it), or the problem with it."""

    pairs: tuple[tuple[str, str], ...]
    problem: str | None = None

    def columns(self) -> dict[str, str]:
        """Column -> CQL type for the generated table: ``timeuuid`` for ``now()``, else ``text``."""
        return {
            column: "timeuuid" if field == "now()" else "text"
            for column, field in self.pairs
            if column not in MAPPING_SPECIALS
        }


def sink_mapping(flow: Flow) -> SinkMapping | None:
    """The flow's ``mapping`` property read (None when the flow sets none: the generic mapping is used)."""
    value = flow.properties.get("mapping")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        return SinkMapping((), "it is not a text of <column>=<field> pairs")
    pairs: list[tuple[str, str]] = []
    for item in value.split(","):
        column, sep, field = (part.strip() for part in item.partition("="))
        if not sep or not column or not field:
            return SinkMapping((), f"'{item.strip()}' is not <column>=<field>")
        if column not in MAPPING_SPECIALS and not _MAPPED_COLUMN.fullmatch(column):
            return SinkMapping((), f"column '{column}' is not a plain CQL name (lowercase letters, digits and _)")
        if not _MAPPED_FIELD.fullmatch(field):
            return SinkMapping((), f"'{field}' is not key, value, key.<field>, value.<field>, header.<name> or now()")
        if any(column == known for known, _ in pairs):
            return SinkMapping((), f"column '{column}' is mapped twice")
        pairs.append((column, field))
    key = dict(pairs).get(MAPPING_KEY)
    if key == "now()":
        return SinkMapping((), f"'{MAPPING_KEY}' is the generated table's text key; map it from the key or a field")
    if key is None:
        pairs.insert(0, (MAPPING_KEY, "key"))
    return SinkMapping(tuple(pairs))


@dataclass(frozen=True)
class CdcTopics:
    """What a Debezium Cassandra flow writes: its ``topic.prefix`` and (table, topic) pairs, or why it cannot."""

    prefix: str
    routes: tuple[tuple[str, str], ...]
    problem: str | None = None
    fix: str = ""


def _tables(design: Design, flow: Flow) -> list[str]:
    if flow.source.store is not None:
        return [flow.source.store]
    node = design.node(flow.source.node)
    if node is None:
        return []
    return sorted(store.name for store in node.stores if store.kind == "table")


def cdc_topics(design: Design, flow: Flow) -> CdcTopics:
    """The topic prefix and per-table topics of a ``debezium-cassandra`` flow.

    The prefix is the flow's ``topic_prefix`` property; else, when the flow names one table and one topic
    ``<prefix>.<keyspace>.<table>``, that prefix; else the Cassandra node id. A named topic of another shape,
    or several tables sent to one named topic, cannot be produced by Debezium: ``problem`` says so.
    A flow whose source names no table and whose node declares none gets ``routes == ()``: the generator
    invents the table, and with it the topic.
    """
    tables = _tables(design, flow)
    declared = flow.properties.get("topic_prefix")
    prefix = declared if isinstance(declared, str) and declared else None
    topic = flow.sink.store
    if topic is not None and prefix is None and len(tables) == 1:
        suffix = "." + tables[0]
        if topic.endswith(suffix) and len(topic) > len(suffix):
            prefix = topic[: -len(suffix)]
    prefix = prefix or flow.source.node
    routes = tuple((table, f"{prefix}.{table}") for table in tables)
    if topic is None:
        return CdcTopics(prefix, routes)
    if len(tables) > 1:
        return CdcTopics(
            prefix,
            routes,
            f"Flow '{flow.id}' sends {len(tables)} tables to one topic '{topic}', but Debezium writes each table "
            "to its own topic <topic.prefix>.<keyspace>.<table>.",
            f"Draw one flow per table, each to a topic named {prefix}.<keyspace>.<table>, or let the flow end at "
            f"the Kafka node '{flow.sink.node}' so the topics are named for you.",
        )
    wanted = routes[0][1] if routes else None
    if wanted is not None and wanted != topic:
        return CdcTopics(
            prefix,
            routes,
            f"Flow '{flow.id}' writes to topic '{topic}', but Debezium names the topic of table '{routes[0][0]}' "
            f"'{wanted}' (<topic.prefix>.<keyspace>.<table>), so the design's topic would stay empty.",
            f"Rename the topic to '{wanted}', or set the flow's topic_prefix so that <topic_prefix>.{routes[0][0]} "
            f"is '{topic}' (possible only when the topic ends with '.{routes[0][0]}').",
        )
    return CdcTopics(prefix, routes)


def runnable_findings(context: Context) -> list[Finding]:
    """``cdc-topic-mismatch`` for Debezium flows whose design topic Debezium would not write,
    ``filter-excludes-topic`` for replication flows drawn from a topic their own ``topics`` filter leaves out, and
    ``invalid-property`` for a Cassandra sink ``mapping`` the connector or the generated table cannot take."""
    found: list[Finding] = []
    for spec in context.specs:
        if spec.mechanism.id == "connect-cassandra-sink":
            mapping = sink_mapping(spec.flow)
            if mapping is not None and mapping.problem is not None:
                found.append(
                    finding(
                        "invalid-property",
                        f"Flow '{spec.flow.id}' sets 'mapping', but {mapping.problem}.",
                        refs=[spec.flow.id],
                        evidence=CASSANDRA_SINK_EVIDENCE,
                        fix=f"Write the mapping of flow '{spec.flow.id}' as comma separated <column>=<field> pairs, "
                        "e.g. 'order_id=value.id, status=value.status' (fields: key, value, key.<field>, "
                        "value.<field>, header.<name>, now(); __ttl and __timestamp set the row's TTL and write "
                        "time).",
                    )
                )
        store = spec.flow.source.store
        if spec.topic_filter is not None and store is not None and not spec.topic_filter.matches(store):
            found.append(
                finding(
                    "filter-excludes-topic",
                    f"Flow '{spec.flow.id}' replicates topic '{store}', but its topics filter "
                    f"'{spec.topic_filter.text}' does not match that name, so {spec.mechanism.name} copies "
                    "nothing of it.",
                    refs=[spec.flow.id, spec.flow.source.node, spec.flow.sink.node],
                    evidence=TOPIC_FILTER_EVIDENCE,
                    fix=f"Add '{store}' to the topics filter of flow '{spec.flow.id}', or draw the flow from a "
                    "topic the filter matches.",
                )
            )
        if spec.mechanism.id != "debezium-cassandra":
            continue
        topics = cdc_topics(context.design, spec.flow)
        if topics.problem is not None:
            found.append(
                finding(
                    "cdc-topic-mismatch",
                    topics.problem,
                    refs=[spec.flow.id, spec.flow.source.node, spec.flow.sink.node],
                    evidence=DEBEZIUM_EVIDENCE,
                    fix=topics.fix,
                )
            )
    return found
