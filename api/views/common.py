"""What several API areas share: 404s in the error shape, loading what a user may read, job submission.

Every view that takes a design id loads it with :func:`design_or_404`, so a private design of someone
else answers exactly like a missing one. Redis being down while a job is queued is a 503
``jobs-unavailable`` that says the design is safe (mapped once, in :mod:`api.exceptions`).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from api.exceptions import ApiError
from explorer.models import Design, Job, Revision
from explorer.selectors import designs as selectors
from explorer.selectors.access import Action, design_may
from explorer.selectors.jobs import job_get

__all__ = [
    "PagePagination",
    "design_or_404",
    "flag_query",
    "flag_query_param",
    "int_query_param",
    "job_accepted",
    "job_or_404",
    "not_found",
    "revision_number_param",
    "revision_or_404",
    "unknown_endpoint",
]


def not_found(what: str = "design") -> ApiError:
    """404 ``not-found``: "No such <what>."."""
    return ApiError(status_code=status.HTTP_404_NOT_FOUND, code="not-found", message=f"No such {what}.")


def _whole_number(raw: str) -> bool:
    # ASCII only: str.isdigit() also accepts "²", which int() refuses.
    return raw.isascii() and raw.isdigit()


# Numbers in query strings (revision, page) fit a 32-bit signed integer, a database column on every backend.
MAX_QUERY_NUMBER = 2**31 - 1


def revision_number_param(name: str, *, required: bool = False, description: str) -> OpenApiParameter:
    """A query parameter read by :func:`int_query_param`, with the bounds the server enforces."""
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 0, "maximum": MAX_QUERY_NUMBER},
        OpenApiParameter.QUERY,
        required=required,
        description=description,
    )


FLAG_VALUES = {"true": True, "1": True, "false": False, "0": False}


def flag_query_param(name: str, *, description: str) -> OpenApiParameter:
    """A yes/no query parameter read by :func:`flag_query`."""
    return OpenApiParameter(
        name, {"type": "string", "enum": list(FLAG_VALUES)}, OpenApiParameter.QUERY, description=description
    )


def flag_query(request: Request, name: str) -> bool:
    """Query parameter ``name`` as a yes/no flag (absent: no); 400 naming it for anything but the four values."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    if raw not in FLAG_VALUES:
        raise ApiError(
            status_code=400,
            code="invalid",
            message=f"query parameter '{name}' must be one of {', '.join(FLAG_VALUES)}; got {raw!r}",
        )
    return FLAG_VALUES[raw]


def int_query_param(request: Request, name: str, *, required: bool = False) -> int | None:
    """Query parameter ``name`` as a revision number; None when absent, 400 naming it when not a number."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        if required:
            raise ApiError(status_code=400, code="invalid", message=f"query parameter '{name}' is required")
        return None
    if not _whole_number(raw) or int(raw) > MAX_QUERY_NUMBER:
        raise ApiError(
            status_code=400,
            code="invalid",
            message=f"query parameter '{name}' must be a revision number from 0 to {MAX_QUERY_NUMBER}",
        )
    return int(raw)


ACTION_REFUSED = {
    Action.EDIT: "Only an editor or the owner of this design can change it.",
    Action.ADMINISTER: "Only the owner of this design can do this (delete, change visibility, manage people).",
}


def design_or_404(*, user: Any, design_id: int, what: str = "design", action: Action = Action.VIEW) -> Design:
    """The design if ``user`` may do ``action`` with it.

    An anonymous caller gets 401 for anything beyond viewing; otherwise 404 when the caller may not even
    read the design (the same for a missing and a hidden design), 403 when they may read but not act.
    The rules are :mod:`explorer.selectors.access`.
    """
    signed_in = user is not None and user.is_authenticated
    if action is not Action.VIEW and not signed_in:
        # Whatever the design: 401 says nothing about whether it exists.
        raise ApiError(
            status_code=status.HTTP_401_UNAUTHORIZED,
            code="not_authenticated",
            message="Authentication credentials were not provided.",
            headers={"WWW-Authenticate": "Token"},
        )
    try:
        design = selectors.design_get(user=user, design_id=design_id)
    except Design.DoesNotExist as exc:
        raise not_found(what) from exc
    if action is not Action.VIEW and not design_may(user=user, design=design, action=action):
        raise ApiError(status_code=status.HTTP_403_FORBIDDEN, code="permission_denied", message=ACTION_REFUSED[action])
    return design


def revision_or_404(*, design: Design, number: int | None, what: str | None = None) -> Revision:
    """Revision ``number`` of ``design`` (the current one when None), else 404 naming it (or ``what``)."""
    try:
        return selectors.revision_get(design=design, number=number)
    except Revision.DoesNotExist as exc:
        raise not_found(what or f"revision {number} of design {design.pk}") from exc


def job_or_404(*, user: Any, job_id: int) -> Job:
    """The job if ``user`` may read its design (or requested a job without one); else 404."""
    try:
        return job_get(user=user, job_id=job_id)
    except Job.DoesNotExist as exc:
        raise not_found("job") from exc


def job_accepted(job: Job) -> Response:
    """202 with the job id, its status and where to poll and download; ``Location`` is the job."""
    links = {"job": f"/api/jobs/{job.pk}/", "download": f"/api/jobs/{job.pk}/download/"}
    return Response(
        {"job": job.pk, "status": job.status, "links": links},
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": links["job"]},
    )


class PagePagination(PageNumberPagination):
    """Page numbers as DRF does them, with a 400 that names the parameter for a page that is no number."""

    invalid_page_message = "query parameter 'page': there is no page {page_number} ({message})"
    last_page_strings = ()  # the schema says a number from 1; DRF's "last" is not offered

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        """``page`` must be a whole number from 1 (and, if sent, not empty); past the end stays a 404."""
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (_whole_number(raw) and 1 <= int(raw) <= MAX_QUERY_NUMBER):
            raise ApiError(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="invalid",
                message=f"query parameter 'page' must be a page number from 1; got {raw!r}",
            )
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """``page`` as the server reads it: a whole number from 1 (past the last page is a 404)."""
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1; a page past the last one answers 404.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_QUERY_NUMBER},
            }
        ]


@csrf_exempt  # it changes nothing, and a CSRF refusal here would be an HTML 403 instead of the 404
def unknown_endpoint(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """404 in the API's error shape for a path under ``/api/`` that no route takes (never an HTML page)."""
    message = f"No API endpoint at {request.path}."
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not unknown_endpoint:
            message += f" Did you mean {request.path}/ (with the trailing slash)?"
    return JsonResponse({"error": {"code": "not-found", "message": message}}, status=status.HTTP_404_NOT_FOUND)
