"""The ``bundle`` job: generate, check and zip the runnable bundle for one stored revision."""

from __future__ import annotations

from typing import Any

from explorer.job_handlers import job_revision
from explorer.jobs import Progress, register
from explorer.models import Job
from explorer.selectors.designs import revision_design
from explorer.services.bundles import bundle_artifact, bundle_build


@register("bundle")
def run_bundle(job: Job, progress: Progress) -> dict[str, Any]:
    """Parse the revision, refuse it if impossible (the job fails with the findings), else attach the zip."""
    revision = job_revision(job)
    progress(5, "parsing design")
    design = revision_design(revision=revision)
    outcome = bundle_build(design=design, revision=revision.number, progress=progress)
    progress(90, "zipping")
    job.artifact, job.artifact_name, job.artifact_content_type = bundle_artifact(outcome=outcome)
    return outcome.result()
