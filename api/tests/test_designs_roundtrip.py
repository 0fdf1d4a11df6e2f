"""Import -> export returns an equal document, unknown ``properties``/``extensions`` keys included."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from explorer.tests.designs.support import make_user

IDS = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
# PostgreSQL's jsonb refuses NUL; lone surrogates cannot be encoded as UTF-8.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=20)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    # PostgreSQL's jsonb keeps numbers as decimals: an integral float beyond 2**53 comes back as an int
    # that differs in the last digits, so floats stay within the range where both agree.
    | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)
    | TEXT
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4), max_leaves=12
)
FREEFORM = st.dictionaries(TEXT, VALUES, max_size=5)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """Valid documents with random free-form content and optional fields present or absent."""
    location_ids = draw(st.lists(IDS, unique=True, max_size=3))
    locations = []
    for location_id in location_ids:
        location: dict[str, Any] = {"id": location_id}
        for key in ("name", "provider", "region", "zone"):
            if draw(st.booleans()):
                location[key] = draw(TEXT.filter(bool) if key == "name" else st.none() | TEXT)
        locations.append(location)
    node_ids = draw(st.lists(IDS, unique=True, max_size=6))
    nodes = []
    for node_id in node_ids:
        node: dict[str, Any] = {"id": node_id, "service": draw(st.sampled_from(["kafka", "cassandra", "s3", "x-y"]))}
        if location_ids and draw(st.booleans()):
            node["location"] = draw(st.sampled_from(location_ids))
        if draw(st.booleans()):
            node["properties"] = draw(FREEFORM)
        if draw(st.booleans()):
            names = draw(st.lists(TEXT.filter(bool), unique=True, max_size=3))
            node["stores"] = [
                {"name": name, "kind": "topic", **({"properties": draw(FREEFORM)} if draw(st.booleans()) else {})}
                for name in names
            ]
        nodes.append(node)
    flows = []
    if nodes:
        for flow_id in draw(st.lists(IDS, unique=True, max_size=5)):
            source, sink = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
            flow: dict[str, Any] = {"id": flow_id, "from": source["id"], "to": sink["id"]}
            # The schema's endpoint pattern (`node/.+`) admits no line break in the store part, so only stores
            # whose names have none can be named by a valid document's flow.
            referable = [s for s in source.get("stores", []) if re.fullmatch(r".+", s["name"])]
            if referable and draw(st.booleans()):
                flow["from"] = f"{source['id']}/{draw(st.sampled_from(referable))['name']}"
            if draw(st.booleans()):
                flow["mechanism"] = draw(st.none() | IDS)
            if draw(st.booleans()):
                flow["properties"] = draw(FREEFORM)
            flows.append(flow)
    document: dict[str, Any] = {"format": "kafkaesque.design/v1", "name": draw(TEXT.filter(bool))}
    optional = {
        "description": TEXT,
        "locations": st.just(locations),
        "nodes": st.just(nodes),
        "flows": st.just(flows),
        "layout": st.dictionaries(
            IDS, st.fixed_dictionaries({"x": st.integers(-5000, 5000), "y": st.floats(-1e4, 1e4)})
        ),
        "extensions": FREEFORM,
    }
    for key, strategy in optional.items():
        if draw(st.booleans()) or key in ("nodes", "flows") or (key == "locations" and locations):
            document[key] = draw(strategy)
    return document


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=documents())
def test_design_import_then_export_returns_an_equal_document(data: dict[str, Any]) -> None:
    # given
    user, _ = get_user_model().objects.get_or_create(username="roundtrip")
    client = APIClient()
    client.force_authenticate(user=user)
    # when
    created = client.post("/api/designs/import/", json.dumps(data), content_type="application/json")
    assert created.status_code == 201, created.json()
    exported = client.get(f"/api/designs/{created.json()['id']}/document/?revision=1")
    # then
    assert exported.status_code == 200
    assert exported.json() == data
    assert created.json()["document"] == data


@pytest.mark.django_db
def test_design_export_of_each_revision_returns_what_was_saved() -> None:
    # given
    user = make_user("owner")
    client = APIClient()
    client.force_authenticate(user=user)
    first = {"format": "kafkaesque.design/v1", "name": "One", "extensions": {"x-tool": {"v": [1, 2.5, None]}}}
    second = {
        "format": "kafkaesque.design/v1",
        "name": "Two",
        "nodes": [{"id": "k", "service": "kafka", "properties": {"x-unknown": {"deep": True}}}],
    }
    design_id = client.post("/api/designs/import/", first, format="json").json()["id"]
    client.put(f"/api/designs/{design_id}/", {"document": second, "base_revision": 1}, format="json")
    # when
    exports = [client.get(f"/api/designs/{design_id}/document/?revision={n}") for n in (1, 2)]
    current = client.get(f"/api/designs/{design_id}/document/")
    # then
    assert [response.json() for response in exports] == [first, second]
    assert current.json() == second
    assert exports[0]["ETag"] == '"r1"'
