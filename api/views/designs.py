"""Design endpoints: thin views that validate input, call a selector or service, serialize.

Concurrency: a design's ETag is ``"r<N>"`` (its current revision number). Writes that replace
content carry it in ``If-Match`` or as ``base_revision``; a stale one answers 412 with the
current number, a missing one 428.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.openapi import DESIGN_DOCUMENT
from api.permissions import API_AUTHENTICATION, SignedInToWrite
from api.serializers.designs import (
    CopyInput,
    DesignCreateInput,
    DesignDetail,
    DesignPatchInput,
    DesignSummary,
    DesignUpdateInput,
    DiffOut,
    DiffToDocumentInput,
    ErrorOut,
    PatternSummary,
    RestoreInput,
    RevisionDetail,
    RevisionSummary,
)
from api.views.common import (
    PagePagination,
    design_or_404,
    int_query_param,
    not_found,
    revision_number_param,
    revision_or_404,
)
from explorer.engine.document import DocumentError, decode_json_text, load_schema, parse_document
from explorer.models import Design, Revision
from explorer.patterns import pattern_get, pattern_list
from explorer.selectors import designs as selectors
from explorer.selectors.access import Action, design_roles
from explorer.services import designs as services
from explorer.services.designs import design_limits

TAGS = ["designs"]
ERRORS = {
    400: OpenApiResponse(ErrorOut, description="Invalid input; `details` lists every problem with its JSON path."),
    401: OpenApiResponse(ErrorOut, description="Not signed in."),
    403: OpenApiResponse(ErrorOut, description="Signed in, but your role on the design does not allow this."),
    404: OpenApiResponse(ErrorOut, description="No such design, or a private one of someone else."),
    413: OpenApiResponse(ErrorOut, description="A limit (size, nodes, flows, depth) was exceeded."),
    415: OpenApiResponse(ErrorOut, description="The body is not application/json."),
}
# Reads have no body (no 413/415) and change nothing (no 403); 401 is a bad token.
READ_ERRORS = {code: ERRORS[code] for code in (401, 404)}
WRITE_ERRORS = {
    **ERRORS,
    412: OpenApiResponse(ErrorOut, description="Stale base revision; `details.current_revision` is the current one."),
    428: OpenApiResponse(ErrorOut, description="No base revision given (If-Match or base_revision)."),
}
_ETAG_PATTERN = r'^(?:W/)?"r(\d+)"$'
_ETAG = re.compile(_ETAG_PATTERN)
IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": '^(W/)?"r[0-9]+"$'},
    OpenApiParameter.HEADER,
    description='The revision this edit is based on, as the ETag `"r<N>"`; or send `base_revision` in the body. '
    "With neither, the answer is 428; with a revision that is no longer the current one, 412.",
)


class DesignJSONParser(JSONParser):
    """JSON with the design limits: 413 over the size limit, line and column for malformed JSON."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        """Read at most the limit plus one byte, so an oversized body is refused without reading it all."""
        limits = services.design_limits()
        request = (parser_context or {}).get("request")
        declared = _declared_length(request)
        if declared > limits.max_bytes:
            raise _limit_error(declared, limits.max_bytes)
        data = stream.read(limits.max_bytes + 1) if stream is not None else b""
        if len(data) > limits.max_bytes:
            raise _limit_error(max(declared, len(data)), limits.max_bytes)
        try:
            value, _ = decode_json_text(data, limits)
        except DocumentError as exc:
            problem = exc.problems[0]
            if problem.code == "limit-exceeded":
                raise ApiError(
                    status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                    code="limit-exceeded",
                    message=problem.message,
                    details=[problem.to_dict()],
                ) from exc
            raise ApiError(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="malformed-json",
                message=problem.message if problem.path == "$" else f"{problem.path}: {problem.message}",
                details=[item.to_dict() for item in exc.problems],
            ) from exc
        return value


def _declared_length(request: Any) -> int:
    """The Content-Length header as a number; 0 when absent or garbled (the body is still read bounded)."""
    raw = request.META.get("CONTENT_LENGTH") if request is not None else None
    try:
        return max(int(raw or 0), 0)
    except ValueError:
        return 0


def _limit_error(size: int, limit: int) -> ApiError:
    return ApiError(
        status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        code="limit-exceeded",
        message=f"request body of {size} bytes exceeds the limit of {limit} bytes (DESIGN_MAX_BYTES)",
        details=[{"path": "$", "message": "body too large", "code": "limit-exceeded", "limit": limit, "value": size}],
    )


def _base_revision(request: Request, design: Design, body_value: int | None, *, required: bool = True) -> int | None:
    header = request.headers.get("If-Match")
    from_header: int | None = None
    if header is not None:
        match = _ETAG.match(header.strip())
        if match is None:
            raise ApiError(
                status_code=400,
                code="invalid-if-match",
                message=f'If-Match must be the design\'s ETag, like "r3"; got {header!r}',
            )
        from_header = int(match.group(1))
    if from_header is not None and body_value is not None and from_header != body_value:
        # Two different bases cannot both be the current revision: a precondition that fails.
        current = design.current_revision.number if design.current_revision else 0
        raise ApiError(
            status_code=status.HTTP_412_PRECONDITION_FAILED,
            code="conflict",
            message=f"If-Match says revision {from_header} but base_revision says {body_value}; "
            f"the current revision is {current}",
            details={"current_revision": current, "base_revision": body_value, "if_match": from_header},
        )
    base = from_header if from_header is not None else body_value
    if base is None and required:
        raise ApiError(
            status_code=status.HTTP_428_PRECONDITION_REQUIRED,
            code="precondition-required",
            message='say which revision this edit is based on: send If-Match: "r<N>" or base_revision',
        )
    return base


def _etag(design: Design) -> str:
    number = design.current_revision.number if design.current_revision else 0
    return f'"r{number}"'


def _detail_response(design: Design, request: Request, status_code: int = 200) -> Response:
    design = Design.objects.select_related("owner", "current_revision").get(pk=design.pk)
    response = Response(DesignDetail(design, context={"request": request}).data, status=status_code)
    response["ETag"] = _etag(design)
    if status_code == 201:
        response["Location"] = f"/api/designs/{design.pk}/"
    return response


class DesignView(APIView):
    """Shared set-up: authentication order, limited JSON parser, visibility and ownership checks."""

    authentication_classes = API_AUTHENTICATION
    parser_classes = [DesignJSONParser]
    permission_classes = [SignedInToWrite]
    # What a write needs; reads (and a duplicate, which only reads this design) need to view it.
    write_action = Action.EDIT

    def get_design(self, request: Request, design_id: int, action: Action | None = None) -> Design:
        """The design if the caller may do ``action`` (by default: view for reads, ``write_action`` for writes)."""
        if action is None:
            action = Action.VIEW if request.method in SAFE_METHODS else self.write_action
        return design_or_404(user=request.user, design_id=design_id, action=action)

    def get_revision(self, design: Design, number: int | None) -> Revision:
        """Revision ``number`` (current when None) or 404."""
        return revision_or_404(design=design, number=number)


class DesignListCreateView(GenericAPIView[Design]):
    """``GET /api/designs/`` and ``POST /api/designs/``."""

    authentication_classes = API_AUTHENTICATION
    parser_classes = [DesignJSONParser]
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = DesignSummary
    pagination_class = PagePagination

    @extend_schema(
        tags=TAGS,
        summary="List designs you can see",
        parameters=[
            OpenApiParameter("name", OpenApiTypes.STR, description="Substring of the name (case-insensitive)."),
            OpenApiParameter("scope", OpenApiTypes.STR, enum=["mine", "public"], description="Only yours, or public."),
            OpenApiParameter(
                "ordering",
                OpenApiTypes.STR,
                enum=list(selectors.DESIGN_ORDERINGS),
                description="`-updated` (default): most recently changed first; `updated`: oldest change first; "
                "`name` / `-name`: by name, A to Z / Z to A (case-insensitive).",
            ),
        ],
        responses={
            200: DesignSummary(many=True),
            400: ERRORS[400],
            404: OpenApiResponse(ErrorOut, description="`page` is past the last page."),
        },
    )
    def get(self, request: Request) -> Response:
        """Paginated; the most recently changed first unless ``ordering`` says otherwise."""
        scope = request.query_params.get("scope")  # sent empty, it is no choice either: 400
        if scope not in (None, "mine", "public"):
            raise ApiError(status_code=400, code="invalid", message="scope must be 'mine' or 'public'")
        if "\x00" in request.query_params.get("name", ""):
            raise ApiError(status_code=400, code="invalid", message="query parameter 'name' must not contain NUL")
        ordering = request.query_params.get("ordering", "-updated")
        if ordering not in selectors.DESIGN_ORDERINGS:
            raise ApiError(
                status_code=400,
                code="invalid",
                message=f"ordering must be one of {', '.join(selectors.DESIGN_ORDERINGS)}; got {ordering!r}",
            )
        queryset = selectors.design_list(
            user=request.user, name=request.query_params.get("name"), scope=scope, ordering=ordering
        )
        page = self.paginate_queryset(queryset) or []
        # The caller's role on every design of the page at once, not one query per design.
        roles = design_roles(user=request.user, designs=list(page))
        data = DesignSummary(page, many=True, context={"request": request, "roles": roles}).data
        return self.get_paginated_response(data)

    @extend_schema(
        tags=TAGS,
        summary="Create a design",
        request=DesignCreateInput,
        responses={201: DesignDetail, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Create from a document (or empty with a name); revision 1."""
        body = DesignCreateInput(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        design = services.design_create(
            owner=request.user,
            document=values.get("document"),
            name=values.get("name"),
            description=values.get("description"),
            visibility=values.get("visibility", Design.Visibility.PRIVATE),
            message=values.get("message", ""),
        )
        return _detail_response(design, request, status.HTTP_201_CREATED)


class DesignDetailView(DesignView):
    """``/api/designs/{id}/``: read, replace the document, change metadata, delete."""

    @extend_schema(
        tags=TAGS,
        summary="Get a design with its current document",
        responses={
            200: DesignDetail,
            304: OpenApiResponse(description="Unchanged since the ETag sent in If-None-Match."),
            **READ_ERRORS,
        },
    )
    def get(self, request: Request, design_id: int) -> Response:
        """Includes ``revision`` and the ETag ``"r<N>"``; honours If-None-Match."""
        design = self.get_design(request, design_id)
        if request.headers.get("If-None-Match") == _etag(design):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": _etag(design)})
        return _detail_response(design, request)

    @extend_schema(
        tags=TAGS,
        summary="Save a new document (new revision)",
        parameters=[IF_MATCH],
        request=DesignUpdateInput,
        responses={200: DesignDetail, **WRITE_ERRORS},
    )
    def put(self, request: Request, design_id: int) -> Response:
        """Replace the document, if based on the current revision."""
        design = self.get_design(request, design_id)
        body = DesignUpdateInput(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        base = _base_revision(request, design, values.get("base_revision"))
        assert base is not None
        services.design_update(
            design_id=design.pk,
            user=request.user,
            document=values["document"],
            base_revision=base,
            message=values.get("message", ""),
        )
        return _detail_response(design, request)

    @extend_schema(
        tags=TAGS,
        summary="Change name, description or visibility",
        parameters=[IF_MATCH],
        request=DesignPatchInput,
        responses={200: DesignDetail, **WRITE_ERRORS},
    )
    def patch(self, request: Request, design_id: int) -> Response:
        """Name/description changes make a new revision (editors); visibility does not (owner only).

        A base revision (If-Match or ``base_revision``) is required when the name or description changes, since
        those are part of the document; a change of visibility alone cannot lose anyone's edit and needs none
        (one given is still checked).
        """
        design = self.get_design(request, design_id)
        body = DesignPatchInput(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        if "visibility" in values and values["visibility"] != design.visibility:
            design = self.get_design(request, design_id, Action.ADMINISTER)
        document_change = "name" in values or "description" in values
        base = _base_revision(request, design, values.get("base_revision"), required=document_change)
        services.design_update_metadata(
            design_id=design.pk,
            user=request.user,
            base_revision=base,
            name=values.get("name"),
            description=values.get("description"),
            visibility=values.get("visibility"),
            message=values.get("message", ""),
        )
        return _detail_response(design, request)

    @extend_schema(
        tags=TAGS,
        summary="Delete a design and its history",
        responses={204: None, **{code: ERRORS[code] for code in (401, 403, 404)}},
    )
    def delete(self, request: Request, design_id: int) -> Response:
        """Deletes every revision too; only the owner may."""
        design = self.get_design(request, design_id, Action.ADMINISTER)
        services.design_delete(design=design)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RevisionListView(DesignView):
    """``GET /api/designs/{id}/revisions/``."""

    @extend_schema(
        tags=TAGS,
        summary="List revisions, newest first",
        responses={200: RevisionSummary(many=True), **READ_ERRORS},
    )
    def get(self, request: Request, design_id: int) -> Response:
        """Every revision of a design (not paginated: documents are not included)."""
        design = self.get_design(request, design_id)
        revisions = selectors.revision_list(design=design)
        return Response(RevisionSummary(revisions, many=True).data)


class RevisionDetailView(DesignView):
    """``GET /api/designs/{id}/revisions/{n}/``."""

    @extend_schema(
        tags=TAGS, summary="Get one revision with its document", responses={200: RevisionDetail, **READ_ERRORS}
    )
    def get(self, request: Request, design_id: int, number: int) -> Response:
        """One revision, immutable."""
        design = self.get_design(request, design_id)
        revision = self.get_revision(design, number)
        return Response(RevisionDetail(revision).data, headers={"ETag": f'"r{revision.number}"'})


class RevisionRestoreView(DesignView):
    """``POST /api/designs/{id}/revisions/{n}/restore/``."""

    @extend_schema(
        tags=TAGS,
        summary="Restore an old revision as a new one",
        parameters=[IF_MATCH],
        request=RestoreInput,
        responses={201: DesignDetail, **WRITE_ERRORS},
    )
    def post(self, request: Request, design_id: int, number: int) -> Response:
        """History is kept: the old document becomes revision N+1."""
        design = self.get_design(request, design_id)
        body = RestoreInput(data=request.data)
        body.is_valid(raise_exception=True)
        base = _base_revision(request, design, body.validated_data.get("base_revision"), required=False)
        self.get_revision(design, number)
        services.revision_restore(design_id=design.pk, user=request.user, number=number, base_revision=base)
        return _detail_response(design, request, status.HTTP_201_CREATED)


class DesignDuplicateView(DesignView):
    """``POST /api/designs/{id}/duplicate/``."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Copy a design you can see into a new one you own",
        request=CopyInput,
        responses={201: DesignDetail, **ERRORS},
    )
    def post(self, request: Request, design_id: int) -> Response:
        """Works on every design you can see."""
        design = self.get_design(request, design_id, Action.VIEW)
        body = CopyInput(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        copy_ = services.design_duplicate(
            design=design,
            user=request.user,
            name=values.get("name"),
            visibility=values.get("visibility", Design.Visibility.PRIVATE),
        )
        return _detail_response(copy_, request, status.HTTP_201_CREATED)


class DesignImportView(APIView):
    """``POST /api/designs/import/``: the body is a raw design document."""

    authentication_classes = API_AUTHENTICATION
    parser_classes = [DesignJSONParser]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Import a raw kafkaesque.design/v1 document as a new design",
        parameters=[
            OpenApiParameter("visibility", OpenApiTypes.STR, enum=["private", "public"], description="Default private.")
        ],
        request={"application/json": DESIGN_DOCUMENT},
        responses={201: DesignDetail, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Stored exactly as sent, unknown ``properties``/``extensions`` keys included."""
        visibility = request.query_params.get("visibility", Design.Visibility.PRIVATE)
        if visibility not in Design.Visibility.values:
            raise ApiError(status_code=400, code="invalid", message="visibility must be 'private' or 'public'")
        design = services.design_import(owner=request.user, document=request.data, visibility=visibility)
        return _detail_response(design, request, status.HTTP_201_CREATED)


class DesignDocumentView(DesignView):
    """``GET /api/designs/{id}/document/?revision=N``: the raw document."""

    @extend_schema(
        tags=TAGS,
        summary="Export the raw document of a revision (current by default)",
        parameters=[revision_number_param("revision", description="Revision number; default current.")],
        responses={200: DESIGN_DOCUMENT, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, design_id: int) -> Response:
        """Exactly what was saved; ``Content-Disposition`` suggests a file name."""
        design = self.get_design(request, design_id)
        revision = self.get_revision(design, int_query_param(request, "revision"))
        response = Response(revision.document)
        response["ETag"] = f'"r{revision.number}"'
        response["Content-Disposition"] = f'inline; filename="design-{design.pk}-r{revision.number}.json"'
        return response


class DesignDiffView(DesignView):
    """``GET /api/designs/{id}/diff/?from=A&to=B`` and ``POST`` of ``{from_revision, document}``."""

    @extend_schema(
        tags=TAGS,
        summary="Semantic diff between two revisions (by id)",
        parameters=[
            revision_number_param("from", required=True, description="Older revision number."),
            revision_number_param("to", required=True, description="Newer revision number."),
        ],
        responses={200: DiffOut, 400: ERRORS[400], 404: ERRORS[404]},
    )
    def get(self, request: Request, design_id: int) -> Response:
        """Locations, nodes, stores (``node/store``) and flows added, removed, changed."""
        design = self.get_design(request, design_id)
        from_number = int_query_param(request, "from", required=True)
        to_number = int_query_param(request, "to", required=True)
        assert from_number is not None and to_number is not None
        diff = selectors.design_diff(
            before=self.get_revision(design, from_number), after=self.get_revision(design, to_number)
        )
        return Response({"design": design.pk, "revisions": {"from": from_number, "to": to_number}, **diff.to_dict()})

    @extend_schema(
        tags=TAGS,
        summary="Semantic diff from a revision to a document not saved yet",
        request=DiffToDocumentInput,
        responses={200: DiffOut, **{code: ERRORS[code] for code in (400, 401, 404, 413, 415)}},
    )
    def post(self, request: Request, design_id: int) -> Response:
        """What the editor shows before saving: a revision against the document on screen (``to`` is 0)."""
        design = self.get_design(request, design_id, action=Action.VIEW)
        body = DiffToDocumentInput(data=request.data)
        body.is_valid(raise_exception=True)
        from_number = body.validated_data["from_revision"]
        try:
            after = parse_document(body.validated_data["document"], design_limits())
        except DocumentError as exc:
            problem = exc.problems[0]
            raise ApiError(
                status_code=status.HTTP_400_BAD_REQUEST,
                code="invalid-document",
                message=f"document: {problem.path}: {problem.message}",
                details=[item.to_dict() for item in exc.problems],
            ) from exc
        diff = selectors.design_diff_to_document(before=self.get_revision(design, from_number), after=after)
        return Response({"design": design.pk, "revisions": {"from": from_number, "to": 0}, **diff.to_dict()})


class DesignSchemaView(APIView):
    """``GET /api/schema/design-v1.json``."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="JSON Schema of kafkaesque.design/v1",
        responses={(200, "application/schema+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> HttpResponse:
        """The schema the API validates against (draft 2020-12)."""
        return Response(load_schema(), content_type="application/schema+json")


class PatternListView(APIView):
    """``GET /api/patterns/``."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(tags=["patterns"], summary="The pattern gallery", responses={200: PatternSummary(many=True)})
    def get(self, request: Request) -> Response:
        """Sorted by slug."""
        return Response([pattern.summary() for pattern in pattern_list()])


class PatternDetailView(APIView):
    """``GET /api/patterns/{slug}/``: the pattern's design document."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["patterns"], summary="A pattern's design document", responses={200: DESIGN_DOCUMENT, 404: ERRORS[404]}
    )
    def get(self, request: Request, slug: str) -> Response:
        """The document, with ``extensions.pattern`` holding title, explanation and expected verdict."""
        pattern = pattern_get(slug)
        if pattern is None:
            raise not_found("pattern")
        return Response(copy.deepcopy(dict(pattern.document)))


class PatternInstantiateView(APIView):
    """``POST /api/patterns/{slug}/instantiate/``."""

    authentication_classes = API_AUTHENTICATION
    parser_classes = [DesignJSONParser]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["patterns"],
        summary="Create a design of your own from a pattern",
        request=CopyInput,
        responses={201: DesignDetail, **ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        """One call: the new design's revision 1 is the pattern's document."""
        pattern = pattern_get(slug)
        if pattern is None:
            raise not_found("pattern")
        body = CopyInput(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        design = services.design_create(
            owner=request.user,
            document=copy.deepcopy(dict(pattern.document)),
            name=values.get("name"),
            visibility=values.get("visibility", Design.Visibility.PRIVATE),
            message=f"From pattern {slug}",
        )
        return _detail_response(design, request, status.HTTP_201_CREATED)
