"""Analysis endpoints: submit an analysis job, poll any job, and analyse a raw document synchronously.

Who may do what:

- ``POST /api/designs/{id}/analyses/``: any logged-in user who may read the design - its owner, or
  anyone when it is public (an analysis changes nothing, so readers may run one). Answers 202 with the
  job; an identical earlier job (same revision, catalog version and params) is returned instead of a
  new one. Redis down: 503 ``jobs-unavailable``.
- ``GET /api/jobs/{id}/``: everyone who may read the job's design now; 404 for anyone else (the
  requester too, once the design is private), so private designs are not revealed.
- ``POST /api/analyze/``: anyone, no job, no storage - for CI. The body is the raw document, held to
  the same limits and structural validation as saving (413 over the size limit, 400 with JSON paths);
  unlike saving, dangling references are accepted and reported as ``unknown-reference`` findings.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.openapi import DESIGN_DOCUMENT
from api.serializers.analysis import AnalysisResultOut, AnalysisSubmitIn, JobOut
from api.serializers.designs import ErrorOut
from api.views.common import design_or_404, job_or_404, revision_or_404
from api.views.designs import DesignJSONParser
from explorer.models import Job
from explorer.services.analysis import document_analyze
from explorer.services.jobs import job_submit

TAGS = ["analysis"]

ERROR = OpenApiResponse(ErrorOut, description='`{"error": {"code", "message", "details"?}}`')


class DesignAnalysesView(APIView):
    """Start an analysis of a design revision as a background job."""

    permission_classes = [AllowAny]  # checked below, to answer in the project's error shape

    @extend_schema(
        tags=TAGS,
        request=AnalysisSubmitIn,
        responses={202: JobOut, 400: ERROR, 401: ERROR, 404: ERROR, 503: ERROR},
        summary="Analyse a design (background job)",
    )
    def post(self, request: Request, design_id: int) -> Response:
        """202 with the job; poll ``links.self`` until ``status`` is ``succeeded`` or ``failed``."""
        if not request.user.is_authenticated:
            raise ApiError(
                status_code=status.HTTP_401_UNAUTHORIZED,
                code="not-authenticated",
                message="Log in to run background jobs (POST /api/analyze/ works without an account).",
            )
        payload = AnalysisSubmitIn(data=request.data)
        payload.is_valid(raise_exception=True)
        design = design_or_404(user=request.user, design_id=design_id)
        revision = revision_or_404(design=design, number=payload.validated_data.get("revision"), what="revision")
        job = job_submit(kind=Job.Kind.ANALYSIS, revision=revision, user=request.user)
        return Response(JobOut(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": f"/api/jobs/{job.pk}/"})


class JobDetailView(APIView):
    """A job's state, progress, phase, error and result."""

    permission_classes = [AllowAny]  # visibility is decided by the selector

    @extend_schema(tags=TAGS, responses={200: JobOut, 404: ERROR}, summary="Get a job")
    def get(self, request: Request, job_id: int) -> Response:
        """200 with the job, 404 when it does not exist or is not visible to the caller."""
        return Response(JobOut(job_or_404(user=request.user, job_id=job_id)).data)


class AnalyzeView(APIView):
    """Analyse a raw design document now, without saving it."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []  # no session, hence no CSRF: a stateless lint for CI
    parser_classes = [DesignJSONParser]

    @extend_schema(
        tags=TAGS,
        request={"application/json": DESIGN_DOCUMENT},
        responses={200: AnalysisResultOut, 400: ERROR, 413: ERROR},
        summary="Analyse a raw document (synchronous)",
    )
    def post(self, request: Request) -> Response:
        """200 with the analysis result; 400 (with JSON paths) for a document that breaks the schema."""
        return Response(document_analyze(document=request.data))
