"""API tokens: several named tokens per user, each revocable, stored as a SHA-256 digest only.

A token is ``kq_`` + 8 characters of prefix + ``_`` + 32 random bytes (URL-safe). The prefix is kept
in clear so people can tell their tokens apart; the whole token is hashed with SHA-256 and the digest
is what a request is looked up by. A slow password hash is not needed: the secret has 256 random bits,
so there is nothing to guess, and a fast digest keeps each authenticated request cheap.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from explorer.models import ApiToken

__all__ = ["token_authenticate", "token_create", "token_digest", "token_list", "token_revoke"]

PREFIX = "kq_"
# last_used_at is written at most this often per token, so a busy script does not write on every request.
LAST_USE_RESOLUTION = timedelta(minutes=1)


def token_digest(secret: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret (returned only now)."""
    prefix = secrets.token_hex(4)
    secret = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API token", prefix=prefix, digest=token_digest(secret)
    )
    return token, secret


def token_list(*, user: Any) -> list[ApiToken]:
    """``user``'s tokens, newest first."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def token_revoke(*, user: Any, token_id: int) -> bool:
    """Delete one of ``user``'s tokens; False when they have no token with that id."""
    return ApiToken.objects.filter(user=user, pk=token_id).delete()[0] > 0


def token_authenticate(secret: str) -> ApiToken | None:
    """The live token for ``secret`` (its user loaded), noting its use; None when unknown or the user is inactive."""
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_RESOLUTION:
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
