"""Import endpoints: configuration that already runs as a design document, and its drift from a design."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.permissions import API_AUTHENTICATION
from api.serializers.analysis import JobAcceptedOut
from api.serializers.designs import ErrorOut
from api.serializers.imports import (
    ConfigImportIn,
    ConfigImportOut,
    DriftIn,
    DriftNowIn,
    DriftReportOut,
    Mm2ImportIn,
    Mm2ImportOut,
)
from api.views.common import design_or_404, job_accepted
from explorer.engine.document import DocumentError, parse_document
from explorer.services.designs import design_limits
from explorer.services.drift import UploadError, drift_compute, drift_submit, uploads_decode, uploads_import
from explorer.services.imports import mm2_import


class Mm2ImportView(APIView):
    """Turn the text of an mm2.properties file into a design document; nothing is saved."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["designs"],
        operation_id="import_mm2",
        summary="Convert an mm2.properties file into a design document",
        description=(
            "Clusters become Kafka nodes; each `A->B.enabled = true` becomes a MirrorMaker 2 flow with its "
            "topic filter and replication policy. Post the document to `/api/designs/import/` to save it, or "
            "to `/api/analyze/` to check the running topology for event loops."
        ),
        request=Mm2ImportIn,
        responses={
            200: Mm2ImportOut,
            400: OpenApiResponse(ErrorOut, description="not an MM2 configuration; the line is in details"),
        },
    )
    def post(self, request: Request) -> Response:
        """Convert, or 400 naming the line."""
        incoming = Mm2ImportIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        values = incoming.validated_data
        document = mm2_import(properties=values["properties"], name=values.get("name"))
        return Response(Mm2ImportOut({"document": document}).data)


class ConfigImportView(APIView):
    """Import configuration files of what runs into one design document; nothing is saved."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["designs"],
        operation_id="import_config",
        summary="Convert configuration files (compose, Connect, MM2, Strimzi, CQL, Logstash, zips) into a design",
        description=(
            "Every file is read by the importer its name and content call for; the partial designs are merged "
            "(Kafka clusters by bootstrap host or alias, Cassandra by data centre). Each element's origin names "
            "the file and line. A file that cannot be read is a 400 listing every problem."
        ),
        request=ConfigImportIn,
        responses={
            200: ConfigImportOut,
            400: OpenApiResponse(ErrorOut, description="a file could not be read; file, line and key in details"),
        },
    )
    def post(self, request: Request) -> Response:
        """Import, or 400 naming each file and line."""
        incoming = ConfigImportIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            result = uploads_import(files=incoming.validated_data["files"])
        except UploadError as exc:
            raise ApiError(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="invalid-upload",
                message=str(exc),
                details=[{"file": exc.name, "line": 0, "key": "", "message": exc.message}],
            ) from exc
        if result.problems:
            raise ApiError(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="invalid-configuration",
                message="; ".join(str(p) for p in result.problems[:10]),
                details=[p.to_dict() for p in result.problems],
            )
        body = result.to_dict()
        if "name" in incoming.validated_data:
            body["document"]["name"] = incoming.validated_data["name"]
        return Response(ConfigImportOut(body).data)


class DriftCreateView(APIView):
    """``POST /api/designs/{id}/drift/``: compare uploaded files of what runs with the current revision, as a job."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["designs"],
        operation_id="design_drift",
        summary="Compare what runs (uploaded configuration files) with a design's current revision",
        request=DriftIn,
        responses={
            202: OpenApiResponse(JobAcceptedOut, description="Job queued; its result lists missing, extra, changed."),
            400: OpenApiResponse(ErrorOut, description="No files, or a file that is not valid base64 or too large."),
            404: OpenApiResponse(ErrorOut, description="No such design, or a private one of someone else."),
            409: OpenApiResponse(ErrorOut, description="The design has no saved revision."),
            503: OpenApiResponse(ErrorOut, description="Jobs are unavailable (Redis does not answer)."),
        },
    )
    def post(self, request: Request, design_id: int) -> Response:
        """Queue the drift job with the uploaded files as its parameters."""
        design = design_or_404(user=request.user, design_id=design_id)
        if design.current_revision is None:
            raise ApiError(status_code=409, code="no-revision", message="The design has no saved revision yet.")
        incoming = DriftIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            files = uploads_decode(files=incoming.validated_data["files"])
        except UploadError as exc:
            raise ApiError(status_code=400, code="invalid-upload", message=str(exc)) from exc
        job = drift_submit(revision=design.current_revision, user=request.user, files=files)
        return job_accepted(job)


class DriftNowView(APIView):
    """``POST /api/drift/``: compare a design document with uploaded files of what runs, now (nothing saved)."""

    permission_classes = [AllowAny]

    @extend_schema(
        tags=["designs"],
        operation_id="drift_now",
        summary="Compare a design document with configuration files of what runs (synchronous)",
        request=DriftNowIn,
        responses={
            200: DriftReportOut,
            400: OpenApiResponse(ErrorOut, description="an invalid design, or a file that cannot be read"),
        },
    )
    def post(self, request: Request) -> Response:
        """200 with the report; 400 naming the document's JSON path or the file and line."""
        incoming = DriftNowIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        design = incoming.validated_data["design"]
        try:
            parse_document(design, design_limits())
        except DocumentError as exc:
            raise ApiError(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="invalid-document",
                message=f"the design is not a valid kafkaesque.design/v1 document: {exc.problems[0].path}: "
                f"{exc.problems[0].message}",
                details=[problem.to_dict() for problem in exc.problems],
            ) from exc
        try:
            outcome = drift_compute(design=design, files=incoming.validated_data["files"], progress=_ignore)
        except UploadError as exc:
            raise ApiError(status_code=400, code="invalid-upload", message=str(exc)) from exc
        if outcome.report is None:
            raise ApiError(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="invalid-configuration",
                message="; ".join(str(p) for p in outcome.imported.problems[:10]),
                details=[p.to_dict() for p in outcome.imported.problems],
            )
        body = {
            **outcome.report,
            "imported": outcome.imported.document,
            "notes": [n.to_dict() for n in outcome.imported.notes],
        }
        return Response(DriftReportOut(body).data)


def _ignore(_percent: int, _phase: str) -> None:
    """No progress to report for a synchronous comparison."""
