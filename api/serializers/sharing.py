"""Serializers for sharing: collaborators, share links, teams, the activity log, API tokens."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.openapi import StrictCharField
from api.serializers.designs import StrictSerializer
from explorer.models import Activity, ApiToken, Collaborator, Role, ShareLink, Team, TeamMembership

COLLABORATOR_ROLES = [(Role.VIEWER.value, "Viewer"), (Role.EDITOR.value, "Editor")]
ALL_ROLES = [(role.value, role.label) for role in Role]


class InviteIn(StrictSerializer):
    """Who (a username or an e-mail address) and with which role."""

    person = StrictCharField(max_length=254, help_text="A username or an e-mail address.")
    role = serializers.ChoiceField(choices=COLLABORATOR_ROLES)


class RoleIn(StrictSerializer):
    """A collaborator's new role."""

    role = serializers.ChoiceField(choices=COLLABORATOR_ROLES)


class TransferIn(StrictSerializer):
    """The new owner (a username or an e-mail address); the previous owner stays on as an editor."""

    person = StrictCharField(max_length=254)


class CollaboratorOut(serializers.ModelSerializer[Collaborator]):
    """A person with a role on a design."""

    user_id = serializers.IntegerField()
    username = serializers.CharField(source="user.get_username")
    via_link = serializers.SerializerMethodField()

    class Meta:
        model = Collaborator
        fields = ["user_id", "username", "role", "via_link", "created_at"]

    def get_via_link(self, obj: Collaborator) -> int | None:
        """The share link they joined through (null: added directly)."""
        return obj.link_id


class PeopleOut(serializers.Serializer[Any]):
    """The owner, the team and the collaborators of a design."""

    owner = serializers.CharField()
    owner_id = serializers.IntegerField()
    team = serializers.IntegerField(allow_null=True)
    collaborators = CollaboratorOut(many=True)


class LinkIn(StrictSerializer):
    """The role the link gives: view or edit."""

    role = serializers.ChoiceField(choices=COLLABORATOR_ROLES)


class LinkOut(serializers.ModelSerializer[ShareLink]):
    """A share link (its secret is only in the answer that made it)."""

    created_by = serializers.CharField(source="created_by.get_username", allow_null=True, default=None)
    members = serializers.SerializerMethodField()

    class Meta:
        model = ShareLink
        fields = ["id", "role", "created_by", "created_at", "revoked_at", "members"]

    def get_members(self, obj: ShareLink) -> int:
        """How many people hold their role through this link."""
        return obj.members.count()


class LinkCreatedOut(LinkOut):
    """A new share link with its secret and the path to open; shown once."""

    secret = serializers.CharField()
    url = serializers.CharField(help_text="Open it signed in to join: /share/<secret>")

    class Meta(LinkOut.Meta):
        fields = [*LinkOut.Meta.fields, "secret", "url"]


class JoinOut(serializers.Serializer[Any]):
    """The design a share link opened, and the role the caller now has on it."""

    design = serializers.IntegerField()
    role = serializers.ChoiceField(choices=ALL_ROLES)


class TeamIn(StrictSerializer):
    """A new team's name."""

    name = StrictCharField(max_length=200)


class TeamMemberIn(StrictSerializer):
    """Who joins the team, with which role."""

    person = StrictCharField(max_length=254, help_text="A username or an e-mail address.")
    role = serializers.ChoiceField(choices=ALL_ROLES)


class TeamRoleIn(StrictSerializer):
    """A team member's new role."""

    role = serializers.ChoiceField(choices=ALL_ROLES)


class TeamMemberOut(serializers.ModelSerializer[TeamMembership]):
    """A team member."""

    user_id = serializers.IntegerField()
    username = serializers.CharField(source="user.get_username")

    class Meta:
        model = TeamMembership
        fields = ["user_id", "username", "role"]


class TeamOut(serializers.ModelSerializer[Team]):
    """A team with its members."""

    members = TeamMemberOut(source="memberships", many=True)

    class Meta:
        model = Team
        fields = ["id", "name", "created_at", "members"]


class DesignTeamIn(StrictSerializer):
    """The team a design belongs to (null: none)."""

    team = serializers.IntegerField(allow_null=True, min_value=1, max_value=2**31 - 1)


class ActivityOut(serializers.ModelSerializer[Activity]):
    """One thing someone did to a design."""

    actor = serializers.CharField(source="actor.get_username", allow_null=True, default=None)

    class Meta:
        model = Activity
        fields = ["id", "verb", "summary", "actor", "created_at"]


class TokenCreateIn(StrictSerializer):
    """A name that says where the token is used."""

    name = StrictCharField(max_length=100)


class ApiTokenOut(serializers.ModelSerializer[ApiToken]):
    """A token as listed: never its secret."""

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]


class ApiTokenCreatedOut(ApiTokenOut):
    """A new token with its secret, shown this once."""

    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`; it is not shown again.")

    class Meta(ApiTokenOut.Meta):
        fields = [*ApiTokenOut.Meta.fields, "token"]
