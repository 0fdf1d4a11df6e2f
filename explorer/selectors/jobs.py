"""Reads on jobs: who may see a job.

A job about a design revision is visible to exactly those who may read the design now (anyone with a
role on it - see explorer.selectors.access - or anyone while it is public); anyone else gets
``Job.DoesNotExist`` and the API answers 404, so a design made private later does not stay readable
through an earlier job of someone else. A job without a revision is visible to the user who requested it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from explorer.models import Job
from explorer.selectors.designs import design_visible

__all__ = ["job_get"]


def job_get(*, user: Any, job_id: int) -> Job:
    """The job if ``user`` may see it; raises ``Job.DoesNotExist`` otherwise."""
    visible_designs = design_visible(user=user).values("pk")
    condition = Q(revision__design__in=visible_designs)
    if user is not None and user.is_authenticated:
        condition |= Q(revision__isnull=True, requested_by=user)
    return Job.objects.select_related("revision", "revision__design", "requested_by").filter(condition).get(pk=job_id)
