"""Catalog endpoints: the whole catalog (with an ETag), one service, and the integration matrix.

The catalog is static data loaded once per process (``catalog.default_catalog``), public, and needs no
database, so these views take no authentication and answer conditional requests from the version hash.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.serializers.catalog import CatalogErrorOut, CatalogOut, MatrixOut, ServiceOut
from catalog import Catalog, default_catalog

TAGS = ["catalog"]

_CONDITIONAL_PARAMETERS = [
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description="A catalog ETag from an earlier answer; 304 when it is still current.",
    ),
    OpenApiParameter(
        "ETag",
        str,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description='The catalog version in quotes, e.g. "e031ca793d22ac2d".',
    ),
]


def _etag(catalog: Catalog) -> str:
    return f'"{catalog.version}"'


def _matches(request: Request, etag: str) -> bool:
    """Whether ``If-None-Match`` names the current ETag (weak comparison, as RFC 9110 asks for GET)."""
    header = request.headers.get("If-None-Match", "")
    candidates = [candidate.strip() for candidate in header.split(",") if candidate.strip()]
    return any(candidate == "*" or candidate.removeprefix("W/") == etag for candidate in candidates)


def _conditional(request: Request, catalog: Catalog, body: object) -> Response:
    """200 with the body, or 304 when the client already holds this catalog version; ETag on both."""
    etag = _etag(catalog)
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if _matches(request, etag):
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
    return Response(body, headers=headers)


class _CatalogView(APIView):
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]


class CatalogView(_CatalogView):
    """Every service and mechanism, with the catalog's version."""

    @extend_schema(
        tags=TAGS,
        operation_id="catalog_retrieve",
        summary="The service catalog",
        description=(
            "Services, mechanisms (with their source -> sink pairs, modes and evidence) and the default "
            "mechanism of each pair served by several. The `ETag` is the catalog version; send it back in "
            "`If-None-Match` to get 304 when nothing changed."
        ),
        parameters=_CONDITIONAL_PARAMETERS,
        responses={200: CatalogOut, 304: OpenApiResponse(description="The catalog has not changed.")},
    )
    def get(self, request: Request) -> Response:
        """The whole catalog."""
        catalog = default_catalog()
        return _conditional(request, catalog, catalog.to_dict())


class ServiceView(_CatalogView):
    """One service."""

    @extend_schema(
        tags=TAGS,
        operation_id="catalog_service_retrieve",
        summary="One service of the catalog",
        parameters=[
            OpenApiParameter("service_id", str, OpenApiParameter.PATH, description="A service id, e.g. `kafka`."),
            *_CONDITIONAL_PARAMETERS,
        ],
        responses={
            200: ServiceOut,
            304: OpenApiResponse(description="The catalog has not changed."),
            404: OpenApiResponse(CatalogErrorOut, description="No service with this id."),
        },
    )
    def get(self, request: Request, service_id: str) -> Response:
        """The service with this id, or 404."""
        catalog = default_catalog()
        service = catalog.service(service_id)
        if service is None:
            raise ApiError(
                status_code=status.HTTP_404_NOT_FOUND,
                code="not-found",
                message=f"No service '{service_id}' in the catalog.",
            )
        return _conditional(request, catalog, service.to_dict())


class MatrixView(_CatalogView):
    """The integration matrix."""

    @extend_schema(
        tags=TAGS,
        operation_id="catalog_matrix_retrieve",
        summary="The integration matrix",
        description=(
            "One row per source -> sink pair connected by at least one mechanism, sorted; each lists its "
            "mechanisms (the default first) with modes, status (documented or inferred) and evidence URLs."
        ),
        parameters=_CONDITIONAL_PARAMETERS,
        responses={200: MatrixOut, 304: OpenApiResponse(description="The catalog has not changed.")},
    )
    def get(self, request: Request) -> Response:
        """Every connected pair."""
        catalog = default_catalog()
        return _conditional(request, catalog, {"version": catalog.version, "rows": catalog.matrix()})
