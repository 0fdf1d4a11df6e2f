"""Analysis without a job: a raw document analysed in the request (the CI lint, ``POST /api/analyze/``)."""

from __future__ import annotations

from typing import Any

from catalog import default_catalog
from explorer.engine.analysis import analyze
from explorer.engine.document import DocumentError, parse_document
from explorer.services.designs import DocumentRejected, design_limits

__all__ = ["document_analyze"]


def document_analyze(*, document: object) -> dict[str, Any]:
    """The analysis result of a raw document, held to the limits and structural checks of saving.

    Unlike saving, dangling references are accepted (they become ``unknown-reference`` findings).
    Raises :class:`~explorer.services.designs.DocumentRejected` for a document that breaks the schema.
    """
    try:
        design = parse_document(document, design_limits())
    except DocumentError as exc:
        raise DocumentRejected(exc.problems) from exc
    return analyze(design, default_catalog()).to_dict()
