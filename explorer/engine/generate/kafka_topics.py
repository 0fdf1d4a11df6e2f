"""Topic definitions: ``kafka/topics.json`` (what the design declares) and one TSV per Kafka node for init.

The init helper for a Kafka node runs a fixed script (``init/create-topics.sh``) that reads the TSV as
data; topic names never appear in a shell line.
"""

from __future__ import annotations

from .formats import to_json
from .names import safe_filename
from .plan import Artefact, GenerationError, Plan

__all__ = ["CREATE_TOPICS_SCRIPT", "build_topics", "topics_tsv_path"]

CREATE_TOPICS_SCRIPT = """#!/usr/bin/env bash
# Creates the topics listed in a tab-separated file: name, partitions, replication factor, then any
# number of topic configs as key=value (one per column, each passed as its own --config).
# Topic names and configs are read as data, never evaluated by the shell; --topic=NAME keeps a name
# such as "--help" (a legal topic) from being taken for an option.
set -euo pipefail
bootstrap="$1"
file="$2"
while IFS=$'\\t' read -r -a fields || [ "${#fields[@]}" -gt 0 ]; do
  [ "${#fields[@]}" -ge 3 ] || continue
  configs=()
  for setting in "${fields[@]:3}"; do
    configs+=(--config "$setting")
  done
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \\
    --topic="${fields[0]}" --partitions="${fields[1]}" --replication-factor="${fields[2]}" ${configs[@]+"${configs[@]}"}
done < "$file"
"""


def topics_tsv_path(kafka_id: str) -> str:
    """The TSV init reads for one Kafka node."""
    return f"kafka/{safe_filename(kafka_id)}.topics.tsv"


def build_topics(plan: Plan) -> list[Artefact]:
    """``kafka/topics.json`` plus the per-node TSV files (replication factor 1 for one local broker)."""
    if not plan.topics:
        return []
    document = {
        kafka_id: [
            {
                "name": spec.name,
                "partitions": spec.partitions,
                "replication_factor": spec.replication_factor,
                "implicit": spec.implicit,
                "configs": dict(spec.configs),
            }
            for spec in sorted(specs.values(), key=lambda s: s.name)
        ]
        for kafka_id, specs in sorted(plan.topics.items())
    }
    artefacts = [Artefact("kafka/topics.json", to_json(document), "json", document)]
    for kafka_id, specs in sorted(plan.topics.items()):
        rows = []
        for spec in sorted(specs.values(), key=lambda s: s.name):
            if any(ch in spec.name for ch in "\t\r\n") or not spec.name:
                raise GenerationError(f"topic name {spec.name!r} cannot be written")
            rows.append([spec.name, str(spec.partitions), "1", *(f"{key}={value}" for key, value in spec.configs)])
        data = "".join("\t".join(row) + "\n" for row in rows).encode("utf-8")
        artefacts.append(Artefact(topics_tsv_path(kafka_id), data, "tsv", rows))
        for spec in specs.values():
            if spec.implicit:
                plan.placeholder(
                    "kafka/topics.json", f"topic {spec.name} on {kafka_id}", "invented: node declares none"
                )
    artefacts.append(Artefact("init/create-topics.sh", CREATE_TOPICS_SCRIPT.encode(), "shell"))
    return artefacts
