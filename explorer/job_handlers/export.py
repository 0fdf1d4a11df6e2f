"""Job handler for diagram renders too large to run inside a request (kind ``export``).

Params: ``format`` (svg, png, pdf, dot, mermaid, json), ``overlay`` (bool) and ``background`` (light,
dark, transparent; light when absent, as in jobs queued before it existed). The file becomes
the job's artifact, downloaded from ``/api/jobs/{id}/download/``.
"""

from __future__ import annotations

from explorer.job_handlers import job_revision
from explorer.job_registry import JobOutcome, Progress, register
from explorer.models import Job
from explorer.services.exports import revision_export


@register("export")
def run(job: Job, progress: Progress) -> JobOutcome:
    """Render the job's revision with the full Graphviz time limit and attach the file."""
    params = job.params or {}
    fmt = str(params.get("format", "svg"))  # an unknown one fails the job in revision_export, naming the choices
    revision = job_revision(job)
    overlay = bool(params.get("overlay", False))
    background = str(params.get("background", "light"))
    progress(10, "analysing for the overlay…" if overlay else "laying out…")
    exported = revision_export(revision=revision, fmt=fmt, overlay=overlay, sync=False, background=background)
    progress(95, "saving…")
    return JobOutcome(
        result={
            "format": fmt,
            "file_name": exported.file_name,
            "bytes": len(exported.content),
            "overlay": overlay,
            "background": background,
        },
        artifact=exported.content,
        artifact_name=exported.file_name,
        artifact_content_type=exported.content_type,
    )
