"""Reads on designs: what a user may see, revisions, exports and the semantic diff.

A private design is invisible to everyone without a role on it (see :mod:`explorer.selectors.access`):
selectors raise ``Design.DoesNotExist`` for it, which the API answers with 404, so its existence is not
revealed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Lower

from explorer.engine.diff import DesignDiff, diff_designs
from explorer.engine.document import Design as ParsedDesign
from explorer.engine.document import Limits, parse_document
from explorer.models import Design, Revision
from explorer.selectors.access import design_visible_filter, designs_with_role

__all__ = [
    "design_diff",
    "design_get",
    "design_list",
    "design_visible",
    "revision_design",
    "revision_get",
    "revision_list",
]

# Stored revisions were within the limits when saved; reading them back must not fail if the
# limits were lowered since.
STORED_LIMITS = Limits(max_bytes=1 << 40, max_nodes=1 << 40, max_flows=1 << 40, max_depth=1 << 10)


def design_visible(*, user: Any) -> QuerySet[Design]:
    """Designs ``user`` may read: public ones, and those they have a role on."""
    return Design.objects.select_related("owner", "current_revision", "team").filter(design_visible_filter(user=user))


#: How a design list can be sorted: by name (case-insensitive) or by the last change, either way round.
DESIGN_ORDERINGS: dict[str, tuple[Any, ...]] = {
    "-updated": ("-updated_at", "-id"),
    "updated": ("updated_at", "id"),
    "name": (Lower("name"), "id"),
    "-name": (Lower("name").desc(), "-id"),
}


def design_list(
    *, user: Any, name: str | None = None, scope: str | None = None, ordering: str = "-updated"
) -> QuerySet[Design]:
    """Visible designs; ``name`` filters by substring, ``scope`` is ``mine`` or ``public``.

    ``mine`` is every design the caller has a role on (owned, shared with them, or in a team of theirs).
    ``ordering`` is a key of :data:`DESIGN_ORDERINGS`; the default is the most recently changed first.
    Raises ``ValueError`` for an ordering not offered.

    A list shows revision numbers, not documents: the current revision's document is not loaded.
    """
    if ordering not in DESIGN_ORDERINGS:
        raise ValueError(f"ordering must be one of {', '.join(DESIGN_ORDERINGS)}; got {ordering!r}")
    queryset = design_visible(user=user).defer("current_revision__document")
    if scope == "mine":
        queryset = designs_with_role(user=user, queryset=queryset)
    elif scope == "public":
        queryset = queryset.filter(visibility=Design.Visibility.PUBLIC)
    if name:
        queryset = queryset.filter(name__icontains=name)
    return queryset.order_by(*DESIGN_ORDERINGS[ordering])


def design_get(*, user: Any, design_id: int) -> Design:
    """The design if ``user`` may read it; raises ``Design.DoesNotExist`` otherwise."""
    return design_visible(user=user).get(pk=design_id)


def revision_list(*, design: Design) -> QuerySet[Revision]:
    """Revisions of ``design``, newest first."""
    return Revision.objects.filter(design=design).select_related("author").order_by("-number")


def revision_get(*, design: Design, number: int | None = None) -> Revision:
    """Revision ``number`` of ``design`` (the current one when None); raises ``Revision.DoesNotExist``."""
    revisions = Revision.objects.select_related("author")
    if number is None:
        if design.current_revision_id is None:
            raise Revision.DoesNotExist(f"design {design.pk} has no revision")
        return revisions.get(pk=design.current_revision_id)
    return revisions.get(design=design, number=number)


def revision_design(*, revision: Revision) -> ParsedDesign:
    """The parsed document of a stored revision, whatever the limits are now; raises ``DocumentError``."""
    return parse_document(revision.document, STORED_LIMITS)


def design_diff(*, before: Revision, after: Revision) -> DesignDiff:
    """Semantic diff from revision ``before`` to revision ``after`` (of the same design)."""
    return diff_designs(revision_design(revision=before), revision_design(revision=after))


def design_diff_to_document(*, before: Revision, after: ParsedDesign) -> DesignDiff:
    """Semantic diff from revision ``before`` to a document not saved yet (the one on someone's screen)."""
    return diff_designs(revision_design(revision=before), after)
