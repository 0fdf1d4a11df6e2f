"""MirrorMaker 2 (dedicated mode, one process for every replication direction) and legacy MirrorMaker 1.

Keys follow integrations.md 2.11/2.12: ``clusters``, ``<alias>.bootstrap.servers``, ``A->B.enabled``,
``A->B.topics``, ``replication.policy.class`` and the replication-factor keys (1 for a single broker).
uReplicator is informational only (2.13); the README says so.
"""

from __future__ import annotations

from .formats import to_properties
from .names import safe_filename
from .plan import Artefact, Plan, unique

__all__ = ["MM2_PATH", "POLICIES", "build_mirrormaker", "mm1_paths", "mm2_properties"]

MM2_PATH = "mirrormaker/mm2.properties"
POLICIES = {
    "default": "org.apache.kafka.connect.mirror.DefaultReplicationPolicy",
    "identity": "org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
}
_FACTORS = (
    "replication.factor",
    "checkpoints.topic.replication.factor",
    "heartbeats.topic.replication.factor",
    "offset-syncs.topic.replication.factor",
    "offset.storage.replication.factor",
    "status.storage.replication.factor",
    "config.storage.replication.factor",
)


def _topics(value: object) -> str:
    # Any non-empty filter is the user's, kept as written: one that strips to nothing must not widen to ".*".
    if isinstance(value, str) and value != "":
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ",".join(value)
    return ".*"


def _policy(value: object) -> str:
    return POLICIES["identity"] if value == "identity" else POLICIES["default"]


def mm2_properties(plan: Plan) -> list[tuple[str, str]]:
    """The mm2.properties entries for every ``mirrormaker2`` flow, in a stable order."""
    flows = plan.flows_by("mirrormaker2")
    aliases = sorted(unique([a for f in flows for a in (f.source.node, f.sink.node)]))
    items: list[tuple[str, str]] = [("clusters", ", ".join(aliases))]
    items += [(f"{alias}.bootstrap.servers", f"{plan.host(alias)}:9092") for alias in aliases]
    policies = {_policy(f.properties.get("replication_policy")) for f in flows}
    if len(policies) == 1:
        items.append(("replication.policy.class", policies.pop()))
    for flow in flows:
        direction = f"{flow.source.node}->{flow.sink.node}"
        items.append((f"{direction}.enabled", "true"))
        items.append((f"{direction}.topics", _topics(flow.properties.get("topics"))))
        if len({_policy(f.properties.get("replication_policy")) for f in flows}) > 1:
            items.append((f"{direction}.replication.policy.class", _policy(flow.properties.get("replication_policy"))))
    items += [(key, "1") for key in _FACTORS]
    items += [
        ("sync.topic.configs.enabled", "true"),
        # The bundle's brokers run no authorizer; ACL sync would only log a warning every round.
        ("sync.topic.acls.enabled", "false"),
        ("emit.heartbeats.enabled", "true"),
        ("emit.checkpoints.enabled", "true"),
        # Checkpoints alone do not move consumer groups: without this the standby has no offsets to fail over to
        # (KIP-545, Kafka 2.7+).
        ("sync.group.offsets.enabled", "true"),
        ("refresh.topics.enabled", "true"),
        # The default 600 s would leave a topic created after MM2 starts uncopied for up to ten minutes.
        ("refresh.topics.interval.seconds", "10"),
        ("refresh.groups.interval.seconds", "10"),
    ]
    return items


def mm1_paths(flow_id: str) -> tuple[str, str]:
    """Consumer and producer config paths of a MirrorMaker 1 flow."""
    name = safe_filename(flow_id)
    return f"mirrormaker/mm1-{name}-consumer.properties", f"mirrormaker/mm1-{name}-producer.properties"


def mm1_whitelist(plan: Plan, flow_id: str) -> str:
    """The ``--whitelist`` regex of a MirrorMaker 1 flow."""
    flow = plan.design.flow(flow_id)
    return _topics(flow.properties.get("topics")) if flow is not None else ".*"


def build_mirrormaker(plan: Plan) -> list[Artefact]:
    """mm2.properties (when the design replicates with MM2) and MM1 consumer/producer configs."""
    artefacts: list[Artefact] = []
    if plan.flows_by("mirrormaker2"):
        items = mm2_properties(plan)
        comment = "MirrorMaker 2, dedicated mode: /opt/kafka/bin/connect-mirror-maker.sh mm2.properties"
        artefacts.append(Artefact(MM2_PATH, to_properties(items, comment), "properties", dict(items), "mm2"))
        for flow in plan.flows_by("mirrormaker2"):
            plan.carry(flow.id, MM2_PATH)
        if any(f.properties.get("replication_policy") == "identity" for f in plan.flows_by("mirrormaker2")):
            plan.notes.append(
                "IdentityReplicationPolicy keeps topic names; MirrorMaker 2 cannot stop cycles with it, so keep "
                "the replication topology acyclic."
            )
    for flow in plan.flows_by("mirrormaker1"):
        consumer_path, producer_path = mm1_paths(flow.id)
        consumer = [
            ("bootstrap.servers", f"{plan.host(flow.source.node)}:9092"),
            ("group.id", f"mm1-{flow.id}"),
            ("auto.offset.reset", "earliest"),
        ]
        producer = [("bootstrap.servers", f"{plan.host(flow.sink.node)}:9092")]
        artefacts.append(Artefact(consumer_path, to_properties(consumer), "properties", dict(consumer)))
        artefacts.append(Artefact(producer_path, to_properties(producer), "properties", dict(producer)))
        plan.carry(flow.id, consumer_path)
        plan.carry(flow.id, producer_path)
        plan.notes.append(f"MirrorMaker 1 is legacy (removed in Kafka 4.0); flow {flow.id} runs on apache/kafka:3.9.1.")
    for flow in plan.flows_by("ureplicator"):
        plan.placeholder("README.md", f"uReplicator flow {flow.id}", "not generated: uReplicator is informational only")
    return artefacts
