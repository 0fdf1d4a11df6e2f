"""Small builders for job tests: a user, a design with one revision."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth import get_user_model

from explorer.models import Design, Revision

DOCUMENT: dict[str, Any] = {
    "format": "kafkaesque.design/v1",
    "name": "Events into Cassandra",
    "nodes": [
        {"id": "devices", "service": "event-source", "name": "Devices"},
        {"id": "kafka", "service": "kafka", "name": "Kafka", "stores": [{"name": "events", "kind": "topic"}]},
        {"id": "db", "service": "cassandra", "name": "DB", "stores": [{"name": "shop.events", "kind": "table"}]},
    ],
    "flows": [
        {"id": "ingest", "from": "devices", "to": "kafka/events", "mechanism": "kafka-client"},
        {"id": "store", "from": "kafka/events", "to": "db/shop.events", "mechanism": "connect-cassandra-sink"},
    ],
}


def make_user(username: str = "alice") -> Any:
    """A user with a known password."""
    return get_user_model().objects.create_user(username=username, password="pw-" + username + "-12345")


def make_design(owner: Any, *, document: dict[str, Any] | None = None, public: bool = False) -> Design:
    """A design with revision 1 holding ``document`` (the small pipeline by default)."""
    body = copy.deepcopy(document or DOCUMENT)
    design = Design.objects.create(
        owner=owner,
        name=body["name"],
        visibility=Design.Visibility.PUBLIC if public else Design.Visibility.PRIVATE,
    )
    revision = Revision.objects.create(design=design, number=1, document=body, author=owner)
    design.current_revision = revision
    design.save(update_fields=["current_revision"])
    return design
