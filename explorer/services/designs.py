"""Writes on designs: create, update (optimistic concurrency), restore, duplicate, delete.

Every save writes a new immutable :class:`~explorer.models.Revision`. Updates name the revision
they were based on; the Design row is locked (``select_for_update``) inside one transaction while
the base is compared with the current number, and the unique (design, number) constraint backs
that up. On SQLite, which has no row locks, the IMMEDIATE transaction mode set in settings makes
each atomic block take the write lock at BEGIN, which serialises writers the same way.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db import IntegrityError, transaction

from explorer.engine.document import FORMAT, structural_problems, text_problems
from explorer.engine.document import Design as ParsedDesign
from explorer.models import Design, Revision
from explorer.services.documents import DocumentRejected, design_limits, document_validate
from explorer.services.live_rooms import room_catch_up
from explorer.services.sharing import activity_record

__all__ = [
    "DocumentRejected",
    "RevisionConflict",
    "design_create",
    "design_delete",
    "design_duplicate",
    "design_import",
    "design_limits",
    "design_update",
    "design_update_metadata",
    "document_validate",
    "empty_document",
    "revision_restore",
    "text_problems",
]


class RevisionConflict(Exception):
    """The update was based on a revision that is no longer the current one."""

    def __init__(self, *, base_revision: int, current_revision: int) -> None:
        self.base_revision = base_revision
        self.current_revision = current_revision
        super().__init__(
            f"the design changed: this edit was based on revision {base_revision}, "
            f"but the current revision is {current_revision}"
        )


def empty_document(*, name: str, description: str = "") -> dict[str, Any]:
    """A new, empty design document."""
    return {
        "format": FORMAT,
        "name": name,
        "description": description,
        "locations": [],
        "nodes": [],
        "flows": [],
        "layout": {},
        "extensions": {},
    }


def _with_metadata(document: object, *, name: str | None, description: str | None) -> object:
    if not isinstance(document, dict) or (name is None and description is None):
        return document
    changed = dict(document)
    if name is not None:
        changed["name"] = name
    if description is not None:
        changed["description"] = description
    return changed


def _current_number(design: Design) -> int:
    if design.current_revision_id is None:
        return 0
    return Revision.objects.values_list("number", flat=True).get(pk=design.current_revision_id)


def _append_revision(*, design: Design, parsed: ParsedDesign, author: Any, message: str, number: int) -> Revision:
    """Write revision ``number`` and point the design at it. Caller holds the design row lock."""
    revision = Revision.objects.create(
        design=design, number=number, document=dict(parsed.raw), author=author, message=message[:500]
    )
    design.current_revision = revision
    design.name = parsed.name[:200]
    design.description = parsed.description
    design.save(update_fields=["current_revision", "name", "description", "updated_at"])
    activity_record(design=design, actor=author, verb="saved", summary=f"revision {number}: {message}"[:300])
    return revision


def design_create(
    *,
    owner: Any,
    document: object | None = None,
    name: str | None = None,
    description: str | None = None,
    visibility: str = Design.Visibility.PRIVATE,
    message: str = "",
) -> Design:
    """Create a design with revision 1. ``name``/``description`` override the document's own.

    Raises :class:`DocumentRejected` when the document is malformed or has dangling references.
    """
    if document is None:
        document = empty_document(name=name or "Untitled design", description=description or "")
    elif isinstance(document, dict) and (name is not None or description is not None):
        _check_own_metadata(document)
    return _create(
        owner=owner,
        document=_with_metadata(document, name=name, description=description),
        visibility=visibility,
        message=message or "Created",
    )


def design_import(*, owner: Any, document: object, visibility: str = Design.Visibility.PRIVATE) -> Design:
    """Create a design from a raw document exactly as sent (``None`` is no document, and refused)."""
    return _create(owner=owner, document=document, visibility=visibility, message="Imported")


def _check_own_metadata(document: dict[str, Any]) -> None:
    """Refuse a document whose own format, name or description is invalid, even when overridden."""
    own = {key: document[key] for key in ("format", "name", "description") if key in document}
    problems = structural_problems(own, design_limits())
    if problems:
        raise DocumentRejected(problems)


def _create(*, owner: Any, document: object, visibility: str, message: str) -> Design:
    parsed = document_validate(document=document)
    with transaction.atomic():
        design = Design.objects.create(
            owner=owner, name=parsed.name[:200], description=parsed.description, visibility=visibility
        )
        _append_revision(design=design, parsed=parsed, author=owner, message=message, number=1)
    return design


def _locked(design_id: int) -> Design:
    # ``of=("self",)`` keeps PostgreSQL from trying to lock the nullable side of a join.
    return Design.objects.select_for_update(of=("self",)).get(pk=design_id)


def _tell_live_room(design_id: int) -> None:
    """After the transaction commits, apply the new revision to the design's live room, if it has one."""
    transaction.on_commit(lambda: room_catch_up(design_id=design_id))


def design_update(
    *, design_id: int, user: Any, document: object, base_revision: int, message: str = "", notify_live: bool = True
) -> Revision:
    """Save ``document`` as the next revision, if ``base_revision`` is still the current one.

    Raises :class:`RevisionConflict` (the API's 412) when someone saved in between, and
    :class:`DocumentRejected` when the document cannot be saved. A live room of the design is told
    (unless the save comes from that room: ``notify_live=False``).
    """
    parsed = document_validate(document=document)
    try:
        with transaction.atomic():
            design = _locked(design_id)
            current = _current_number(design)
            if base_revision != current:
                raise RevisionConflict(base_revision=base_revision, current_revision=current)
            revision = _append_revision(design=design, parsed=parsed, author=user, message=message, number=current + 1)
            if notify_live:
                _tell_live_room(design_id)
            return revision
    except IntegrityError as exc:
        # Only reachable if a writer bypassed the lock; the unique constraint still refuses it.
        latest = Revision.objects.filter(design_id=design_id).order_by("-number").values_list("number", flat=True)
        raise RevisionConflict(base_revision=base_revision, current_revision=latest.first() or 0) from exc


def design_update_metadata(
    *,
    design_id: int,
    user: Any,
    base_revision: int | None,
    name: str | None = None,
    description: str | None = None,
    visibility: str | None = None,
    message: str = "",
) -> Design:
    """Change name, description and/or visibility.

    Name and description live in the document too, so changing them writes a new revision;
    visibility is a property of the design row only and does not. ``base_revision`` is checked when given;
    it may be None only when neither name nor description changes.
    """
    if base_revision is None and (name is not None or description is not None):
        raise ValueError("a change of name or description needs the revision it is based on")
    with transaction.atomic():
        design = _locked(design_id)
        current = _current_number(design)
        if base_revision is not None and base_revision != current:
            raise RevisionConflict(base_revision=base_revision, current_revision=current)
        if name is not None or description is not None:
            document = Revision.objects.values_list("document", flat=True).get(design=design, number=current)
            updated = _with_metadata(copy.deepcopy(document), name=name, description=description)
            if updated != document:
                parsed = document_validate(document=updated)
                _append_revision(
                    design=design, parsed=parsed, author=user, message=message or "Renamed", number=current + 1
                )
                _tell_live_room(design_id)
        if visibility is not None and visibility != design.visibility:
            design.visibility = visibility
            design.save(update_fields=["visibility", "updated_at"])
    design.refresh_from_db()
    return design


def revision_restore(*, design_id: int, user: Any, number: int, base_revision: int | None = None) -> Revision:
    """Save an old revision's document as a new revision; history stays as it was.

    ``base_revision`` is optional: when given, a stale base raises :class:`RevisionConflict`.
    Raises ``Revision.DoesNotExist`` when revision ``number`` does not exist.
    """
    with transaction.atomic():
        design = _locked(design_id)
        old = Revision.objects.get(design=design, number=number)
        current = _current_number(design)
        if base_revision is not None and base_revision != current:
            raise RevisionConflict(base_revision=base_revision, current_revision=current)
        parsed = document_validate(document=copy.deepcopy(old.document))
        revision = _append_revision(
            design=design, parsed=parsed, author=user, message=f"Restored revision {number}", number=current + 1
        )
        _tell_live_room(design_id)
        return revision


def design_duplicate(
    *, design: Design, user: Any, name: str | None = None, visibility: str = Design.Visibility.PRIVATE
) -> Design:
    """Copy the current document of ``design`` into a new design owned by ``user``."""
    source = Revision.objects.get(design=design, number=_current_number(design))
    return design_create(
        owner=user,
        document=copy.deepcopy(source.document),
        name=name or f"Copy of {design.name}"[:200],
        visibility=visibility,
        message=f"Duplicated from design {design.pk} revision {source.number}",
    )


def design_delete(*, design: Design) -> None:
    """Delete a design with all its revisions (and the jobs that point at them)."""
    with transaction.atomic():
        locked = _locked(design.pk)
        # current_revision is PROTECT: unhook it before the cascade removes the revisions.
        locked.current_revision = None
        locked.save(update_fields=["current_revision"])
        locked.delete()
