"""Findings: what the analysis says about a design, one frozen value per observation.

Codes are stable (tools depend on them): new codes may be added, none renamed. The table below is
the single place that gives each code its severity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["CODES", "SEVERITIES", "SIMULATION_CODES", "Finding", "finding", "sort_findings"]

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

#: Every finding code with its severity (DESIGN.md "Analysis", plus the additions marked below).
CODES: dict[str, str] = {
    "invalid-document": "error",
    "unknown-service": "error",
    "unknown-reference": "error",
    "unsupported-flow": "error",
    "mechanism-mismatch": "error",
    "mode-mismatch": "error",
    "event-loop": "error",
    "feedback-cycle": "warning",
    "invalid-name": "error",
    "name-collision": "warning",
    "version-mismatch": "error",
    "missing-upstream": "warning",
    "cross-location-client": "warning",
    "redundant-replication": "warning",
    "isolated-node": "info",
    "unconsumed-store": "info",
    # Added by the analysis: a flow property the mechanism cannot use (bad regex, enum value, missing
    # required setting) - the generated configuration would be refused at start-up.
    "invalid-property": "error",
    # Added by the analysis: a flow named no mechanism, so the catalog default was chosen.
    "default-mechanism": "info",
    # Added by the analysis: the replication model hit its size bound, so deeper remote topics were not followed.
    "analysis-bounded": "info",
    # Added for runnable bundles: a Debezium Cassandra flow ends at a topic Debezium does not write
    # (it always writes <topic.prefix>.<keyspace>.<table>).
    "cdc-topic-mismatch": "error",
    # Added by the analysis (issue 14): a node set no version and its catalog default broke a version
    # constraint, so the analysis chose another version the catalog lists; the bundle runs that one.
    "version-chosen": "info",
    # Added by the what-if simulation (explorer/engine/simulate): a flow is offered more than it can carry.
    "capacity-exceeded": "warning",
    # Added by the simulation: a backlog outlives the topic's retention, so unread records are deleted.
    "retention-overrun": "error",
    # Added by the simulation: losing one region leaves a node in another region with no input at all.
    "single-location-dependency": "warning",
    # Added by the simulation: a replica cluster cannot take over (no offset sync, or consumers with no way to it).
    "failover-unready": "warning",
    # Added for runnable bundles: a replication flow drawn from a topic its own topic filter leaves out,
    # so the generated MirrorMaker copies nothing of what the flow shows.
    "filter-excludes-topic": "warning",
}

#: The codes only the what-if simulation raises (never :func:`explorer.engine.analysis.analyze`).
SIMULATION_CODES: tuple[str, ...] = (
    "capacity-exceeded",
    "retention-overrun",
    "single-location-dependency",
    "failover-unready",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One observation about a design.

    ``message`` says what is wrong in the user's words, ``fix`` what to change; ``refs`` are the ids
    concerned (flows, nodes, ``node/store``), ``evidence`` documentation URLs, and ``path`` the witness
    path of a loop (store vertices as ``node/store``, processors as ``node``).
    """

    code: str
    severity: str
    message: str
    refs: tuple[str, ...]
    evidence: tuple[str, ...]
    fix: str
    path: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form; ``path`` only for findings that carry one."""
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "refs": list(self.refs),
            "evidence": list(self.evidence),
            "fix": self.fix,
        }
        if self.path:
            out["path"] = list(self.path)
        return out


def _unique(items: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


def finding(
    code: str,
    message: str,
    *,
    refs: tuple[str, ...] | list[str] = (),
    evidence: tuple[str, ...] | list[str] = (),
    fix: str = "",
    path: tuple[str, ...] | list[str] = (),
) -> Finding:
    """Build a :class:`Finding` whose severity comes from :data:`CODES` (refs and evidence de-duplicated)."""
    return Finding(
        code=code,
        severity=CODES[code],
        message=message,
        refs=_unique(tuple(refs)),
        evidence=_unique(tuple(evidence)),
        fix=fix,
        path=tuple(path),
    )


def sort_findings(findings: list[Finding]) -> tuple[Finding, ...]:
    """Errors first, then warnings, then infos; within a severity by code, refs and message."""
    rank = {severity: index for index, severity in enumerate(SEVERITIES)}
    return tuple(sorted(findings, key=lambda f: (rank[f.severity], f.code, f.refs, f.message)))
