"""Runnable configuration bundles for a design (issue 5).

``generate_bundle(design, catalog, analysis)`` refuses impossible designs (:class:`BundleRefused` with the
analysis findings) and otherwise returns a :class:`GeneratedBundle`: every artefact with the data it must
parse back to, the placeholders the README lists, and the files as ``path -> bytes``. ``check_artefacts``
parses every file back with a real parser. Pure: no Django, no I/O except ``write_dir``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from catalog import Catalog
from explorer.engine.analysis import AnalysisResult, Finding
from explorer.engine.document import Design

from .apps import build_apps
from .bundle import UnsafePath, assemble, check_entry_name, write_dir, write_zip
from .cassandra import build_cassandra
from .checks import CheckReport, check_artefacts
from .compose import build_compose
from .connect import build_connect, build_debezium
from .elastic import build_elastic
from .k8s import build_k8s
from .kafka_topics import build_topics
from .logstash import build_logstash
from .mirrormaker import build_mirrormaker
from .names import UnsafeValue, slugify
from .plan import Artefact, GenerationError, Placeholder, Plan
from .readme import build_readme
from .spark import build_spark
from .zeppelin import build_zeppelin

__all__ = [
    "Artefact",
    "BundleRefused",
    "CheckReport",
    "GeneratedBundle",
    "GenerationError",
    "Placeholder",
    "UnsafePath",
    "bundle_name",
    "check_artefacts",
    "check_entry_name",
    "generate_bundle",
    "write_dir",
    "write_zip",
]


class BundleRefused(GenerationError):
    """The design is impossible; ``findings`` are the analysis errors that say why."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        errors = [f for f in self.findings if f.severity == "error"]
        lines = [f"{f.code}: {f.message}" for f in errors[:20]] or ["the analysis verdict is impossible"]
        if len(errors) > 20:
            lines.append(f"... and {len(errors) - 20} more errors")
        super().__init__("the design is impossible, no bundle generated:\n" + "\n".join(lines))


@dataclass(frozen=True)
class GeneratedBundle:
    """A generated bundle: artefacts in path order, their bytes, and the README's placeholders."""

    slug: str
    artefacts: tuple[Artefact, ...]
    files: Mapping[str, bytes]
    placeholders: tuple[Placeholder, ...]
    #: Flow id -> the files that carry it; a flow missing here is listed among the placeholders.
    carriers: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def zip_bytes(self, root: str | None = None) -> bytes:
        """The bundle as a deterministic zip under ``root/`` (default: the slug)."""
        return write_zip(self.files, root or self.slug)

    def summary(self) -> dict[str, Any]:
        """Counts for a job result: files per top-level folder and the placeholders."""
        folders: dict[str, int] = {}
        for path in self.files:
            top = path.split("/", 1)[0] if "/" in path else "."
            folders[top] = folders.get(top, 0) + 1
        return {
            "files": len(self.files),
            "folders": dict(sorted(folders.items())),
            "flows": {flow_id: list(paths) for flow_id, paths in self.carriers.items()},
            "placeholders": [{"path": p.path, "item": p.item, "reason": p.reason} for p in self.placeholders],
        }


def bundle_name(design_name: str, revision: int | None = None) -> str:
    """``<design-slug>`` or ``<design-slug>-r<N>``: the zip root folder and file name stem."""
    slug = slugify(design_name)
    return f"{slug}-r{revision}" if revision is not None else slug


def generate_bundle(
    design: Design, catalog: Catalog, analysis: AnalysisResult, *, revision: int | None = None
) -> GeneratedBundle:
    """Generate the runnable bundle for a design that analysis did not find impossible.

    Raises
    ------
    BundleRefused
        the analysis verdict is ``impossible`` (the findings say why).
    GenerationError
        a name or value cannot be written safely (defence in depth behind the analysis).
    """
    if analysis.verdict == "impossible":
        raise BundleRefused(analysis.findings)
    slug = bundle_name(design.name, revision)
    try:
        plan = Plan.build(design, catalog, analysis.resolved_mechanisms, slug, versions=analysis.chosen_versions)
        artefacts: list[Artefact] = []
        for builder in (
            build_connect,
            build_debezium,
            build_mirrormaker,
            build_topics,
            build_cassandra,
            build_spark,
            build_elastic,
            build_zeppelin,
            build_logstash,
            build_apps,
            build_k8s,
        ):
            artefacts += builder(plan)
        compose_artefacts = build_compose(plan)
        artefacts += compose_artefacts
        compose = next(a.intended for a in compose_artefacts if a.path == "docker-compose.yml")
        for flow in plan.flows():
            if flow.id not in plan.carriers:
                plan.placeholder(
                    "README.md",
                    f"flow {flow.id} ({plan.mechanism(flow)})",
                    "nothing in this bundle runs it: run it with your own tooling",
                )
        artefacts.append(build_readme(plan, artefacts, compose))
    except UnsafeValue as exc:
        raise GenerationError(str(exc)) from exc
    files = assemble(artefacts)
    ordered = tuple(sorted(artefacts, key=lambda a: a.path))
    placeholders = tuple(sorted(plan.placeholders, key=lambda p: (p.path, p.item)))
    carriers = {flow_id: tuple(sorted(paths)) for flow_id, paths in sorted(plan.carriers.items())}
    return GeneratedBundle(slug, ordered, files, placeholders, MappingProxyType(carriers))
