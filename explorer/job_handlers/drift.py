"""The ``drift`` job: compare uploaded configuration of what runs with one stored revision."""

from __future__ import annotations

from explorer.job_handlers import job_revision
from explorer.job_registry import JobOutcome, Progress, register
from explorer.models import Job
from explorer.services.drift import drift_compute


@register("drift")
def run_drift(job: Job, progress: Progress) -> JobOutcome:
    """Import the job's files, compare; a file that cannot be read fails the job naming file and line."""
    revision = job_revision(job)
    progress(5, "loading design")
    outcome = drift_compute(design=dict(revision.document), files=list(job.params.get("files", [])), progress=progress)
    if outcome.report is None:
        raise ValueError("; ".join(str(problem) for problem in outcome.imported.problems))
    progress(90, "saving result")
    return JobOutcome(
        result={
            **outcome.report,
            "imported": outcome.imported.document,
            "notes": [note.to_dict() for note in outcome.imported.notes],
        }
    )
