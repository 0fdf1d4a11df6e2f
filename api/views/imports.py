"""Import endpoints: a running MirrorMaker 2 configuration as a design document."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.designs import ErrorOut
from api.serializers.imports import Mm2ImportIn, Mm2ImportOut
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
