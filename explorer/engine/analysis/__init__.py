"""Analysis of a design: is it possible, sensible, or Kafkaesque - and why.

Pure Python (no Django). :func:`analyze` takes a parsed design and the catalog and returns an
:class:`AnalysisResult`: a verdict, sorted findings (each with refs, evidence and a fix), stats and the
mechanism every flow resolved to.

Verdict: ``impossible`` when any finding is an error; otherwise ``kafkaesque`` when any is a warning or
the complexity score (see :mod:`explorer.engine.analysis.complexity`) is above its threshold; otherwise
``sensible``.

The rules, in the order they run:

1. references (``unknown-service``, ``unknown-reference``) - broken flows are then left out;
2. flows (``unsupported-flow``, ``mechanism-mismatch``, ``mode-mismatch``, ``version-mismatch``,
   ``invalid-property``, ``default-mechanism``, ``version-chosen``) - flows that cannot run are then left
   out; nodes that set no version get one that satisfies every version constraint when the catalog lists one;
   then flows whose generated configuration could not carry them (``cdc-topic-mismatch``,
   ``filter-excludes-topic``);
3. the store graph (:mod:`explorer.engine.graph`) and its loops (``event-loop``, ``feedback-cycle``);
4. names (``invalid-name``, ``name-collision``);
5. shape (``missing-upstream``, ``isolated-node``, ``unconsumed-store``, ``cross-location-client``,
   ``redundant-replication``).
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from catalog import Catalog
from explorer.engine.analysis.complexity import COMPLEXITY_FORMULA, COMPLEXITY_THRESHOLD, complexity_stats
from explorer.engine.analysis.context import Context
from explorer.engine.analysis.findings import CODES, Finding, finding, sort_findings
from explorer.engine.analysis.flows import resolve_flows
from explorer.engine.analysis.loops import loop_findings
from explorer.engine.analysis.naming import naming_findings
from explorer.engine.analysis.references import reference_findings
from explorer.engine.analysis.runnable import runnable_findings
from explorer.engine.analysis.topology import topology_findings
from explorer.engine.document import Design, DocumentError, Limits, Problem, parse_document
from explorer.engine.graph import build_store_graph

__all__ = [
    "CODES",
    "COMPLEXITY_FORMULA",
    "COMPLEXITY_THRESHOLD",
    "VERDICTS",
    "AnalysisResult",
    "Finding",
    "analyze",
    "analyze_data",
    "invalid_document_result",
]

VERDICTS: tuple[str, ...] = ("impossible", "kafkaesque", "sensible")


@dataclass(frozen=True)
class AnalysisResult:
    """The verdict on a design, the findings behind it, stats, each flow's resolved mechanism, and the
    versions chosen for nodes that set none where the catalog default would break a constraint (the bundle
    runs those; every other node runs its own or its service's default version)."""

    verdict: str
    findings: tuple[Finding, ...]
    stats: Mapping[str, Any]
    resolved_mechanisms: Mapping[str, str]
    chosen_versions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def to_dict(self) -> dict[str, Any]:
        """``{"verdict", "findings": [...], "stats": {...}, "mechanisms": {flow id: mechanism id},
        "versions": {node id: chosen version}}``."""
        return {
            "verdict": self.verdict,
            "findings": [item.to_dict() for item in self.findings],
            "stats": dict(self.stats),
            "mechanisms": dict(sorted(self.resolved_mechanisms.items())),
            "versions": dict(sorted(self.chosen_versions.items())),
        }


def _verdict(findings: tuple[Finding, ...], complexity: int) -> str:
    severities = {item.severity for item in findings}
    if "error" in severities:
        return "impossible"
    if "warning" in severities or complexity > COMPLEXITY_THRESHOLD:
        return "kafkaesque"
    return "sensible"


def analyze(design: Design, catalog: Catalog) -> AnalysisResult:
    """Analyse ``design`` against ``catalog``.

    Parameters
    ----------
    design
        A structurally valid design (dangling references are allowed and reported).
    catalog
        The service catalog.

    Returns
    -------
    AnalysisResult
        Deterministic: findings sorted by severity, code and refs; stats and mechanisms sorted.
    """
    # The analysis allocates many small, acyclic objects; generational collections over them are wasted
    # work (about a third of the time on 10,000 nodes), so the collector pauses while it runs.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _analyze(design, catalog)
    finally:
        if collecting:
            gc.enable()


def _analyze(design: Design, catalog: Catalog) -> AnalysisResult:
    context = Context.build(design, catalog)
    found: list[Finding] = []
    found.extend(reference_findings(context))
    found.extend(resolve_flows(context))
    found.extend(runnable_findings(context))
    graph = build_store_graph(design, catalog, context.specs)
    loops = loop_findings(context, graph)
    found.extend(loops)
    found.extend(naming_findings(context, graph))
    found.extend(topology_findings(context, graph))
    if graph.bounded:
        found.append(
            finding(
                "analysis-bounded",
                "Replication creates more remote topics than the analysis follows; nested remote topics beyond "
                "the bound were not checked for loops.",
                fix="Narrow the 'topics' filters of the replication flows to the topics that need copying.",
            )
        )
    stats: dict[str, Any] = {
        "nodes": len(design.nodes),
        "flows": len(design.flows),
        "valid_flows": len(context.specs),
        "store_vertices": sum(1 for kind in graph.kinds if kind != "hub"),
        "store_edges": len(graph.edges),
        "implicit_stores": len(graph.implicit),
        "catalog_version": catalog.version,
    }
    stats.update(complexity_stats(context, cycles=len(loops)))
    ordered = sort_findings(found)
    stats["findings"] = {
        severity: sum(1 for item in ordered if item.severity == severity) for severity in ("error", "warning", "info")
    }
    return AnalysisResult(
        verdict=_verdict(ordered, int(stats["complexity"])),
        findings=ordered,
        stats=MappingProxyType(dict(sorted(stats.items()))),
        resolved_mechanisms=MappingProxyType({spec.flow.id: spec.mechanism.id for spec in context.specs}),
        chosen_versions=MappingProxyType(dict(sorted(context.chosen_versions.items()))),
    )


def invalid_document_result(problems: list[Problem], catalog_version: str = "") -> AnalysisResult:
    """The result for a document that breaks the schema: verdict impossible, one ``invalid-document`` each."""
    findings = [
        finding(
            "invalid-document"
            if problem.code in ("invalid-document", "limit-exceeded", "malformed-json")
            else problem.code,
            f"{problem.path}: {problem.message}",
            refs=[problem.path],
            fix="Correct the document at that path (the schema is served at /api/schema/design-v1.json).",
        )
        for problem in problems
    ]
    stats: dict[str, Any] = {
        "catalog_version": catalog_version,
        "findings": {"error": len(findings), "warning": 0, "info": 0},
    }
    return AnalysisResult(
        verdict="impossible",
        findings=sort_findings(findings),
        stats=MappingProxyType(stats),
        resolved_mechanisms=MappingProxyType({}),
    )


def analyze_data(data: object, catalog: Catalog, limits: Limits | None = None) -> AnalysisResult:
    """Parse a decoded document and analyse it; a structurally invalid one yields ``invalid-document`` findings."""
    try:
        design = parse_document(data, limits or Limits())
    except DocumentError as exc:
        return invalid_document_result(exc.problems, catalog.version)
    return analyze(design, catalog)
