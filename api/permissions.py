"""Who may do what with a design.

Reading: anyone may read a public design; only the owner sees a private one (others get 404 from
the selectors, before these checks run). Writing: only the owner. Creating: any signed-in user.
"""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

# Token first: an anonymous request then gets 401 with ``WWW-Authenticate: Token`` instead of 403,
# telling tooling how to authenticate. Session auth (with CSRF on writes) serves the browser.
API_AUTHENTICATION = [TokenAuthentication, SessionAuthentication]


class IsOwnerOrReadOnly(BasePermission):
    """Safe methods for anyone who can see the object; everything else for its owner only."""

    message = "Only the owner of this design can change it."

    def has_permission(self, request: Request, view: Any) -> bool:
        """Writes need a signed-in user; reads are decided per object."""
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        """Reads pass (visibility was checked when loading); writes only for the owner."""
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user.is_authenticated and obj.owner_id == request.user.pk)
