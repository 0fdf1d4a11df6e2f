"""Strimzi resources for the Kafka parts: KafkaConnect + KafkaConnector per connector flow, and a
KafkaMirrorMaker2 per target cluster of the MM2 flows (Strimzi runs MM2 on the target's Connect cluster).

Bootstrap addresses follow Strimzi's ``<kafka>-kafka-bootstrap:9092`` service naming; they are listed as
placeholders because the Kafka resources themselves are not generated.
"""

from __future__ import annotations

from typing import Any

from explorer.engine.document import Flow

from .connect import connect_clusters, connector_configs, facts, worker_properties
from .formats import to_yaml_documents
from .mirrormaker import POLICIES, _topics
from .names import safe_filename
from .plan import Artefact, Plan

__all__ = ["build_k8s"]

API = "kafka.strimzi.io/v1beta2"


# Connector keys that name a host of the compose run.
_NAMES_HOSTS = frozenset(
    {"contactPoints", "connection.url", "store.url", "es.host", "connect.cassandra.contact.points", "mqtt.server.uri"}
)
_WORKER_CONVERTERS = ("key.converter", "value.converter", "value.converter.schemas.enable")


def _bootstrap(node_id: str) -> str:
    return f"{node_id}-kafka-bootstrap:9092"


def _policy(flow: Flow) -> str:
    return POLICIES.get(str(flow.properties.get("replication_policy")), POLICIES["default"])


def build_k8s(plan: Plan) -> list[Artefact]:
    """``k8s/connect-<kafka>.yaml`` and ``k8s/mirrormaker2-<target>.yaml``."""
    artefacts: list[Artefact] = []
    configs = connector_configs(plan)
    for kafka_id, flows in connect_clusters(plan).items():
        worker = dict(worker_properties(plan, kafka_id))
        connect_name = f"{kafka_id}-connect"[:63].rstrip("-")
        documents: list[dict[str, Any]] = [
            {
                "apiVersion": API,
                "kind": "KafkaConnect",
                "metadata": {"name": connect_name, "annotations": {"strimzi.io/use-connector-resources": "true"}},
                "spec": {
                    "replicas": 1,
                    "bootstrapServers": _bootstrap(kafka_id),
                    "config": {
                        "group.id": f"connect-{kafka_id}",
                        "config.storage.topic": f"connect-{kafka_id}-configs",
                        "offset.storage.topic": f"connect-{kafka_id}-offsets",
                        "status.storage.topic": f"connect-{kafka_id}-status",
                        # The compose worker's converters, so connectors that set none behave the same here.
                        **{k: worker[k] for k in _WORKER_CONVERTERS},
                    },
                },
            }
        ]
        for flow in flows:
            config = dict(configs[flow.id])
            connector_class = config.pop("connector.class")
            tasks = int(config.pop("tasks.max", "1"))
            documents.append(
                {
                    "apiVersion": API,
                    "kind": "KafkaConnector",
                    "metadata": {"name": flow.id, "labels": {"strimzi.io/cluster": connect_name}},
                    "spec": {"class": connector_class, "tasksMax": tasks, "config": config},
                }
            )
        path = f"k8s/connect-{safe_filename(kafka_id)}.yaml"
        artefacts.append(Artefact(path, to_yaml_documents(documents), "yaml", documents))
        plugins = sorted({info.hub for f in flows if (info := facts(plan, plan.mechanism(f))) and info.hub})
        plan.placeholder(
            path,
            "KafkaConnect image",
            "Strimzi's default image has no connector plugins and cannot run a Confluent image; add "
            f"spec.build or a Strimzi-based image with {', '.join(plugins) or 'the plugins in connect/plugins/'}",
        )
        plan.placeholder(path, "bootstrapServers", "assumes a Strimzi Kafka resource named after the Kafka node")
        if any(_NAMES_HOSTS.intersection(configs[f.id]) for f in flows):
            plan.placeholder(
                path,
                "connector hosts and credentials",
                "copied from the compose run (service names, MinIO/PostgreSQL defaults); use your cluster's",
            )
    targets: dict[str, list[Flow]] = {}
    for flow in plan.flows_by("mirrormaker2"):
        targets.setdefault(flow.sink.node, []).append(flow)
    for target, flows in sorted(targets.items()):
        aliases = sorted({target} | {f.source.node for f in flows})
        resource = {
            "apiVersion": API,
            "kind": "KafkaMirrorMaker2",
            "metadata": {"name": f"mm2-to-{target}"[:63].rstrip("-")},
            "spec": {
                "replicas": 1,
                "connectCluster": target,
                "clusters": [{"alias": alias, "bootstrapServers": _bootstrap(alias)} for alias in aliases],
                "mirrors": [
                    {
                        "sourceCluster": flow.source.node,
                        "targetCluster": target,
                        "topicsPattern": _topics(flow.properties.get("topics")),
                        "sourceConnector": {
                            "config": {"replication.factor": 3, "replication.policy.class": _policy(flow)}
                        },
                        # The checkpoint connector names remote topics with the same policy to translate offsets.
                        "checkpointConnector": {"config": {"replication.policy.class": _policy(flow)}},
                    }
                    for flow in flows
                ],
            },
        }
        path = f"k8s/mirrormaker2-{safe_filename(target)}.yaml"
        artefacts.append(Artefact(path, to_yaml_documents([resource]), "yaml", [resource]))
    return artefacts
