"""Bundle endpoints: queue a bundle job for a design, and download any finished job's artefact."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.permissions import API_AUTHENTICATION
from api.serializers.analysis import JobAcceptedOut
from api.serializers.designs import ErrorOut
from api.views.common import design_or_404, job_accepted, job_or_404
from explorer.models import Job
from explorer.services.bundles import bundle_submit

TAGS = ["bundles"]


class BundleCreateView(APIView):
    """``POST /api/designs/{id}/bundles/``: generate the runnable bundle of the current revision as a job."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="Generate the runnable configuration bundle (zip) of a design's current revision",
        request=None,
        responses={
            202: OpenApiResponse(JobAcceptedOut, description="Job queued; poll links.job, then links.download."),
            404: OpenApiResponse(ErrorOut, description="No such design, or a private one of someone else."),
            409: OpenApiResponse(ErrorOut, description="The design has no saved revision."),
            503: OpenApiResponse(ErrorOut, description="Jobs are unavailable (Redis does not answer)."),
        },
    )
    def post(self, request: Request, design_id: int) -> Response:
        """Queue the job; an impossible design fails the job with the analysis findings as its error."""
        design = design_or_404(user=request.user, design_id=design_id)
        return job_accepted(bundle_submit(design=design, user=request.user))


class JobDownloadView(APIView):
    """``GET /api/jobs/{id}/download/``: the artefact of a succeeded job (bundle zip, rendered diagram)."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="Download the file a finished job produced",
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            404: OpenApiResponse(ErrorOut, description="No such job, or it belongs to someone else's private design."),
            409: OpenApiResponse(
                ErrorOut, description="The job has not succeeded (still running, or failed: see error)."
            ),
        },
    )
    def get(self, request: Request, job_id: int) -> HttpResponse:
        """The artefact with ``Content-Disposition: attachment``."""
        job = job_or_404(user=request.user, job_id=job_id)
        if job.status == Job.Status.FAILED:
            raise ApiError(status_code=409, code="job-failed", message=f"The job failed: {job.error}")
        if job.status != Job.Status.SUCCEEDED:
            raise ApiError(
                status_code=409,
                code="job-not-finished",
                message=f"The job is {job.status} ({job.progress}%); download when it has succeeded.",
                details={"status": job.status, "progress": job.progress, "phase": job.phase},
            )
        if job.artifact is None or not job.artifact_name:
            raise ApiError(status_code=404, code="no-artifact", message="This job produced no file.")
        content_type = job.artifact_content_type or "application/octet-stream"
        response = HttpResponse(bytes(job.artifact), content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(True, job.artifact_name) or "attachment"
        response["Content-Length"] = str(len(job.artifact))
        return response
