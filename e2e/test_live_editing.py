"""Live editing end to end in Chromium, one browser context per person (each failing the test on a console
error): two editors edit one private design at the same time and converge; someone it is not shared with is
refused; a viewer follows read-only; an editor whose connection drops catches up.

The concurrent edits of the first test:

    owner (demo)                          eve (invited as editor)
    ------------                          -----------------------
                                          drops Cassandra, connects Kafka Sydney -> Cassandra
                                          selects the MM2 flow Sydney -> Frankfurt
    moves Kafka Sydney, renames it        (her inspector still shows the flow as it was)
                                          sets its replication policy to identity

Neither waits for the other's edits before making their own; both screens end up with the same design, and
the server saves it as a revision holding all four edits.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, WebSocketRoute, expect

from e2e.conftest import login
from e2e.test_editor import connect, drop_service, node
from e2e.test_sharing import People, api, people, sign_up

pytestmark = pytest.mark.browser
__all__ = ["people"]  # the fixture, imported for these tests


def service_node(page: Page, node_id: str) -> Locator:
    return page.locator(f".react-flow__node-service[data-id='{node_id}']")


def shown_design(page: Page) -> dict[str, object]:
    """What the canvas shows: each node's name and position, each flow's label."""
    return page.evaluate(
        """() => ({
            nodes: [...document.querySelectorAll('.react-flow__node-service')].map((n) => [
                n.dataset.id, n.querySelector('.service-node-name').textContent, n.style.transform,
            ]).sort(),
            flows: [...document.querySelectorAll('.react-flow__edge')].map((e) => e.dataset.id).sort(),
            labels: [...document.querySelectorAll('.edge-label')].map((l) => l.textContent).sort(),
        })"""
    )


def open_live(page: Page, design_path: str) -> None:
    page.goto(design_path)
    service_node(page, "kafka-syd").wait_for()
    expect(page.locator("[data-live]")).to_have_attribute("data-live", "live")


def shared_design(people: People, person: str, role: str) -> tuple[Page, Page, str, int]:
    """The owner's (demo's) private design from a pattern, shared with a new account in a role."""
    owner = people.page("owner")
    login(owner)
    owner.get_by_role("button", name=re.compile(re.escape("Active-active with remote topics (no loop)"))).click()
    owner.wait_for_url(re.compile(r"/designs/\d+$"))
    design_path = re.sub(r"^https?://[^/]+", "", owner.url)
    design_id = int(design_path.rsplit("/", 1)[1])
    other = people.page(person)
    sign_up(other, person)
    shared = api(owner, "POST", f"/api/designs/{design_id}/people/", {"person": person, "role": role})
    assert shared["status"] == 201, shared
    assert api(owner, "GET", f"/api/designs/{design_id}/")["body"]["visibility"] == "private"
    return owner, other, design_path, design_id


def test_two_editors_converge_and_the_saved_revision_holds_both_while_a_stranger_is_refused(people: People) -> None:
    # given the owner's private design from a pattern, shared with eve as editor
    owner, eve, design_path, design_id = shared_design(people, "eve", "editor")
    open_live(owner, design_path)
    open_live(eve, design_path)
    # both see who is there: two avatars each
    for page in (owner, eve):
        expect(page.get_by_role("list", name="People in this design").get_by_role("listitem")).to_have_count(2)

    # when eve drops a Cassandra and connects Kafka Sydney to it, then selects the MM2 flow
    drop_service(eve, "cassandra", 330, 720)
    cassandra = node(eve, "cassandra")
    expect(cassandra).to_be_visible()
    connect(eve, service_node(eve, "kafka-syd"), cassandra)
    expect(eve.locator(".edge-label", has_text="Cassandra sink")).to_be_visible()
    eve.locator(".edge-label[data-flow-id='syd-to-fra']").click()
    expect(eve.get_by_label("Mechanism", exact=True)).to_have_value("mirrormaker2")

    # and the owner, meanwhile, moves Kafka Sydney and renames it
    box = service_node(owner, "kafka-syd").bounding_box()
    assert box
    owner.mouse.move(box["x"] + 60, box["y"] + 14)
    owner.mouse.down()
    owner.mouse.move(box["x"] + 60 + 140, box["y"] + 14 + 60, steps=10)
    owner.mouse.up()
    service_node(owner, "kafka-syd").click()
    owner.get_by_label("Name", exact=True).first.fill("Kafka Sydney (moved)")

    # and eve sets the flow's replication policy in her inspector
    eve.get_by_label("replication_policy").select_option("identity")

    # then both screens converge on the same design holding all four edits
    for page in (owner, eve):
        expect(service_node(page, "kafka-syd")).to_contain_text("Kafka Sydney (moved)")
        expect(page.locator(".edge-label", has_text="Cassandra sink")).to_have_count(1)
        expect(page.locator(".edge-label", has_text="MM2 · identity")).to_have_count(1)
    expect(owner.locator(".react-flow__node-service")).to_have_count(7)
    assert shown_design(owner) == shown_design(eve)
    # and eve sees where the owner is working: his selection outlined in his colour
    expect(service_node(eve, "kafka-syd").locator("[data-testid='peer-selection']")).to_have_text("demo")

    # when the session has saved
    for page in (owner, eve):
        expect(page.locator(".save-status")).to_have_attribute("data-status", "saved")
    # then the saved revision (through the REST API) holds both people's edits
    saved = api(owner, "GET", f"/api/designs/{design_id}/")["body"]
    document = saved["document"]
    kafka = next(n for n in document["nodes"] if n["id"] == "kafka-syd")
    assert kafka["name"] == "Kafka Sydney (moved)"
    transform = service_node(owner, "kafka-syd").evaluate("n => n.style.transform")
    x, y = (float(v) for v in re.findall(r"-?[\d.]+", transform)[:2])
    assert (round(document["layout"]["kafka-syd"]["x"]), round(document["layout"]["kafka-syd"]["y"])) == (
        round(x),
        round(y),
    )
    sink = [f for f in document["flows"] if f["from"].split("/")[0] == "kafka-syd" and "cassandra" in f["to"]]
    assert len(sink) == 1, document["flows"]
    mm2 = next(f for f in document["flows"] if f["id"] == "syd-to-fra")
    assert mm2["properties"]["replication_policy"] == "identity"
    assert saved["revision"] > 1

    # when someone the private design is not shared with opens it
    stranger = people.page("mallory")
    sign_up(stranger, "mallory")
    stranger.goto(design_path)
    # then the editor refuses, and so does the live session
    expect(stranger.get_by_role("alert")).to_contain_text("could not be opened")
    close_code = stranger.evaluate(
        """(path) => new Promise((resolve) => {
            const socket = new WebSocket(`ws://${location.host}/ws${path}/live/`);
            socket.onclose = (event) => resolve(event.code);
        })""",
        design_path,
    )
    assert close_code == 4404


def test_a_viewer_follows_live_edits_read_only(people: People) -> None:
    # given the owner's private design, shared with vic as viewer, open on both screens
    owner, viewer, design_path, _ = shared_design(people, "vera", "viewer")
    open_live(owner, design_path)
    viewer.goto(design_path)
    service_node(viewer, "kafka-syd").wait_for()
    # then vic is in the session read-only, and the owner sees him there
    expect(viewer.locator("[data-live]")).to_have_attribute("data-live", "readonly")
    expect(viewer.locator(".tag", has_text="read-only")).to_be_visible()
    expect(owner.get_by_role("listitem", name="vera · viewing")).to_be_visible()

    # when the owner renames Kafka Sydney
    service_node(owner, "kafka-syd").click()
    owner.get_by_label("Name", exact=True).first.fill("Kafka Sydney, renamed live")
    # then vic sees it at once, and cannot change it
    expect(service_node(viewer, "kafka-syd")).to_contain_text("Kafka Sydney, renamed live")
    service_node(viewer, "kafka-syd").click()
    expect(viewer.get_by_label("Name", exact=True).first).to_be_disabled()
    expect(viewer.get_by_role("button", name="Undo (Ctrl+Z)")).to_be_disabled()


def test_an_editor_offline_for_a_while_catches_up_and_both_converge(people: People) -> None:
    # given owner and otto live on one design, otto's connection going through a switch the test holds
    owner, otto, design_path, design_id = shared_design(people, "otto", "editor")
    line: dict[str, Any] = {"down": False, "open": []}

    def switch(ws: WebSocketRoute) -> None:
        if line["down"]:
            ws.close()
            return
        line["open"].append((ws, ws.connect_to_server()))

    otto.route_web_socket(re.compile(r"/ws/designs/\d+/live/"), switch)
    open_live(owner, design_path)
    open_live(otto, design_path)

    # when otto's connection drops, and stays down while both edit
    line["down"] = True
    for page_side, server_side in line["open"]:
        server_side.close()
        page_side.close()
    expect(otto.locator("[data-live]")).to_have_attribute("data-live", "offline")
    service_node(otto, "kafka-fra").click()
    otto.get_by_label("Name", exact=True).first.fill("Frankfurt, renamed offline")
    service_node(owner, "kafka-syd").click()
    owner.get_by_label("Name", exact=True).first.fill("Sydney, renamed meanwhile")
    expect(service_node(owner, "kafka-syd")).to_contain_text("Sydney, renamed meanwhile")
    # then neither sees the other's edit yet
    expect(service_node(otto, "kafka-syd")).not_to_contain_text("renamed meanwhile")
    expect(service_node(owner, "kafka-fra")).not_to_contain_text("renamed offline")

    # when the connection comes back
    line["down"] = False
    # then otto reconnects by herself, catches up, and her queued edit reaches the owner
    expect(otto.locator("[data-live]")).to_have_attribute("data-live", "live", timeout=30_000)
    for page in (owner, otto):
        expect(service_node(page, "kafka-syd")).to_contain_text("Sydney, renamed meanwhile")
        expect(service_node(page, "kafka-fra")).to_contain_text("Frankfurt, renamed offline")
    assert shown_design(owner) == shown_design(otto)
    # and the session saves both
    for page in (owner, otto):
        expect(page.locator(".save-status")).to_have_attribute("data-status", "saved")
    names = {n["id"]: n["name"] for n in api(owner, "GET", f"/api/designs/{design_id}/")["body"]["document"]["nodes"]}
    assert (names["kafka-syd"], names["kafka-fra"]) == ("Sydney, renamed meanwhile", "Frankfurt, renamed offline")
