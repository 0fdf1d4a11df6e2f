"""Design API behaviour: listing, revisions and ETags, restore, duplicate, diff, patterns, schemas."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

from explorer.models import Design, Revision
from explorer.services.designs import design_create
from explorer.tests.designs.support import DOCUMENT, client_for, document, make_user


@pytest.fixture
def owner() -> Any:
    return make_user("owner")


@pytest.fixture
def client(owner: Any) -> APIClient:
    return client_for(owner)


@pytest.fixture
def design(owner: Any) -> Design:
    return design_create(owner=owner, document=document())


@pytest.mark.django_db
def test_design_create_from_document_returns_revision_1_and_etag(client: APIClient) -> None:
    # given
    body = {"document": document(), "visibility": "public", "message": "first"}
    # when
    response = client.post("/api/designs/", body, format="json")
    # then
    assert response.status_code == 201
    assert response["ETag"] == '"r1"'
    assert response["Location"] == f"/api/designs/{response.json()['id']}/"
    data = response.json()
    assert (data["name"], data["visibility"], data["revision"], data["can_edit"]) == (
        "Orders pipeline",
        "public",
        1,
        True,
    )
    assert data["document"] == DOCUMENT


@pytest.mark.django_db
def test_design_create_with_only_a_name_makes_an_empty_document(client: APIClient) -> None:
    # when
    response = client.post("/api/designs/", {"name": "Blank"}, format="json")
    # then
    assert response.status_code == 201
    assert response.json()["document"]["name"] == "Blank"
    assert response.json()["document"]["nodes"] == []


@pytest.mark.django_db
def test_design_list_is_paginated_and_filters_by_name(owner: Any, client: APIClient) -> None:
    # given
    for index in range(55):
        design_create(owner=owner, document=document(name=f"Design {index:02d}"))
    design_create(owner=owner, document=document(name="Orders to Cassandra"))
    # when
    first = client.get("/api/designs/").json()
    second = client.get(first["next"]).json()
    found = client.get("/api/designs/?name=cassandra").json()
    # then
    assert first["count"] == 56 and len(first["results"]) == 50 and len(second["results"]) == 6
    assert first["results"][0]["name"] == "Orders to Cassandra"  # newest first
    assert [item["name"] for item in found["results"]] == ["Orders to Cassandra"]
    assert client.get("/api/designs/?scope=everything").status_code == 400


@pytest.mark.django_db
def test_design_get_honours_if_none_match(client: APIClient, design: Design) -> None:
    # when
    response = client.get(f"/api/designs/{design.pk}/", HTTP_IF_NONE_MATCH='"r1"')
    # then
    assert response.status_code == 304
    assert response["ETag"] == '"r1"'


@pytest.mark.django_db
def test_design_put_with_etag_saves_a_new_revision(client: APIClient, design: Design) -> None:
    # given
    changed = document(name="Orders v2")
    # when
    response = client.put(f"/api/designs/{design.pk}/", {"document": changed}, format="json", HTTP_IF_MATCH='"r1"')
    # then
    assert response.status_code == 200
    assert response["ETag"] == '"r2"'
    assert response.json()["name"] == "Orders v2"
    assert list(Revision.objects.filter(design=design).order_by("number").values_list("number", flat=True)) == [1, 2]
    assert Revision.objects.get(design=design, number=1).document == DOCUMENT


@pytest.mark.django_db
def test_design_put_from_a_stale_revision_answers_412_with_the_current_number(
    client: APIClient, design: Design
) -> None:
    # given
    client.put(f"/api/designs/{design.pk}/", {"document": document(name="A"), "base_revision": 1}, format="json")
    # when
    response = client.put(
        f"/api/designs/{design.pk}/", {"document": document(name="B"), "base_revision": 1}, format="json"
    )
    # then
    assert response.status_code == 412
    assert response.json()["error"]["code"] == "conflict"
    assert response.json()["error"]["details"]["current_revision"] == 2
    assert Design.objects.get(pk=design.pk).name == "A"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "body_extra", "status", "code"),
    [
        pytest.param({}, {}, 428, "precondition-required", id="missing"),
        pytest.param({"HTTP_IF_MATCH": "*"}, {}, 400, "invalid-if-match", id="star"),
        pytest.param({"HTTP_IF_MATCH": '"r1"'}, {"base_revision": 2}, 412, "conflict", id="disagree"),
        pytest.param({"HTTP_IF_MATCH": 'W/"r1"'}, {}, 200, None, id="weak-etag-accepted"),
    ],
)
def test_design_put_needs_one_consistent_base_revision(
    client: APIClient,
    design: Design,
    headers: dict[str, str],
    body_extra: dict[str, Any],
    status: int,
    code: str | None,
) -> None:
    # when
    response = client.put(
        f"/api/designs/{design.pk}/", {"document": document(), **body_extra}, format="json", **headers
    )
    # then
    assert response.status_code == status
    if code:
        assert response.json()["error"]["code"] == code


@pytest.mark.django_db
def test_design_patch_renames_with_a_revision_and_changes_visibility_without_one(
    client: APIClient, design: Design
) -> None:
    # when
    renamed = client.patch(f"/api/designs/{design.pk}/", {"name": "Renamed", "base_revision": 1}, format="json")
    shared = client.patch(f"/api/designs/{design.pk}/", {"visibility": "public"}, format="json", HTTP_IF_MATCH='"r2"')
    # then
    assert renamed.status_code == 200 and renamed.json()["revision"] == 2
    assert renamed.json()["document"]["name"] == "Renamed"
    assert shared.status_code == 200 and shared.json()["revision"] == 2
    assert shared.json()["visibility"] == "public"


@pytest.mark.django_db
def test_design_patch_of_visibility_alone_needs_no_base_revision_but_a_rename_does(
    client: APIClient, design: Design
) -> None:
    # when: the editor's Share dialog switches visibility, sending no revision (it is not part of the document)
    shared = client.patch(f"/api/designs/{design.pk}/", {"visibility": "public"}, format="json")
    unnamed = client.patch(f"/api/designs/{design.pk}/", {"name": "No base"}, format="json")
    stale = client.patch(f"/api/designs/{design.pk}/", {"visibility": "private"}, format="json", HTTP_IF_MATCH='"r9"')
    # then: visibility changes without one, a rename still needs one, and a base that is given is checked
    assert shared.status_code == 200 and shared.json()["visibility"] == "public"
    assert unnamed.status_code == 428 and unnamed.json()["error"]["code"] == "precondition-required"
    assert stale.status_code == 412
    assert Design.objects.get(pk=design.pk).visibility == "public"
    assert Design.objects.get(pk=design.pk).name != "No base"


@pytest.mark.django_db
def test_design_revisions_list_fetch_and_restore(client: APIClient, design: Design) -> None:
    # given
    client.put(f"/api/designs/{design.pk}/", {"document": document(name="Two"), "base_revision": 1}, format="json")
    # when
    listing = client.get(f"/api/designs/{design.pk}/revisions/").json()
    first = client.get(f"/api/designs/{design.pk}/revisions/1/").json()
    restored = client.post(f"/api/designs/{design.pk}/revisions/1/restore/", {}, format="json")
    stale = client.post(f"/api/designs/{design.pk}/revisions/1/restore/", {"base_revision": 1}, format="json")
    missing = client.get(f"/api/designs/{design.pk}/revisions/9/")
    # then
    assert [(item["number"], item["author"]) for item in listing] == [(2, "owner"), (1, "owner")]
    assert first["document"] == DOCUMENT
    assert restored.status_code == 201
    assert (restored.json()["revision"], restored.json()["name"]) == (3, "Orders pipeline")
    assert Revision.objects.get(design=design, number=3).message == "Restored revision 1"
    assert stale.status_code == 412
    assert missing.status_code == 404


@pytest.mark.django_db
def test_design_duplicate_copies_the_current_document_for_the_caller(design: Design) -> None:
    # given
    design.visibility = "public"
    design.save()
    other = make_user("other")
    # when
    response = client_for(other).post(f"/api/designs/{design.pk}/duplicate/", {}, format="json")
    # then
    assert response.status_code == 201
    data = response.json()
    assert (data["name"], data["owner"], data["visibility"], data["revision"]) == (
        "Copy of Orders pipeline",
        "other",
        "private",
        1,
    )
    assert data["document"]["nodes"] == DOCUMENT["nodes"]


@pytest.mark.django_db
def test_design_diff_reports_semantic_changes_between_revisions(client: APIClient, design: Design) -> None:
    # given
    changed = document()
    changed["nodes"][1]["properties"]["version"] = "4.0"
    changed["nodes"].append({"id": "lake", "service": "s3", "stores": [{"name": "raw/", "kind": "prefix"}]})
    changed["flows"].append(
        {"id": "archive", "from": "kafka/orders", "to": "lake/raw/", "mechanism": "connect-s3-sink"}
    )
    client.put(f"/api/designs/{design.pk}/", {"document": changed, "base_revision": 1}, format="json")
    # when
    response = client.get(f"/api/designs/{design.pk}/diff/?from=1&to=2")
    # then
    assert response.status_code == 200
    diff = response.json()
    assert diff["revisions"] == {"from": 1, "to": 2}
    assert diff["nodes"]["added"] == ["lake"]
    assert diff["stores"]["added"] == ["lake/raw/"]
    assert diff["flows"]["added"] == ["archive"]
    assert diff["nodes"]["changed"] == [
        {"id": "kafka", "changes": [{"field": "properties.version", "before": "3.9", "after": "4.0"}]}
    ]
    assert client.get(f"/api/designs/{design.pk}/diff/?from=1").status_code == 400
    assert client.get(f"/api/designs/{design.pk}/diff/?from=1&to=7").status_code == 404


@pytest.mark.django_db
def test_design_diff_to_an_unsaved_document_is_the_same_semantic_diff(client: APIClient, design: Design) -> None:
    # given a document on someone's screen, not saved: a store added to Kafka, a flow removed
    unsaved = document()
    unsaved["nodes"][1]["stores"].append({"name": "payments", "kind": "topic"})
    unsaved["flows"] = [flow for flow in unsaved["flows"] if flow["id"] != "sink"]
    # when
    response = client.post(f"/api/designs/{design.pk}/diff/", {"from_revision": 1, "document": unsaved}, format="json")
    # then nothing was saved, and the diff names what differs
    assert response.status_code == 200, response.json()
    diff = response.json()
    assert diff["revisions"] == {"from": 1, "to": 0}
    assert diff["stores"]["added"] == ["kafka/payments"]
    assert diff["flows"]["removed"] == ["sink"]
    assert diff["nodes"] == {"added": [], "removed": [], "changed": []}
    assert Revision.objects.filter(design=design).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"from_revision": 1},
        {"document": DOCUMENT},
        {"from_revision": 0, "document": DOCUMENT},
        {"from_revision": 1, "document": {"format": "kafkaesque.design/v1", "nodes": "no"}},
        {"from_revision": 1, "document": DOCUMENT, "to": 2},
    ],
)
def test_design_diff_to_a_document_refuses_what_it_cannot_compare(
    client: APIClient, design: Design, body: dict[str, Any]
) -> None:
    # when
    response = client.post(f"/api/designs/{design.pk}/diff/", body, format="json")
    # then
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.django_db
def test_design_diff_to_a_document_needs_the_design_visible_and_the_revision_to_exist(design: Design) -> None:
    # given someone else, and the owner
    stranger = client_for(make_user("stranger"))
    owner = client_for(design.owner)
    body = {"from_revision": 1, "document": DOCUMENT}
    # then a private design of someone else is not found, and so is a revision that does not exist
    assert stranger.post(f"/api/designs/{design.pk}/diff/", body, format="json").status_code == 404
    assert owner.post(f"/api/designs/{design.pk}/diff/", {**body, "from_revision": 9}, format="json").status_code == 404


@pytest.mark.django_db
def test_design_delete_removes_it_and_its_history(client: APIClient, design: Design) -> None:
    # when
    response = client.delete(f"/api/designs/{design.pk}/")
    # then
    assert response.status_code == 204
    assert not Design.objects.filter(pk=design.pk).exists()
    assert not Revision.objects.filter(design_id=design.pk).exists()
    assert client.get(f"/api/designs/{design.pk}/").status_code == 404


@pytest.mark.django_db
def test_patterns_list_get_and_instantiate(client: APIClient) -> None:
    # when
    listing = client.get("/api/patterns/").json()
    buffer = client.get("/api/patterns/kafka-buffer/").json()
    created = client.post("/api/patterns/active-active-mm2-default/instantiate/", {"name": "My AA"}, format="json")
    # then
    slugs = [item["slug"] for item in listing]
    assert slugs == sorted(slugs) and "kafka-as-database" in slugs and len(slugs) >= 12
    entry = next(item for item in listing if item["slug"] == "active-active-identity")
    assert entry["expected_verdict"] == "impossible" and entry["node_count"] == 6
    assert buffer["extensions"]["pattern"]["title"] == "Kafka as a temporary buffer"
    assert created.status_code == 201
    assert created.json()["name"] == "My AA" and created.json()["revision"] == 1
    assert len(created.json()["document"]["flows"]) == 8
    assert client.get("/api/patterns/nope/").status_code == 404


@pytest.mark.django_db
def test_design_schema_is_served_and_validates_the_example(client: APIClient) -> None:
    # when
    response = APIClient().get("/api/schema/design-v1.json")
    # then
    assert response.status_code == 200
    schema = response.json()
    Draft202012Validator.check_schema(schema)
    assert list(Draft202012Validator(schema).iter_errors(copy.deepcopy(DOCUMENT))) == []


@pytest.mark.django_db
def test_openapi_schema_documents_the_design_endpoints() -> None:
    # when
    response = APIClient().get("/api/schema/")
    # then
    assert response.status_code == 200
    spec = yaml.safe_load(response.content)
    paths = spec["paths"]
    put = paths["/api/designs/{design_id}/"]["put"]
    assert {"200", "400", "412", "428"} <= set(put["responses"])
    assert put["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("DesignUpdateInputRequest")
    for path in (
        "/api/designs/",
        "/api/designs/import/",
        "/api/designs/{design_id}/revisions/{number}/restore/",
        "/api/designs/{design_id}/diff/",
        "/api/patterns/{slug}/instantiate/",
        "/api/auth/login/",
        "/api/auth/token/",
    ):
        assert path in paths, path


@pytest.mark.django_db
def test_design_list_queries_do_not_grow_with_the_number_of_designs(owner: Any, client: APIClient) -> None:
    # given one design, listed once
    design_create(owner=owner, document=document(name="First"))
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/designs/").json()["count"] == 1
    # when ten more designs by two owners are listed
    other = make_user("other")
    for number in range(10):
        design_create(owner=owner if number % 2 else other, document=document(name=f"D{number}"), visibility="public")
    with CaptureQueriesContext(connection) as eleven:
        body = client.get("/api/designs/").json()
    # then the page has them all, with owner and revision, for the same number of queries
    assert body["count"] == 11
    assert {item["owner"] for item in body["results"]} == {"owner", "other"}
    assert {item["revision"] for item in body["results"]} == {1}
    assert len(eleven.captured_queries) == len(one.captured_queries)
    # and no revision document is read for a list
    assert not any('"document"' in query["sql"] for query in eleven.captured_queries)


@pytest.mark.django_db
def test_design_create_unknown_fields_are_named_at_their_json_path(client: APIClient) -> None:
    # when a body carries a misspelt field and one whose name is no identifier
    response = client.post("/api/designs/", {"name": "X", "base_revison": 1, "bad.key": 2}, format="json")
    # then each is refused at a path that points at exactly that key
    assert response.status_code == 400
    details = {item["path"]: item["message"] for item in response.json()["error"]["details"]}
    assert set(details) == {"$.base_revison", '$["bad.key"]'}
    assert details['$["bad.key"]'].startswith("unknown field 'bad.key'")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"name": 7}, id="name-a-number"),
        pytest.param({"name": True, "document": DOCUMENT}, id="name-a-boolean"),
        pytest.param({"name": "   "}, id="name-blank-once-trimmed"),
        pytest.param(
            {"name": "ok", "document": {**DOCUMENT, "description": "x" * 20001}}, id="own-description-too-long"
        ),
    ],
)
def test_design_create_refuses_what_the_schema_refuses(client: APIClient, body: dict[str, Any]) -> None:
    # when a request the OpenAPI schema calls invalid is sent
    response = client.post("/api/designs/", body, format="json")
    # then it is refused, and nothing is saved
    assert response.status_code == 400, response.json()
    assert not Design.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["null", "[]", "0"])
def test_design_body_that_is_no_object_is_refused(client: APIClient, design: Design, body: str) -> None:
    # when
    imported = client.post("/api/designs/import/", body, content_type="application/json")
    restored = client.post(f"/api/designs/{design.pk}/revisions/1/restore/", body, content_type="application/json")
    duplicated = client.post(f"/api/designs/{design.pk}/duplicate/", body, content_type="application/json")
    # then none of them makes a design or a revision
    assert (imported.status_code, restored.status_code, duplicated.status_code) == (400, 400, 400)
    assert Design.objects.count() == 1 and design.revisions.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "-1", "x", ""])
def test_design_list_refuses_a_page_below_1(client: APIClient, page: str) -> None:
    # when
    response = client.get("/api/designs/", {"page": page})
    # then
    assert response.status_code == 400
    assert "page" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_design_list_sorts_by_name_or_last_change_either_way(owner: Any, client: APIClient) -> None:
    # given three designs made in this order, the middle one changed last
    for name in ("banana", "Apple", "cherry"):
        design_create(owner=owner, document=document(name=name))
    banana = Design.objects.get(name="banana")
    edited = document(name="banana", description="ripe")
    client.put(f"/api/designs/{banana.pk}/", {"document": edited, "base_revision": 1}, format="json")

    def names(ordering: str) -> list[str]:
        return [item["name"] for item in client.get("/api/designs/", {"ordering": ordering}).json()["results"]]

    # then
    assert names("name") == ["Apple", "banana", "cherry"]  # case does not count
    assert names("-name") == ["cherry", "banana", "Apple"]
    assert names("-updated") == ["banana", "cherry", "Apple"]
    assert names("updated") == ["Apple", "cherry", "banana"]
    assert [item["name"] for item in client.get("/api/designs/").json()["results"]] == names("-updated")


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["", "size", "NAME", "-id"])
def test_design_list_refuses_an_ordering_that_is_not_offered(client: APIClient, ordering: str) -> None:
    # when
    response = client.get("/api/designs/", {"ordering": ordering})
    # then
    assert response.status_code == 400
    assert "ordering" in response.json()["error"]["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("scope", ["", "all", "MINE"])
def test_design_list_refuses_a_scope_that_is_not_offered(client: APIClient, scope: str) -> None:
    # when
    response = client.get("/api/designs/", {"scope": scope})
    # then
    assert response.status_code == 400
    assert "scope" in response.json()["error"]["message"]
