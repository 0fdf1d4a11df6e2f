"""Bundle generation around the pure engine: parse, analyse, generate, check with real parsers, zip.

The same :func:`bundle_build` serves the Celery job and the ``generate`` command, so both refuse
impossible designs the same way and both check every file before handing the bundle out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from catalog import Catalog, default_catalog
from explorer.engine.analysis import AnalysisResult, analyze
from explorer.engine.document import Design
from explorer.engine.generate import CheckReport, GeneratedBundle, GenerationError, check_artefacts, generate_bundle
from explorer.models import Design as StoredDesign
from explorer.models import Job
from explorer.services.jobs import job_submit

__all__ = [
    "BundleCheckFailed",
    "BundleOutcome",
    "NoRevision",
    "bundle_artifact",
    "bundle_build",
    "bundle_submit",
    "compose_schema",
    "crd_schemas",
]

ZIP_CONTENT_TYPE = "application/zip"
Progress = Callable[[int, str], None]


class NoRevision(Exception):
    """The design has no saved revision to generate a bundle from."""

    def __init__(self) -> None:
        super().__init__("The design has no saved revision yet.")


class BundleCheckFailed(GenerationError):
    """A generated file did not parse back to what was meant (a generator bug; never handed out)."""

    def __init__(self, report: CheckReport) -> None:
        self.report = report
        lines = [f"{path}: {'; '.join(found)}" for path, found in report.problems.items()]
        super().__init__("generated files failed their checks:\n" + "\n".join(lines))


@dataclass(frozen=True)
class BundleOutcome:
    """A checked bundle with the analysis it was generated from."""

    bundle: GeneratedBundle
    analysis: AnalysisResult
    report: CheckReport

    def result(self) -> dict[str, Any]:
        """The job result: verdict, file summary, placeholders and what each file was checked with."""
        return {
            "verdict": self.analysis.verdict,
            "name": self.bundle.slug,
            **self.bundle.summary(),
            "checks": self.report.to_dict(),
        }


@lru_cache(maxsize=1)
def compose_schema() -> dict[str, Any]:
    """The Compose Specification JSON Schema shipped in ``tests-data/`` (see its README for origin)."""
    path = Path(settings.BASE_DIR) / "tests-data" / "compose_spec.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@lru_cache(maxsize=1)
def crd_schemas() -> dict[str, Any]:
    """Kind -> openAPIV3Schema of the Strimzi v1 CRDs shipped in ``tests-data/strimzi-v1/`` (see its README)."""
    folder = Path(settings.BASE_DIR) / "tests-data" / "strimzi-v1"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    return {kind: json.loads((folder / entry["file"]).read_text(encoding="utf-8")) for kind, entry in index.items()}


def bundle_build(
    *, design: Design, revision: int | None = None, catalog: Catalog | None = None, progress: Progress | None = None
) -> BundleOutcome:
    """Analyse, generate and check; raises ``BundleRefused`` (impossible) or :class:`BundleCheckFailed`."""
    report_progress = progress or (lambda _percent, _phase: None)
    catalog = catalog or default_catalog()
    report_progress(20, "analysing")
    analysis = analyze(design, catalog)
    report_progress(45, "generating files")
    bundle = generate_bundle(design, catalog, analysis, revision=revision)
    report_progress(70, "checking files with real parsers")
    report = check_artefacts(bundle.artefacts, compose_schema(), crd_schemas=crd_schemas(), catalog=catalog)
    if not report.ok:
        raise BundleCheckFailed(report)
    return BundleOutcome(bundle, analysis, report)


def bundle_artifact(*, outcome: BundleOutcome) -> tuple[bytes, str, str]:
    """(zip bytes, file name, content type) for a job artifact."""
    return outcome.bundle.zip_bytes(), f"{outcome.bundle.slug}.zip", ZIP_CONTENT_TYPE


def bundle_submit(*, design: StoredDesign, user: Any) -> Job:
    """Queue the bundle job of ``design``'s current revision; raises :class:`NoRevision` or ``JobsUnavailable``."""
    if design.current_revision is None:
        raise NoRevision
    return job_submit(
        kind=Job.Kind.BUNDLE,
        revision=design.current_revision,
        user=user,
        unavailable="Bundle jobs are unavailable right now",
    )
