"""The ``simulation`` job: what if - load, lag, capacity and outage - on one stored revision.

Params: ``profile``, ``duration_s``, ``step_s``, ``outage``, ``prices`` (see
:func:`explorer.services.simulations.simulation_options`). Bad parameters fail the job with the key named.
"""

from __future__ import annotations

from explorer.job_handlers import job_revision
from explorer.job_registry import JobOutcome, Progress, register
from explorer.models import Job
from explorer.services.simulations import simulation_run


@register("simulation")
def run_simulation(job: Job, progress: Progress) -> JobOutcome:
    """Simulate the job's revision with its params; the result is the simulation's dict."""
    return JobOutcome(result=simulation_run(revision=job_revision(job), params=job.params or {}, progress=progress))
