"""Authorization matrix for roles, teams and share links: every actor against every design endpoint.

Actors: the owner; collaborators added as editor and viewer; members of the design's team as owner,
editor and viewer; people who joined through a view link, and through an edit link that was revoked since;
a signed-in stranger; and an anonymous caller. Each design is private or public.

Who is allowed is written out per action below (not derived from the code under test). Everyone else:
a private design is invisible (404) to those with no role; a public one is readable by all, and refuses
what it does not allow with 403 (signed in); an anonymous caller gets 401 for anything beyond reading,
whatever the design (so it learns nothing about private ones).
"""

from __future__ import annotations

from typing import Any

import pytest

from explorer.models import Collaborator, Design, Revision, Role, ShareLink, TeamMembership
from explorer.services import sharing
from explorer.services.designs import design_create
from explorer.tests.designs.support import client_for, document, make_user

ACTORS = (
    "owner",
    "editor",
    "viewer",
    "team_owner",
    "team_editor",
    "team_viewer",
    "link_viewer",
    "revoked_link",
    "stranger",
    "anonymous",
)
VIEWERS = {"owner", "editor", "viewer", "team_owner", "team_editor", "team_viewer", "link_viewer"}
EDITORS = {"owner", "editor", "team_owner", "team_editor"}
ADMINS = {"owner", "team_owner"}
READ, WRITE = "read", "write"

IF_MATCH = {"HTTP_IF_MATCH": '"r1"'}
# (label, method, path, body, headers, who may, success status, read or write)
ENDPOINTS: list[tuple[str, str, str, Any, dict[str, str], set[str], int, str]] = [
    ("detail", "get", "/api/designs/{id}/", None, {}, VIEWERS, 200, READ),
    ("revisions", "get", "/api/designs/{id}/revisions/", None, {}, VIEWERS, 200, READ),
    ("revision", "get", "/api/designs/{id}/revisions/1/", None, {}, VIEWERS, 200, READ),
    ("document", "get", "/api/designs/{id}/document/?revision=1", None, {}, VIEWERS, 200, READ),
    ("diff", "get", "/api/designs/{id}/diff/?from=1&to=1", None, {}, VIEWERS, 200, READ),
    ("people", "get", "/api/designs/{id}/people/", None, {}, VIEWERS, 200, READ),
    ("activity", "get", "/api/designs/{id}/activity/", None, {}, VIEWERS, 200, READ),
    ("export", "get", "/api/designs/{id}/export/?format=mermaid&revision=1", None, {}, VIEWERS, 200, READ),
    ("save", "put", "/api/designs/{id}/", {"document": document(name="Changed")}, IF_MATCH, EDITORS, 200, WRITE),
    ("rename", "patch", "/api/designs/{id}/", {"name": "Changed"}, IF_MATCH, EDITORS, 200, WRITE),
    ("restore", "post", "/api/designs/{id}/revisions/1/restore/", {}, {}, EDITORS, 201, WRITE),
    ("visibility", "patch", "/api/designs/{id}/", {"visibility": "flip"}, IF_MATCH, ADMINS, 200, WRITE),
    ("delete", "delete", "/api/designs/{id}/", None, {}, ADMINS, 204, WRITE),
    ("invite", "post", "/api/designs/{id}/people/", {"person": "newcomer", "role": "viewer"}, {}, ADMINS, 201, WRITE),
    ("change-role", "put", "/api/designs/{id}/people/{viewer}/", {"role": "editor"}, {}, ADMINS, 200, WRITE),
    ("remove", "delete", "/api/designs/{id}/people/{viewer}/", None, {}, ADMINS, 204, WRITE),
    ("transfer", "post", "/api/designs/{id}/transfer/", {"person": "newcomer"}, {}, ADMINS, 200, WRITE),
    ("team", "put", "/api/designs/{id}/team/", {"team": None}, {}, ADMINS, 200, WRITE),
    ("links", "get", "/api/designs/{id}/links/", None, {}, ADMINS, 200, READ),
    ("make-link", "post", "/api/designs/{id}/links/", {"role": "editor"}, {}, ADMINS, 201, WRITE),
    ("revoke-link", "delete", "/api/designs/{id}/links/{link}/", None, {}, ADMINS, 204, WRITE),
]


def expected_status(actor: str, visibility: str, allowed: set[str], success: int, kind: str) -> int:
    """The status the rules in the module docstring give."""
    if actor in allowed:
        return success
    if actor == "anonymous" and (kind == WRITE or allowed is not VIEWERS):
        return 401
    has_role = actor in VIEWERS
    if not has_role and visibility == "private":
        return 404
    if allowed is VIEWERS:  # public and readable by all
        return success
    return 401 if actor == "anonymous" else 403


CELLS = [
    pytest.param(
        method,
        path,
        body,
        headers,
        actor,
        visibility,
        expected_status(actor, visibility, allowed, success, kind),
        id=f"{label}-{actor}-{visibility}",
    )
    for label, method, path, body, headers, allowed, success, kind in ENDPOINTS
    for actor in ACTORS
    for visibility in ("private", "public")
]


def _world(visibility: str) -> tuple[Design, dict[str, Any], dict[str, Any]]:
    """A design with one actor of each kind, and the ids the paths need."""
    people = {actor: make_user(actor) for actor in ACTORS if actor != "anonymous"}
    people["anonymous"] = None
    make_user("newcomer")
    owner = people["owner"]
    design = design_create(owner=owner, document=document(), visibility=visibility)
    sharing.collaborator_invite(design=design, actor=owner, identifier="editor", role="editor")
    sharing.collaborator_invite(design=design, actor=owner, identifier="viewer", role="viewer")
    team = sharing.team_create(actor=people["team_owner"], name="Platform")
    for role in ("editor", "viewer"):
        sharing.team_member_add(team=team, identifier=f"team_{role}", role=role)
    TeamMembership.objects.create(team=team, user=owner, role=Role.VIEWER)
    sharing.design_move_to_team(design=design, actor=owner, team=team)
    view_link, view_secret = sharing.share_link_create(design=design, actor=owner, role="viewer")
    sharing.share_link_join(user=people["link_viewer"], secret=view_secret)
    edit_link, edit_secret = sharing.share_link_create(design=design, actor=owner, role="editor")
    sharing.share_link_join(user=people["revoked_link"], secret=edit_secret)
    sharing.share_link_revoke(design=design, actor=owner, link_id=edit_link.pk)
    ids = {"viewer": people["viewer"].pk, "link": view_link.pk}
    return design, people, ids


def _snapshot(design_id: int) -> tuple[Any, ...]:
    design = Design.objects.filter(pk=design_id).first()
    if design is None:
        return ("deleted",)
    return (
        design.name,
        design.visibility,
        design.owner_id,
        design.team_id,
        Revision.objects.filter(design=design).count(),
        sorted(Collaborator.objects.filter(design=design).values_list("user__username", "role")),
        ShareLink.objects.filter(design=design, revoked_at__isnull=True).count(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "headers", "actor", "visibility", "expected"), CELLS)
def test_design_role_authorization(
    method: str, path: str, body: Any, headers: dict[str, str], actor: str, visibility: str, expected: int
) -> None:
    # given
    design, people, ids = _world(visibility)
    if isinstance(body, dict) and body.get("visibility") == "flip":
        body = {"visibility": "public" if visibility == "private" else "private"}
    before = _snapshot(design.pk)
    # when
    response = getattr(client_for(people[actor]), method)(
        path.format(id=design.pk, **ids), body, format="json", **headers
    )
    # then
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert "error" in response.json()
        assert _snapshot(design.pk) == before  # a refused request changed nothing
    elif method != "get":
        assert _snapshot(design.pk) != before  # an allowed write did something
    if expected == 401:
        assert response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["private", "public"])
def test_design_list_mine_shows_designs_shared_with_me(visibility: str) -> None:
    # given
    design, people, _ = _world(visibility)
    # when
    mine = {
        actor: [d["id"] for d in client_for(people[actor]).get("/api/designs/?scope=mine").json()["results"]]
        for actor in ACTORS
    }
    # then
    assert {actor for actor, ids in mine.items() if design.pk in ids} == VIEWERS


@pytest.mark.django_db
def test_design_detail_reports_the_callers_role() -> None:
    # given
    design, people, _ = _world("private")
    # when
    roles = {actor: client_for(people[actor]).get(f"/api/designs/{design.pk}/").json() for actor in VIEWERS}
    # then
    assert {actor: (body["role"], body["can_edit"], body["can_administer"]) for actor, body in roles.items()} == {
        "owner": ("owner", True, True),
        "editor": ("editor", True, False),
        "viewer": ("viewer", False, False),
        "team_owner": ("owner", True, True),
        "team_editor": ("editor", True, False),
        "team_viewer": ("viewer", False, False),
        "link_viewer": ("viewer", False, False),
    }


@pytest.mark.django_db
def test_share_link_joins_with_its_role_until_revoked() -> None:
    # given
    owner, guest, late = make_user("owner"), make_user("guest"), make_user("late")
    design = design_create(owner=owner, document=document())
    made = client_for(owner).post(f"/api/designs/{design.pk}/links/", {"role": "editor"}, format="json").json()
    # when
    joined = client_for(guest).post(f"/api/share/{made['secret']}/")
    edit = client_for(guest).patch(f"/api/designs/{design.pk}/", {"name": "Renamed"}, format="json", **IF_MATCH)
    revoke = client_for(owner).delete(f"/api/designs/{design.pk}/links/{made['id']}/")
    after = client_for(guest).get(f"/api/designs/{design.pk}/")
    rejoin = client_for(late).post(f"/api/share/{made['secret']}/")
    # then
    assert joined.status_code == 200 and joined.json() == {"design": design.pk, "role": "editor"}
    assert edit.status_code == 200
    assert revoke.status_code == 204
    assert after.status_code == 404
    assert rejoin.status_code == 404 and rejoin.json()["error"]["code"] == "link-invalid"
    assert made["url"] == f"/share/{made['secret']}"
    assert made["secret"] not in str(list(ShareLink.objects.values_list(flat=True)))


@pytest.mark.django_db
def test_transfer_makes_the_previous_owner_an_editor() -> None:
    # given
    alice, bob = make_user("alice"), make_user("bob")
    design = design_create(owner=alice, document=document())
    # when
    moved = client_for(alice).post(f"/api/designs/{design.pk}/transfer/", {"person": "bob"}, format="json")
    delete_by_alice = client_for(alice).delete(f"/api/designs/{design.pk}/")
    # then
    assert moved.status_code == 200
    assert moved.json()["owner"] == "bob"
    assert [(c["username"], c["role"]) for c in moved.json()["collaborators"]] == [("alice", "editor")]
    assert delete_by_alice.status_code == 403
    assert Design.objects.get(pk=design.pk).owner == bob


@pytest.mark.django_db
def test_invite_by_email_and_refusals_name_the_problem() -> None:
    # given
    owner = make_user("owner")
    carol = make_user("carol")
    carol.email = "carol@example.com"
    carol.save()
    design = design_create(owner=owner, document=document())
    client = client_for(owner)
    # when
    by_mail = client.post(
        f"/api/designs/{design.pk}/people/", {"person": "Carol@Example.com", "role": "editor"}, format="json"
    )
    unknown = client.post(f"/api/designs/{design.pk}/people/", {"person": "nobody", "role": "viewer"}, format="json")
    as_owner = client.post(f"/api/designs/{design.pk}/people/", {"person": "carol", "role": "owner"}, format="json")
    # then
    assert by_mail.status_code == 201 and by_mail.json()["username"] == "carol"
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "unknown-person"
    assert as_owner.status_code == 400 and "role" in as_owner.json()["error"]["message"]


@pytest.mark.django_db
def test_activity_lists_who_did_what() -> None:
    # given
    owner, editor = make_user("owner"), make_user("editor")
    design = design_create(owner=owner, document=document())
    client_for(owner).post(f"/api/designs/{design.pk}/people/", {"person": "editor", "role": "editor"}, format="json")
    client_for(editor).patch(f"/api/designs/{design.pk}/", {"name": "Renamed"}, format="json", **IF_MATCH)
    # when
    activity = client_for(owner).get(f"/api/designs/{design.pk}/activity/").json()["results"]
    # then
    assert [(a["actor"], a["verb"]) for a in activity] == [
        ("editor", "saved"),
        ("owner", "collaborator-added"),
        ("owner", "saved"),
    ]
    assert activity[1]["summary"] == "editor is now editor"


@pytest.mark.django_db
def test_team_members_are_managed_by_team_owners_only() -> None:
    # given
    boss, member, outsider = make_user("boss"), make_user("member"), make_user("outsider")
    team = client_for(boss).post("/api/teams/", {"name": "Data"}, format="json").json()
    client_for(boss).post(f"/api/teams/{team['id']}/members/", {"person": "member", "role": "editor"}, format="json")
    # when
    by_member = client_for(member).post(
        f"/api/teams/{team['id']}/members/", {"person": "outsider", "role": "viewer"}, format="json"
    )
    by_outsider = client_for(outsider).get(f"/api/teams/{team['id']}/")
    last_owner = client_for(boss).delete(f"/api/teams/{team['id']}/members/{boss.pk}/")
    # then
    assert by_member.status_code == 403
    assert by_outsider.status_code == 404
    assert last_owner.status_code == 409 and last_owner.json()["error"]["code"] == "last-owner"
    assert [m["username"] for m in client_for(member).get(f"/api/teams/{team['id']}/").json()["members"]] == [
        "boss",
        "member",
    ]
