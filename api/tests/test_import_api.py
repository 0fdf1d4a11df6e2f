"""POST /api/import/mm2/ turns a running MM2 configuration into a design; then it can be analysed and saved."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

IDENTITY = """\
clusters = east, west
east->west.enabled = true
east->west.topics = orders
west->east.enabled = true
west->east.topics = orders
replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy
"""


@pytest.mark.django_db
def test_imported_mm2_topology_is_analysed_as_an_event_loop_and_can_be_saved() -> None:
    # given an mm2.properties with identity replication both ways
    client = APIClient()
    # when it is imported
    imported = client.post("/api/import/mm2/", {"properties": IDENTITY, "name": "Prod MM2"}, format="json")
    # then a design document comes back, which the analysis finds loops
    assert imported.status_code == 200, imported.content
    document = imported.json()["document"]
    assert document["name"] == "Prod MM2"
    analysed = client.post("/api/analyze/", document, format="json")
    assert analysed.status_code == 200, analysed.content
    assert analysed.json()["verdict"] == "impossible"
    assert [f["code"] for f in analysed.json()["findings"] if f["severity"] == "error"] == ["event-loop"]
    # and a signed-in user can save it as a design
    client.force_authenticate(get_user_model().objects.create_user("ann", password="pw-ann-12345"))
    saved = client.post("/api/designs/import/", document, format="json")
    assert saved.status_code == 201, saved.content


@pytest.mark.django_db
def test_a_file_without_clusters_is_refused_with_what_is_missing_and_the_line() -> None:
    response = APIClient().post("/api/import/mm2/", {"properties": "a->b.enabled = true\nclusters =\n"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid-mm2-properties"
    assert "no 'clusters' list" in error["message"]
    assert error["details"][0]["line"] == 2
