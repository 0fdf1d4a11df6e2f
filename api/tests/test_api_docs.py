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
    # the page's own start-up script is served by the docs view itself (no inline script, for the CSP)
    assert all(src.startswith("/static/") or src == "/api/docs/?script=" for src in sources), sources
    for src in sources:
        assert Client().get(src).status_code == 200, src


def test_openapi_schema_is_served_as_openapi_3() -> None:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def _schema() -> dict:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_openapi_design_document_is_the_design_json_schema() -> None:
    # given the JSON Schema the server validates documents with
    design_schema = Client().get("/api/schema/design-v1.json").json()
    # when the OpenAPI schema is read
    components = _schema()["components"]["schemas"]
    create = components["DesignCreateInputRequest"]
    # then a design document is that schema, with its format, its required keys and the limits
    assert create["properties"]["document"]["allOf"] == [{"$ref": "#/components/schemas/DesignV1"}]
    assert components["DesignV1"]["properties"]["format"]["enum"] == ["kafkaesque.design/v1"]
    assert components["DesignV1"]["required"] == design_schema["required"]
    assert components["DesignV1"]["properties"]["nodes"]["items"] == {"$ref": "#/components/schemas/DesignV1Node"}
    assert components["DesignV1"]["properties"]["nodes"]["maxItems"] == 5000
    assert components["DesignV1Node"]["properties"]["location"]["nullable"] is True
    parts = {name for name in components if name.startswith("DesignV1") and name != "DesignV1"}
    assert parts == {"DesignV1" + name[0].upper() + name[1:] for name in design_schema["$defs"]}


def test_openapi_documents_401_wherever_a_token_is_read() -> None:
    # when
    paths = _schema()["paths"]
    # then every operation that accepts a token documents the answer to a bad one
    missing = [
        f"{method.upper()} {path}"
        for path, item in paths.items()
        for method, operation in item.items()
        if any("tokenAuth" in requirement for requirement in operation.get("security", []))
        and "401" not in operation["responses"]
    ]
    assert missing == []
    assert "401" in paths["/api/patterns/"]["get"]["responses"]


def test_openapi_links_lead_from_a_created_design_to_its_operations() -> None:
    # when
    paths = _schema()["paths"]
    links = paths["/api/designs/"]["post"]["responses"]["201"]["links"]
    # then
    assert links["GetDesign"] == {"operationId": "designs_retrieve", "parameters": {"design_id": "$response.body#/id"}}
    assert links["AnalyseDesign"]["operationId"] == "designs_analyses_create"
    job_links = paths["/api/designs/{design_id}/bundles/"]["post"]["responses"]["202"]["links"]
    assert job_links["GetJob"]["parameters"] == {"job_id": "$response.body#/job"}


def test_openapi_declares_the_bounds_the_server_enforces() -> None:
    # when
    schema = _schema()
    page = next(p for p in schema["paths"]["/api/designs/"]["get"]["parameters"] if p["name"] == "page")
    mm2 = schema["components"]["schemas"]["Mm2ImportInRequest"]["properties"]["properties"]
    create = schema["components"]["schemas"]["DesignCreateInputRequest"]
    # then
    assert page["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    assert "clusters" in mm2["pattern"]
    assert create["additionalProperties"] is False
    assert create["anyOf"] == [{"required": ["document"]}, {"required": ["name"]}]


def test_openapi_documents_429_with_retry_after_on_the_credential_endpoints() -> None:
    # given
    paths = _schema()["paths"]
    # then
    for path in ("/api/auth/login/", "/api/auth/token/"):
        throttled = paths[path]["post"]["responses"]["429"]
        assert throttled["headers"]["Retry-After"]["required"] is True, path
        assert throttled["headers"]["Retry-After"]["schema"]["type"] == "integer", path
