"""Export endpoints: a design's diagram in SVG/PNG/PDF/DOT/Mermaid/JSON, and the catalog's integration map."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.permissions import API_AUTHENTICATION
from api.serializers.analysis import JobAcceptedOut
from api.serializers.designs import ErrorOut
from api.views.common import (
    design_or_404,
    flag_query,
    flag_query_param,
    int_query_param,
    job_accepted,
    revision_number_param,
    revision_or_404,
)
from explorer.engine.export import BACKGROUNDS, FORMATS
from explorer.models import Job
from explorer.services import exports as services

TAGS = ["exports"]


class ExportNegotiation(DefaultContentNegotiation):
    """Ignore DRF's ``?format=`` renderer override: here ``format`` names the export, and errors are JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        """Always the first renderer (JSON) for the responses DRF renders (errors, the 202 job)."""
        first = next(iter(renderers))
        return first, first.media_type


def _file_response(exported: services.ExportFile, *, disposition: str = "attachment") -> HttpResponse:
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{exported.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    if exported.content_type.startswith("image/svg"):
        # An SVG opened directly must not run anything even if a future bug let markup through.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


def _choice(request: Request, name: str, choices: tuple[str, ...], default: str) -> str:
    """Query parameter ``name``, one of ``choices`` (``default`` when absent); 400 ``invalid-<name>`` otherwise."""
    value = request.query_params.get(name, default)
    if value not in choices:
        raise ApiError(
            status_code=400,
            code=f"invalid-{name}",
            message=f"{name} must be one of {', '.join(choices)}; got {value!r}",
        )
    return value


class DesignExportView(APIView):
    """``GET /api/designs/{id}/export?format=…&revision=N&overlay=1&background=dark``."""

    authentication_classes = API_AUTHENTICATION
    content_negotiation_class = ExportNegotiation
    permission_classes = [AllowAny]  # visibility is decided by the selectors: private designs of others are 404

    @extend_schema(
        tags=TAGS,
        summary="Export a design revision as a diagram (SVG, PNG, PDF, DOT, Mermaid) or as its JSON document",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=list(FORMATS), description="Default svg."),
            revision_number_param("revision", description="Revision number; default current."),
            flag_query_param("overlay", description="Draw the analysis findings."),
            OpenApiParameter(
                "background",
                OpenApiTypes.STR,
                enum=list(BACKGROUNDS),
                description="Background of the drawn formats (SVG, PNG, PDF, DOT): `light` (default), `dark`, "
                "or `transparent` (light ink on no background, for documentation sites of either theme). "
                "Mermaid and JSON carry no colours and ignore it.",
            ),
            flag_query_param("async", description="Render in a background job (always for large designs)."),
        ],
        responses={
            (200, "image/svg+xml"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "text/vnd.graphviz"): OpenApiTypes.STR,
            (200, "text/vnd.mermaid"): OpenApiTypes.STR,
            (200, "application/json"): OpenApiTypes.OBJECT,
            202: OpenApiResponse(JobAcceptedOut, description="Large render queued as a job."),
            400: OpenApiResponse(ErrorOut, description="Unknown format or bad revision number."),
            404: OpenApiResponse(ErrorOut, description="No such design or revision, or a private one of someone else."),
            503: OpenApiResponse(ErrorOut, description="Graphviz failed or timed out, or jobs are unavailable."),
        },
    )
    def get(self, request: Request, design_id: int) -> HttpResponse | Response:
        """The file with ``Content-Disposition: attachment; filename="<name>-r<N>.<ext>"``."""
        fmt = _choice(request, "format", FORMATS, "svg")
        background = _choice(request, "background", BACKGROUNDS, "light")
        number = int_query_param(request, "revision")
        overlay = flag_query(request, "overlay")
        what = "design or revision"
        design = design_or_404(user=request.user, design_id=design_id, what=what)
        revision = revision_or_404(design=design, number=number, what=what)
        wants_job = flag_query(request, "async")
        exported = services.revision_export_or_job(
            revision=revision, fmt=fmt, overlay=overlay, wants_job=wants_job, user=request.user, background=background
        )
        if isinstance(exported, Job):
            return job_accepted(exported)
        return _file_response(exported)


class CatalogMapView(APIView):
    """``GET /api/catalog/map.svg``: every service and every documented direction between them."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="The catalog's integration map as SVG",
        responses={
            (200, "image/svg+xml"): OpenApiTypes.BINARY,
            503: OpenApiResponse(ErrorOut, description="Graphviz failed."),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        """Self-contained SVG (icons inline), shown inline by browsers."""
        exported = services.catalog_map_export(fmt="svg")
        response = _file_response(exported, disposition="inline")
        response["Cache-Control"] = "public, max-age=300"
        return response
