"""The ``analysis`` job: analyse one stored revision against the current catalog."""

from __future__ import annotations

from typing import Any

from catalog import default_catalog
from explorer.engine.analysis import analyze, invalid_document_result
from explorer.engine.document import DocumentError, Limits, parse_document
from explorer.jobs import Progress, register
from explorer.models import Job

# Stored revisions were within the limits when saved; a lowered limit must not make them unreadable.
_STORED = Limits(max_bytes=1 << 40, max_nodes=1 << 40, max_flows=1 << 40, max_depth=1 << 10)


@register("analysis")
def run_analysis(job: Job, progress: Progress) -> dict[str, Any]:
    """Parse the job's revision, analyse it, and return the result dict (verdict, findings, stats, mechanisms)."""
    if job.revision is None:
        raise ValueError("an analysis job needs a design revision")
    progress(10, "loading catalog")
    catalog = default_catalog()
    progress(30, "parsing design")
    try:
        design = parse_document(job.revision.document, _STORED)
    except DocumentError as exc:
        return invalid_document_result(exc.problems, catalog.version).to_dict()
    progress(50, "analysing")
    result = analyze(design, catalog).to_dict()
    progress(90, "saving result")
    return result
