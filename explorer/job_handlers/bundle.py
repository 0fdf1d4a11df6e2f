"""The ``bundle`` job: generate, check and zip the runnable bundle for one stored revision."""

from __future__ import annotations

from typing import Any

from explorer.engine.document import Limits, parse_document
from explorer.jobs import Progress, register
from explorer.models import Job
from explorer.services.bundles import bundle_artifact, bundle_build

# Stored revisions were within the limits when saved; a lowered limit must not make them unreadable.
_STORED = Limits(max_bytes=1 << 40, max_nodes=1 << 40, max_flows=1 << 40, max_depth=1 << 10)


@register("bundle")
def run_bundle(job: Job, progress: Progress) -> dict[str, Any]:
    """Parse the revision, refuse it if impossible (the job fails with the findings), else attach the zip."""
    if job.revision is None:
        raise ValueError("a bundle job needs a design revision")
    progress(5, "parsing design")
    design = parse_document(job.revision.document, _STORED)
    outcome = bundle_build(design=design, revision=job.revision.number, progress=progress)
    progress(90, "zipping")
    job.artifact, job.artifact_name, job.artifact_content_type = bundle_artifact(outcome=outcome)
    return outcome.result()
