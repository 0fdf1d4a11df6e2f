"""The authorization matrix of api/tests/test_sharing_authz.py, extended to live-session joins.

The same world (owner; editor and viewer collaborators; team owner, editor and viewer; a view-link member;
a member of an edit link revoked since; a stranger; anonymous), plus a member of a live edit link. Who
may join how is written out here, not derived from the code under test: whoever may edit joins
read-write and their batch is applied; whoever may only view (any viewer role, and everyone for a public
design) joins read-only and their batch is refused; for a private design everyone else is refused at
join with 4404, as the REST API's 404 does not reveal it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed

from api.tests.test_sharing_authz import ACTORS, EDITORS, VIEWERS, _world
from explorer.models import Collaborator
from explorer.services import sharing
from explorer.services.designs import design_create
from explorer.services.tokens import token_create
from explorer.tests.designs.support import document, make_user
from explorer.tests.live.conftest import (  # noqa: F401 - fixtures
    AsgiServer,
    LiveClient,
    asgi_server,
    live_rooms_settle,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LIVE_ACTORS = (*ACTORS, "link_editor")
LIVE_EDITORS = {*EDITORS, "link_editor"}
LIVE_VIEWERS = {*VIEWERS, "link_editor"}


def expected(actor: str, visibility: str) -> str:
    """What a join of ``actor`` to a ``visibility`` design gives, by the rules in the module docstring."""
    if actor in LIVE_EDITORS:
        return "read-write"
    if actor in LIVE_VIEWERS or visibility == "public":
        return "read-only"
    return "refused 4404"


async def _try(url: str, token: str | None) -> str:
    try:
        client = await LiveClient.join(url, token=token)
    except ConnectionClosed as exc:
        return f"refused {exc.rcvd.code if exc.rcvd else '?'}"
    try:
        mode = "read-only" if client.welcome["readonly"] else "read-write"
        batch = await client.send_ops([{"op": "set", "path": ["description"], "value": f"{mode} edit"}])
        answer = await client.until(lambda m: m.get("batch") == batch)
        applied = answer["type"] == "ops"
        if applied != (mode == "read-write"):
            return f"{mode} but the batch was {'applied' if applied else 'refused: ' + answer.get('code', '')}"
        return mode
    finally:
        await client.close()


@pytest.mark.parametrize("visibility", ["private", "public"])
def test_live_join_matrix(asgi_server: AsgiServer, visibility: str) -> None:  # noqa: F811 - fixture
    # given the world of the REST matrix, and someone who joined through a live edit link
    design, people, _ = _world(visibility)
    people["link_editor"] = make_user("link_editor")
    _, secret = sharing.share_link_create(design=design, actor=people["owner"], role="editor")
    sharing.share_link_join(user=people["link_editor"], secret=secret)
    tokens: dict[str, Any] = {
        actor: (token_create(user=people[actor], name="live")[1] if people[actor] else None) for actor in LIVE_ACTORS
    }
    url = asgi_server.live_url(design.pk)

    # when each of them joins the design's live session and tries an edit
    async def everyone() -> dict[str, str]:
        return {actor: await _try(url, tokens[actor]) for actor in LIVE_ACTORS}

    outcome = asyncio.run(everyone())
    # then each gets what the rules say
    assert outcome == {actor: expected(actor, visibility) for actor in LIVE_ACTORS}


def test_an_editor_who_loses_access_mid_session_is_stopped(asgi_server: AsgiServer) -> None:  # noqa: F811
    # given an editor collaborator in the live session
    owner, editor = make_user("owner"), make_user("editor")
    design = design_create(owner=owner, document=document())
    sharing.collaborator_invite(design=design, actor=owner, identifier="editor", role="editor")
    token = token_create(user=editor, name="live")[1]

    async def scenario() -> tuple[list[str], int | None]:
        client = await LiveClient.join(asgi_server.live_url(design.pk), token=token)
        first = await client.send_ops([{"op": "set", "path": ["description"], "value": "first"}])
        await client.until(lambda m: m.get("batch") == first)
        # when the owner removes them
        await asyncio.to_thread(Collaborator.objects.filter(design=design, user=editor).delete)
        await client.send_ops([{"op": "set", "path": ["description"], "value": "second"}])
        # then their next batch is refused and the session closed with 4403
        return await client.until_closed()

    codes, close_code = asyncio.run(scenario())
    assert codes == ["readonly"]
    assert close_code == 4403
