"""JSON request parsing that refuses text nothing can encode, naming where it is.

JSON may escape lone UTF-16 surrogates (``"\\udc00"``); Python decodes them into strings that no
encoder accepts, so echoing one in an error message or storing it would fail with a 500. Every JSON
body is checked right after decoding and answered 400 with the JSON path instead.
"""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.parsers import JSONParser

from api.exceptions import ApiError
from explorer.engine.document import text_problems

__all__ = ["TextJSONParser", "refuse_bad_text"]


def refuse_bad_text(value: Any) -> Any:
    """``value`` unchanged, or 400 ``malformed-json`` listing every string that is not valid Unicode."""
    problems = text_problems(value, storing=False)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ApiError(
            status_code=status.HTTP_400_BAD_REQUEST,
            code="malformed-json",
            message=f"{first.path}: {first.message}{more}",
            details=[problem.to_dict() for problem in problems],
        )
    return value


class TextJSONParser(JSONParser):
    """DRF's JSON parser, refusing lone surrogates (the default parser of every API view)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        """Decode as DRF does, then check the text."""
        return refuse_bad_text(super().parse(stream, media_type, parser_context))
