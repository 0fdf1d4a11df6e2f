"""Hostile input the fuzzer found: each answers 400/404 in the error shape, never 500, and saves nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from explorer.models import Design
from explorer.tests.jobs.factories import DOCUMENT, make_design, make_user

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_design_list_name_with_nul_is_refused():
    # given a signed-in user
    api = _client(make_user())
    # when the name filter holds a NUL character (PostgreSQL cannot compare it)
    response = api.get("/api/designs/?name=a%00b")
    # then a 400 names the parameter
    assert response.status_code == 400
    assert "'name'" in response.json()["error"]["message"]


@pytest.mark.parametrize("url", ["/api/designs/import/", "/api/designs/"])
def test_document_with_nul_is_refused_with_its_path(url):
    # given a valid document whose name holds a NUL character
    user = make_user()
    document = {**DOCUMENT, "name": "Orders\u0000"}
    body = document if url.endswith("import/") else {"document": document}
    # when it is saved
    response = _client(user).post(url, body, format="json")
    # then it is refused with the JSON path, and nothing is saved
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["details"][0]["path"] == "$.name"
    assert "NUL" in error["message"]
    assert not Design.objects.exists()


@pytest.mark.parametrize(
    ("url", "body", "path"),
    [
        ("/api/analyze/", '{"format": "\\udc00"}', "$.format"),
        ("/api/designs/", '{"name": "ok", "\\ud800": 1}', "ud800"),
        ("/api/auth/token/", '{"username": "\\udc00", "password": "x"}', "$.username"),
        ("/api/auth/token/", '{"\\udc00": "x"}', "udc00"),
    ],
)
def test_lone_surrogate_in_a_body_is_refused_with_its_path(url, body, path):
    # given a JSON body escaping a lone UTF-16 surrogate, which no encoder accepts
    api = _client(make_user())
    # when it is sent
    response = api.post(url, body, content_type="application/json")
    # then a 400 names where it is (a key is shown escaped)
    assert response.status_code == 400, response.content
    details = response.json()["error"]["details"]
    assert path in details[0]["path"].lower()
    assert "surrogate" in details[0]["message"]


@pytest.mark.parametrize("query", ["revision=%C2%B2", "revision=x"])
@pytest.mark.parametrize("endpoint", ["document/", "export"])
def test_revision_that_is_no_number_is_refused(endpoint, query):
    # given a design
    user = make_user()
    design = make_design(user)
    # when the revision is a superscript two, which str.isdigit() accepts and int() does not
    response = _client(user).get(f"/api/designs/{design.pk}/{endpoint}?{query}")
    # then a 400 names the parameter
    assert response.status_code == 400
    assert "'revision'" in response.json()["error"]["message"]


@pytest.mark.parametrize(("page", "status"), [("0", 400), ("%C2%B2", 400), ("abc", 400), ("9", 404), ("1", 200)])
def test_design_list_page_is_checked(page, status):
    # given one design
    user = make_user()
    make_design(user)
    # when a page is asked for
    response = _client(user).get(f"/api/designs/?page={page}")
    # then a bad number is a 400 naming it, a page past the end a 404, both in the error shape
    assert response.status_code == status
    if status != 200:
        assert "'page'" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/designs/1/revisions/null/",
        "/api/patterns/%C2%8D%2A/",
        "/api/patterns/a%0Ab/",
        "/api/designs/-1/",
        "/api/x/",
    ],
)
def test_unknown_api_path_answers_json_404(path):
    # given any client
    api = _client(make_user())
    # when a path no route takes is asked for (a non-numeric id, a slug with odd characters)
    response = api.post(path, {}, format="json")
    # then the 404 is in the API's error shape, not an HTML page
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not-found"


def test_unknown_api_path_without_slash_suggests_the_slash():
    # given a design
    user = make_user()
    design = make_design(user)
    # when its URL is asked for without the trailing slash
    response = _client(user).get(f"/api/designs/{design.pk}")
    # then the 404 says which URL was meant
    assert response.status_code == 404
    assert f"/api/designs/{design.pk}/" in response.json()["error"]["message"]


def test_garbled_content_length_is_not_a_server_error():
    # given a signed-in user
    api = _client(make_user())
    # when the Content-Length header is not a number
    response = api.generic(
        "POST", "/api/analyze/", json.dumps(DOCUMENT), content_type="application/json", CONTENT_LENGTH="abc"
    )
    # then the request is answered (not a 500)
    assert response.status_code < 500
