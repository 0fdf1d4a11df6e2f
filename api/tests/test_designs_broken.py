"""A corpus of broken documents: each answers 400/413/415 naming the problem and its path, and
nothing saved before changes."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from explorer.models import Design, Revision
from explorer.services.designs import design_create
from explorer.tests.designs.support import DOCUMENT, client_for, make_user


def broken(mutate: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    data = copy.deepcopy(DOCUMENT)
    mutate(data)
    return data


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(depth):
        value = {"a": value}
    return value


MANY_NODES = broken(lambda d: d.update(nodes=[{"id": f"n{i}", "service": "kafka"} for i in range(5001)], flows=[]))
HUGE = broken(lambda d: d.update(description="x" * (2 * 1024 * 1024 + 10)))

# (label, document or raw text, expected status, error code, a path in details (or None), words in the message)
CORPUS: list[tuple[str, Any, int, str, str | None, str]] = [
    (
        "bad-json",
        '{"format": "kafkaesque.design/v1", "name": "x",\n "nodes": [}',
        400,
        "malformed-json",
        None,
        "line 2",
    ),
    ("nan", '{"format": "kafkaesque.design/v1", "name": NaN}', 400, "malformed-json", None, "NaN"),
    ("not-an-object", [], 400, "invalid-document", "$", "not of type 'object'"),
    ("wrong-format", broken(lambda d: d.update(format="v2")), 400, "invalid-document", "$.format", "design/v1"),
    ("nodes-not-a-list", broken(lambda d: d.update(nodes={})), 400, "invalid-document", "$.nodes", "not of type"),
    ("id-wrong-type", broken(lambda d: d["nodes"][0].update(id=7)), 400, "invalid-document", "$.nodes[0].id", "type"),
    ("bad-id", broken(lambda d: d["nodes"][1].update(id="Kafka!")), 400, "invalid-document", "$.nodes[1].id", "id"),
    (
        "missing-node-id",
        broken(lambda d: d["nodes"][1].pop("id")),
        400,
        "invalid-document",
        "$.nodes[1].id",
        "required",
    ),
    (
        "missing-flow-id",
        broken(lambda d: d["flows"][0].pop("id")),
        400,
        "invalid-document",
        "$.flows[0].id",
        "required",
    ),
    (
        "duplicate-node-id",
        broken(lambda d: d["nodes"][2].update(id="kafka")),
        400,
        "invalid-document",
        "$.nodes[2].id",
        "duplicate node id",
    ),
    (
        "duplicate-flow-id",
        broken(lambda d: d["flows"][1].update(id="produce")),
        400,
        "invalid-document",
        "$.flows[1].id",
        "duplicate flow id",
    ),
    (
        "duplicate-store",
        broken(lambda d: d["nodes"][1]["stores"].append({"name": "orders", "kind": "topic"})),
        400,
        "invalid-document",
        "$.nodes[1].stores[1].name",
        "duplicate store name",
    ),
    (
        "unknown-field",
        broken(lambda d: d["nodes"][0].update(colour="red")),
        400,
        "invalid-document",
        "$.nodes[0].colour",
        "unknown field",
    ),
    (
        "dangling-node",
        broken(lambda d: d["flows"][1].update(to="nowhere")),
        400,
        "unknown-reference",
        "$.flows[1].to",
        "'nowhere'",
    ),
    (
        "dangling-store",
        broken(lambda d: d["flows"][1].update(to="db/shop.missing")),
        400,
        "unknown-reference",
        "$.flows[1].to",
        "'shop.missing'",
    ),
    (
        "dangling-location",
        broken(lambda d: d["nodes"][0].update(location="mars")),
        400,
        "unknown-reference",
        "$.nodes[0].location",
        "'mars'",
    ),
    ("too-deep", broken(lambda d: d.update(extensions=nested(40))), 413, "limit-exceeded", "$", "nesting depth"),
    ("too-many-nodes", MANY_NODES, 413, "limit-exceeded", "$.nodes", "5001 nodes exceed the limit of 5000"),
    ("oversize", HUGE, 413, "limit-exceeded", "$", "exceeds the limit of 2097152 bytes"),
]


def _encode(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


@pytest.fixture
def saved() -> tuple[APIClient, Design]:
    owner = make_user("owner")
    return client_for(owner), design_create(owner=owner, document=copy.deepcopy(DOCUMENT))


def _assert_error(response: Any, status: int, code: str, path: str | None, words: str) -> None:
    assert response.status_code == status, response.content[:500]
    error = response.json()["error"]
    assert error["code"] == code
    assert words in error["message"] or any(words in item.get("message", "") for item in error.get("details", []))
    if path is not None:
        assert path in [item["path"] for item in error["details"]], error


def _assert_unchanged(design: Design) -> None:
    assert Design.objects.count() == 1
    design.refresh_from_db()
    revisions = Revision.objects.filter(design=design)
    assert revisions.count() == 1
    assert revisions.get().document == DOCUMENT
    assert design.name == DOCUMENT["name"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("document", "status", "code", "path", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in CORPUS],
)
def test_design_import_refuses_broken_documents(
    saved: tuple[APIClient, Design], document: Any, status: int, code: str, path: str | None, words: str
) -> None:
    # given
    client, design = saved
    # when
    response = client.post("/api/designs/import/", _encode(document), content_type="application/json")
    # then
    _assert_error(response, status, code, path, words)
    _assert_unchanged(design)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("document", "status", "code", "path", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in CORPUS],
)
def test_design_update_refuses_broken_documents(
    saved: tuple[APIClient, Design], document: Any, status: int, code: str, path: str | None, words: str
) -> None:
    # given
    client, design = saved
    body = (
        '{"document": ' + document + "}"
        if isinstance(document, str)
        else json.dumps({"document": document, "base_revision": 1})
    )
    # when
    response = client.put(f"/api/designs/{design.pk}/", body, content_type="application/json", HTTP_IF_MATCH='"r1"')
    # then
    if isinstance(document, str):
        # The envelope itself is malformed JSON now.
        assert response.status_code == 400 and response.json()["error"]["code"] == "malformed-json"
    else:
        _assert_error(response, status, code, path, words)
    _assert_unchanged(design)


@pytest.mark.django_db
def test_design_update_limits_come_from_settings(saved: tuple[APIClient, Design], settings: Any) -> None:
    # given
    client, design = saved
    settings.DESIGN_MAX_FLOWS = 1
    # when
    response = client.put(f"/api/designs/{design.pk}/", {"document": DOCUMENT, "base_revision": 1}, format="json")
    # then
    assert response.status_code == 413
    detail = response.json()["error"]["details"][0]
    assert (detail["path"], detail["limit"], detail["value"]) == ("$.flows", 1, 2)
    _assert_unchanged(design)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "status", "code", "words"),
    [
        pytest.param(
            '{"document": {}, "colour": 1}',
            "application/json",
            400,
            "invalid",
            "unknown field 'colour'",
            id="unknown-body-field",
        ),
        pytest.param(
            '{"document": {}, "base_revison": 1}', "application/json", 400, "invalid", "base_revison", id="typo"
        ),
        pytest.param(
            "name=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type", "Unsupported", id="form"
        ),
        pytest.param("<design/>", "text/xml", 415, "unsupported_media_type", "text/xml", id="xml"),
    ],
)
def test_design_update_refuses_bad_request_bodies(
    saved: tuple[APIClient, Design], body: str, content_type: str, status: int, code: str, words: str
) -> None:
    # given
    client, design = saved
    # when
    response = client.put(f"/api/designs/{design.pk}/", body, content_type=content_type, HTTP_IF_MATCH='"r1"')
    # then
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and words in error["message"]
    _assert_unchanged(design)


@pytest.mark.django_db
def test_design_body_over_limit_is_refused_before_parsing(saved: tuple[APIClient, Design], settings: Any) -> None:
    # given
    client, design = saved
    settings.DESIGN_MAX_BYTES = 500
    body = json.dumps({"document": DOCUMENT, "base_revision": 1})
    # when
    response = client.put(f"/api/designs/{design.pk}/", body, content_type="application/json")
    # then
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "limit-exceeded"
    assert f"request body of {len(body)} bytes exceeds the limit of 500 bytes" in error["message"]
    _assert_unchanged(design)


@pytest.mark.django_db
def test_design_update_accepts_well_formed_but_wrong_content(saved: tuple[APIClient, Design]) -> None:
    # given: a flow no mechanism supports and a topic name Kafka would refuse - drafts may be wrong
    client, design = saved
    data = copy.deepcopy(DOCUMENT)
    data["nodes"][1]["stores"][0]["name"] = "bad topic name!"
    data["flows"] = [{"id": "odd", "from": "db", "to": "shop", "mechanism": "mirrormaker2"}]
    # when
    response = client.put(f"/api/designs/{design.pk}/", {"document": data}, format="json", HTTP_IF_MATCH='"r1"')
    # then
    assert response.status_code == 200
    assert response.json()["revision"] == 2
