"""The editor, end to end in Chromium: compose, connect with live rules, save, analyse, generate, export."""

from __future__ import annotations

import re
import zipfile

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import login, shot

pytestmark = pytest.mark.browser


def canvas(page: Page) -> Locator:
    return page.get_by_role("application", name="Design canvas")


def drop_service(page: Page, service: str, x: int, y: int) -> None:
    """Drag a palette entry onto the canvas at (x, y), relative to the canvas."""
    page.locator(f".palette-item[data-service='{service}']").drag_to(canvas(page), target_position={"x": x, "y": y})


def node(page: Page, service: str) -> Locator:
    return page.locator(f".react-flow__node-service:has([data-service='{service}'])")


def press_on_handle(page: Page, source: Locator) -> None:
    """Press the mouse on a node's outgoing handle."""
    handle = source.locator(".handle-source").bounding_box()
    assert handle
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()


def move_over(page: Page, target: Locator) -> None:
    """Move the (pressed) mouse to the middle of a node."""
    box = target.bounding_box()
    assert box
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=12)


def connect(page: Page, source: Locator, target: Locator) -> None:
    """Press on the source node's handle and release over the target node."""
    press_on_handle(page, source)
    move_over(page, target)
    page.mouse.up()


def new_design(page: Page) -> None:
    login(page)
    page.get_by_role("button", name="New design", exact=True).click()
    page.wait_for_url(re.compile(r"/designs/\d+$"))
    expect(page.get_by_role("note")).to_contain_text("Start your design")


def from_pattern(page: Page, title_fragment: str) -> None:
    login(page)
    page.get_by_role("button", name=re.compile(f"New design from pattern {title_fragment}")).click()
    page.wait_for_url(re.compile(r"/designs/\d+$"))
    page.locator(".react-flow__node-service").first.wait_for()


def test_editor_builds_kafka_to_cassandra_refuses_s3_to_kibana_and_keeps_it_after_reload(page: Page) -> None:
    # given an empty design
    new_design(page)
    # when Kafka and Cassandra are dragged from the palette and connected
    drop_service(page, "kafka", 180, 160)
    drop_service(page, "cassandra", 560, 160)
    kafka, cassandra = node(page, "kafka"), node(page, "cassandra")
    expect(kafka).to_be_visible()
    expect(cassandra).to_be_visible()
    connect(page, kafka, cassandra)
    # then the flow is drawn with the sink connector
    expect(page.locator(".edge-label")).to_have_text("Cassandra sink")
    # when a connection is dragged from S3
    drop_service(page, "s3", 180, 420)
    drop_service(page, "kibana", 560, 420)
    press_on_handle(page, node(page, "s3"))
    move_over(page, node(page, "kibana"))
    # then Kibana is dimmed and Kafka is offered, while the mouse is down
    expect(node(page, "kibana").locator(".service-node")).to_have_class(re.compile("connect-dim"))
    expect(node(page, "kafka").locator(".service-node")).to_have_class(re.compile("connect-ok"))
    # when Escape is pressed mid-drag, the dimming ends and releasing refuses nothing
    page.keyboard.press("Escape")
    expect(page.locator(".service-node.connect-dim")).to_have_count(0)
    page.mouse.up()
    # (awaited first: the release has been handled once the canvas leaves its connecting state)
    expect(canvas(page)).not_to_have_class(re.compile(r"\bconnecting\b"))
    expect(page.locator(".refusal")).to_have_count(0)
    # when S3 is connected to Kibana
    connect(page, node(page, "s3"), node(page, "kibana"))
    # then the connection is refused with why, and what would work instead
    refusal = page.locator(".refusal")
    expect(refusal).to_contain_text("Kibana only reads")
    expect(refusal).to_contain_text("Elasticsearch")
    expect(refusal).to_contain_text("What works instead")
    expect(page.locator(".edge-label")).to_have_count(1)
    # and once the mouse is released no node stays dimmed or outlined as a target, promptly
    expect(page.locator(".service-node.connect-dim")).to_have_count(0, timeout=1_000)
    expect(page.locator(".service-node.connect-ok")).to_have_count(0, timeout=1_000)
    expect(canvas(page)).not_to_have_class(re.compile(r"\bconnecting\b"), timeout=1_000)
    shot(page, "editor-refusal-s3-kibana")
    refusal.get_by_role("button", name="OK").click()
    # when saved and reloaded
    page.keyboard.press("Control+s")
    expect(page.locator(".save-status")).to_have_attribute("data-status", "saved")
    # r2 or later: autosave may already have saved the new flow before Ctrl+S on a slow machine
    expect(page.locator(".save-status")).to_contain_text(re.compile(r"\br([2-9]|[1-9][0-9]+)\b"))
    page.reload()
    # then the design is still there
    expect(page.locator(".react-flow__node-service")).to_have_count(4)
    expect(page.locator(".edge-label")).to_have_text("Cassandra sink")


def test_editor_finds_the_identity_event_loop_and_it_disappears_with_the_default_policy(page: Page) -> None:
    # given the identity-policy active-active pattern
    from_pattern(page, re.escape("Active-active with same-name replication (event loop)"))
    # then the minimap draws every node of the canvas (6 services, 2 locations)
    expect(page.locator(".react-flow__node-service")).to_have_count(6)
    expect(page.locator(".react-flow__minimap-node")).to_have_count(8)
    # when it is analysed
    page.get_by_role("button", name="Analyse").click()
    finding = page.locator(".finding[data-code='event-loop']")
    expect(finding).to_be_visible(timeout=30_000)
    expect(page.locator(".editor-top [data-verdict]")).to_have_attribute("data-verdict", "impossible")
    # then clicking the finding lights both replication flows along the loop
    finding.locator(".finding-main").click()
    expect(page.locator(".edge-label.mark-loop")).to_have_count(2)
    for flow_id in ("syd-to-fra", "fra-to-syd"):
        expect(page.locator(f".edge-label[data-flow-id='{flow_id}']")).to_have_class(re.compile("mark-loop"))
    shot(page, "editor-event-loop")
    # when both flows switch to MirrorMaker 2's default policy
    for flow_id in ("syd-to-fra", "fra-to-syd"):
        page.locator(f".edge-label[data-flow-id='{flow_id}']").click()
        page.get_by_label("replication_policy", exact=True).select_option("default")
    expect(page.locator(".edge-label", has_text="MM2 · identity")).to_have_count(0)
    # and the design is analysed again
    expect(page.locator(".findings-bar")).to_contain_text("changed since this analysis")
    page.get_by_role("button", name="Analyse").click()
    # (awaited: the new analysis is of the edited design once the old one is no longer stale)
    expect(page.locator(".findings-bar")).not_to_contain_text("changed since this analysis", timeout=30_000)
    # then the event loop is gone
    expect(page.locator(".finding[data-code='event-loop']")).to_have_count(0)
    expect(page.locator(".editor-top [data-verdict]")).not_to_have_attribute("data-verdict", "impossible")


def test_editor_generates_a_bundle_and_exports_svg(page: Page) -> None:
    # given a possible design from the gallery
    from_pattern(page, re.escape("Active-active with remote topics (no loop)"))
    # when the bundle is generated
    page.get_by_role("button", name="Generate").click()
    dialog = page.get_by_role("dialog", name="Bundle ready")
    expect(dialog).to_be_visible(timeout=60_000)
    with page.expect_download() as bundle_download:
        dialog.get_by_role("link", name=re.compile("Download")).click()
    # then a zip with a docker-compose file downloads
    path = bundle_download.value.path()
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert any(name.endswith(("docker-compose.yml", "compose.yaml", "docker-compose.yaml")) for name in names), names
    dialog.get_by_role("button", name="Close").click()
    # when the design is exported as SVG
    page.get_by_role("button", name="Export ▾").click()
    page.get_by_role("menuitem", name=re.compile("SVG image")).click()
    export = page.get_by_role("dialog", name="Export SVG image")
    export.get_by_role("radio", name=re.compile("^Light")).check()
    with page.expect_download() as svg_download:
        export.get_by_role("button", name="Download").click()
    # then an SVG file arrives
    svg = svg_download.value
    assert svg.suggested_filename.endswith(".svg")
    content = svg.path().read_text(encoding="utf-8")
    assert "<svg" in content


def test_editor_fix_button_removes_the_event_loop_in_one_undoable_step(page: Page) -> None:
    # given the identity-policy active-active pattern, analysed
    from_pattern(page, re.escape("Active-active with same-name replication (event loop)"))
    page.get_by_role("button", name="Analyse").click()
    finding = page.locator(".finding[data-code='event-loop']")
    expect(finding).to_be_visible(timeout=30_000)
    expect(page.locator(".edge-label", has_text="MM2 · identity")).to_have_count(2)
    # when the finding's Fix button is pressed
    finding.get_by_role("button", name=re.compile("^Fix")).click()
    # then both replication flows use the default policy
    expect(page.locator(".edge-label", has_text="MM2 · default")).to_have_count(2)
    expect(page.locator(".edge-label", has_text="MM2 · identity")).to_have_count(0)
    # and analysing again finds no event loop
    expect(page.locator(".findings-bar")).to_contain_text("changed since this analysis")
    page.get_by_role("button", name="Analyse").click()
    expect(page.locator(".findings-bar")).not_to_contain_text("changed since this analysis", timeout=30_000)
    expect(page.locator(".finding[data-code='event-loop']")).to_have_count(0)
    # when the fix is undone with one Ctrl+Z
    page.locator(".react-flow__pane").click(position={"x": 20, "y": 20})
    page.keyboard.press("Control+z")
    # then identity is back on both flows
    expect(page.locator(".edge-label", has_text="MM2 · identity")).to_have_count(2)
    expect(page.locator(".edge-label", has_text="MM2 · default")).to_have_count(0)


def focused_region(page: Page) -> str:
    """Which editor area holds the keyboard focus: palette, canvas, inspector or other."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return "other";
            if (el.closest(".palette")) return "palette";
            if (el.closest(".canvas")) return "canvas";
            if (el.closest(".inspector")) return "inspector";
            return "other";
        }"""
    )


def test_editor_keyboard_tab_order_help_and_escape(page: Page) -> None:
    # given a pattern open in the editor, focus in the palette search
    from_pattern(page, re.escape("Active-active with remote topics (no loop)"))
    page.keyboard.press("/")
    assert focused_region(page) == "palette"
    # when Tab is pressed through the page
    regions = []
    for _ in range(80):
        page.keyboard.press("Tab")
        region = focused_region(page)
        if not regions or regions[-1] != region:
            regions.append(region)
        if region == "inspector":
            break
    # then focus goes palette, then canvas, then inspector, with a visible focus ring
    visited = [r for r in regions if r != "other"]
    assert visited[:3] == ["palette", "canvas", "inspector"], regions
    ring = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()"
    )
    assert ring, "the focused inspector field shows no focus ring"
    # when ? is pressed on the canvas
    canvas(page).focus()
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    # then the help lists every shortcut
    expect(help_dialog).to_be_visible()
    for keys in ("Ctrl+S", "Ctrl+Z", "Ctrl+Enter", "Escape", "Tab", "?"):
        expect(help_dialog.locator("kbd", has_text=keys).first).to_be_visible()
    # when Escape is pressed, the dialog closes
    page.keyboard.press("Escape")
    expect(help_dialog).to_have_count(0)


MM2_IDENTITY = b"""clusters = east, west
east.bootstrap.servers = kafka-east:9092
west.bootstrap.servers = kafka-west:9092
east->west.enabled = true
east->west.topics = orders
west->east.enabled = true
west->east.topics = orders
replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy
"""


def test_editor_imports_a_running_mm2_configuration_and_finds_its_loop(page: Page) -> None:
    # given an empty design
    new_design(page)
    # when an mm2.properties file is imported
    page.get_by_test_id("import-input").set_input_files(
        files=[{"name": "mm2.properties", "mimeType": "text/plain", "buffer": MM2_IDENTITY}]
    )
    # then its two clusters and both replication flows are on the canvas
    expect(page.locator(".react-flow__node-service")).to_have_count(2)
    expect(page.locator(".edge-label", has_text="MM2 · identity")).to_have_count(2)
    # and the analysis finds the event loop of the running set-up
    page.get_by_role("button", name="Analyse").click()
    expect(page.locator(".finding[data-code='event-loop']")).to_be_visible(timeout=30_000)
    expect(page.locator(".editor-top [data-verdict]")).to_have_attribute("data-verdict", "impossible")


def test_editor_inspector_shows_each_location_field_whole_at_1440_px(page: Page) -> None:
    # given a pattern whose locations have a provider, a region and a zone (the page is 1440 px wide)
    from_pattern(page, re.escape("Active-active with remote topics (no loop)"))
    # when nothing is selected, the inspector lists the design's locations
    page.keyboard.press("Escape")
    locations = page.get_by_role("region", name="Locations")
    expect(locations.get_by_label("Zone").first).to_have_value("ap-southeast-2a")
    shot(page, "inspector-locations-1440")
    # then every field is wide enough for its whole value (nothing scrolled out of the box)
    for label in ("Location name", "Provider", "Region", "Zone"):
        for field in locations.get_by_label(label, exact=True).all():
            value = field.input_value()
            assert value, label
            clipped = field.evaluate("el => el.scrollWidth > el.clientWidth")
            assert not clipped, f"{label} {value!r} is cut off"
