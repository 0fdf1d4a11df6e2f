"""What-if simulations of stored designs (Django side: revisions and job parameters).

The simulation itself is pure (:mod:`explorer.engine.simulate`); this module turns a request's parameters into
:class:`~explorer.engine.simulate.Options`, checks them against the revision before a job is queued, and runs
the simulation for the job handler.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from catalog import default_catalog
from catalog.load_defaults import default_load_defaults
from explorer.engine.simulate import Options, Outage, Price, Profile, SimulationError, simulate
from explorer.engine.simulate.outage import down_nodes
from explorer.models import Job, Revision
from explorer.selectors.designs import revision_design
from explorer.services.jobs import job_submit

__all__ = ["simulation_options", "simulation_params_check", "simulation_run", "simulation_submit"]

#: Keys a simulation request may carry.
PARAMS = ("profile", "duration_s", "step_s", "outage", "prices")


def simulation_options(*, params: Mapping[str, Any]) -> Options:
    """Options from a request's parameters; :class:`SimulationError` names the key that cannot be used."""
    unknown = sorted(set(params) - set(PARAMS))
    if unknown:
        raise SimulationError(f"{unknown[0]}: unknown parameter (use {', '.join(PARAMS)})")
    numbers: dict[str, float] = {}
    for key, default in (("duration_s", 86_400.0), ("step_s", 60.0)):
        value = params.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SimulationError(f"{key}: must be a number of seconds")
        numbers[key] = float(value)
    if 0 < numbers["duration_s"] < numbers["step_s"]:
        # A step longer than the whole run is one step of the run's length (the API documents it).
        numbers["step_s"] = numbers["duration_s"]
    profile = params.get("profile")
    return Options(
        duration_s=numbers["duration_s"],
        step_s=numbers["step_s"],
        profile=None if profile is None else Profile.parse(profile),
        outage=Outage.parse(params.get("outage")),
        prices=Price.table(params.get("prices")),
    )


def simulation_params_check(*, revision: Revision, params: Mapping[str, Any]) -> None:
    """Refuse, before a job is queued, parameters that cannot run on ``revision`` (an outage naming nothing)."""
    options = simulation_options(params=params)
    if options.outage is not None:
        down_nodes(revision_design(revision=revision), options.outage)


def simulation_run(
    *, revision: Revision, params: Mapping[str, Any], progress: Callable[[int, str], None]
) -> dict[str, Any]:
    """Simulate ``revision`` with ``params`` and return the JSON-able result (figures, series, findings)."""
    options = simulation_options(params=params)
    progress(10, "loading catalog")
    catalog, defaults = default_catalog(), default_load_defaults()
    progress(20, "parsing design")
    design = revision_design(revision=revision)
    progress(30, "simulating")
    result = simulate(design, catalog, defaults, options).to_dict()
    progress(95, "saving result")
    return result


def simulation_submit(*, revision: Revision, user: Any, params: dict[str, Any]) -> Job:
    """Check ``params`` against ``revision``, then queue the simulation job (``JobsUnavailable`` when Redis is down)."""
    simulation_params_check(revision=revision, params=params)
    return job_submit(
        kind=Job.Kind.SIMULATION,
        revision=revision,
        user=user,
        params=params,
        unavailable="Simulation jobs are unavailable right now",
    )
