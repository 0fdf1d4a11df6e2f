"""Which design documents may be saved: the checks every write of a document goes through.

Kept apart from :mod:`explorer.services.designs` so that the live rooms, which the design writes notify,
can validate their documents without importing the writes.
"""

from __future__ import annotations

from django.conf import settings

from explorer.engine.document import Design as ParsedDesign
from explorer.engine.document import DocumentError, Limits, Problem, parse_document, reference_problems, text_problems

__all__ = ["DocumentRejected", "design_limits", "document_validate"]


class DocumentRejected(Exception):
    """A document the API refuses to save; ``code`` is the most severe kind of problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        codes = {problem.code for problem in problems}
        if "limit-exceeded" in codes:
            self.code = "limit-exceeded"
        elif "malformed-json" in codes:
            self.code = "malformed-json"
        elif codes == {"unknown-reference"}:
            self.code = "unknown-reference"
        else:
            self.code = "invalid-document"
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))


def design_limits() -> Limits:
    """The document limits from settings, read at call time so tests and deployments can change them."""
    defaults = Limits()
    return Limits(
        max_bytes=int(getattr(settings, "DESIGN_MAX_BYTES", defaults.max_bytes)),
        max_nodes=int(getattr(settings, "DESIGN_MAX_NODES", defaults.max_nodes)),
        max_flows=int(getattr(settings, "DESIGN_MAX_FLOWS", defaults.max_flows)),
        max_depth=int(getattr(settings, "DESIGN_MAX_DEPTH", defaults.max_depth)),
    )


def document_validate(*, document: object) -> ParsedDesign:
    """Parse a document for saving: structural problems and dangling references both refuse it.

    Content problems (an unsupported flow, a bad topic name) are left to the analysis: drafts may
    be wrong, but they must be well-formed.
    """
    unstorable = text_problems(document, storing=True)
    if unstorable:
        raise DocumentRejected(unstorable)
    try:
        parsed = parse_document(document, design_limits())
    except DocumentError as exc:
        raise DocumentRejected(exc.problems) from exc
    problems = reference_problems(parsed)
    if problems:
        raise DocumentRejected(problems)
    return parsed
