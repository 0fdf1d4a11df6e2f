"""Accounts: session login/logout for the browser (CSRF enforced), API tokens for tooling.

The browser first calls ``GET /api/auth/me/``, which sets the ``csrftoken`` cookie; every session
write (login included, against login CSRF) then sends it back in ``X-CSRFToken``.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.openapi import StrictCharField
from api.permissions import API_AUTHENTICATION
from api.serializers.designs import ErrorOut, StrictSerializer

TAGS = ["accounts"]


class LoginInput(StrictSerializer):
    """Username and password."""

    username = StrictCharField(max_length=150)
    password = StrictCharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenInput(StrictSerializer):
    """Credentials for a token; omit them when already signed in."""

    username = StrictCharField(max_length=150, required=False)
    password = StrictCharField(max_length=4096, required=False, trim_whitespace=False)


class MeOut(serializers.Serializer[Any]):
    """The current user, or ``authenticated: false``."""

    authenticated = serializers.BooleanField()
    id = serializers.IntegerField(allow_null=True)
    username = serializers.CharField(allow_null=True)


class TokenOut(serializers.Serializer[Any]):
    """An API token for ``Authorization: Token <key>``."""

    token = serializers.CharField()
    username = serializers.CharField()


def _me(user: Any) -> dict[str, Any]:
    if user is not None and user.is_authenticated:
        return {"authenticated": True, "id": user.pk, "username": user.get_username()}
    return {"authenticated": False, "id": None, "username": None}


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
    user = authenticate(request._request, username=username, password=password)
    if user is None or not user.is_active:
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
        responses={
            200: MeOut,
            400: OpenApiResponse(ErrorOut),
            401: OpenApiResponse(ErrorOut, description="Wrong username or password."),
            403: OpenApiResponse(ErrorOut, description="CSRF"),
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
    """``POST``/``DELETE /api/auth/token/``."""

    authentication_classes = API_AUTHENTICATION

    def get_permissions(self) -> list[Any]:
        """Creating accepts credentials from anyone; revoking needs a signed-in caller."""
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        tags=TAGS,
        summary="Get your API token (created on first use)",
        request=TokenInput,
        responses={200: TokenOut, 201: TokenOut, 400: OpenApiResponse(ErrorOut), 401: OpenApiResponse(ErrorOut)},
    )
    def post(self, request: Request) -> Response:
        """With username and password, or for the already signed-in user."""
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
        token, created = Token.objects.get_or_create(user=user)
        return Response(
            {"token": token.key, "username": user.get_username()},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(tags=TAGS, summary="Revoke your API token", responses={204: None, 401: OpenApiResponse(ErrorOut)})
    def delete(self, request: Request) -> Response:
        """The token stops working at once; a new POST makes a new one."""
        Token.objects.filter(user=cast(User, request.user)).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
