"""Sharing endpoints: people and roles on a design, ownership, share links, teams, and the activity log.

Who may call what (the rules themselves are :mod:`explorer.selectors.access`):

- Reading the people on a design and its activity: anyone who may view the design.
- Inviting, changing a role, removing someone, transferring ownership, making or revoking share links,
  moving the design into a team: its owner only (an editor gets 403, someone who cannot see it 404).
- Joining through a share link: any signed-in user holding a live link's secret.
- Teams: members see their team; its owners add, re-role and remove members.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import ApiError
from api.permissions import API_AUTHENTICATION, SignedInToWrite
from api.serializers.designs import ErrorOut
from api.serializers.sharing import (
    ActivityOut,
    CollaboratorOut,
    DesignTeamIn,
    InviteIn,
    JoinOut,
    LinkCreatedOut,
    LinkIn,
    LinkOut,
    PeopleOut,
    RoleIn,
    TeamIn,
    TeamMemberIn,
    TeamMemberOut,
    TeamOut,
    TeamRoleIn,
    TransferIn,
)
from api.views.common import PagePagination, design_or_404, not_found
from explorer.models import Activity, Collaborator, Design, Role, ShareLink, Team
from explorer.selectors.access import Action, design_role, team_role, teams_of
from explorer.services import sharing

TAGS = ["sharing"]


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorOut, description=description)


E400 = _error("Invalid input; `details` lists every problem with its JSON path.")
E401 = _error("Not signed in.")
E403 = _error("Signed in, but only the owner may do this.")
E404 = _error("No such design (or one you cannot see), no account with that name or address, or not on it.")
E409 = _error("Not possible as things are: the person already owns it, or a team would be left without an owner.")
OWNER_ERRORS = {400: E400, 401: E401, 403: E403, 404: E404, 409: E409}


def _people(design: Design) -> dict[str, Any]:
    collaborators = Collaborator.objects.filter(design=design).select_related("user").order_by("user__username")
    return {
        "owner": design.owner.get_username(),
        "owner_id": design.owner_id,
        "team": design.team_id,
        "collaborators": CollaboratorOut(collaborators, many=True).data,
    }


class SharingView(APIView):
    """Shared set-up: token or session, and anonymous writes answer 401."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [SignedInToWrite]


class DesignPeopleView(SharingView):
    """``/api/designs/{id}/people/``: who has which role, and inviting someone."""

    @extend_schema(
        tags=TAGS, summary="List the owner and collaborators", responses={200: PeopleOut, 401: E401, 404: E404}
    )
    def get(self, request: Request, design_id: int) -> Response:
        """Everyone who may view the design may see who else is on it."""
        design = design_or_404(user=request.user, design_id=design_id)
        return Response(_people(design))

    @extend_schema(
        tags=TAGS,
        summary="Invite someone by username or e-mail with a role (viewer or editor)",
        request=InviteIn,
        responses={201: CollaboratorOut, **OWNER_ERRORS},
    )
    def post(self, request: Request, design_id: int) -> Response:
        """Inviting someone who is already a collaborator changes their role."""
        design = design_or_404(user=request.user, design_id=design_id, action=Action.ADMINISTER)
        body = InviteIn(data=request.data)
        body.is_valid(raise_exception=True)
        collaborator = sharing.collaborator_invite(
            design=design,
            actor=request.user,
            identifier=body.validated_data["person"],
            role=body.validated_data["role"],
        )
        return Response(CollaboratorOut(collaborator).data, status=status.HTTP_201_CREATED)


class DesignPersonView(SharingView):
    """``/api/designs/{id}/people/{user_id}/``: change a collaborator's role, or remove them."""

    @extend_schema(
        tags=TAGS,
        summary="Change a collaborator's role",
        request=RoleIn,
        responses={200: CollaboratorOut, **OWNER_ERRORS},
    )
    def put(self, request: Request, design_id: int, user_id: int) -> Response:
        """The role is then held directly (revoking the link they came through no longer removes them)."""
        design = design_or_404(user=request.user, design_id=design_id, action=Action.ADMINISTER)
        body = RoleIn(data=request.data)
        body.is_valid(raise_exception=True)
        collaborator = sharing.collaborator_set_role(
            design=design, actor=request.user, user_id=user_id, role=body.validated_data["role"]
        )
        return Response(CollaboratorOut(collaborator).data)

    @extend_schema(tags=TAGS, summary="Remove a collaborator", responses={204: None, 401: E401, 403: E403, 404: E404})
    def delete(self, request: Request, design_id: int, user_id: int) -> Response:
        """They keep what the design's team or its visibility gives them."""
        design = design_or_404(user=request.user, design_id=design_id, action=Action.ADMINISTER)
        sharing.collaborator_remove(design=design, actor=request.user, user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DesignTransferView(SharingView):
    """``POST /api/designs/{id}/transfer/``."""

    @extend_schema(
        tags=TAGS,
        summary="Transfer ownership (the previous owner becomes an editor)",
        request=TransferIn,
        responses={200: PeopleOut, **OWNER_ERRORS},
    )
    def post(self, request: Request, design_id: int) -> Response:
        """Only the owner may give the design away."""
        design = design_or_404(user=request.user, design_id=design_id, action=Action.ADMINISTER)
        body = TransferIn(data=request.data)
        body.is_valid(raise_exception=True)
        design = sharing.ownership_transfer(design=design, actor=request.user, identifier=body.validated_data["person"])
        return Response(_people(design))


class DesignTeamView(SharingView):
    """``PUT /api/designs/{id}/team/``."""

    @extend_schema(
        tags=TAGS,
        summary="Move the design into one of your teams (or out of any)",
        request=DesignTeamIn,
        responses={200: PeopleOut, **OWNER_ERRORS},
    )
    def put(self, request: Request, design_id: int) -> Response:
        """The team's members then see and edit it by their team role."""
        design = design_or_404(user=request.user, design_id=design_id, action=Action.ADMINISTER)
        body = DesignTeamIn(data=request.data)
        body.is_valid(raise_exception=True)
        team_id = body.validated_data["team"]
        team = None
        if team_id is not None:
            team = teams_of(user=request.user).filter(pk=team_id).first()
            if team is None:
                raise not_found("team")
        sharing.design_move_to_team(design=design, actor=request.user, team=team)
        return Response(_people(design))


class DesignLinksView(SharingView):
    """``/api/designs/{id}/links/``: share links."""

    @extend_schema(
        tags=TAGS, summary="List share links", responses={200: LinkOut(many=True), 401: E401, 403: E403, 404: E404}
    )
    def get(self, request: Request, design_id: int) -> Response:
        """Live and revoked links, newest first; secrets are never listed."""
        design = design_or_404(user=request.user, design_id=design_id, action=Action.ADMINISTER)
        return Response(LinkOut(ShareLink.objects.filter(design=design).select_related("created_by"), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Make a share link (view or edit)",
        request=LinkIn,
        responses={201: LinkCreatedOut, **OWNER_ERRORS},
    )
    def post(self, request: Request, design_id: int) -> Response:
        """The answer holds the link's secret; it is not shown again."""
        design = design_or_404(user=request.user, design_id=design_id, action=Action.ADMINISTER)
        body = LinkIn(data=request.data)
        body.is_valid(raise_exception=True)
        link, secret = sharing.share_link_create(design=design, actor=request.user, role=body.validated_data["role"])
        data = {**LinkOut(link).data, "secret": secret, "url": f"/share/{secret}"}
        return Response(data, status=status.HTTP_201_CREATED)


class DesignLinkView(SharingView):
    """``DELETE /api/designs/{id}/links/{link_id}/``."""

    @extend_schema(
        tags=TAGS,
        summary="Revoke a share link (whoever joined through it loses that access)",
        responses={204: None, 401: E401, 403: E403, 404: E404},
    )
    def delete(self, request: Request, design_id: int, link_id: int) -> Response:
        """Revoking twice answers 404."""
        design = design_or_404(user=request.user, design_id=design_id, action=Action.ADMINISTER)
        sharing.share_link_revoke(design=design, actor=request.user, link_id=link_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShareJoinView(APIView):
    """``POST /api/share/{secret}/``."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        summary="Join a design through a share link",
        request=None,
        responses={200: JoinOut, 401: E401, 404: _error("No such link, or it was revoked.")},
    )
    def post(self, request: Request, secret: str) -> Response:
        """A role already held that is stronger than the link's is kept."""
        design, _ = sharing.share_link_join(user=request.user, secret=secret)
        role = design_role(user=request.user, design=design)
        return Response({"design": design.pk, "role": role.value if role else Role.VIEWER.value})


class DesignActivityView(GenericAPIView[Activity]):
    """``GET /api/designs/{id}/activity/``."""

    authentication_classes = API_AUTHENTICATION
    permission_classes = [SignedInToWrite]
    pagination_class = PagePagination
    serializer_class = ActivityOut

    @extend_schema(
        tags=TAGS,
        summary="Who did what to a design, newest first",
        responses={200: ActivityOut(many=True), 400: E400, 401: E401, 404: E404},
    )
    def get(self, request: Request, design_id: int) -> Response:
        """Saves, restores, analyses, bundles, role and ownership changes, with their author."""
        design = design_or_404(user=request.user, design_id=design_id)
        page = self.paginate_queryset(design.activity.select_related("actor").order_by("-created_at", "-id"))
        return self.get_paginated_response(ActivityOut(page, many=True).data)


class TeamView(SharingView):
    """Teams exist only for signed-in people."""

    permission_classes = [IsAuthenticated]


class TeamListView(TeamView):
    """``/api/teams/``."""

    @extend_schema(tags=TAGS, summary="Your teams", responses={200: TeamOut(many=True), 401: E401})
    def get(self, request: Request) -> Response:
        """Teams you belong to, with their members."""
        return Response(TeamOut(teams_of(user=request.user), many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Make a team (you are its owner)",
        request=TeamIn,
        responses={201: TeamOut, 400: E400, 401: E401},
    )
    def post(self, request: Request) -> Response:
        """Move designs into it with ``PUT /api/designs/{id}/team/``."""
        body = TeamIn(data=request.data)
        body.is_valid(raise_exception=True)
        team = sharing.team_create(actor=request.user, name=body.validated_data["name"])
        return Response(TeamOut(teams_of(user=request.user).get(pk=team.pk)).data, status=status.HTTP_201_CREATED)


def _team(request: Request, team_id: int, *, administer: bool) -> Team:
    team = teams_of(user=request.user).filter(pk=team_id).first()
    if team is None:
        raise not_found("team")
    if administer and team_role(user=request.user, team=team) != Role.OWNER:
        raise ApiError(
            status_code=403, code="permission_denied", message="Only the team's owners can manage its members."
        )
    return team


class TeamDetailView(TeamView):
    """``GET /api/teams/{id}/``."""

    @extend_schema(tags=TAGS, summary="A team you belong to", responses={200: TeamOut, 401: E401, 404: E404})
    def get(self, request: Request, team_id: int) -> Response:
        """404 for a team you are not in."""
        return Response(TeamOut(_team(request, team_id, administer=False)).data)


class TeamMembersView(TeamView):
    """``POST /api/teams/{id}/members/``."""

    @extend_schema(
        tags=TAGS, summary="Add someone to a team", request=TeamMemberIn, responses={201: TeamMemberOut, **OWNER_ERRORS}
    )
    def post(self, request: Request, team_id: int) -> Response:
        """Adding a member again changes their role."""
        team = _team(request, team_id, administer=True)
        body = TeamMemberIn(data=request.data)
        body.is_valid(raise_exception=True)
        membership = sharing.team_member_add(
            team=team, identifier=body.validated_data["person"], role=body.validated_data["role"]
        )
        return Response(TeamMemberOut(membership).data, status=status.HTTP_201_CREATED)


class TeamMemberView(TeamView):
    """``/api/teams/{id}/members/{user_id}/``."""

    @extend_schema(
        tags=TAGS,
        summary="Change a member's team role",
        request=TeamRoleIn,
        responses={200: TeamMemberOut, **OWNER_ERRORS},
    )
    def put(self, request: Request, team_id: int, user_id: int) -> Response:
        """A team keeps at least one owner."""
        team = _team(request, team_id, administer=True)
        body = TeamRoleIn(data=request.data)
        body.is_valid(raise_exception=True)
        membership = sharing.team_member_set_role(team=team, user_id=user_id, role=body.validated_data["role"])
        return Response(TeamMemberOut(membership).data)

    @extend_schema(tags=TAGS, summary="Remove a member from a team", responses={204: None, **OWNER_ERRORS})
    def delete(self, request: Request, team_id: int, user_id: int) -> Response:
        """Owners remove anyone; the last owner cannot be removed."""
        team = _team(request, team_id, administer=True)
        sharing.team_member_remove(team=team, user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
