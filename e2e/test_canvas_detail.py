"""Level of detail on the canvas in Chromium: zoomed far out, service nodes are drawn as their boxes alone (a
2,000-node design opens like that); zoomed back in, their names, icons and store chips return."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import login

pytestmark = pytest.mark.browser


def zoom(page: Page) -> float:
    transform = page.locator(".react-flow__viewport").evaluate("el => getComputedStyle(el).transform")
    return float(transform.removeprefix("matrix(").split(",")[0])


def test_nodes_are_boxes_alone_when_zoomed_far_out_and_whole_again_zoomed_in(page: Page) -> None:
    # given a design from a pattern, fitted (its names readable)
    login(page)
    page.get_by_role("button", name=re.compile("New design from pattern")).first.click()
    page.wait_for_url(re.compile(r"/designs/\d+$"))
    nodes = page.locator(".react-flow__node-service")
    nodes.first.wait_for()
    count = nodes.count()
    expect(page.locator(".service-node-name")).to_have_count(count)
    expect(page.locator(".service-node.compact")).to_have_count(0)
    box = nodes.first.bounding_box()
    assert box is not None

    # when zoomed out below 0.3 with the zoom controls
    zoom_out = page.get_by_role("button", name="Zoom out")
    while zoom(page) >= 0.3:
        zoom_out.click()

    # then every node is a box of the same proportions, without name, icon or chips, and the flows are still drawn
    expect(page.locator(".service-node.compact")).to_have_count(count)
    expect(page.locator(".service-node-name")).to_have_count(0)
    expect(page.locator(".service-node .chip")).to_have_count(0)
    small = nodes.first.bounding_box()
    assert small is not None and abs(small["height"] / small["width"] - box["height"] / box["width"]) < 0.02
    assert page.locator(".react-flow__edge").count() > 0

    # when zoomed back in past 0.3, the names return
    zoom_in = page.get_by_role("button", name="Zoom in")
    while zoom(page) < 0.3:
        zoom_in.click()
    expect(page.locator(".service-node-name")).to_have_count(count)
    expect(page.locator(".service-node.compact")).to_have_count(0)
