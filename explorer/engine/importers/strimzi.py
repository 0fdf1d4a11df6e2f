"""Import Strimzi custom resources (``kafka.strimzi.io/v1`` and the older ``v1beta2``).

``Kafka`` is a Kafka node (its bootstrap service ``<name>-kafka-bootstrap``), ``KafkaNodePool`` adds its
replica count, ``KafkaTopic`` a topic store of the cluster its ``strimzi.io/cluster`` label names,
``KafkaConnect`` a Connect worker attached to the cluster its ``bootstrapServers`` reach, ``KafkaConnector``
a connector flow run by that worker, ``KafkaMirrorMaker2`` one ``mirrormaker2`` flow per mirror with its
``topicsPattern`` and replication policy. Other kinds are noted and skipped.
"""

from __future__ import annotations

from typing import Any

from catalog import Catalog
from explorer.engine.document import Limits

from .base import (
    DEFAULT_LIMITS,
    ImportRefused,
    Origin,
    Partial,
    YamlDocument,
    decode_text,
    load_yaml_documents,
    node_id,
)
from .compose import host_of
from .connect import add_connector

__all__ = ["import_strimzi", "is_strimzi"]

_GROUP = "kafka.strimzi.io/"
_IDENTITY = "IdentityReplicationPolicy"


def is_strimzi(value: object) -> bool:
    """Whether a YAML document is a Strimzi resource."""
    return isinstance(value, dict) and str(value.get("apiVersion", "")).startswith(_GROUP)


def _cluster_of_bootstrap(servers: str) -> str:
    """The Kafka resource a ``<name>-kafka-bootstrap:9092`` address belongs to (else the host itself)."""
    host = host_of(servers)
    return node_id(host.split(".", 1)[0].removesuffix("-kafka-bootstrap"))


def import_strimzi(
    data: bytes,
    file: str,
    catalog: Catalog,
    limits: Limits = DEFAULT_LIMITS,
    *,
    documents: list[YamlDocument] | None = None,
) -> Partial:
    """Read every Strimzi resource of a (multi-document) YAML file.

    ``documents`` are the file's YAML documents when the caller has read them already.

    Raises
    ------
    ImportRefused
        When the YAML is unreadable or holds no Strimzi resource.
    """
    if documents is None:
        documents = load_yaml_documents(decode_text(data, file, limits), file, limits)
    documents = [d for d in documents if d.value is not None]
    if not any(is_strimzi(d.value) for d in documents):
        raise ImportRefused(Origin(file), "no Strimzi resource (apiVersion kafka.strimzi.io/...)")
    partial = Partial()
    partial.extras["connect_workers"] = {}
    partial.extras["connector_workers"] = {}
    # Connect clusters first, so a connector earlier in the file still finds its worker.
    order = {"Kafka": 0, "KafkaNodePool": 1, "KafkaConnect": 1}
    for document in sorted(documents, key=lambda d: order.get(str(d.value.get("kind")), 2)):
        if is_strimzi(document.value):
            _resource(partial, document, file, catalog)
    return partial


def _resource(partial: Partial, document: YamlDocument, file: str, catalog: Catalog) -> None:
    value: dict[str, Any] = document.value
    kind = str(value.get("kind", ""))
    metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
    spec = value.get("spec") if isinstance(value.get("spec"), dict) else {}
    assert isinstance(metadata, dict) and isinstance(spec, dict)
    name = str(metadata.get("name", ""))
    labels = metadata.get("labels") if isinstance(metadata.get("labels"), dict) else {}
    assert isinstance(labels, dict)
    cluster = str(labels.get("strimzi.io/cluster", ""))
    origin = Origin(file, document.line("metadata", "name") or document.line("kind"), f"{kind}/{name}")
    if not name:
        partial.problem(Origin(file, document.line("kind"), f"{kind}.metadata.name"), f"a {kind} without a name")
        return
    if kind == "Kafka":
        kafka = spec.get("kafka") if isinstance(spec.get("kafka"), dict) else {}
        assert isinstance(kafka, dict)
        properties: dict[str, Any] = {"bootstrap_servers": f"{name}-kafka-bootstrap:9092"}
        if kafka.get("version"):
            properties["version"] = ".".join(str(kafka["version"]).split(".")[:2])
        partial.node(node_id(name), "kafka", origin, name=name, properties=properties)
    elif kind == "KafkaNodePool":
        if not cluster:
            partial.problem(origin, "KafkaNodePool without a strimzi.io/cluster label")
            return
        replicas = spec.get("replicas")
        node = partial.node(node_id(cluster), "kafka", origin, name=cluster)
        if isinstance(replicas, int):
            pools = node.setdefault("properties", {})
            pools["brokers"] = int(pools.get("brokers", 0)) + replicas
    elif kind == "KafkaTopic":
        if not cluster:
            partial.problem(origin, "KafkaTopic without a strimzi.io/cluster label")
            return
        partial.node(node_id(cluster), "kafka", origin, name=cluster)
        topic = str(spec.get("topicName") or name)
        properties = {key: spec[key] for key in ("partitions",) if isinstance(spec.get(key), int)}
        if isinstance(spec.get("replicas"), int):
            properties["replication_factor"] = spec["replicas"]
        partial.store(node_id(cluster), topic, "topic", origin, properties)
    elif kind == "KafkaConnect":
        partial.extras["connect_workers"][name] = {"bootstrap": str(spec.get("bootstrapServers", "")), "origin": origin}
    elif kind == "KafkaConnector":
        config = dict(spec.get("config") or {})
        config["connector.class"] = spec.get("class", "")
        flow = add_connector(partial, name, config, origin, catalog)
        if flow is not None and cluster:
            partial.extras["connector_workers"][flow] = cluster
    elif kind == "KafkaMirrorMaker2":
        _mirror_maker(partial, document, file, name, spec)
    else:
        partial.note(origin, f"Strimzi {kind} '{name}' is not imported")


def _mirror_maker(partial: Partial, document: YamlDocument, file: str, name: str, spec: dict[str, Any]) -> None:
    target = spec.get("target") if isinstance(spec.get("target"), dict) else None
    # v1beta2 names the target with connectCluster and lists clusters separately.
    clusters = {c.get("alias"): c for c in spec.get("clusters", []) if isinstance(c, dict)}
    if target is None and spec.get("connectCluster") in clusters:
        target = clusters[spec["connectCluster"]]
    if not isinstance(target, dict) or not target.get("alias"):
        partial.problem(Origin(file, document.line("spec"), f"KafkaMirrorMaker2/{name}.spec.target"), "no target")
        return
    target_id = _kafka(partial, target, Origin(file, document.line("spec", "target"), f"KafkaMirrorMaker2/{name}"))
    for index, mirror in enumerate(spec.get("mirrors") or []):
        origin = Origin(
            file, document.line("spec", "mirrors", str(index)), f"KafkaMirrorMaker2/{name}.mirrors[{index}]"
        )
        source = mirror.get("source") if isinstance(mirror, dict) else None
        if not isinstance(source, dict):
            source = clusters.get(mirror.get("sourceCluster")) if isinstance(mirror, dict) else None
        if not isinstance(source, dict) or not source.get("alias"):
            partial.problem(origin, "a mirror without a source cluster")
            continue
        source_id = _kafka(partial, source, origin)
        connector = mirror.get("sourceConnector")
        config = connector.get("config") if isinstance(connector, dict) else None
        config = config if isinstance(config, dict) else {}
        policy_class = str(config.get("replication.policy.class", ""))
        properties = {
            "topics": str(mirror.get("topicsPattern", ".*")),
            "replication_policy": "identity" if policy_class.endswith(_IDENTITY) else "default",
        }
        partial.flow(f"{source_id}-to-{target_id}"[:63], source_id, target_id, "mirrormaker2", origin, properties)


def _kafka(partial: Partial, cluster: dict[str, Any], origin: Origin) -> str:
    alias = str(cluster["alias"])
    servers = str(cluster.get("bootstrapServers", ""))
    ident = _cluster_of_bootstrap(servers) if servers else node_id(alias)
    partial.node(ident, "kafka", origin, name=alias, properties={"bootstrap_servers": servers} if servers else None)
    return ident
