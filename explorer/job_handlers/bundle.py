"""The ``bundle`` job: generate, check and zip the runnable bundle for one stored revision."""

from __future__ import annotations

from explorer.job_handlers import job_revision
from explorer.job_registry import JobOutcome, Progress, register
from explorer.models import Job
from explorer.selectors.designs import revision_design
from explorer.services.bundles import bundle_artifact, bundle_build


@register("bundle")
def run_bundle(job: Job, progress: Progress) -> JobOutcome:
    """Parse the revision, refuse it if impossible (the job fails with the findings), else attach the zip."""
    revision = job_revision(job)
    progress(5, "parsing design")
    design = revision_design(revision=revision)
    outcome = bundle_build(design=design, revision=revision.number, progress=progress)
    progress(90, "zipping")
    content, name, content_type = bundle_artifact(outcome=outcome)
    return JobOutcome(result=outcome.result(), artifact=content, artifact_name=name, artifact_content_type=content_type)
