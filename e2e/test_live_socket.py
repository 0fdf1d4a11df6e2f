"""The live session's WebSocket from Chromium: the session cookie signs it in, the page's Content Security
Policy lets it connect (no console error, a violation would be one), and an edit comes back acknowledged
and is saved as a revision (docs/live-protocol.md). The editor's own use of it is tested with the editor."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from e2e.conftest import login
from e2e.test_sharing import api

pytestmark = pytest.mark.browser


def test_a_signed_in_page_joins_a_live_session_and_its_edit_is_saved(page: Page) -> None:
    # given a signed-in user with a design, on a page served under the CSP
    login(page)
    created = api(page, "POST", "/api/designs/", {"name": "Live from Chromium"})
    assert created["status"] == 201, created
    design_id = created["body"]["id"]
    # when the page opens the design's live session and renames the design
    result = page.evaluate(
        """async (id) => {
            const url = `${location.origin.replace(/^http/, "ws")}/ws/designs/${id}/live/?session=e2e`;
            const socket = new WebSocket(url);
            const messages = [];
            const done = new Promise((resolve, reject) => {
                socket.onmessage = (event) => {
                    const message = JSON.parse(event.data);
                    messages.push(message);
                    if (message.type === "welcome") {
                        socket.send(JSON.stringify({type: "ops", batch: "e2e:1", label: "Rename",
                            ops: [{op: "set", path: ["name"], value: "Renamed live"}]}));
                    }
                    if (message.type === "saved") resolve(messages);
                };
                socket.onclose = (event) => reject(new Error(`closed ${event.code}`));
            });
            const answer = await done;
            socket.close();
            return answer;
        }""",
        design_id,
    )
    # then it was welcomed read-write, its batch acknowledged, and a revision saved
    welcome, ack = result[0], result[1]
    assert welcome["type"] == "welcome" and welcome["readonly"] is False and welcome["you"]["user"] == "demo"
    assert ack["type"] == "ops" and ack["batch"] == "e2e:1" and ack["client"] == welcome["you"]["client"]
    saved = api(page, "GET", f"/api/designs/{design_id}/")
    assert saved["body"]["name"] == "Renamed live"
    assert result[-1] == {"type": "saved", "revision": 2, "seq": 1}
