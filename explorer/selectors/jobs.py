"""Reads on jobs: who may see a job.

A job is visible to the user who requested it and to everyone who may read its design (the owner,
or anyone when the design is public); anyone else gets ``Job.DoesNotExist`` (the API answers 404,
so a private design's jobs do not reveal that it exists).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from explorer.models import Design, Job
from explorer.selectors.designs import design_visible

__all__ = ["job_get"]


def job_get(*, user: Any, job_id: int) -> Job:
    """The job if ``user`` may see it; raises ``Job.DoesNotExist`` otherwise."""
    visible_designs = design_visible(user=user).values("pk")
    condition = Q(revision__design__in=visible_designs)
    if user is not None and user.is_authenticated:
        condition |= Q(requested_by=user)
    return Job.objects.select_related("revision", "revision__design", "requested_by").filter(condition).get(pk=job_id)


def design_for_job(job: Job) -> Design | None:
    """The design a job belongs to, if it has a revision."""
    return job.revision.design if job.revision is not None else None
