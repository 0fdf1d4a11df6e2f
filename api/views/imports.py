"""Import endpoints: a running MirrorMaker 2 configuration as a design document."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.serializers.designs import ErrorOut
from api.serializers.imports import Mm2ImportIn, Mm2ImportOut
from explorer.engine.importers.mm2 import Mm2ImportError, design_from_mm2_properties


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
        options = {"name": incoming.validated_data["name"]} if "name" in incoming.validated_data else {}
        try:
            document = design_from_mm2_properties(incoming.validated_data["properties"], **options)
        except Mm2ImportError as exc:
            raise ApiError(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="invalid-mm2-properties",
                message=str(exc),
                details=[{"path": "$.properties", "line": exc.line, "message": exc.message}],
            ) from exc
        return Response(Mm2ImportOut({"document": document}).data)
