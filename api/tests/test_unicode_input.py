"""Text that is not valid Unicode is refused with a path, on every way in, and nothing saved changes."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

LONE = '{"format": "kafkaesque.design/v1", "name": "bad \\ud800", "nodes": [], "flows": []}'


@pytest.fixture
def client() -> APIClient:
    user = get_user_model().objects.create_user("ann", password="pw-ann-12345")
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.django_db
def test_analyze_refuses_a_lone_surrogate_with_its_path(client: APIClient) -> None:
    # when
    response = client.post("/api/analyze/", LONE, content_type="application/json")
    # then
    assert response.status_code == 400
    details = response.json()["error"]["details"]
    assert any(d["path"] == "$.name" and "surrogate" in d["message"] for d in details)


@pytest.mark.django_db
def test_saving_a_lone_surrogate_is_refused_and_the_saved_design_is_kept(client: APIClient) -> None:
    # given a saved design
    good = {"format": "kafkaesque.design/v1", "name": "good", "nodes": [], "flows": []}
    created = client.post("/api/designs/", {"document": good}, format="json")
    assert created.status_code == 201, created.content
    design_id = created.json()["id"]
    etag = created.headers["ETag"]
    # when an update carries a lone surrogate
    body = '{"document": ' + LONE + "}"
    response = client.put(f"/api/designs/{design_id}/", body, content_type="application/json", HTTP_IF_MATCH=etag)
    # then it is refused with the path, and the saved document is unchanged
    assert response.status_code == 400, response.content
    assert "surrogate" in response.content.decode()
    again = client.get(f"/api/designs/{design_id}/").json()
    assert again["document"]["name"] == "good"
