"""Shared helpers for design tests: users, clients, a valid document, a saved design."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from explorer.models import Design
from explorer.services.designs import design_create

DOCUMENT: dict[str, Any] = {
    "format": "kafkaesque.design/v1",
    "name": "Orders pipeline",
    "description": "Orders from the shop into Kafka, then Cassandra.",
    "locations": [{"id": "fra", "name": "Frankfurt", "provider": "aws", "region": "eu-central-1"}],
    "nodes": [
        {"id": "shop", "service": "event-source", "name": "Shop", "location": "fra"},
        {
            "id": "kafka",
            "service": "kafka",
            "name": "Kafka",
            "location": "fra",
            "properties": {"version": "3.9"},
            "stores": [{"name": "orders", "kind": "topic", "properties": {"partitions": 6}}],
        },
        {
            "id": "db",
            "service": "cassandra",
            "name": "Orders DB",
            "location": "fra",
            "stores": [{"name": "shop.orders", "kind": "table"}],
        },
    ],
    "flows": [
        {"id": "produce", "from": "shop", "to": "kafka/orders", "mechanism": "kafka-client"},
        {"id": "sink", "from": "kafka/orders", "to": "db/shop.orders", "mechanism": "connect-cassandra-sink"},
    ],
    "layout": {"shop": {"x": 0, "y": 0}, "kafka": {"x": 260, "y": 0}, "db": {"x": 520, "y": 0}},
    "extensions": {},
}


def document(**changes: Any) -> dict[str, Any]:
    """A fresh copy of the valid document, with top-level keys replaced."""
    data = copy.deepcopy(DOCUMENT)
    data.update(changes)
    return data


def make_user(username: str, password: str | None = None) -> Any:
    """A user; without a password unless given (hashing one costs time and most tests force-authenticate)."""
    return get_user_model().objects.create_user(username=username, password=password)


def client_for(user: Any | None) -> APIClient:
    """An API client signed in as ``user`` (anonymous when None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def owner() -> Any:
    return make_user("owner")


@pytest.fixture
def other() -> Any:
    return make_user("other")


@pytest.fixture
def owner_client(owner: Any) -> APIClient:
    return client_for(owner)


@pytest.fixture
def other_client(other: Any) -> APIClient:
    return client_for(other)


@pytest.fixture
def anon_client() -> APIClient:
    return APIClient()


@pytest.fixture
def design(owner: Any) -> Design:
    return design_create(owner=owner, document=document())


@pytest.fixture
def public_design(owner: Any) -> Design:
    return design_create(owner=owner, document=document(name="Public pipeline"), visibility="public")
