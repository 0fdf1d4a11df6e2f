"""``Authorization: Token <secret>`` against the hashed API tokens of :mod:`explorer.services.tokens`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from explorer.services.tokens import token_authenticate


class ApiTokenAuthentication(BaseAuthentication):
    """The header DRF's token scheme used, so existing scripts keep working; the token is looked up by digest."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        """None without a Token header; the user and token for a good one; 401 for a bad one."""
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header: give exactly 'Token <token>'.")
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed("Invalid token header: the token is ASCII.") from exc
        token = token_authenticate(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        """Answering 401 with ``WWW-Authenticate: Token`` tells tooling how to authenticate."""
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Describes :class:`ApiTokenAuthentication` in the OpenAPI schema under the name DRF's scheme had."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        """An API key in ``Authorization``, sent as ``Token <token>``."""
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Token-based authentication with required prefix "Token" (make one: POST /api/auth/tokens/)',
        }
