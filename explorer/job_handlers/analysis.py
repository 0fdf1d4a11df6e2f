"""The ``analysis`` job: analyse one stored revision against the current catalog."""

from __future__ import annotations

from catalog import default_catalog
from explorer.engine.analysis import analyze, invalid_document_result
from explorer.engine.document import DocumentError
from explorer.job_handlers import job_revision
from explorer.job_registry import JobOutcome, Progress, register
from explorer.models import Job
from explorer.selectors.designs import revision_design


@register("analysis")
def run_analysis(job: Job, progress: Progress) -> JobOutcome:
    """Parse the job's revision, analyse it; the result is the analysis dict (verdict, findings, stats, mechanisms)."""
    revision = job_revision(job)
    progress(10, "loading catalog")
    catalog = default_catalog()
    progress(30, "parsing design")
    try:
        design = revision_design(revision=revision)
    except DocumentError as exc:
        return JobOutcome(result=invalid_document_result(exc.problems, catalog.version).to_dict())
    progress(50, "analysing")
    result = analyze(design, catalog).to_dict()
    progress(90, "saving result")
    return JobOutcome(result=result)
