"""What-if endpoint: queue a simulation of a design's current revision (load, lag, capacity, outage) as a job."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.permissions import API_AUTHENTICATION
from api.serializers.analysis import JobAcceptedOut
from api.serializers.designs import ErrorOut
from api.serializers.simulations import SimulationIn, SimulationResultOut
from api.views.common import design_or_404, job_accepted, job_or_404, not_found
from explorer.models import Job
from explorer.services.simulations import simulation_submit

TAGS = ["simulations"]


class SimulationCreateView(APIView):
    """``POST /api/designs/{id}/simulations/``: simulate the current revision as a job with progress."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="What if: simulate load, lag, capacity and an outage on a design's current revision",
        request=SimulationIn,
        responses={
            202: OpenApiResponse(JobAcceptedOut, description="Job queued; poll links.job for its result."),
            400: OpenApiResponse(ErrorOut, description="A parameter cannot be used (the message names it)."),
            404: OpenApiResponse(ErrorOut, description="No such design, or a private one of someone else."),
            409: OpenApiResponse(ErrorOut, description="The design has no saved revision."),
            503: OpenApiResponse(ErrorOut, description="Jobs are unavailable (Redis does not answer)."),
        },
    )
    def post(self, request: Request, design_id: int) -> Response:
        """Check the parameters against the revision, then queue the job."""
        design = design_or_404(user=request.user, design_id=design_id)
        serializer = SimulationIn(data=request.data)
        serializer.is_valid(raise_exception=True)
        if design.current_revision is None:
            raise ApiError(status_code=409, code="no-revision", message="The design has no saved revision yet.")
        job = simulation_submit(
            revision=design.current_revision, user=request.user, params=dict(serializer.validated_data)
        )
        return job_accepted(job)


class SimulationResultView(APIView):
    """``GET /api/jobs/{id}/simulation/``: a finished simulation job's result, typed for clients."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]  # visibility is decided by the selector

    @extend_schema(
        tags=TAGS,
        summary="A simulation job's result: flows, stores, series, outage and findings",
        responses={
            200: SimulationResultOut,
            404: OpenApiResponse(ErrorOut, description="No such job, one not visible, or not a simulation."),
            409: OpenApiResponse(ErrorOut, description="The job has not succeeded (yet); poll the job."),
        },
    )
    def get(self, request: Request, job_id: int) -> Response:
        """200 with the result of a succeeded simulation job."""
        job = job_or_404(user=request.user, job_id=job_id)
        if job.kind != Job.Kind.SIMULATION:
            raise not_found("simulation job")
        if job.status != Job.Status.SUCCEEDED:
            raise ApiError(
                status_code=409, code="job-not-finished", message=f"The simulation is {job.status}, not succeeded."
            )
        return Response(SimulationResultOut(job.result).data)
