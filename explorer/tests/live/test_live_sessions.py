"""Live design sessions end to end: a real uvicorn, the real Redis, WebSocket clients (docs/live-protocol.md).

The design (explorer/tests/designs/support.py)::

    shop --produce--> kafka/orders --sink--> db/shop.orders
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
import redis
from django.conf import settings
from django.test import Client
from websockets.exceptions import ConnectionClosed, InvalidStatus

from explorer.models import Design, Revision
from explorer.services import sharing
from explorer.services.designs import design_create, design_delete
from explorer.services.tokens import token_create
from explorer.tests.designs.support import document, make_user
from explorer.tests.live.conftest import AsgiServer, LiveClient

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _node(doc: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(node for node in doc["nodes"] if node["id"] == node_id)


def _flow(doc: dict[str, Any], flow_id: str) -> dict[str, Any]:
    return next(flow for flow in doc["flows"] if flow["id"] == flow_id)


def _people(visibility: str = Design.Visibility.PRIVATE) -> tuple[Design, dict[str, str]]:
    """A design owned by alice, bob an editor, vera a viewer, sam a stranger; an API token each."""
    users = {name: make_user(name) for name in ("alice", "bob", "vera", "sam")}
    design = design_create(owner=users["alice"], document=document(), visibility=visibility)
    sharing.collaborator_invite(design=design, actor=users["alice"], identifier="bob", role="editor")
    sharing.collaborator_invite(design=design, actor=users["alice"], identifier="vera", role="viewer")
    return design, {name: token_create(user=user, name="live")[1] for name, user in users.items()}


def _latest(design: Design) -> Revision:
    return Revision.objects.filter(design=design).order_by("-number").first()  # type: ignore[return-value]


MOVE_AND_RENAME = [
    {"op": "set", "path": ["layout", "shop"], "value": {"x": 40, "y": 180}},
    {"op": "set", "path": ["nodes", "shop", "name"], "value": "Web shop"},
]
CONNECT_AND_POLICY = [
    {"op": "add", "path": ["flows", "shop-db"], "value": {"id": "shop-db", "from": "shop", "to": "db"}},
    {"op": "set", "path": ["flows", "sink", "properties"], "value": {"delivery": "exactly-once"}},
]


def test_two_editors_converge_and_the_saved_revision_holds_both(asgi_server: AsgiServer) -> None:
    # given alice and bob in the live session of one design
    design, tokens = _people()

    async def scenario() -> tuple[LiveClient, LiveClient]:
        alice = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["alice"])
        bob = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["bob"])
        assert {peer["user"] for peer in bob.welcome["peers"]} == {"alice", "bob"}
        # when alice moves and renames a node while bob connects it and sets a flow's policy, at the same time
        await asyncio.gather(alice.send_ops(MOVE_AND_RENAME), bob.send_ops(CONNECT_AND_POLICY))
        await asyncio.gather(alice.until_seq(2), bob.until_seq(2))
        # and the room saves the merged document
        await asyncio.gather(*(c.until(lambda m: m["type"] == "saved") for c in (alice, bob)))
        await asyncio.gather(alice.close(), bob.close())
        return alice, bob

    alice, bob = asyncio.run(scenario())
    # then both hold the same document, with both edits
    assert alice.document == bob.document
    assert alice.acked and bob.acked
    assert _node(alice.document, "shop")["name"] == "Web shop"
    assert alice.document["layout"]["shop"] == {"x": 40, "y": 180}
    assert _flow(alice.document, "shop-db")["from"] == "shop"
    assert _flow(alice.document, "sink")["properties"] == {"delivery": "exactly-once"}
    # and the saved revision is that document, written by one of them, naming both
    revision = _latest(design)
    assert revision.number == 2
    assert alice.saved[0]["revision"] == 2
    assert revision.document == alice.document
    assert revision.author is not None and revision.author.username in {"alice", "bob"}
    assert "alice" in revision.message and "bob" in revision.message


def test_a_client_that_was_offline_catches_up_and_its_edits_are_kept(asgi_server: AsgiServer) -> None:
    design, tokens = _people()

    async def scenario() -> tuple[LiveClient, LiveClient, LiveClient]:
        # given alice (tab session "tab1") and bob in the room
        url = asgi_server.live_url(design.pk, session="tab1")
        alice = await LiveClient.join(url, token=tokens["alice"])
        bob = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["bob"])
        # when alice's connection drops right after she sent a batch (its acknowledgement never read)
        await alice.send_ops([{"op": "set", "path": ["nodes", "kafka", "name"], "value": "Kafka EU"}], batch="tab1:1")
        await bob.until_seq(1)
        await alice.socket.close()
        # and both sides edit while she is away: bob in the room, alice offline (kept locally)
        await bob.send_ops([{"op": "set", "path": ["nodes", "db", "name"], "value": "Orders store"}])
        await bob.until_seq(2)
        offline = [{"op": "set", "path": ["layout", "kafka"], "value": {"x": 300, "y": 60}}]
        # then on reconnecting, the welcome brings bob's edit and says her first batch was applied
        back = await LiveClient.join(url, token=tokens["alice"])
        assert back.welcome["applied"] == 1
        assert _node(back.document, "db")["name"] == "Orders store"
        assert _node(back.document, "kafka")["name"] == "Kafka EU"
        # and her offline batch, sent now, reaches bob; re-sending the applied one is refused as a duplicate
        await back.send_ops(offline, batch="tab1:2")
        await back.send_ops([{"op": "set", "path": ["nodes", "kafka", "name"], "value": "Kafka EU"}], batch="tab1:1")
        await back.until(lambda m: m.get("code") == "duplicate")
        await asyncio.gather(back.until_seq(3), bob.until_seq(3))
        await asyncio.gather(back.close(), bob.close())
        return alice, back, bob

    _, back, bob = asyncio.run(scenario())
    assert back.document == bob.document
    assert bob.document["layout"]["kafka"] == {"x": 300, "y": 60}
    assert [m["code"] for m in back.errors] == ["duplicate"]


def test_a_viewer_joins_read_only_and_cannot_change_anything(asgi_server: AsgiServer) -> None:
    design, tokens = _people()

    async def scenario() -> tuple[LiveClient, LiveClient]:
        vera = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["vera"])
        alice = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["alice"])
        # when the viewer sends an edit
        await vera.send_ops([{"op": "set", "path": ["name"], "value": "Mine now"}])
        await vera.until(lambda m: m["type"] == "error")
        # then it is refused, and the owner's next edit is the room's first batch, which the viewer sees
        await alice.send_ops([{"op": "set", "path": ["description"], "value": "By alice"}])
        await asyncio.gather(vera.until_seq(1), alice.until_seq(1))
        await asyncio.gather(vera.close(), alice.close())
        return vera, alice

    vera, alice = asyncio.run(scenario())
    assert vera.welcome["readonly"] is True and alice.welcome["readonly"] is False
    assert [m["code"] for m in vera.errors] == ["readonly"]
    assert vera.document == alice.document
    assert vera.document["name"] == "Orders pipeline" and vera.document["description"] == "By alice"


def _refusal(url: str, **join: Any) -> int | str:
    """The close code (or HTTP status) with which the server refuses a join."""

    async def attempt() -> int | str:
        try:
            client = await LiveClient.join(url, **join)
        except ConnectionClosed as exc:
            return exc.rcvd.code if exc.rcvd else "closed"
        except InvalidStatus as exc:
            return f"HTTP {exc.response.status_code}"
        await client.close()
        return "joined"

    return asyncio.run(attempt())


def test_strangers_bad_tokens_and_missing_designs_are_refused(asgi_server: AsgiServer) -> None:
    design, tokens = _people()
    url = asgi_server.live_url(design.pk)
    assert _refusal(url, token=tokens["sam"]) == 4404
    assert _refusal(url) == 4404  # anonymous
    assert _refusal(url, token="kq_00000000_not-a-token") == 4401
    assert _refusal(asgi_server.live_url(design.pk + 1000), token=tokens["alice"]) == 4404


def test_the_session_cookie_signs_in_a_browser_from_our_own_origin_only(asgi_server: AsgiServer) -> None:
    design, _ = _people()
    browser = Client()
    browser.force_login(design.owner)
    cookie = {"Cookie": f"sessionid={browser.cookies['sessionid'].value}"}
    url = asgi_server.live_url(design.pk)
    assert _refusal(url, headers={**cookie, "Origin": asgi_server.http}) == "joined"
    assert _refusal(url, headers={**cookie, "Origin": "https://evil.example"}) == "HTTP 403"


def _put(server: AsgiServer, design: Design, token: str, doc: dict[str, Any], revision: int) -> int:
    request = urllib.request.Request(
        f"{server.http}/api/designs/{design.pk}/",
        data=json.dumps({"document": doc}).encode(),
        method="PUT",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", "If-Match": f'"r{revision}"'},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_rest_update_during_a_live_session_reaches_the_clients(asgi_server: AsgiServer) -> None:
    design, tokens = _people()
    changed = document(description="Saved through the API")
    changed["nodes"][0]["name"] = "Shop (REST)"

    async def scenario() -> LiveClient:
        alice = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["alice"])
        # given an unsaved live edit
        await alice.send_ops([{"op": "set", "path": ["layout", "db"], "value": {"x": 600, "y": 40}}])
        await alice.until_seq(1)
        # when bob saves through the REST API, based on revision 1
        status = await asyncio.to_thread(_put, asgi_server, design, tokens["bob"], changed, 1)
        assert status == 200, asgi_server.log()
        # then the room applies it and broadcasts it as bob's, from no client
        rest = await alice.until(lambda m: m["type"] == "ops" and m["client"] is None)
        assert rest["user"] == "bob"
        await alice.until(lambda m: m["type"] == "saved")
        await alice.close()
        return alice

    alice = asyncio.run(scenario())
    assert _node(alice.document, "shop")["name"] == "Shop (REST)"
    assert alice.document["description"] == "Saved through the API"
    assert alice.document["layout"]["db"] == {"x": 600, "y": 40}
    # and the live save came after it (revision 3 holds both), so a REST client still based on 1 gets 412
    assert _latest(design).number == 3
    assert _latest(design).document == alice.document
    assert _put(asgi_server, design, tokens["bob"], changed, 1) == 412


def test_a_batch_that_would_make_the_design_unsaveable_is_refused_whole(asgi_server: AsgiServer) -> None:
    design, tokens = _people()

    async def scenario() -> LiveClient:
        alice = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["alice"])
        # when a batch renames a node and gives another a service that is not a string
        await alice.send_ops(
            [
                {"op": "set", "path": ["nodes", "shop", "name"], "value": "Renamed"},
                {"op": "set", "path": ["nodes", "db", "service"], "value": 5},
            ]
        )
        await alice.until(lambda m: m["type"] == "error")
        # and a malformed op
        await alice.send_ops([{"op": "set", "path": ["nodes", "db", "id"], "value": "other"}])
        await alice.until(lambda m: m["type"] == "error")
        # then nothing was applied: the next good batch is the room's first
        await alice.send_ops([{"op": "set", "path": ["description"], "value": "ok"}])
        await alice.until_seq(1)
        await alice.close()
        return alice

    alice = asyncio.run(scenario())
    assert [m["code"] for m in alice.errors] == ["invalid-document", "invalid-op"]
    assert "service" in alice.errors[0]["message"] and alice.errors[1]["message"].startswith("ops[0].path: ")
    assert _node(alice.document, "shop")["name"] == "Shop"


def test_editing_a_design_deleted_meanwhile_closes_the_session(asgi_server: AsgiServer) -> None:
    design, tokens = _people()

    async def scenario() -> tuple[list[str], int | None]:
        alice = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["alice"])
        # when the design is deleted (its room is still open) and an edit follows
        await asyncio.to_thread(design_delete, design=design)
        await alice.send_ops([{"op": "set", "path": ["description"], "value": "too late"}])
        # then the edit is refused and the session closes with 4404 (nothing to come back to)
        return await alice.until_closed()

    codes, close_code = asyncio.run(scenario())
    assert close_code == 4404
    assert codes == ["not-found"]


def test_a_peer_whose_server_died_is_forgotten(asgi_server: AsgiServer) -> None:
    design, tokens = _people()
    ghost = {"client": "c-ghost", "user": "bob", "name": "bob", "colour": "#d62728", "readonly": False}
    peers_key = f"live:{asgi_server.instance}:design:{design.pk}:peers"
    seen_key = f"live:{asgi_server.instance}:design:{design.pk}:seen"

    async def scenario() -> tuple[list[str], list[str]]:
        alice = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["alice"])
        # given a peer left behind by a server process that was killed (last noted two minutes ago)
        client = redis.Redis.from_url(settings.REDIS_URL)
        client.hset(peers_key, "c-ghost", json.dumps({**ghost, "selection": [], "cursor": None, "joined": 0}))
        client.hset(seen_key, "c-ghost", time.time() - 120)
        # when someone joins
        bob = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["bob"])
        listed = [peer["client"] for peer in bob.welcome["peers"]]
        await asyncio.gather(alice.close(), bob.close())
        return listed, [key.decode() for key in client.hkeys(peers_key)]

    listed, left = asyncio.run(scenario())
    # then the ghost is not among the peers, and is gone from the room
    assert "c-ghost" not in listed and len(listed) == 2
    assert "c-ghost" not in left


def test_an_idle_session_stays_connected(asgi_server: AsgiServer) -> None:
    # given an editor who joins and then only looks for a while: longer than the channel layer's blocking read
    # (5 s) twice over, which redis-py's default 5 s socket timeout used to cut, closing the socket mid-session
    design, tokens = _people()

    async def scenario() -> tuple[LiveClient, LiveClient]:
        alice = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["alice"])
        await asyncio.sleep(12)
        # when someone else edits after that
        bob = await LiveClient.join(asgi_server.live_url(design.pk), token=tokens["bob"])
        await bob.send_ops([{"op": "set", "path": ["description"], "value": "After a quiet while"}])
        # then the edit reaches her on the connection she opened
        await asyncio.gather(alice.until_seq(1), bob.until_seq(1))
        await asyncio.gather(alice.close(), bob.close())
        return alice, bob

    alice, bob = asyncio.run(scenario())
    assert alice.document["description"] == "After a quiet while" == bob.document["description"]
    assert "Timeout reading" not in asgi_server.log(), asgi_server.log()
