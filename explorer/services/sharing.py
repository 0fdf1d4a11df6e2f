"""Sharing a design: collaborators and their roles, ownership, share links, teams, and the activity log.

Callers (the API views) check with :mod:`explorer.selectors.access` that the acting user may
administer the design (or the team) before calling these; the services check what only they can
know (the person exists, the role is one a collaborator can hold, the link is live).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from explorer.models import Activity, Collaborator, Design, Role, ShareLink, Team, TeamMembership

__all__ = [
    "SharingError",
    "activity_record",
    "collaborator_invite",
    "collaborator_remove",
    "collaborator_set_role",
    "design_move_to_team",
    "link_digest",
    "ownership_transfer",
    "person_find",
    "share_link_create",
    "share_link_join",
    "share_link_revoke",
    "team_create",
    "team_member_add",
    "team_member_remove",
    "team_member_set_role",
]

COLLABORATOR_ROLES = (Role.VIEWER, Role.EDITOR)
LINK_ROLES = (Role.VIEWER, Role.EDITOR)


class SharingError(Exception):
    """A sharing request that cannot be done; ``code`` says why.

    ``not_found``: someone or something named does not exist (the API's 404); ``conflict``: the request
    is well formed but the current state forbids it (409); otherwise the input is wrong (400).
    """

    def __init__(self, code: str, message: str, *, not_found: bool = False, conflict: bool = False) -> None:
        self.code = code
        self.not_found = not_found
        self.conflict = conflict
        super().__init__(message)


def activity_record(*, design: Design | int, actor: Any, verb: str, summary: str) -> Activity:
    """Write one line of a design's activity log (``actor`` None or anonymous: nobody known)."""
    design_id = design if isinstance(design, int) else design.pk
    known = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return Activity.objects.create(design_id=design_id, actor=known, verb=verb, summary=summary[:300])


def person_find(identifier: str) -> Any:
    """The active user whose username, or else e-mail address, is ``identifier`` (case-insensitive)."""
    users = get_user_model().objects.filter(is_active=True)
    text = identifier.strip()
    found = users.filter(username__iexact=text).first()
    if found is None and "@" in text:
        matches = list(users.filter(email__iexact=text)[:2])
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        raise SharingError("unknown-person", f"No account has the username or e-mail address {text!r}.", not_found=True)
    return found


def _role(role: str, allowed: tuple[Role, ...], what: str) -> Role:
    if role not in allowed:
        names = ", ".join(r.value for r in allowed)
        hint = " (use the transfer endpoint to make someone the owner)" if role == Role.OWNER else ""
        raise SharingError("invalid-role", f"{what} role must be one of {names}; got {role!r}{hint}.")
    return Role(role)


def _collaborator(design: Design, user_id: int) -> Collaborator:
    found = Collaborator.objects.select_related("user").filter(design=design, user_id=user_id).first()
    if found is None:
        raise SharingError(
            "not-a-collaborator", f"User {user_id} is not a collaborator on this design.", not_found=True
        )
    return found


def collaborator_invite(*, design: Design, actor: Any, identifier: str, role: str) -> Collaborator:
    """Give the person named by username or e-mail ``role`` on ``design`` (changing it if they have one)."""
    wanted = _role(role, COLLABORATOR_ROLES, "A collaborator's")
    person = person_find(identifier)
    if person.pk == design.owner_id:
        raise SharingError("already-owner", f"{person.get_username()} owns this design.", conflict=True)
    with transaction.atomic():
        collaborator, created = Collaborator.objects.update_or_create(
            design=design, user=person, defaults={"role": wanted, "link": None, "added_by": actor}
        )
        activity_record(
            design=design,
            actor=actor,
            verb="collaborator-added" if created else "role-changed",
            summary=f"{person.get_username()} is now {wanted.value}",
        )
    return collaborator


def collaborator_set_role(*, design: Design, actor: Any, user_id: int, role: str) -> Collaborator:
    """Change a collaborator's role; they then hold it directly, not through a link."""
    wanted = _role(role, COLLABORATOR_ROLES, "A collaborator's")
    with transaction.atomic():
        collaborator = _collaborator(design, user_id)
        collaborator.role = wanted
        collaborator.link = None
        collaborator.save(update_fields=["role", "link"])
        activity_record(
            design=design,
            actor=actor,
            verb="role-changed",
            summary=f"{collaborator.user.get_username()} is now {wanted.value}",
        )
    return collaborator


def collaborator_remove(*, design: Design, actor: Any, user_id: int) -> None:
    """Take a collaborator off the design (they may still see it through its team or if it is public)."""
    with transaction.atomic():
        collaborator = _collaborator(design, user_id)
        collaborator.delete()
        activity_record(
            design=design,
            actor=actor,
            verb="collaborator-removed",
            summary=f"{collaborator.user.get_username()} removed",
        )


def ownership_transfer(*, design: Design, actor: Any, identifier: str) -> Design:
    """Make another person the owner; the previous owner stays on as an editor."""
    person = person_find(identifier)
    if person.pk == design.owner_id:
        raise SharingError("already-owner", f"{person.get_username()} already owns this design.", conflict=True)
    with transaction.atomic():
        previous = design.owner
        Collaborator.objects.filter(design=design, user=person).delete()
        Collaborator.objects.update_or_create(
            design=design, user=previous, defaults={"role": Role.EDITOR, "link": None, "added_by": actor}
        )
        design.owner = person
        design.save(update_fields=["owner", "updated_at"])
        activity_record(
            design=design,
            actor=actor,
            verb="ownership-transferred",
            summary=f"owner changed from {previous.get_username()} to {person.get_username()}",
        )
    return design


def link_digest(secret: str) -> str:
    """The stored form of a share-link secret (SHA-256: the secret is random, so no slow hash is needed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def share_link_create(*, design: Design, actor: Any, role: str) -> tuple[ShareLink, str]:
    """A new share link with ``role`` and its secret (returned only now; only its hash is kept)."""
    wanted = _role(role, LINK_ROLES, "A share link's")
    secret = secrets.token_urlsafe(24)
    with transaction.atomic():
        link = ShareLink.objects.create(design=design, role=wanted, digest=link_digest(secret), created_by=actor)
        activity_record(
            design=design, actor=actor, verb="link-created", summary=f"share link {link.pk} ({wanted.value})"
        )
    return link, secret


def share_link_revoke(*, design: Design, actor: Any, link_id: int) -> None:
    """Revoke a link: it stops working, and whoever joined through it loses that access."""
    with transaction.atomic():
        link = ShareLink.objects.filter(design=design, pk=link_id, revoked_at__isnull=True).first()
        if link is None:
            raise SharingError("not-found", f"No live share link {link_id} on this design.", not_found=True)
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        removed = Collaborator.objects.filter(link=link).delete()[0]
        activity_record(
            design=design, actor=actor, verb="link-revoked", summary=f"share link {link.pk} revoked ({removed} removed)"
        )


def share_link_join(*, user: Any, secret: str) -> tuple[Design, Collaborator | None]:
    """Join the design of a live link with its role (a stronger role already held is kept)."""
    link = (
        ShareLink.objects.select_related("design").filter(digest=link_digest(secret), revoked_at__isnull=True).first()
    )
    if link is None:
        raise SharingError("link-invalid", "This share link does not exist or was revoked.", not_found=True)
    design = link.design
    if design.owner_id == user.pk:
        return design, None
    with transaction.atomic():
        existing = Collaborator.objects.filter(design=design, user=user).first()
        if existing is not None and (existing.link_id is None or existing.role == Role.EDITOR):
            return design, existing
        collaborator, _ = Collaborator.objects.update_or_create(
            design=design, user=user, defaults={"role": link.role, "link": link, "added_by": link.created_by}
        )
        activity_record(
            design=design, actor=user, verb="link-joined", summary=f"{user.get_username()} joined as {link.role}"
        )
    return design, collaborator


def team_create(*, actor: Any, name: str) -> Team:
    """A new team with ``actor`` as its owner."""
    with transaction.atomic():
        team = Team.objects.create(name=name, created_by=actor)
        TeamMembership.objects.create(team=team, user=actor, role=Role.OWNER)
    return team


def _membership(team: Team, user_id: int) -> TeamMembership:
    found = TeamMembership.objects.select_related("user").filter(team=team, user_id=user_id).first()
    if found is None:
        raise SharingError("not-a-member", f"User {user_id} is not a member of this team.", not_found=True)
    return found


def _keep_an_owner(team: Team, leaving: TeamMembership) -> None:
    if leaving.role == Role.OWNER and not team.memberships.filter(role=Role.OWNER).exclude(pk=leaving.pk).exists():
        raise SharingError(
            "last-owner", "A team needs at least one owner: make someone else owner first.", conflict=True
        )


def team_member_add(*, team: Team, identifier: str, role: str) -> TeamMembership:
    """Add (or re-role) the person named by username or e-mail."""
    wanted = _role(role, (Role.VIEWER, Role.EDITOR, Role.OWNER), "A team member's")
    person = person_find(identifier)
    membership, _ = TeamMembership.objects.update_or_create(team=team, user=person, defaults={"role": wanted})
    return membership


def team_member_set_role(*, team: Team, user_id: int, role: str) -> TeamMembership:
    """Change a member's team role (the last owner cannot step down)."""
    wanted = _role(role, (Role.VIEWER, Role.EDITOR, Role.OWNER), "A team member's")
    with transaction.atomic():
        membership = _membership(team, user_id)
        if wanted != Role.OWNER:
            _keep_an_owner(team, membership)
        membership.role = wanted
        membership.save(update_fields=["role"])
    return membership


def team_member_remove(*, team: Team, user_id: int) -> None:
    """Take someone out of the team (the last owner cannot leave)."""
    with transaction.atomic():
        membership = _membership(team, user_id)
        _keep_an_owner(team, membership)
        membership.delete()


def design_move_to_team(*, design: Design, actor: Any, team: Team | None) -> Design:
    """Put ``design`` in ``team`` (None: out of any team); ``actor`` must be a member of the team."""
    if team is not None and not TeamMembership.objects.filter(Q(team=team) & Q(user=actor)).exists():
        raise SharingError("not-a-member", "You can only move a design into a team you belong to.", conflict=True)
    design.team = team
    design.save(update_fields=["team", "updated_at"])
    activity_record(
        design=design,
        actor=actor,
        verb="team-changed",
        summary=f"moved to team {team.name}" if team else "left its team",
    )
    return design
