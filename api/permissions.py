"""Authentication order and the coarse permission of the design views.

Who may do what with one design (viewer, editor, owner; teams; share links) is decided in
:mod:`explorer.selectors.access`; creating needs any signed-in user.
"""

from __future__ import annotations

from typing import Any

from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from api.authentication import ApiTokenAuthentication

# Token first: an anonymous request then gets 401 with ``WWW-Authenticate: Token`` instead of 403,
# telling tooling how to authenticate. Session auth (with CSRF on writes) serves the browser.
API_AUTHENTICATION = [ApiTokenAuthentication, SessionAuthentication]


class SignedInToWrite(BasePermission):
    """Safe methods for anyone (the design's visibility decides); everything else needs a signed-in user.

    What a signed-in user may do with one design is decided by its view through
    ``api.views.common.design_or_404(action=...)`` and :mod:`explorer.selectors.access`.
    """

    message = "Sign in to change designs."

    def has_permission(self, request: Request, view: Any) -> bool:
        """Writes need a signed-in user, so anonymous writes answer 401 before the body is read."""
        return request.method in SAFE_METHODS or bool(request.user and request.user.is_authenticated)
