"""Background jobs: the handler registry and the submit entry point.

A job kind (``analysis``, ``bundle``, ``export``) is run by one handler registered with
:func:`register`; handlers live in ``explorer/job_handlers/<kind>.py`` and are imported by
:func:`load_handlers` in the worker (and wherever a job is run in-process). Extra handler modules -
for instance a test-only job kind - can be named in the environment variable
``KAFKAESQUE_JOB_HANDLER_MODULES`` (comma separated dotted module names).

A handler is ``handler(job, progress) -> dict``: it reads ``job`` (kind, revision, params), calls
``progress(percent, phase)`` as it goes, may set ``job.artifact``, ``job.artifact_name`` and
``job.artifact_content_type``, and returns the result dict. An exception fails the job with its message.

:func:`job_submit` creates the job row and publishes it to Celery after the transaction commits;
see :mod:`explorer.services.jobs` for the lifecycle (claiming, heartbeats, reaping, caching).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from explorer.models import Job, Revision

__all__ = [
    "HANDLER_MODULES_ENV",
    "Handler",
    "JobsUnavailable",
    "handler_for",
    "job_submit",
    "load_handlers",
    "register",
]

HANDLER_MODULES_ENV = "KAFKAESQUE_JOB_HANDLER_MODULES"

Progress = Callable[[int, str], None]
Handler = Callable[["Job", Progress], dict[str, Any]]

_HANDLERS: dict[str, Handler] = {}
_LOADED = False


class JobsUnavailable(Exception):
    """Jobs cannot be queued: Redis (the Celery broker) does not answer."""


def register(kind: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of jobs of ``kind`` (the last registration wins)."""

    def decorator(handler: Handler) -> Handler:
        _HANDLERS[kind] = handler
        return handler

    return decorator


def load_handlers() -> None:
    """Import every ``explorer.job_handlers`` submodule and the modules named in ``KAFKAESQUE_JOB_HANDLER_MODULES``."""
    global _LOADED
    if _LOADED:
        return
    package = importlib.import_module("explorer.job_handlers")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda item: item.name):
        importlib.import_module(f"{package.__name__}.{info.name}")
    for name in os.environ.get(HANDLER_MODULES_ENV, "").split(","):
        if name.strip():
            importlib.import_module(name.strip())
    _LOADED = True


def handler_for(kind: str) -> Handler | None:
    """The handler registered for ``kind``, loading the handler modules first."""
    load_handlers()
    return _HANDLERS.get(kind)


def job_submit(*, kind: str, revision: Revision | None, user: Any, params: dict[str, Any] | None = None) -> Job:
    """Create a job and enqueue it after the current transaction commits.

    A succeeded, queued or running job with the same cache key (kind, revision, catalog version,
    params) is returned instead of a new one. Raises :class:`JobsUnavailable` when Redis does not answer.
    """
    from explorer.services.jobs import job_submit as submit

    return submit(kind=kind, revision=revision, user=user, params=params)
