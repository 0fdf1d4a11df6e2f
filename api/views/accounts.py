"""Accounts: session login/logout for the browser (CSRF enforced), API tokens for tooling.

The browser first calls ``GET /api/auth/me/``, which sets the ``csrftoken`` cookie; every session
write (login included, against login CSRF) then sends it back in ``X-CSRFToken``.

Tokens (:mod:`explorer.services.tokens`): a user has several named tokens, each stored as a digest
and shown once. ``POST /api/auth/token/`` (kept for scripts) makes a new token on every call, answering
201; before named tokens it answered 200 with the same key on later calls, which a hashed store cannot
do. ``DELETE /api/auth/token/`` revokes the token the request carries (signed in by session: all of the
caller's tokens). Signing in with a password, on either endpoint, is throttled per account and per
client address (:mod:`explorer.services.throttle`): 429 with ``Retry-After``.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.openapi import StrictCharField
from api.permissions import API_AUTHENTICATION
from api.serializers.designs import ErrorOut, StrictSerializer
from api.serializers.sharing import ApiTokenCreatedOut, ApiTokenOut, TokenCreateIn
from explorer.models import ApiToken, SignInAttempt
from explorer.services.throttle import Throttled, attempt_record, client_address, password_attempt_check
from explorer.services.tokens import token_create, token_list, token_revoke

TAGS = ["accounts"]
security_log = logging.getLogger("kafkaesque.security")
THROTTLED = OpenApiResponse(
    ErrorOut,
    description="Too many wrong passwords for this account or from this address; retry after `Retry-After` seconds.",
)
# The 429's header, for extend_schema(parameters=...): a response header, not one the client sends.
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    description="Seconds to wait before trying again.",
    required=True,
    response=[429],
)


class LoginInput(StrictSerializer):
    """Username and password."""

    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenInput(StrictSerializer):
    """Credentials for a token; omit them when already signed in."""

    username = StrictCharField(max_length=150, required=False)
    password = StrictCharField(max_length=4096, required=False, trim_whitespace=False)
    name = StrictCharField(max_length=100, required=False, help_text="Where the token is used (default: api-token).")


class MeOut(serializers.Serializer[Any]):
    """The current user, or ``authenticated: false``."""

    authenticated = serializers.BooleanField()
    id = serializers.IntegerField(allow_null=True)
    username = serializers.CharField(allow_null=True)
    signup_enabled = serializers.BooleanField(help_text="Whether sign-up takes new accounts (SIGNUP_ENABLED).")


class TokenOut(serializers.Serializer[Any]):
    """An API token for ``Authorization: Token <key>``, shown this once."""

    token = serializers.CharField()
    username = serializers.CharField()
    id = serializers.IntegerField()
    name = serializers.CharField()


def _me(user: Any) -> dict[str, Any]:
    signup = {"signup_enabled": settings.SIGNUP_ENABLED}
    if user is not None and user.is_authenticated:
        return {"authenticated": True, "id": user.pk, "username": user.get_username(), **signup}
    return {"authenticated": False, "id": None, "username": None, **signup}


def _enforce_csrf(request: Request) -> None:
    """Check CSRF even for an anonymous request (DRF only checks it for session-authenticated ones)."""

    def get_response(_request: HttpRequest) -> HttpResponse:  # the middleware wants one; never called here
        return HttpResponse()

    check = CsrfViewMiddleware(get_response)
    check.process_request(request._request)
    reason = check.process_view(request._request, get_response, (), {})
    if reason is not None and not getattr(request._request, "_dont_enforce_csrf_checks", False):
        raise ApiError(
            status_code=status.HTTP_403_FORBIDDEN,
            code="csrf-failed",
            message="CSRF check failed: GET /api/auth/me/ first and send the csrftoken cookie as X-CSRFToken",
        )


def _credentials_user(username: str, password: str, request: Request) -> Any:
    """The user for these credentials; 429 when the account or address is throttled, 401 when wrong."""
    address = client_address(request._request)
    endpoint = request._request.path
    try:
        password_attempt_check(account=username, address=address)
    except Throttled as exc:
        security_log.warning(
            "credential attempt refused kind=password endpoint=%s account=%r address=%s scope=%s",
            endpoint,
            username,
            address,
            exc.scope,
        )
        raise
    user = authenticate(request._request, username=username, password=password)
    ok = user is not None and user.is_active
    attempt_record(kind=SignInAttempt.Kind.PASSWORD, account=username, address=address, succeeded=ok, endpoint=endpoint)
    if not ok:
        # 401, as for a bad token: the request is well formed, the credentials are not valid.
        raise ApiError(
            status_code=status.HTTP_401_UNAUTHORIZED,
            code="invalid-credentials",
            message="Wrong username or password.",
            headers={"WWW-Authenticate": "Token"},
        )
    return user


class MeView(APIView):
    """``GET /api/auth/me/``."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(tags=TAGS, summary="Who am I (also sets the CSRF cookie)", responses={200: MeOut})
    @method_decorator(ensure_csrf_cookie)
    def get(self, request: Request) -> Response:
        """Never fails: anonymous callers get ``authenticated: false``."""
        return Response(_me(request.user))


class LoginView(APIView):
    """``POST /api/auth/login/``."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="Sign in with a session cookie",
        request=LoginInput,
        parameters=[RETRY_AFTER],
        responses={
            200: MeOut,
            400: OpenApiResponse(ErrorOut),
            401: OpenApiResponse(ErrorOut, description="Wrong username or password."),
            403: OpenApiResponse(ErrorOut, description="CSRF"),
            429: THROTTLED,
        },
    )
    def post(self, request: Request) -> Response:
        """Needs the CSRF token, like every session write."""
        _enforce_csrf(request)
        body = LoginInput(data=request.data)
        body.is_valid(raise_exception=True)
        user = _credentials_user(body.validated_data["username"], body.validated_data["password"], request)
        login(request._request, user)
        return Response(_me(user))


class LogoutView(APIView):
    """``POST /api/auth/logout/``."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="Sign out",
        request=None,
        responses={204: None, 403: OpenApiResponse(ErrorOut, description="CSRF")},
    )
    def post(self, request: Request) -> Response:
        """Ends the session; harmless when not signed in."""
        _enforce_csrf(request)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenView(APIView):
    """``POST``/``DELETE /api/auth/token/``: one call from a script to get a token, and to drop it."""

    authentication_classes = API_AUTHENTICATION

    def get_permissions(self) -> list[Any]:
        """Creating accepts credentials from anyone; revoking needs a signed-in caller."""
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        tags=TAGS,
        summary="Make a new API token (with username and password, or signed in)",
        request=TokenInput,
        parameters=[RETRY_AFTER],
        responses={201: TokenOut, 400: OpenApiResponse(ErrorOut), 401: OpenApiResponse(ErrorOut), 429: THROTTLED},
    )
    def post(self, request: Request) -> Response:
        """A new named token on every call (201); its key is shown only in this answer."""
        body = TokenInput(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        if "username" in values or "password" in values:
            if not ("username" in values and "password" in values):
                raise ApiError(status_code=400, code="invalid", message="give both username and password")
            user = _credentials_user(values["username"], values["password"], request)
        elif request.user.is_authenticated:
            user = request.user
        else:
            raise ApiError(
                status_code=status.HTTP_401_UNAUTHORIZED,
                code="not_authenticated",
                message="Sign in, or send username and password.",
            )
        token, secret = token_create(user=user, name=values.get("name") or "api-token")
        return Response(
            {"token": secret, "username": user.get_username(), "id": token.pk, "name": token.name},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        tags=TAGS,
        summary="Revoke the token this request carries",
        responses={204: None, 401: OpenApiResponse(ErrorOut)},
    )
    def delete(self, request: Request) -> Response:
        """With a token: that token stops working at once. Signed in by session: all your tokens."""
        if isinstance(request.auth, ApiToken):
            token_revoke(user=request.user, token_id=request.auth.pk)
        else:
            ApiToken.objects.filter(user=cast(User, request.user)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(APIView):
    """``/api/auth/tokens/``: your named tokens."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS, summary="List your API tokens (never their keys)", responses={200: ApiTokenOut(many=True)}
    )
    def get(self, request: Request) -> Response:
        """Newest first, with creation and last-use times."""
        return Response(ApiTokenOut(token_list(user=request.user), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Make a named API token",
        request=TokenCreateIn,
        responses={201: ApiTokenCreatedOut, 400: OpenApiResponse(ErrorOut)},
    )
    def post(self, request: Request) -> Response:
        """The key is in this answer only; only its digest is stored."""
        body = TokenCreateIn(data=request.data)
        body.is_valid(raise_exception=True)
        token, secret = token_create(user=request.user, name=body.validated_data["name"])
        return Response({**ApiTokenOut(token).data, "token": secret}, status=status.HTTP_201_CREATED)


class TokenDetailView(APIView):
    """``DELETE /api/auth/tokens/{id}/``."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Revoke one of your API tokens",
        responses={204: None, 404: OpenApiResponse(ErrorOut, description="You have no token with this id.")},
    )
    def delete(self, request: Request, token_id: int) -> Response:
        """It stops working at once."""
        if not token_revoke(user=request.user, token_id=token_id):
            raise ApiError(status_code=404, code="not-found", message="No such token.")
        return Response(status=status.HTTP_204_NO_CONTENT)
