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
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from api.exceptions import ApiError
from explorer.models import Design, Job, Revision
from explorer.selectors import designs as selectors
from explorer.selectors.jobs import job_get

__all__ = [
    "PagePagination",
    "design_or_404",
    "int_query_param",
    "job_accepted",
    "job_or_404",
    "not_found",
    "revision_or_404",
    "unknown_endpoint",
]


def not_found(what: str = "design") -> ApiError:
    """404 ``not-found``: "No such <what>."."""
    return ApiError(status_code=status.HTTP_404_NOT_FOUND, code="not-found", message=f"No such {what}.")


def _whole_number(raw: str) -> bool:
    # ASCII only: str.isdigit() also accepts "²", which int() refuses.
    return raw.isascii() and raw.isdigit()


def int_query_param(request: Request, name: str, *, required: bool = False) -> int | None:
    """Query parameter ``name`` as a revision number; None when absent, 400 naming it when not a number."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        if required:
            raise ApiError(status_code=400, code="invalid", message=f"query parameter '{name}' is required")
        return None
    if not _whole_number(raw):
        raise ApiError(status_code=400, code="invalid", message=f"query parameter '{name}' must be a revision number")
    return int(raw)


def design_or_404(*, user: Any, design_id: int, what: str = "design") -> Design:
    """The design if ``user`` may read it; else 404, the same for a missing and a hidden design."""
    try:
        return selectors.design_get(user=user, design_id=design_id)
    except Design.DoesNotExist as exc:
        raise not_found(what) from exc


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

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        """``page`` must be a whole number from 1 (or ``last``); past the end stays a 404."""
        raw = request.query_params.get(self.page_query_param) or ""
        if raw and raw not in self.last_page_strings and not (_whole_number(raw) and int(raw) >= 1):
            raise ApiError(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="invalid",
                message=f"query parameter 'page' must be a page number from 1; got {raw!r}",
            )
        return super().get_page_number(request, paginator)


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
