"""Job handlers, one module per job kind; :func:`explorer.job_registry.load_handlers` imports every submodule.

Every kind so far works on one stored revision: :func:`job_revision` fetches it, or fails the job
with a message naming the kind.
"""

from __future__ import annotations

from explorer.models import Job, Revision

__all__ = ["job_revision"]


def job_revision(job: Job) -> Revision:
    """The revision ``job`` is about; raises ``ValueError`` (which fails the job) when it has none."""
    if job.revision is None:
        article = "an" if job.kind[:1] in "aeiou" else "a"
        raise ValueError(f"{article} {job.kind} job needs a design revision")
    return job.revision
