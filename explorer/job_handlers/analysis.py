"""The ``analysis`` job: analyse one stored revision against the current catalog."""

from __future__ import annotations

from typing import Any

from catalog import default_catalog
from explorer.engine.analysis import analyze, invalid_document_result
from explorer.engine.document import DocumentError
from explorer.job_handlers import job_revision
from explorer.jobs import Progress, register
from explorer.models import Job
from explorer.selectors.designs import revision_design


@register("analysis")
def run_analysis(job: Job, progress: Progress) -> dict[str, Any]:
    """Parse the job's revision, analyse it, and return the result dict (verdict, findings, stats, mechanisms)."""
    revision = job_revision(job)
    progress(10, "loading catalog")
    catalog = default_catalog()
    progress(30, "parsing design")
    try:
        design = revision_design(revision=revision)
    except DocumentError as exc:
        return invalid_document_result(exc.problems, catalog.version).to_dict()
    progress(50, "analysing")
    result = analyze(design, catalog).to_dict()
    progress(90, "saving result")
    return result
