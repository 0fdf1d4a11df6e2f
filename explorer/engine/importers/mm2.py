"""Import a running MirrorMaker 2 configuration (``mm2.properties``) as a design document.

Architects rarely start from nothing: the replication topology they want to check is often already
written down in an ``mm2.properties`` file. This turns its clusters into Kafka nodes and each enabled
``A->B`` replication flow into a ``mirrormaker2`` flow carrying its topic filter and replication
policy, so the analysis can say whether the running set-up loops.

Pure: stdlib and jproperties (a real Java-properties parser), no Django.
"""

from __future__ import annotations

import re
from typing import Any

from jproperties import Properties

from explorer.engine.document import FORMAT

__all__ = ["Mm2ImportError", "design_from_mm2_properties"]

_IDENTITY_SUFFIX = "IdentityReplicationPolicy"
_DEFAULT_SUFFIX = "DefaultReplicationPolicy"
_ID_INVALID = re.compile(r"[^a-z0-9-]+")
_FLOW_KEY = re.compile(r"^(?P<source>[^\s>]+)->(?P<target>[^\s.]+)\.(?P<setting>.+)$")
# A topic filter entry that is a plain name (no regex syntax) is declared as a topic of its source.
_PLAIN_TOPIC = re.compile(r"^[a-zA-Z0-9_-][a-zA-Z0-9._-]*$")
_TRUE = {"true", "yes", "1", "on"}


class Mm2ImportError(Exception):
    """The file cannot be read as an MM2 configuration; ``line`` is 1-based, or 0 when unknown."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}" if line else message)
        self.line = line
        self.message = message


def _line_of(text: str, key: str) -> int:
    """The 1-based line where ``key`` is assigned (0 when it cannot be found, e.g. escaped keys)."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*[=:\s]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 0


def _node_id(alias: str, taken: set[str]) -> str:
    """A document id for a cluster alias: lower case, hyphens, starting with a letter, unique."""
    base = _ID_INVALID.sub("-", alias.lower()).strip("-") or "cluster"
    if not base[0].isalpha():
        base = f"kafka-{base}"
    base = base[:60]
    candidate, suffix = base, 2
    while candidate in taken:
        candidate = f"{base[:57]}-{suffix}"
        suffix += 1
    taken.add(candidate)
    return candidate


def _policy(class_name: str | None) -> str:
    if class_name and class_name.strip().endswith(_IDENTITY_SUFFIX):
        return "identity"
    return "default"


def design_from_mm2_properties(text: str, *, name: str = "Imported MirrorMaker 2 topology") -> dict[str, Any]:
    """Build a ``kafkaesque.design/v1`` document from the text of an ``mm2.properties`` file.

    Parameters
    ----------
    text
        The file's content.
    name
        The design's name.

    Returns
    -------
    dict
        A design document: one ``kafka`` node per cluster alias (its ``bootstrap.servers`` kept as a
        property), one ``mirrormaker2`` flow per ``A->B.enabled = true`` with its ``topics`` filter and
        ``replication_policy`` (``identity`` when ``IdentityReplicationPolicy`` is configured for the
        flow or globally), plain topic names declared as topics of their source cluster.

    Raises
    ------
    Mm2ImportError
        When ``clusters`` is missing or a flow names a cluster that ``clusters`` does not list, with
        the line of the offending key.
    """
    properties = Properties()
    try:
        properties.load(text, "utf-8")
    except Exception as exc:  # jproperties raises several kinds on malformed input; all mean "not readable"
        raise Mm2ImportError(0, f"not a Java properties file: {exc}") from exc
    # Values are kept as Java's Properties reads them (it drops only unescaped leading blanks, which the
    # parser already did): a topic filter may end in an escaped blank or control character that matters.
    values: dict[str, str] = {key: str(item.data) for key, item in properties.items()}

    aliases = [alias.strip() for alias in values.get("clusters", "").split(",") if alias.strip()]
    if not aliases:
        raise Mm2ImportError(
            _line_of(text, "clusters"),
            "no 'clusters' list: an MM2 configuration names its clusters, e.g. 'clusters = east, west'",
        )
    taken: set[str] = set()
    ids = {alias: _node_id(alias, taken) for alias in aliases}
    global_policy = _policy(values.get("replication.policy.class"))
    global_topics = values.get("topics", ".*")

    flows: list[dict[str, Any]] = []
    topics_by_node: dict[str, set[str]] = {alias: set() for alias in aliases}
    pairs = sorted({(m["source"], m["target"]) for key in values if (m := _FLOW_KEY.match(key))})
    for source, target in pairs:
        prefix = f"{source}->{target}."
        for alias in (source, target):
            if alias not in ids:
                raise Mm2ImportError(
                    _line_of(text, prefix + "enabled") or _line_of(text, prefix + "topics"),
                    f"flow {source}->{target} names cluster '{alias}', which 'clusters' does not list "
                    f"({', '.join(aliases)})",
                )
        if values.get(prefix + "enabled", "false").strip().lower() not in _TRUE:
            continue
        topics = values.get(prefix + "topics", global_topics)
        policy_class = values.get(prefix + "replication.policy.class")
        policy = _policy(policy_class) if policy_class else global_policy
        flows.append(
            {
                "id": f"{ids[source]}-to-{ids[target]}"[:63],
                "from": ids[source],
                "to": ids[target],
                "mechanism": "mirrormaker2",
                "properties": {"topics": topics, "replication_policy": policy},
            }
        )
        topics_by_node[source].update(entry.strip() for entry in topics.split(",") if _PLAIN_TOPIC.match(entry.strip()))

    nodes: list[dict[str, Any]] = []
    layout: dict[str, dict[str, int]] = {}
    for index, alias in enumerate(aliases):
        node: dict[str, Any] = {"id": ids[alias], "service": "kafka", "name": alias}
        servers = values.get(f"{alias}.bootstrap.servers", "").strip()
        if servers:
            node["properties"] = {"bootstrap_servers": servers}
        stores = sorted(topics_by_node[alias])
        if stores:
            node["stores"] = [{"name": topic, "kind": "topic"} for topic in stores]
        nodes.append(node)
        layout[ids[alias]] = {"x": 80 + 320 * (index % 3), "y": 80 + 220 * (index // 3)}

    return {
        "format": FORMAT,
        "name": name,
        "description": f"Imported from an mm2.properties file with {len(aliases)} clusters.",
        "locations": [],
        "nodes": nodes,
        "flows": flows,
        "layout": layout,
        "extensions": {"imported_from": "mm2.properties"},
    }
