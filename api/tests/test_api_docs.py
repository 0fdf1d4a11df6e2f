"""The interactive API docs are self-contained: Swagger UI comes from our static files, not a CDN."""

import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_api_docs_load_swagger_ui_from_our_own_static_files() -> None:
    # when
    response = Client().get("/api/docs/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in src for src in sources)
    assert all(src.startswith("/static/") for src in sources), sources
    for src in sources:
        assert Client().get(src).status_code == 200, src


def test_openapi_schema_is_served_as_openapi_3() -> None:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
