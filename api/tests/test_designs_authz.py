"""Authorization matrix: owner, another user and anonymous against every design endpoint and method.

Private designs are invisible to others (404, never 403, so their existence is not revealed);
public designs are readable by anyone and writable only by the owner; anonymous callers cannot
write at all (401 with ``WWW-Authenticate: Token``).
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from explorer.models import Design, Revision
from explorer.services.designs import design_create
from explorer.tests.designs.support import client_for, document, make_user

ACTORS = ("owner", "other", "anonymous")

# (label, method, path template, body, headers, {(actor, visibility): expected status})
# ``{id}`` is the design, revision 1 always exists.
READ = {
    ("owner", "private"): 200,
    ("owner", "public"): 200,
    ("other", "private"): 404,
    ("other", "public"): 200,
    ("anonymous", "private"): 404,
    ("anonymous", "public"): 200,
}


def write(ok: int) -> dict[tuple[str, str], int]:
    return {
        ("owner", "private"): ok,
        ("owner", "public"): ok,
        ("other", "private"): 404,
        ("other", "public"): 403,
        ("anonymous", "private"): 401,
        ("anonymous", "public"): 401,
    }


IF_MATCH = {"HTTP_IF_MATCH": '"r1"'}
ENDPOINTS: list[tuple[str, str, str, Any, dict[str, str], dict[tuple[str, str], int]]] = [
    ("detail", "get", "/api/designs/{id}/", None, {}, READ),
    ("revisions", "get", "/api/designs/{id}/revisions/", None, {}, READ),
    ("revision", "get", "/api/designs/{id}/revisions/1/", None, {}, READ),
    ("document", "get", "/api/designs/{id}/document/?revision=1", None, {}, READ),
    ("diff", "get", "/api/designs/{id}/diff/?from=1&to=1", None, {}, READ),
    ("put", "put", "/api/designs/{id}/", {"document": document(name="Changed")}, IF_MATCH, write(200)),
    ("patch", "patch", "/api/designs/{id}/", {"name": "Changed"}, IF_MATCH, write(200)),
    ("delete", "delete", "/api/designs/{id}/", None, {}, write(204)),
    ("restore", "post", "/api/designs/{id}/revisions/1/restore/", {}, {}, write(201)),
    (
        "duplicate",
        "post",
        "/api/designs/{id}/duplicate/",
        {},
        {},
        {**write(201), ("other", "public"): 201},
    ),
]
CELLS = [
    pytest.param(
        method, path, body, headers, actor, visibility, table[(actor, visibility)], id=f"{label}-{actor}-{visibility}"
    )
    for label, method, path, body, headers, table in ENDPOINTS
    for actor in ACTORS
    for visibility in ("private", "public")
]


@pytest.fixture
def people() -> dict[str, Any]:
    return {"owner": make_user("owner"), "other": make_user("other"), "anonymous": None}


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "headers", "actor", "visibility", "expected"), CELLS)
def test_design_endpoint_authorization(
    people: dict[str, Any],
    method: str,
    path: str,
    body: Any,
    headers: dict[str, str],
    actor: str,
    visibility: str,
    expected: int,
) -> None:
    # given
    design = design_create(owner=people["owner"], document=document(), visibility=visibility)
    client = client_for(people[actor])
    # when
    response = getattr(client, method)(path.format(id=design.pk), body, format="json", **headers)
    # then
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert "error" in response.json()
        # a refused request changed nothing
        design.refresh_from_db()
        assert design.name == "Orders pipeline"
        assert Revision.objects.filter(design=design).count() == 1
    if expected == 401:
        assert response["WWW-Authenticate"] == "Token"


COLLECTION = [
    ("create", "post", "/api/designs/", {"document": document()}, {"owner": 201, "other": 201, "anonymous": 401}),
    ("import", "post", "/api/designs/import/", document(), {"owner": 201, "other": 201, "anonymous": 401}),
    ("list", "get", "/api/designs/", None, {"owner": 200, "other": 200, "anonymous": 200}),
    ("patterns", "get", "/api/patterns/", None, {"owner": 200, "other": 200, "anonymous": 200}),
    ("pattern", "get", "/api/patterns/kafka-buffer/", None, {"owner": 200, "other": 200, "anonymous": 200}),
    (
        "instantiate",
        "post",
        "/api/patterns/kafka-buffer/instantiate/",
        {},
        {"owner": 201, "other": 201, "anonymous": 401},
    ),
    ("schema", "get", "/api/schema/design-v1.json", None, {"owner": 200, "other": 200, "anonymous": 200}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "body", "actor", "expected"),
    [
        pytest.param(method, path, body, actor, table[actor], id=f"{label}-{actor}")
        for label, method, path, body, table in COLLECTION
        for actor in ACTORS
    ],
)
def test_collection_endpoint_authorization(
    people: dict[str, Any], method: str, path: str, body: Any, actor: str, expected: int
) -> None:
    # given
    client = client_for(people[actor])
    before = Design.objects.count()
    # when
    response = getattr(client, method)(path, body, format="json")
    # then
    assert response.status_code == expected, response.content
    assert Design.objects.count() == before + (1 if expected == 201 else 0)


@pytest.mark.django_db
def test_design_list_shows_each_caller_only_what_they_may_read(people: dict[str, Any]) -> None:
    # given
    design_create(owner=people["owner"], document=document(name="Owner private"))
    design_create(owner=people["owner"], document=document(name="Owner public"), visibility="public")
    design_create(owner=people["other"], document=document(name="Other private"))

    def names(client: APIClient, query: str = "") -> list[str]:
        return sorted(item["name"] for item in client.get(f"/api/designs/{query}").json()["results"])

    # when / then
    assert names(client_for(people["owner"])) == ["Owner private", "Owner public"]
    assert names(client_for(people["other"])) == ["Other private", "Owner public"]
    assert names(client_for(None)) == ["Owner public"]
    assert names(client_for(people["other"]), "?scope=mine") == ["Other private"]
    assert names(client_for(people["other"]), "?scope=public") == ["Owner public"]
    assert names(client_for(None), "?scope=mine") == []
