"""Throttles for the credential endpoints (sign-in, token, password reset), per account and per address.

Every attempt is a :class:`~explorer.models.SignInAttempt` row and a line in the ``kafkaesque.security``
log. The rows are the counters: a database shared by every web process counts the same for all of them
(a per-process cache would let a client spread guesses over processes).

- Passwords: ``THROTTLE_ACCOUNT_FAILURES`` wrong passwords for one account within
  ``THROTTLE_WINDOW_SECONDS`` (since its last successful sign-in) refuse that account from anywhere;
  ``THROTTLE_ADDRESS_FAILURES`` wrong passwords from one client address refuse that address for every
  account. Refused tries are not counted, so waiting out ``Retry-After`` always helps.
- Password resets: ``THROTTLE_RESET_PER_ACCOUNT`` requests for one address book entry and
  ``THROTTLE_RESET_PER_ADDRESS`` from one client address within the window.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from explorer.models import SignInAttempt

__all__ = ["Throttled", "attempt_record", "client_address", "password_attempt_check", "reset_attempt_check"]

log = logging.getLogger("kafkaesque.security")


class Throttled(Exception):
    """Too many attempts; ``retry_after`` is in whole seconds, ``scope`` is ``account`` or ``address``."""

    def __init__(self, *, scope: str, retry_after: int) -> None:
        self.scope = scope
        self.retry_after = retry_after
        what = "this account" if scope == "account" else "your address"
        super().__init__(f"Too many attempts for {what}; try again in {retry_after} s.")


def client_address(request: HttpRequest) -> str:
    """The caller's address: ``REMOTE_ADDR``, or the address ``TRUSTED_PROXY_COUNT`` proxies reported.

    ``X-Forwarded-For`` is read only when proxies are declared (any client can send the header), from the
    right, where the declared proxies appended what they saw.
    """
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _window() -> timedelta:
    return timedelta(seconds=_setting("THROTTLE_WINDOW_SECONDS", 900))


def _retry_after(times: list[datetime], limit: int, now: datetime) -> int | None:
    """Seconds until fewer than ``limit`` of ``times`` (oldest first) are inside the window; None if already."""
    if len(times) < limit:
        return None
    frees_at = times[len(times) - limit] + _window()
    return max(1, math.ceil((frees_at - now).total_seconds()))


def _times(queryset: QuerySet[SignInAttempt]) -> list[datetime]:
    return list(queryset.order_by("created_at").values_list("created_at", flat=True))


def _check(
    account_attempts: QuerySet[SignInAttempt], address_attempts: QuerySet[SignInAttempt], limits: tuple[int, int]
) -> None:
    now = timezone.now()
    for scope, attempts, limit in (
        ("account", account_attempts, limits[0]),
        ("address", address_attempts, limits[1]),
    ):
        wait = _retry_after(_times(attempts), limit, now)
        if wait is not None:
            raise Throttled(scope=scope, retry_after=wait)


def password_attempt_check(*, account: str, address: str) -> None:
    """Raise :class:`Throttled` when ``account`` or ``address`` has had too many wrong passwords lately."""
    since = timezone.now() - _window()
    account = account.lower()
    failures = SignInAttempt.objects.filter(kind=SignInAttempt.Kind.PASSWORD, succeeded=False, created_at__gt=since)
    last_success = (
        SignInAttempt.objects.filter(kind=SignInAttempt.Kind.PASSWORD, account=account, succeeded=True)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    for_account = failures.filter(account=account)
    if last_success is not None:
        for_account = for_account.filter(created_at__gt=last_success)
    _check(
        for_account,
        failures.filter(address=address),
        (_setting("THROTTLE_ACCOUNT_FAILURES", 5), _setting("THROTTLE_ADDRESS_FAILURES", 20)),
    )


def reset_attempt_check(*, account: str, address: str) -> None:
    """Raise :class:`Throttled` when too many password resets were asked for ``account`` or from ``address``."""
    since = timezone.now() - _window()
    resets = SignInAttempt.objects.filter(kind=SignInAttempt.Kind.RESET, created_at__gt=since)
    _check(
        resets.filter(account=account.lower()),
        resets.filter(address=address),
        (_setting("THROTTLE_RESET_PER_ACCOUNT", 3), _setting("THROTTLE_RESET_PER_ADDRESS", 10)),
    )


def attempt_record(*, kind: str, account: str, address: str, succeeded: bool, endpoint: str) -> None:
    """Count and log one attempt; rows older than ``SIGNIN_ATTEMPT_RETENTION_DAYS`` go (the log keeps them)."""
    SignInAttempt.objects.create(kind=kind, account=account.lower()[:254], address=address[:64], succeeded=succeeded)
    kept = max(timedelta(days=_setting("SIGNIN_ATTEMPT_RETENTION_DAYS", 30)), _window())
    # created_at is indexed: a cheap delete, and the table stays bounded however many guesses come in.
    SignInAttempt.objects.filter(created_at__lt=timezone.now() - kept).delete()
    log.info(
        "credential attempt kind=%s endpoint=%s account=%r address=%s outcome=%s",
        kind,
        endpoint,
        account,
        address,
        "success" if succeeded else "failure",
    )
