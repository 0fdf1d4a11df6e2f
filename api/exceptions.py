"""One JSON error shape for every API error: ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from explorer.engine.document import json_path
from explorer.engine.simulate import SimulationError


class ApiError(exceptions.APIException):
    """A domain error with an explicit status, code and details."""

    def __init__(self, *, status_code: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(detail=message, code=code)
        self.status_code = status_code
        self.error_code = code
        self.message = message
        self.details = details


def _flatten(detail: Any, parts: tuple[str | int, ...] = ()) -> list[dict[str, str]]:
    """Each message of a DRF error tree with the JSON path of the field it is about."""
    if isinstance(detail, dict):
        out: list[dict[str, str]] = []
        for key, value in detail.items():
            out.extend(_flatten(value, (*parts, str(key))))
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                out.extend(_flatten(value, (*parts, index)))
            else:
                out.append({"path": json_path(parts), "message": str(value)})
        return out
    return [{"path": json_path(parts), "message": str(detail)}]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map DRF and domain exceptions to the project's error shape."""
    if isinstance(exc, ApiError):
        body: dict[str, Any] = {"code": exc.error_code, "message": exc.message}
        if exc.details is not None:
            body["details"] = exc.details
        return Response({"error": body}, status=exc.status_code)
    if isinstance(exc, SimulationError):
        # The engine names the key at fault ("profile.factor: ..."); the request cannot run as asked.
        return Response({"error": {"code": "invalid-simulation", "message": str(exc)}}, status=400)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.ValidationError):
        problems = _flatten(exc.detail)
        message = "; ".join(f"{p['path']}: {p['message']}" for p in problems[:5])
        response.data = {"error": {"code": "invalid", "message": message, "details": problems}}
        response.status_code = status.HTTP_400_BAD_REQUEST
    elif isinstance(exc, exceptions.ParseError):
        response.data = {"error": {"code": "malformed-json", "message": str(exc.detail)}}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = {"error": {"code": str(code), "message": str(detail)}}
    return response
