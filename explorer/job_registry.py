"""The job registry: task names, the handler table and what a handler returns. A leaf module.

It imports nothing from ``explorer.services`` or ``explorer.tasks``: services publish a job by the task
name :data:`RUN_JOB` (``app.send_task``), the task module imports the service, and handlers register
here. So ``services -> registry`` and ``tasks -> services`` never meet in a circle.

A job kind (``analysis``, ``bundle``, ``export``) is run by one handler registered with :func:`register`;
handlers live in ``explorer/job_handlers/<kind>.py`` and are imported by :func:`load_handlers` (in the
worker, and wherever a job is run in-process). Extra handler modules - a test-only job kind, say - can be
named in the environment variable ``KAFKAESQUE_JOB_HANDLER_MODULES`` (comma separated dotted names).

A handler is ``handler(job, progress) -> JobOutcome``: it reads ``job`` (kind, revision, params), calls
``progress(percent, phase)`` as it goes and returns the result and the file it made, if any; the service
writes them to the row. An exception fails the job with its message.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from explorer.models import Job

__all__ = [
    "HANDLER_MODULES_ENV",
    "REAP_JOBS",
    "RUN_JOB",
    "Handler",
    "JobOutcome",
    "Progress",
    "handler_for",
    "load_handlers",
    "register",
]

RUN_JOB = "explorer.run_job"
REAP_JOBS = "explorer.reap_jobs"
HANDLER_MODULES_ENV = "KAFKAESQUE_JOB_HANDLER_MODULES"


@dataclass(frozen=True)
class JobOutcome:
    """What a handler made: the result dict, and optionally a file (bytes, name, content type)."""

    result: dict[str, Any] = field(default_factory=dict)
    artifact: bytes | None = None
    artifact_name: str = ""
    artifact_content_type: str = ""


Progress = Callable[[int, str], None]
Handler = Callable[["Job", Progress], JobOutcome]

_HANDLERS: dict[str, Handler] = {}
_LOADED = False


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
