"""The catalog page: services by category and the integration matrix."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shot

pytestmark = pytest.mark.browser


def test_catalog_page_shows_services_by_category_and_the_matrix(page: Page) -> None:
    # given the running app
    # when an anonymous visitor opens the catalog
    page.goto("/catalog")
    # then the services appear under their categories
    stream = page.locator("[data-category='stream']")
    expect(stream.get_by_role("heading", name="Apache Kafka")).to_be_visible()
    expect(page.locator("[data-category='visualise']").get_by_role("heading", name="Kibana")).to_be_visible()
    # and the matrix lists Kafka -> Cassandra through the sink connector, and nothing from S3 to Kibana
    kafka_to_cassandra = page.locator("td[data-source='kafka'][data-sink='cassandra']")
    expect(kafka_to_cassandra).to_contain_text("Cassandra sink")
    expect(page.locator("td[data-source='s3'][data-sink='kibana']")).to_have_text("")
    # and selecting a cell shows its evidence links
    kafka_to_cassandra.get_by_role("button").click()
    detail = page.get_by_role("region", name="Selected integration")
    expect(detail).to_contain_text("Kafka")
    expect(detail.get_by_role("link").first).to_have_attribute("href", re.compile(r"^https://"))
    # and the integration map is drawn below, and zooms in
    image = page.get_by_role("img", name=re.compile("Integration map"))
    image.scroll_into_view_if_needed()
    expect(image).to_have_attribute("src", "/api/catalog/map.svg")
    # (a property read, not wait_for_function: its string predicate is eval'd in the page, which the CSP forbids)
    expect(page.locator(".map-viewport img")).not_to_have_js_property("naturalWidth", 0)
    before = image.bounding_box()
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator(".zoom-value")).to_have_text("150%")
    after = image.bounding_box()
    assert before and after and after["width"] > before["width"] * 1.4
    shot(page, "catalog-integration-map")


def test_home_page_lists_the_pattern_gallery(page: Page) -> None:
    # when the home page opens
    page.goto("/")
    # then the gallery shows the identity active-active pattern with its expected verdict
    card = page.locator("[data-pattern='active-active-identity']")
    expect(card).to_contain_text("Impossible")
    # and its preview draws its six services and six flows, coloured by category
    preview = card.get_by_role("img", name="Preview: 6 services, 6 flows")
    expect(preview.locator(".preview-node")).to_have_count(6)
    expect(preview.locator(".preview-edge")).to_have_count(6)
    expect(preview.locator(".preview-location")).to_have_count(2)
    # and every card of the gallery gets its preview
    expect(page.locator(".pattern-card .preview-node").first).to_be_visible()
    page.locator(".pattern-card").last.scroll_into_view_if_needed()
    expect(page.locator(".pattern-card .design-preview[role='img']")).to_have_count(
        page.locator(".pattern-card").count()
    )
    shot(page, "home-pattern-gallery")
