"""One JSON error shape for every API error: ``{"error": {"code", "message", "details"}}``.

Domain exceptions (raised by services and the engine) become API errors here, in one table
(:data:`DOMAIN_ERRORS`), so views validate, call a service and serialize, and never catch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from explorer.engine.document import json_path
from explorer.engine.export import RenderError
from explorer.engine.importers.mm2 import Mm2ImportError
from explorer.engine.simulate import SimulationError
from explorer.services.bundles import NoRevision
from explorer.services.designs import DocumentRejected, RevisionConflict
from explorer.services.jobs import JobsUnavailable
from explorer.services.sharing import SharingError
from explorer.services.throttle import Throttled


class ApiError(exceptions.APIException):
    """A domain error with an explicit status, code and details."""

    def __init__(
        self, *, status_code: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.error_code = code
        self.message = message
        self.details = details
        self.headers = dict(headers or {})


def _document_rejected(exc: DocumentRejected) -> ApiError:
    count = len(exc.problems)
    first = exc.problems[0]
    summary = f"{first.path}: {first.message}" + (f" (and {count - 1} more)" if count > 1 else "")
    label = {
        "limit-exceeded": "the document exceeds a limit",
        "unknown-reference": "the document refers to something it does not declare",
    }.get(exc.code, "the document is not a valid kafkaesque.design/v1 document")
    return ApiError(
        status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE if exc.code == "limit-exceeded" else 400,
        code=exc.code,
        message=f"{label}: {summary}",
        details=[problem.to_dict() for problem in exc.problems],
    )


def _revision_conflict(exc: RevisionConflict) -> ApiError:
    return ApiError(
        status_code=status.HTTP_412_PRECONDITION_FAILED,
        code="conflict",
        message=f"{exc}; reload it, reapply your change and save again",
        details={"current_revision": exc.current_revision, "base_revision": exc.base_revision},
    )


def _jobs_unavailable(exc: JobsUnavailable) -> ApiError:
    return ApiError(status_code=status.HTTP_503_SERVICE_UNAVAILABLE, code="jobs-unavailable", message=str(exc))


def _render_failed(exc: RenderError) -> ApiError:
    return ApiError(status_code=status.HTTP_503_SERVICE_UNAVAILABLE, code="render-failed", message=str(exc))


def _mm2_invalid(exc: Mm2ImportError) -> ApiError:
    return ApiError(
        status_code=status.HTTP_400_BAD_REQUEST,
        code="invalid-mm2-properties",
        message=str(exc),
        details=[{"path": "$.properties", "line": exc.line, "message": exc.message}],
    )


def _simulation_invalid(exc: SimulationError) -> ApiError:
    # The engine names the key at fault ("profile.factor: ..."): the simulation cannot run as asked.
    return ApiError(status_code=status.HTTP_400_BAD_REQUEST, code="invalid-simulation", message=str(exc))


def _no_revision(exc: NoRevision) -> ApiError:
    return ApiError(status_code=status.HTTP_409_CONFLICT, code="no-revision", message=str(exc))


def _sharing_refused(exc: SharingError) -> ApiError:
    code = status.HTTP_404_NOT_FOUND if exc.not_found else status.HTTP_409_CONFLICT if exc.conflict else 400
    return ApiError(status_code=code, code=exc.code, message=str(exc))


def _throttled(exc: Throttled) -> ApiError:
    return ApiError(
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        code="throttled",
        message=str(exc),
        details={"scope": exc.scope, "retry_after": exc.retry_after},
        headers={"Retry-After": str(exc.retry_after)},
    )


# Domain exception -> API error; the first row whose class matches wins.
DOMAIN_ERRORS: tuple[tuple[type[Exception], Callable[[Any], ApiError]], ...] = (
    (DocumentRejected, _document_rejected),
    (RevisionConflict, _revision_conflict),
    (JobsUnavailable, _jobs_unavailable),
    (RenderError, _render_failed),
    (Mm2ImportError, _mm2_invalid),
    (NoRevision, _no_revision),
    (SimulationError, _simulation_invalid),
    (SharingError, _sharing_refused),
    (Throttled, _throttled),
)


def domain_error(exc: Exception) -> ApiError | None:
    """The API error for a domain exception, or None when ``exc`` is not one."""
    for kind, build in DOMAIN_ERRORS:
        if isinstance(exc, kind):
            return build(exc)
    return None


def _flatten(detail: Any, parts: tuple[str | int, ...] = ()) -> list[dict[str, str]]:
    """Each message of a DRF error tree with the JSON path of the field it is about."""
    if isinstance(detail, dict):
        out: list[dict[str, str]] = []
        for key, value in detail.items():
            out.extend(_flatten(value, (*parts, str(key))))
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                out.extend(_flatten(value, (*parts, index)))
            else:
                out.append({"path": json_path(parts), "message": str(value)})
        return out
    return [{"path": json_path(parts), "message": str(detail)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map DRF and domain exceptions to the project's error shape."""
    exc = domain_error(exc) or exc
    if isinstance(exc, ApiError):
        body: dict[str, Any] = {"code": exc.error_code, "message": exc.message}
        if exc.details is not None:
            body["details"] = exc.details
        return Response({"error": body}, status=exc.status_code, headers=exc.headers)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        problems = _flatten(exc.detail)
        message = "; ".join(f"{p['path']}: {p['message']}" for p in problems[:5])
        response.data = {"error": {"code": "invalid", "message": message, "details": problems}}
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.ParseError):
        response.data = {"error": {"code": "malformed-json", "message": str(exc.detail)}}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"error": {"code": str(code), "message": str(detail)}}
    return response
