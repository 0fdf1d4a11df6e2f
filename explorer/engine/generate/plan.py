"""The generation plan: every fact the artefact builders share, resolved once from design + analysis.

Builders (compose.py, connect.py, ...) read a :class:`Plan` and return :class:`Artefact` objects; they never
re-derive host names, topics or data-centre names themselves, so all files of a bundle agree.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from catalog import Catalog, version_key
from explorer.engine.analysis.runnable import CdcTopics, cdc_topics
from explorer.engine.document import Design, Endpoint, Flow, Node

from .names import NameAllocator, UnsafeValue

__all__ = [
    "STORE_KIND",
    "Artefact",
    "GenerationError",
    "Placeholder",
    "Plan",
    "TableSpec",
    "TopicSpec",
    "newest_version",
]

# The store kind a flow endpoint means when it names a node of this service (DESIGN.md, store kinds).
STORE_KIND: Mapping[str, str] = {
    "kafka": "topic",
    "cassandra": "table",
    "elassandra": "table",
    "elasticsearch": "index",
    "s3": "prefix",
    "jdbc": "table",
}

CASSANDRA_LIKE = ("cassandra", "elassandra")
# S3 bucket naming: 3-63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric.
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
DEFAULT_KEYSPACE = "kafkaesque"
# Kafka topic-level config names are dotted lowercase words (retention.ms, cleanup.policy, min.insync.replicas).
_TOPIC_CONFIG = re.compile(r"[a-z][a-z0-9]*(?:\.[a-z0-9]+)+")


class GenerationError(Exception):
    """The design cannot be turned into a bundle (a name breaks a rule, a value cannot be quoted, ...)."""


@dataclass(frozen=True)
class Artefact:
    """One file of a bundle.

    ``kind`` names the parser that checks it (json, ndjson, yaml, compose, properties, cql, python, tsv,
    markdown, logstash, shell); ``intended`` is the data the file must parse back to, when the check
    compares values (JSON/YAML objects, properties maps, CQL identifier lists, Python literals).
    ``definition`` names the catalog configuration definition a properties file is checked against
    (``connect-worker``, ``mm2``); connector files find theirs by ``connector.class``.
    """

    path: str
    data: bytes
    kind: str
    intended: Any = None
    definition: str | None = None


@dataclass(frozen=True)
class Placeholder:
    """A value the user must check or fill in before the bundle runs as intended."""

    path: str
    item: str
    reason: str


@dataclass(frozen=True)
class TopicSpec:
    """A topic the init step creates on one Kafka node."""

    name: str
    partitions: int
    replication_factor: int
    implicit: bool
    configs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """A CQL table the schema creates (default columns: ``id``, ``payload``, ``updated_at``)."""

    keyspace: str
    table: str
    cdc: bool
    implicit: bool


@dataclass
class Plan:
    """Shared, resolved facts for one bundle (mutable only while the builders collect placeholders)."""

    design: Design
    catalog: Catalog
    mechanisms: Mapping[str, str]
    slug: str
    hosts: dict[str, str] = field(default_factory=dict)
    allocator: NameAllocator = field(default_factory=NameAllocator)
    placeholders: list[Placeholder] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    topics: dict[str, dict[str, TopicSpec]] = field(default_factory=dict)
    tables: dict[str, dict[tuple[str, str], TableSpec]] = field(default_factory=dict)
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    data_centres: dict[str, str] = field(default_factory=dict)
    # Flow id -> the bundle files that carry it (a connector, an MM2 direction, a job, an app, ...).
    carriers: dict[str, list[str]] = field(default_factory=dict)
    # (Kafka node, topic) pairs a schema-aware sink (JDBC) reads: their records carry {schema, payload}.
    schema_topics: set[tuple[str, str]] = field(default_factory=set)
    # Debezium flow id -> its topic prefix and routes, worked out once (store_names asks for them often).
    _cdc: dict[str, CdcTopics] = field(default_factory=dict)
    #: Versions the analysis chose for nodes that set none (``AnalysisResult.chosen_versions``).
    versions: Mapping[str, str] = field(default_factory=dict)

    # ---- construction -------------------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        design: Design,
        catalog: Catalog,
        mechanisms: Mapping[str, str],
        slug: str,
        *,
        versions: Mapping[str, str] | None = None,
    ) -> Plan:
        """Resolve hosts, stores, Cassandra clusters and data centres for ``design``."""
        plan = cls(
            design=design, catalog=catalog, mechanisms=dict(mechanisms), slug=slug, versions=dict(versions or {})
        )
        try:
            for node in sorted(design.nodes, key=lambda n: n.id):
                plan.hosts[node.id] = plan.allocator.reserve(node.id)
        except UnsafeValue as exc:
            raise GenerationError(str(exc)) from exc
        plan._check_names()
        plan._collect_stores()
        plan._cassandra_clusters()
        plan.schema_topics = {
            (flow.source.node, topic)
            for flow in plan.flows_by("connect-jdbc-sink")
            for topic in plan.store_names(flow.source, flow)
        }
        return plan

    def _check_names(self) -> None:
        """Defence in depth: refuse store names that break their service's rules even if analysis passed."""
        problems: list[str] = []
        for node in self.design.nodes:
            service = self.catalog.service(node.service)
            for store in node.stores:
                rule = service.naming_rule(store.kind) if service is not None else None
                if rule is not None:
                    problems.extend(f"{node.id}/{store.name}: {p}" for p in rule.problems(store.name))
                elif not store.name or any(ord(ch) < 32 for ch in store.name):
                    problems.append(f"{node.id}: store name {store.name!r} cannot be generated")
        for node in self.design.nodes:
            bucket = node.properties.get("bucket") if node.service == "s3" else None
            if bucket is not None and (not isinstance(bucket, str) or not _BUCKET.fullmatch(bucket)):
                problems.append(f"{node.id}: bucket {bucket!r} is not a valid S3 bucket name")
        if problems:
            raise GenerationError("invalid names: " + "; ".join(problems))

    def _collect_stores(self) -> None:
        for node in self.nodes("kafka"):
            self.topics[node.id] = {}
            for store in node.stores:
                if store.kind == "topic":
                    self.topics[node.id][store.name] = TopicSpec(
                        store.name,
                        _positive_int(store.properties.get("partitions"), 1),
                        _positive_int(store.properties.get("replication_factor"), 1),
                        implicit=False,
                        configs=self._topic_configs(node.id, store.name, store.properties),
                    )
        for node in self.nodes(*CASSANDRA_LIKE):
            self.tables[node.id] = {}
            for store in node.stores:
                if store.kind == "table":
                    keyspace, table = split_table(store.name)
                    self.tables[node.id][(keyspace, table)] = TableSpec(keyspace, table, False, implicit=False)
        cdc_mechanisms = {"debezium-cassandra"}
        for flow in self.flows():
            mechanism = self.mechanism(flow)
            for endpoint, reading in ((flow.source, True), (flow.sink, False)):
                target = self.node(endpoint.node)
                if target is None or not self._needs_store(target, flow, mechanism):
                    continue
                names = self.store_names(endpoint, flow)
                if target.service == "kafka":
                    for name in names:
                        if name not in self.topics[target.id]:
                            self.topics[target.id][name] = TopicSpec(name, 1, 1, implicit=True)
                elif target.service in CASSANDRA_LIKE:
                    for name in names:
                        key = split_table(name)
                        old = self.tables[target.id].get(key)
                        cdc = (old.cdc if old else False) or (reading and mechanism in cdc_mechanisms)
                        self.tables[target.id][key] = TableSpec(
                            key[0], key[1], cdc, implicit=old.implicit if old else True
                        )

    def _topic_configs(self, node_id: str, topic: str, properties: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        """Topic-level configs (``retention.ms``, ``cleanup.policy``, ...) a topic store declares, sorted.

        Dotted property names are Kafka topic configs; a value that is not a plain scalar, or that would break
        the tab-separated topics file, is not written but listed for the user.
        """
        configs: list[tuple[str, str]] = []
        path = "kafka/topics.json"
        for key, value in sorted(properties.items()):
            if not _TOPIC_CONFIG.fullmatch(key):
                continue
            if isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, int | float | str):
                text = str(value)
            else:
                self.placeholder(path, f"{key} of topic {topic} on {node_id}", "not a plain value; set it by hand")
                continue
            if text == "" or any(ord(ch) < 32 for ch in text):
                self.placeholder(
                    path, f"{key} of topic {topic} on {node_id}", "value cannot be written; set it by hand"
                )
                continue
            configs.append((key, text))
        return tuple(configs)

    @staticmethod
    def _needs_store(node: Node, flow: Flow, mechanism: str) -> bool:
        # Replicators copy by topic filter and native replication copies keyspaces: no store is implied.
        if mechanism in {"mirrormaker2", "mirrormaker1", "ureplicator", "cassandra-replication"}:
            return False
        return node.service in STORE_KIND

    def _cassandra_clusters(self) -> None:
        """Cassandra nodes joined by ``cassandra-replication`` flows form one cluster, one DC per location."""
        members = [n.id for n in self.nodes(*CASSANDRA_LIKE)]
        parent = {m: m for m in members}

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for flow in self.flows():
            if self.mechanism(flow) == "cassandra-replication":
                a, b = flow.source.node, flow.sink.node
                if a in parent and b in parent:
                    ra, rb = find(a), find(b)
                    parent[max(ra, rb)] = min(ra, rb)
        groups: dict[str, list[str]] = {}
        for member in members:
            groups.setdefault(find(member), []).append(member)
        for root, nodes in sorted(groups.items()):
            self.clusters[root] = tuple(sorted(nodes))
            for node_id in nodes:
                node = self.node(node_id)
                assert node is not None
                self.data_centres[node_id] = node.location or "datacenter1"

    # ---- lookups ------------------------------------------------------------------------------------
    def node(self, node_id: str) -> Node | None:
        """The node with this id, or ``None``."""
        return self.design.node(node_id)

    def nodes(self, *services: str) -> list[Node]:
        """Nodes of the given services, sorted by id."""
        return sorted((n for n in self.design.nodes if n.service in services), key=lambda n: n.id)

    def flows(self) -> list[Flow]:
        """All flows, sorted by id."""
        return sorted(self.design.flows, key=lambda f: f.id)

    def mechanism(self, flow: Flow) -> str:
        """The mechanism analysis resolved for ``flow`` (or the one it names)."""
        return self.mechanisms.get(flow.id) or flow.mechanism or ""

    def flows_by(self, *mechanisms: str) -> list[Flow]:
        """Flows whose resolved mechanism is one of ``mechanisms``, sorted by id."""
        return [f for f in self.flows() if self.mechanism(f) in mechanisms]

    def host(self, node_id: str) -> str:
        """The compose service / host name of a node."""
        return self.hosts[node_id]

    def cluster_of(self, node_id: str) -> str:
        """The Cassandra cluster id (its first node id) a Cassandra or Elassandra node belongs to."""
        for cluster, members in self.clusters.items():
            if node_id in members:
                return cluster
        raise KeyError(node_id)

    def store_names(self, endpoint: Endpoint, flow: Flow) -> list[str]:
        """The store names a flow endpoint means: the named store, the node's stores, or one implicit store.

        The topics of a Debezium flow are the ones Debezium names (``<topic.prefix>.<keyspace>.<table>``).
        """
        if endpoint is flow.sink and self.mechanism(flow) == "debezium-cassandra":
            return [topic for _, topic in self.cdc_routes(flow)]
        if endpoint.store is not None:
            return [endpoint.store]
        node = self.node(endpoint.node)
        if node is None:
            return []
        kind = STORE_KIND.get(node.service)
        declared = sorted(s.name for s in node.stores if kind is None or s.kind == kind)
        if declared:
            return declared
        return [self.implicit_store(node, flow)]

    def cdc_routes(self, flow: Flow) -> list[tuple[str, str]]:
        """(table, topic) pairs a Debezium Cassandra flow writes; an invented table gets its topic too."""
        topics = self._cdc_topics(flow)
        if topics.routes:
            return list(topics.routes)
        source = self.node(flow.source.node)
        if source is None:
            return []
        table = self.implicit_store(source, flow)
        return [(table, f"{topics.prefix}.{table}")]

    def cdc_prefix(self, flow: Flow) -> str:
        """The ``topic.prefix`` of a Debezium Cassandra flow."""
        return self._cdc_topics(flow).prefix

    def _cdc_topics(self, flow: Flow) -> CdcTopics:
        if flow.id not in self._cdc:
            self._cdc[flow.id] = cdc_topics(self.design, flow)
        return self._cdc[flow.id]

    def implicit_store(self, node: Node, flow: Flow) -> str:
        """A name for the store a flow needs on a node that declares none (listed in the README)."""
        ident = flow.id.replace("-", "_")
        if node.service in CASSANDRA_LIKE:
            table = ident if len(ident) <= 48 else "t_" + hashlib.sha256(ident.encode()).hexdigest()[:16]
            return f"{DEFAULT_KEYSPACE}.{table}"
        if node.service == "jdbc":
            return ident
        return flow.id

    def carry(self, flow_id: str, path: str) -> None:
        """Record that the file at ``path`` carries the flow ``flow_id`` (what runs it in the bundle)."""
        paths = self.carriers.setdefault(flow_id, [])
        if path not in paths:
            paths.append(path)

    def placeholder(self, path: str, item: str, reason: str) -> None:
        """Record a value the README must list as a placeholder."""
        entry = Placeholder(path, item, reason)
        if entry not in self.placeholders:
            self.placeholders.append(entry)

    def version(self, node: Node, default: str) -> str:
        """The node's ``version`` property, the version the analysis chose for it, or the catalog default for
        its service, else ``default``."""
        value = node.version()
        if isinstance(value, str) and re.fullmatch(r"[0-9][0-9A-Za-z.\-]{0,30}", value):
            return value
        if node.id in self.versions:
            return self.versions[node.id]
        service = self.catalog.service(node.service)
        if service is not None and service.default_version:
            return service.default_version
        return default


def split_table(name: str) -> tuple[str, str]:
    """``"keyspace.table"`` -> ``("keyspace", "table")``; a bare table goes to the default keyspace."""
    if "." in name:
        keyspace, table = name.split(".", 1)
        return keyspace, table
    return DEFAULT_KEYSPACE, name


def newest_version(versions: Iterable[str], default: str) -> str:
    """The highest of ``versions`` compared by number (``"8.15.0"`` over ``"8.9.0"``), else ``default``.

    Versions equal by number (``"8.15.0"``, ``"8.15.0-rc1"``) are ordered as text, so the pick never
    depends on set order.
    """
    return max(versions, key=lambda version: (version_key(version), version), default=default)


def _positive_int(value: object, default: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 100000:
        return value
    return default


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without duplicates."""
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
