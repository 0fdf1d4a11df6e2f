"""Catalog endpoints, as a browser or a CI tool sees them. No database is touched."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from catalog import default_catalog


@pytest.fixture
def client() -> APIClient:
    return APIClient()


def test_catalog_get_returns_services_mechanisms_and_version(client: APIClient) -> None:
    # when fetching the catalog
    response = client.get("/api/catalog/")
    # then it holds every service and mechanism, sorted, with the version as ETag
    assert response.status_code == 200
    body = response.json()
    version = default_catalog().version
    assert body["version"] == version
    assert response["ETag"] == f'"{version}"'
    service_ids = [service["id"] for service in body["services"]]
    assert service_ids == sorted(service_ids)
    assert {"kafka", "cassandra", "kibana", "s3", "event-source"} <= set(service_ids)
    mm2 = next(mechanism for mechanism in body["mechanisms"] if mechanism["id"] == "mirrormaker2")
    assert mm2["renames"] is True
    assert mm2["pairs"][0]["source"] == "kafka" and mm2["pairs"][0]["evidence"]


def test_catalog_get_with_current_etag_answers_304(client: APIClient) -> None:
    # given the ETag of a first answer
    etag = client.get("/api/catalog/")["ETag"]
    # when asking again with If-None-Match
    response = client.get("/api/catalog/", HTTP_IF_NONE_MATCH=etag)
    # then nothing is sent again
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_catalog_get_with_weak_or_listed_etag_answers_304(client: APIClient) -> None:
    # given a client holding the ETag among others, in weak form
    etag = client.get("/api/catalog/")["ETag"]
    # when it revalidates
    response = client.get("/api/catalog/", HTTP_IF_NONE_MATCH=f'"old", W/{etag}')
    # then the catalog is not sent again
    assert response.status_code == 304


def test_catalog_get_with_stale_etag_answers_200(client: APIClient) -> None:
    # when revalidating with an outdated version
    response = client.get("/api/catalog/", HTTP_IF_NONE_MATCH='"0000000000000000"')
    # then the full catalog comes back
    assert response.status_code == 200
    assert response.json()["services"]


def test_catalog_service_get_returns_one_service(client: APIClient) -> None:
    # when fetching Kafka
    response = client.get("/api/catalog/services/kafka/")
    # then its store kinds, naming rule and properties are there
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "kafka"
    assert body["store_kinds"] == ["topic"]
    assert body["naming"][0]["max_length"] == 249
    assert "__consumer_offsets" in body["naming"][0]["reserved"]
    version = next(spec for spec in body["properties"] if spec["name"] == "version")
    assert version["default"] == "3.9"


def test_catalog_service_get_unknown_is_json_404(client: APIClient) -> None:
    # when fetching a service that does not exist
    response = client.get("/api/catalog/services/kafak/")
    # then a JSON error names it
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "not-found"
    assert "kafak" in error["message"]


def test_catalog_matrix_lists_connected_pairs_with_evidence(client: APIClient) -> None:
    # when fetching the matrix
    response = client.get("/api/catalog/matrix/")
    # then each connected pair has its mechanisms, modes, status and evidence, default first
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == default_catalog().version
    rows = {(row["source"], row["sink"]): row for row in body["rows"]}
    kafka_s3 = rows[("kafka", "s3")]
    assert kafka_s3["default"] == "connect-s3-sink"
    cell = kafka_s3["mechanisms"][0]
    assert cell["id"] == "connect-s3-sink"
    assert cell["modes"] == ["stream"]
    assert cell["status"] == "documented"
    assert cell["evidence"]
    assert rows[("kafka", "kafka")]["mechanisms"][0]["id"] == "mirrormaker2"
    assert rows[("cassandra", "spark-batch")]["mechanisms"][0]["modes"] == ["batch"]
    # and pairs nothing connects are absent
    assert ("cassandra", "spark-streaming") not in rows
    assert not any(sink == "kibana" and source not in ("elasticsearch", "elassandra") for source, sink in rows)


def test_catalog_endpoints_need_no_login(client: APIClient) -> None:
    # given an anonymous client
    # then every catalog endpoint answers
    for url in ("/api/catalog/", "/api/catalog/services/cassandra/", "/api/catalog/matrix/"):
        assert client.get(url).status_code == 200, url


def test_catalog_endpoints_are_in_the_openapi_schema(client: APIClient) -> None:
    # when fetching the OpenAPI schema
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    # then the catalog operations are described with their response shapes
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert "/api/catalog/" in paths
    assert "/api/catalog/services/{service_id}/" in paths
    assert "/api/catalog/matrix/" in paths
    catalog_200 = paths["/api/catalog/"]["get"]["responses"]["200"]
    assert catalog_200["content"]["application/json"]["schema"]["$ref"].endswith("/CatalogOut")
    assert "ETag" in catalog_200["headers"]
    assert "404" in paths["/api/catalog/services/{service_id}/"]["get"]["responses"]
    assert set(schema["components"]["schemas"]["CatalogOut"]["properties"]) == {
        "version",
        "services",
        "mechanisms",
        "defaults",
    }
