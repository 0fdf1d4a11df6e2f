"""Strimzi 1.x (``kafka.strimzi.io/v1``) resources for the Kafka parts of a design, in ``k8s/``.

One file per Kafka node (``kafka-<node>.yaml``: KafkaNodePool + Kafka in KRaft mode + a KafkaTopic per topic),
one per Kafka node that runs connectors (``connect-<node>.yaml``: KafkaConnect with ``spec.build`` + a
KafkaConnector per connector flow) and one per MirrorMaker 2 target (``mirrormaker2-<target>.yaml``: Strimzi
runs MM2 on the target's Connect cluster). Everything is meant for one namespace, so names are unique across
the bundle and clients reach a cluster through Strimzi's ``<kafka>-kafka-bootstrap:9092`` service.

Facts (integrations.md section 7): Strimzi 1.0 removed ``v1beta2``; KafkaConnect and KafkaMirrorMaker2 carry
``groupId`` and the three storage topics in their spec; Kafka runs in KRaft with KafkaNodePool resources (the
``strimzi.io/node-pools`` and ``strimzi.io/kraft`` annotations are ignored since 0.48.0, ``CHANGELOG.md`` at
the commit in ``STRIMZI``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from explorer.engine.document import Flow, Node

from .connect import connect_clusters, connector_configs, facts, worker_properties
from .formats import to_yaml_documents
from .mirrormaker import POLICIES, _topics
from .names import safe_filename, slugify
from .plan import Artefact, GenerationError, Plan

__all__ = ["API", "KAFKA_VERSION", "bootstrap_address", "build_k8s", "cluster_name", "hub_artifact", "kafka_version"]

API = "kafka.strimzi.io/v1"
STRIMZI = "https://github.com/strimzi/strimzi-kafka-operator/blob/8541da1e336bdcda9647aeacfbc2048e57580a52"
# Kafka versions Strimzi 1.2 runs, with their KRaft metadata version (``supported: true`` entries of
# ``kafka-versions.yaml``, same commit as the vendored CRDs); 4.3.1 is the operator's default.
SUPPORTED_KAFKA: Mapping[str, str] = {"4.2.0": "4.2-IV1", "4.2.1": "4.2-IV1", "4.3.0": "4.3-IV0", "4.3.1": "4.3-IV0"}
KAFKA_VERSION = "4.3.1"
KAFKA_VERSIONS_SOURCE = f"{STRIMZI}/kafka-versions.yaml"
LISTENER_PORT = 9092
STORAGE_SIZE = "10Gi"
# Pod names are ``<kafka>-<kafka>-pool-<n>`` and must stay a DNS label (63 characters).
_CLUSTER_NAME_MAX = 26
_LABEL = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
# ``owner/name:version`` with a version that names one release (digits first, never "latest").
_PINNED_HUB = re.compile(r"([a-z0-9][a-z0-9._-]*)/([a-z0-9][a-z0-9._-]*):([0-9][0-9A-Za-z._-]*)")
_HUB_DOWNLOAD = (
    "https://hub-downloads.confluent.io/api/plugins/{owner}/{name}/versions/{version}/{owner}-{name}-{version}.zip"
)
_ARTIFACT_KEYS = ("type", "url", "sha512sum", "fileName", "group", "artifact", "version", "repository")

# Connector keys that name a host of the compose run.
_NAMES_HOSTS = frozenset(
    {"contactPoints", "connection.url", "store.url", "es.host", "connect.cassandra.contact.points", "mqtt.server.uri"}
)
_WORKER_CONVERTERS = ("key.converter", "value.converter", "value.converter.schemas.enable")
# -1: the broker's default.replication.factor (KIP-464), which the Kafka resource sets to fit its brokers.
_BROKER_DEFAULT = -1
# A topic created after MM2 starts is picked up within this time (600 s by default, integrations.md 2.11).
_MM2_REFRESH_SECONDS = 30


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def _label_name(wanted: str, limit: int) -> str:
    """``wanted`` if it is a DNS-1035 label of at most ``limit`` characters, else a shortened slug + digest."""
    if len(wanted) <= limit and _LABEL.fullmatch(wanted):
        return wanted
    base = slugify(wanted, fallback="x", max_length=limit - 9).lstrip("0123456789-") or "x"
    return f"{base[: limit - 9].rstrip('-')}-{_digest(wanted)}"


def cluster_name(node_id: str) -> str:
    """The Kafka resource name of a Kafka node (its id, shortened so Strimzi's pod names stay DNS labels)."""
    return _label_name(node_id, _CLUSTER_NAME_MAX)


def bootstrap_address(node_id: str) -> str:
    """Strimzi's bootstrap service of the Kafka resource generated for ``node_id``, plain listener."""
    return f"{cluster_name(node_id)}-kafka-bootstrap:{LISTENER_PORT}"


def kafka_version(node: Node | None) -> str:
    """The newest Strimzi-supported Kafka version matching the node's ``version`` (``4.2`` -> 4.2.1), else 4.3.1."""
    asked = node.version() if node is not None else None
    matches = [v for v in SUPPORTED_KAFKA if asked is not None and (v == asked or v.startswith(asked + "."))]
    return max(matches, key=lambda v: tuple(int(p) for p in v.split(".")), default=KAFKA_VERSION)


def _topic_names(plan: Plan) -> dict[tuple[str, str], str]:
    """(Kafka node, topic) -> KafkaTopic ``metadata.name``, unique in the namespace.

    A topic name that is a DNS-1123 subdomain and used by one Kafka node only is kept; any other (upper case,
    ``_``, or the same topic on two clusters) becomes a slug plus a digest of node and topic, and the real
    name goes to ``spec.topicName``.
    """
    owners: dict[str, int] = {}
    for specs in plan.topics.values():
        for name in specs:
            owners[name] = owners.get(name, 0) + 1
    out: dict[tuple[str, str], str] = {}
    for kafka_id, specs in sorted(plan.topics.items()):
        for name in sorted(specs):
            if owners[name] == 1 and len(name) <= 253 and _SUBDOMAIN.fullmatch(name):
                out[(kafka_id, name)] = name
            else:
                base = slugify(name, fallback="topic", max_length=200)
                out[(kafka_id, name)] = f"{base}-{_digest(kafka_id + '/' + name)}"
    if len(set(out.values())) != len(out):
        raise GenerationError("two Kafka topics map to the same KafkaTopic resource name")
    return out


def _kafka_documents(plan: Plan, node: Node, path: str, topic_names: Mapping[tuple[str, str], str]) -> list[Any]:
    name = cluster_name(node.id)
    specs = sorted(plan.topics.get(node.id, {}).values(), key=lambda s: s.name)
    # As many brokers as the largest replication factor asked for, so every KafkaTopic can be created.
    brokers = max([1, *(s.replication_factor for s in specs)])
    internal = min(brokers, 3)
    version = kafka_version(node)
    asked = node.version()
    if asked is not None and not version.startswith(asked):
        plan.placeholder(
            path,
            f"Kafka version of {node.id}",
            f"the design asks for {asked}; Strimzi 1.2 runs Kafka {', '.join(SUPPORTED_KAFKA)} only, so {version} is "
            f"used ({KAFKA_VERSIONS_SOURCE})",
        )
    pool = {
        "apiVersion": API,
        "kind": "KafkaNodePool",
        "metadata": {"name": f"{name}-pool", "labels": {"strimzi.io/cluster": name}},
        "spec": {
            "replicas": brokers,
            "roles": ["controller", "broker"],
            "storage": {
                "type": "jbod",
                "volumes": [
                    {
                        "id": 0,
                        "type": "persistent-claim",
                        "size": STORAGE_SIZE,
                        "deleteClaim": False,
                        "kraftMetadata": "shared",
                    }
                ],
            },
        },
    }
    kafka = {
        "apiVersion": API,
        "kind": "Kafka",
        "metadata": {"name": name},
        "spec": {
            "kafka": {
                "version": version,
                "metadataVersion": SUPPORTED_KAFKA[version],
                "listeners": [{"name": "plain", "port": LISTENER_PORT, "type": "internal", "tls": False}],
                "config": {
                    "offsets.topic.replication.factor": internal,
                    "transaction.state.log.replication.factor": internal,
                    "transaction.state.log.min.isr": 1,
                    "default.replication.factor": internal,
                    # 1, so a topic declared with one replica still accepts acks=all producers.
                    "min.insync.replicas": 1,
                },
            },
            # The Topic Operator turns the KafkaTopic resources below into topics.
            "entityOperator": {"topicOperator": {}},
        },
    }
    documents: list[Any] = [pool, kafka]
    for spec in specs:
        topic_spec: dict[str, Any] = {}
        resource_name = topic_names[(node.id, spec.name)]
        if resource_name != spec.name:
            topic_spec["topicName"] = spec.name
        topic_spec["partitions"] = spec.partitions
        topic_spec["replicas"] = spec.replication_factor
        if spec.configs:
            topic_spec["config"] = dict(spec.configs)
        documents.append(
            {
                "apiVersion": API,
                "kind": "KafkaTopic",
                "metadata": {"name": resource_name, "labels": {"strimzi.io/cluster": name}},
                "spec": topic_spec,
            }
        )
    plan.placeholder(path, "storage", f"{STORAGE_SIZE} persistent volume per node, default storage class")
    return documents


def hub_artifact(hub_id: str | None) -> dict[str, str] | None:
    """A Strimzi ``zip`` artifact for a pinned Confluent Hub id (``owner/name:version``), else ``None``."""
    match = _PINNED_HUB.fullmatch(hub_id or "")
    if match is None or match.group(3).lower() == "latest":
        return None
    owner, name, version = match.groups()
    return {"type": "zip", "url": _HUB_DOWNLOAD.format(owner=owner, name=name, version=version)}


def _pinned(artifact: Mapping[str, Any]) -> bool:
    """True when the artifact names one release: a URL without ``latest``, or a Maven version that is exact."""
    if artifact.get("type") == "maven":
        version = str(artifact.get("version", ""))
        return bool(re.fullmatch(r"[0-9][0-9A-Za-z._-]*", version)) and bool(artifact.get("group"))
    url = str(artifact.get("url", ""))
    return url.startswith("https://") and "latest" not in url.lower()


def _catalog_artifact(value: object) -> dict[str, str] | None:
    """The catalog's ``plugin_artifact`` as a Strimzi artifact: a mapping, or a bare URL (type from its suffix)."""
    if isinstance(value, Mapping):
        return {key: str(value[key]) for key in _ARTIFACT_KEYS if value.get(key) not in (None, "")}
    if isinstance(value, str) and value.startswith("https://"):
        path = value.split("?", 1)[0].lower()
        kind = next(
            (t for s, t in ((".zip", "zip"), (".tgz", "tgz"), (".tar.gz", "tgz"), (".jar", "jar")) if path.endswith(s)),
            "other",
        )
        return {"type": kind, "url": value}
    return None


def _plugins(plan: Plan, flows: list[Flow], path: str) -> list[dict[str, Any]]:
    """``spec.build.plugins``: one entry per distinct pinned artifact the cluster's connector flows need."""
    plugins: dict[str, dict[str, Any]] = {}
    for mechanism in sorted({plan.mechanism(f) for f in flows}):
        info = facts(plan, mechanism)
        found = plan.catalog.mechanism(mechanism)
        generates: Mapping[str, Any] = found.generates if found is not None else {}
        artifact = _catalog_artifact(generates.get("plugin_artifact")) or hub_artifact(info.hub if info else None)
        if artifact is None or not _pinned(artifact):
            plan.placeholder(
                path,
                f"connector plugin for {mechanism}",
                "no pinned plugin version or artifact in the catalog; add it to spec.build.plugins",
            )
            continue
        hub = (info.hub or "").split(":", 1)[0] if info else ""
        wanted = hub.replace("/", "-") if hub else mechanism
        name = re.sub(r"[^-_a-z0-9]+", "-", wanted.lower()).strip("-_") or "plugin"
        key = repr(sorted(artifact.items()))
        if key not in {repr(sorted(p["artifacts"][0].items())) for p in plugins.values()}:
            if name in plugins:
                name = f"{name}-{_digest(key)}"
            plugins[name] = {"name": name, "artifacts": [artifact]}
    return [plugins[name] for name in sorted(plugins)]


def _connect_documents(plan: Plan, kafka_id: str, flows: list[Flow], path: str) -> list[Any]:
    worker = dict(worker_properties(plan, kafka_id))
    configs = connector_configs(plan)
    connect_name = f"{cluster_name(kafka_id)}-connect"
    spec: dict[str, Any] = {
        "version": kafka_version(plan.node(kafka_id)),
        "replicas": 1,
        "bootstrapServers": bootstrap_address(kafka_id),
        "groupId": worker["group.id"],
        "configStorageTopic": worker["config.storage.topic"],
        "offsetStorageTopic": worker["offset.storage.topic"],
        "statusStorageTopic": worker["status.storage.topic"],
        "config": {
            "config.storage.replication.factor": _BROKER_DEFAULT,
            "offset.storage.replication.factor": _BROKER_DEFAULT,
            "status.storage.replication.factor": _BROKER_DEFAULT,
            # The compose worker's converters, so connectors that set none behave the same here.
            **{k: worker[k] for k in _WORKER_CONVERTERS},
        },
    }
    plugins = _plugins(plan, flows, path)
    if plugins:
        # Strimzi builds an image with the plugins and pushes it here; ttl.sh keeps an anonymous image 24 hours
        # (Strimzi's own example), and Strimzi pulls it back by digest.
        image = f"ttl.sh/kafkaesque-{_digest(plan.slug + '/' + kafka_id)}-{connect_name}:24h"
        spec["build"] = {"output": {"type": "docker", "image": image}, "plugins": plugins}
        plan.placeholder(path, "spec.build.output.image", f"{image} is public and expires; use your own registry")
    documents: list[Any] = [
        {
            "apiVersion": API,
            "kind": "KafkaConnect",
            "metadata": {"name": connect_name, "annotations": {"strimzi.io/use-connector-resources": "true"}},
            "spec": spec,
        }
    ]
    for flow in flows:
        config = dict(configs[flow.id])
        connector_class = config.pop("connector.class")
        tasks = int(config.pop("tasks.max", "1"))
        if "confluent.topic.bootstrap.servers" in config:
            config["confluent.topic.bootstrap.servers"] = bootstrap_address(kafka_id)
        documents.append(
            {
                "apiVersion": API,
                "kind": "KafkaConnector",
                "metadata": {"name": _label_name(flow.id, 63), "labels": {"strimzi.io/cluster": connect_name}},
                "spec": {"class": connector_class, "tasksMax": tasks, "config": config},
            }
        )
    if any(_NAMES_HOSTS.intersection(configs[f.id]) for f in flows):
        plan.placeholder(
            path,
            "connector hosts and credentials",
            "copied from the compose run (service names, MinIO/PostgreSQL defaults); use your cluster's",
        )
    return documents


def _policy(flow: Flow) -> str:
    return POLICIES.get(str(flow.properties.get("replication_policy")), POLICIES["default"])


def _mirrormaker_document(plan: Plan, target: str, flows: list[Flow]) -> dict[str, Any]:
    # "__" keeps MM2's own topics out of any mirror of this cluster (MM2's default topic filter skips __.*).
    group = f"__mm2-{target}"
    mirrors = []
    for flow in flows:
        policy = _policy(flow)
        mirrors.append(
            {
                "source": {"alias": flow.source.node, "bootstrapServers": bootstrap_address(flow.source.node)},
                "topicsPattern": _topics(flow.properties.get("topics")),
                "sourceConnector": {
                    "tasksMax": 1,
                    "config": {
                        "replication.factor": _BROKER_DEFAULT,
                        "offset-syncs.topic.replication.factor": _BROKER_DEFAULT,
                        "replication.policy.class": policy,
                        # No authorizer runs on the generated brokers (integrations.md section 7).
                        "sync.topic.acls.enabled": "false",
                        "refresh.topics.interval.seconds": _MM2_REFRESH_SECONDS,
                    },
                },
                # The checkpoint connector names remote topics with the same policy to translate offsets, and
                # moves the consumer groups' offsets so they resume on the target after a failover (KIP-545).
                "checkpointConnector": {
                    "tasksMax": 1,
                    "config": {
                        "checkpoints.topic.replication.factor": _BROKER_DEFAULT,
                        "replication.policy.class": policy,
                        "sync.group.offsets.enabled": "true",
                        "sync.group.offsets.interval.seconds": 10,
                        "emit.checkpoints.interval.seconds": 10,
                        "refresh.groups.interval.seconds": _MM2_REFRESH_SECONDS,
                    },
                },
            }
        )
    return {
        "apiVersion": API,
        "kind": "KafkaMirrorMaker2",
        "metadata": {"name": f"mm2-to-{cluster_name(target)}"},
        "spec": {
            "version": kafka_version(plan.node(target)),
            "replicas": 1,
            "target": {
                "alias": target,
                "bootstrapServers": bootstrap_address(target),
                "groupId": group,
                "configStorageTopic": f"{group}-configs",
                "offsetStorageTopic": f"{group}-offsets",
                "statusStorageTopic": f"{group}-status",
                "config": {
                    "config.storage.replication.factor": _BROKER_DEFAULT,
                    "offset.storage.replication.factor": _BROKER_DEFAULT,
                    "status.storage.replication.factor": _BROKER_DEFAULT,
                },
            },
            "mirrors": mirrors,
        },
    }


def build_k8s(plan: Plan) -> list[Artefact]:
    """``k8s/kafka-<node>.yaml``, ``k8s/connect-<node>.yaml`` and ``k8s/mirrormaker2-<target>.yaml``."""
    artefacts: list[Artefact] = []
    topic_names = _topic_names(plan)
    for node in plan.nodes("kafka"):
        path = f"k8s/kafka-{safe_filename(node.id)}.yaml"
        documents = _kafka_documents(plan, node, path, topic_names)
        artefacts.append(Artefact(path, to_yaml_documents(documents), "k8s", documents))
    for kafka_id, flows in connect_clusters(plan).items():
        path = f"k8s/connect-{safe_filename(kafka_id)}.yaml"
        documents = _connect_documents(plan, kafka_id, flows, path)
        artefacts.append(Artefact(path, to_yaml_documents(documents), "k8s", documents))
    targets: dict[str, list[Flow]] = {}
    for flow in plan.flows_by("mirrormaker2"):
        if plan.node(flow.sink.node) is not None and plan.node(flow.source.node) is not None:
            targets.setdefault(flow.sink.node, []).append(flow)
    for target, flows in sorted(targets.items()):
        path = f"k8s/mirrormaker2-{safe_filename(target)}.yaml"
        resource = _mirrormaker_document(plan, target, flows)
        artefacts.append(Artefact(path, to_yaml_documents([resource]), "k8s", [resource]))
    for flow in plan.flows_by("mirrormaker1"):
        plan.placeholder(
            "k8s/",
            f"flow {flow.id} (MirrorMaker 1)",
            "Strimzi 1.x has no MirrorMaker 1 resource; run it from docker-compose or move the flow to MirrorMaker 2",
        )
    return artefacts
