"""The editor's What if panel, end to end in Chromium: a source rate, a spike, and a zone going down."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shot
from e2e.test_editor import from_pattern

pytestmark = pytest.mark.browser


def edge_width(page: Page, flow_id: str) -> float:
    """The stroke width the canvas draws a flow with (its label carries the number it was drawn from)."""
    label = page.locator(f".edge-label[data-flow-id='{flow_id}']")
    return float(label.get_attribute("data-width") or "0")


def test_what_if_spike_draws_throughput_and_lag_and_an_outage_greys_the_zone(page: Page) -> None:
    # given the buffer pattern, its sensors sending 5,000 events/s (5 MB/s at the 1 kB default record size)
    from_pattern(page, re.escape("Kafka as a temporary buffer"))
    page.locator(".react-flow__node-service:has([data-node-id='sensors'])").click()
    page.get_by_label("events_per_second", exact=True).fill("5000")
    # when a 10x spike for 10 minutes is simulated
    page.get_by_role("button", name="What if").click()
    panel = page.get_by_role("complementary", name="What if")
    panel.get_by_label("Profile").select_option("spike")
    panel.get_by_label("factor").fill("10")
    panel.get_by_label("for minutes").fill("10")
    panel.get_by_role("button", name="Simulate").click()
    # then MirrorMaker 2 (10 MB/s by default) is drawn over capacity and wider than the consumer it feeds
    drain = page.locator(".edge-label[data-flow-id='drain']")
    expect(drain).to_have_attribute("data-headroom", "over")
    expect(page.locator(".edge-label[data-flow-id='analyse']")).to_have_attribute("data-headroom", "ample")
    assert edge_width(page, "drain") > edge_width(page, "analyse")
    path = page.locator("[data-testid='rf__edge-drain'] path.flow-edge").first
    assert float(path.evaluate("el => getComputedStyle(el).strokeWidth").removesuffix("px")) == edge_width(
        page, "drain"
    )
    # and the backlog of the 50 MB/s burst into 10 MB/s is tabled and charted (by hand: 40 MB/s x 600 s = 24 GB)
    row = panel.locator("tr[data-flow-id='drain']")
    expect(row).to_contain_text("24 GB")
    chart = panel.get_by_role("img", name="Backlog and lag of drain over time")
    expect(chart.locator("canvas")).to_be_visible()
    expect(panel.get_by_role("button", name=re.compile("capacity-exceeded"))).to_be_visible()
    # and the rates per store are charted, the busiest store first
    stores = panel.get_by_role("region", name="Rates per store over time")
    expect(stores.get_by_label("Store")).to_contain_text("peak 50 MB/s in, 10 MB/s read")
    expect(stores.get_by_role("img", name=re.compile(r"Rates of .+ over time")).locator("canvas")).to_be_visible()
    shot(page, "what-if-spike")
    stores.scroll_into_view_if_needed()
    shot(page, "what-if-store-rates")
    # when the finding is chosen, the flow it names is selected on the canvas
    panel.get_by_role("button", name=re.compile("capacity-exceeded")).click()
    expect(page.get_by_test_id("rf__edge-drain")).to_have_class(re.compile("selected"))
    # when zone B (the consumer cluster and the analytics) goes down
    panel.get_by_label("Outage").select_option("zone-b")
    panel.get_by_role("button", name="Simulate").click()
    # then its nodes are greyed, the rest is not, and the table names the flows lost
    expect(page.locator("[data-node-id='kafka-consume']")).to_have_attribute("data-down", "true")
    expect(page.locator("[data-node-id='click-analytics']")).to_have_attribute("data-down", "true")
    expect(page.locator("[data-node-id='sensors']")).not_to_have_attribute("data-down", "true")
    expect(panel.locator("tr[data-flow-id='drain']")).to_contain_text("lost")
    expect(panel.locator("tr[data-flow-id='analyse']")).to_contain_text("lost")
    expect(panel.locator("tr[data-flow-id='collect']")).not_to_contain_text("lost")
    expect(panel.get_by_role("region", name="Outage")).to_contain_text("kafka-consume")
    # and what the panel reports is the run during the outage: with the drain lost, nothing backs up
    expect(panel.get_by_role("button", name=re.compile("capacity-exceeded"))).to_have_count(0)
    expect(panel.get_by_role("region", name="Rates per store over time")).to_contain_text("during the outage")
    page.get_by_role("button", name="Fit View").click()
    shot(page, "what-if-outage")
