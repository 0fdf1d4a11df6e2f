"""Who may view, edit or administer a design: the one place that decides it.

A person's role on a design is the strongest of: owner (the design's owner), their role as a
collaborator (given directly or through a share link), and their role in the design's team. A public
design can be viewed by anyone, signed in or not. What each role allows:

- ``viewer``: read the design, its revisions, exports and activity; run analyses and bundles
  (they change nothing); duplicate it into a design of their own.
- ``editor``: everything a viewer does, plus save, rename and restore revisions.
- ``owner``: everything, including delete, change visibility, move it into a team, and manage
  people and share links.

Anyone who may not view a design gets ``Design.DoesNotExist`` from the selectors (the API's 404), so
a private design's existence is not revealed; someone who may view but not act gets a refusal (403).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from explorer.models import ROLE_RANK, Collaborator, Design, Role, Team, TeamMembership

__all__ = [
    "Action",
    "design_may",
    "design_role",
    "design_roles",
    "design_visible_filter",
    "designs_with_role",
    "role_allows",
    "strongest",
    "team_role",
    "teams_of",
]


class Action(StrEnum):
    """What someone wants to do with a design."""

    VIEW = "view"
    EDIT = "edit"
    ADMINISTER = "administer"


# The weakest role that allows each action; a public design also lets anyone view.
_NEEDS = {Action.VIEW: Role.VIEWER, Action.EDIT: Role.EDITOR, Action.ADMINISTER: Role.OWNER}


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def strongest(*roles: str | None) -> Role | None:
    """The strongest of ``roles`` (None when none is given)."""
    known = [Role(role) for role in roles if role]
    return max(known, key=lambda role: ROLE_RANK[role]) if known else None


def role_allows(role: str | None, action: Action) -> bool:
    """Whether ``role`` is enough for ``action``."""
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[_NEEDS[action]]


def design_role(*, user: Any, design: Design) -> Role | None:
    """``user``'s role on ``design`` (None when they have none, even if the design is public)."""
    if not _signed_in(user):
        return None
    if design.owner_id == user.pk:
        return Role.OWNER
    direct = Collaborator.objects.filter(design=design, user=user).values_list("role", flat=True).first()
    team = None
    if design.team_id is not None:
        team = TeamMembership.objects.filter(team_id=design.team_id, user=user).values_list("role", flat=True).first()
    return strongest(direct, team)


def design_roles(*, user: Any, designs: list[Design]) -> dict[int, Role | None]:
    """``user``'s role on each of ``designs`` by id, in two queries whatever their number (for lists)."""
    if not _signed_in(user):
        return {design.pk: None for design in designs}
    ids = [design.pk for design in designs]
    direct = dict(Collaborator.objects.filter(user=user, design_id__in=ids).values_list("design_id", "role"))
    teams = {design.team_id for design in designs if design.team_id is not None}
    in_team = dict(TeamMembership.objects.filter(user=user, team_id__in=teams).values_list("team_id", "role"))
    return {
        design.pk: Role.OWNER
        if design.owner_id == user.pk
        else strongest(direct.get(design.pk), in_team.get(design.team_id) if design.team_id else None)
        for design in designs
    }


def design_may(*, user: Any, design: Design, action: Action) -> bool:
    """Whether ``user`` may do ``action`` with ``design``."""
    if action is Action.VIEW and design.visibility == Design.Visibility.PUBLIC:
        return True
    return role_allows(design_role(user=user, design=design), action)


def design_visible_filter(*, user: Any) -> Q:
    """A filter on designs matching those ``user`` may view (public, own, shared, or in a team of theirs)."""
    public = Q(visibility=Design.Visibility.PUBLIC)
    if not _signed_in(user):
        return public
    shared = Collaborator.objects.filter(user=user).values("design_id")
    teams = TeamMembership.objects.filter(user=user).values("team_id")
    return public | Q(owner=user) | Q(pk__in=shared) | Q(team__in=teams)


def designs_with_role(*, user: Any, queryset: QuerySet[Design]) -> QuerySet[Design]:
    """Those of ``queryset`` where ``user`` has any role (what "mine" lists)."""
    if not _signed_in(user):
        return queryset.none()
    shared = Collaborator.objects.filter(user=user).values("design_id")
    teams = TeamMembership.objects.filter(user=user).values("team_id")
    return queryset.filter(Q(owner=user) | Q(pk__in=shared) | Q(team__in=teams))


def teams_of(*, user: Any) -> QuerySet[Team]:
    """The teams ``user`` belongs to, with their members."""
    if not _signed_in(user):
        return Team.objects.none()
    return Team.objects.filter(memberships__user=user).prefetch_related("memberships__user").distinct()


def team_role(*, user: Any, team: Team) -> Role | None:
    """``user``'s role in ``team`` (None: not a member)."""
    if not _signed_in(user):
        return None
    role = TeamMembership.objects.filter(team=team, user=user).values_list("role", flat=True).first()
    return Role(role) if role else None
