"""Image names shared by the compose file and the applications that run beside each Kafka cluster."""

from __future__ import annotations

from .plan import Plan

__all__ = ["KAFKA_IMAGE", "KAFKA_TAGS", "kafka_image"]

KAFKA_IMAGE = "apache/kafka"
KAFKA_TAGS = {"3.9": "3.9.1"}


def kafka_image(plan: Plan, node_id: str) -> str:
    """``apache/kafka:<tag>`` for a Kafka node's version (two-part versions get a patch number)."""
    node = plan.node(node_id)
    version = plan.version(node, "3.9") if node is not None else "3.9"
    tag = KAFKA_TAGS.get(version) or (version + ".0" if version.count(".") == 1 else version)
    return f"{KAFKA_IMAGE}:{tag}"
