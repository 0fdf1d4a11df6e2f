"""Who is on the other end of a WebSocket: the Django session cookie, or an ``Authorization: Token`` header."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from explorer.services.tokens import token_authenticate


def _token_user(header: bytes) -> Any | None:
    parts = header.split()
    if len(parts) != 2:
        return None
    try:
        secret = parts[1].decode("ascii")
    except UnicodeDecodeError:
        return None
    token = token_authenticate(secret)
    return token.user if token else None


class TokenAuthMiddleware(BaseMiddleware):  # type: ignore[misc]  # channels ships no type hints
    """A ``Token`` header decides the user (the session's user otherwise); a bad token sets ``auth_error``."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        header = dict(scope.get("headers", [])).get(b"authorization", b"")
        if header[:6].lower() == b"token ":
            user = await database_sync_to_async(_token_user)(header)
            scope = {**scope, "user": user or AnonymousUser(), "auth_error": user is None}
        return await super().__call__(scope, receive, send)


class _SameSiteOrNoOrigin(OriginValidator):  # type: ignore[misc]  # channels ships no type hints
    """Browsers always send ``Origin``: it must be one of ours, so no other site can ride on the session
    cookie. Scripts and the bench send none and authenticate with a token instead."""

    def valid_origin(self, parsed_origin: Any) -> bool:
        return parsed_origin is None or bool(self.validate_origin(parsed_origin))


def live_auth(inner: Any) -> Any:
    """Wrap ``inner`` in the origin check, the session and the token authentication."""
    allowed = list(settings.ALLOWED_HOSTS) or (["localhost", "127.0.0.1", "[::1]"] if settings.DEBUG else [])
    allowed += [urlparse(origin).hostname or "" for origin in settings.CSRF_TRUSTED_ORIGINS]
    return _SameSiteOrNoOrigin(AuthMiddlewareStack(TokenAuthMiddleware(inner)), [host for host in allowed if host])
