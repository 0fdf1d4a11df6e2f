"""The WebSocket consumer of a design's live room (docs/live-protocol.md).

One consumer per connection. It checks access at join and again on batches, hands batches and presence to
the room (:mod:`explorer.services.live`), forwards the room's broadcasts, and runs the debounced save.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import secrets
import time
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from explorer.models import Design
from explorer.selectors.access import Action, design_may
from explorer.services.live import peer_identity, room_apply, room_join, room_leave, room_presence, room_save
from explorer.services.live_rooms import room_group

logger = logging.getLogger(__name__)

CLOSE_BAD_TOKEN = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
MAX_SELECTION = 2000
_SESSION = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# One debounced saver per design per server process (a batch starts it; it ends when nothing is unsaved).
_savers: dict[int, asyncio.Task[None]] = {}


def _access(design_id: int, user: Any) -> str | None:
    """``"edit"``, ``"view"``, or None when the design does not exist or ``user`` may not see it."""
    design = Design.objects.filter(pk=design_id).first()
    if design is None or not design_may(user=user, design=design, action=Action.VIEW):
        return None
    return "edit" if design_may(user=user, design=design, action=Action.EDIT) else "view"


async def _save_when_due(design_id: int) -> None:
    try:
        while True:
            wait = await database_sync_to_async(room_save)(design_id=design_id)
            if wait is None:
                _savers.pop(design_id, None)
                return
            await asyncio.sleep(wait)
    except Exception:
        _savers.pop(design_id, None)
        logger.exception("live room of design %s: saving failed", design_id)


def _schedule_save(design_id: int) -> None:
    if design_id not in _savers:
        _savers[design_id] = asyncio.get_running_loop().create_task(_save_when_due(design_id))


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class LiveDesignConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]  # channels ships no type hints
    """A person in a design's live room."""

    design_id: int
    client_id: str
    session: str | None
    readonly: bool
    joined = False
    checked_at = 0.0

    async def connect(self) -> None:
        """Check who it is and what they may do, then greet them with the room's state (or close 44xx)."""
        self.design_id = int(self.scope["url_route"]["kwargs"]["design_id"])
        self.user = self.scope.get("user")
        # Accept first: a close before acceptance is an HTTP 403 and the close code would be lost.
        await self.accept()
        if self.scope.get("auth_error"):
            await self.close(code=CLOSE_BAD_TOKEN)
            return
        access = await database_sync_to_async(_access)(self.design_id, self.user)
        if access is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        session = (query.get("session") or [""])[0]
        self.session = session if _SESSION.match(session) else None
        self.readonly = access != "edit"
        self.checked_at = time.monotonic()
        self.client_id = f"c-{secrets.token_hex(6)}"
        await self.channel_layer.group_add(room_group(self.design_id), self.channel_name)
        peer = peer_identity(self.user, self.client_id, readonly=self.readonly)
        try:
            welcome = await database_sync_to_async(room_join)(design_id=self.design_id, peer=peer, session=self.session)
        except Design.DoesNotExist:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.joined = True
        await self.send(text_data=json.dumps(welcome, separators=(",", ":")))

    async def disconnect(self, code: int) -> None:
        """Leave the room (the last one out saves it)."""
        if not self.joined:
            return
        self.joined = False
        await self.channel_layer.group_discard(room_group(self.design_id), self.channel_name)
        await database_sync_to_async(room_leave)(design_id=self.design_id, client_id=self.client_id)

    async def _error(self, code: str, message: str, batch: object = None) -> None:
        await self.send(text_data=json.dumps({"type": "error", "code": code, "batch": batch, "message": message}))

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """A batch of ops or a presence update."""
        if not self.joined:
            return
        if text_data is None or len(text_data) > MAX_MESSAGE_BYTES:
            await self._error("bad-message", "Messages are JSON text of at most 4 MiB.")
            return
        try:
            message = json.loads(text_data)
        except ValueError:
            await self._error("bad-message", "Messages are JSON.")
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if kind == "ops":
            await self._ops(message)
        elif kind == "presence":
            await self._presence(message)
        else:
            await self._error("bad-message", "type: expected 'ops' or 'presence'")

    async def _ops(self, message: dict[str, Any]) -> None:
        batch = message.get("batch")
        if not isinstance(batch, str) or not 0 < len(batch) <= 200:
            await self._error("bad-message", "batch: a string of 1 to 200 characters", batch)
            return
        if not self.readonly and time.monotonic() - self.checked_at >= settings.LIVE_ACCESS_RECHECK_SECONDS:
            access = await database_sync_to_async(_access)(self.design_id, self.user)
            self.checked_at = time.monotonic()
            if access != "edit":
                await self._error("readonly", "You may no longer edit this design.", batch)
                await self.close(code=CLOSE_FORBIDDEN)
                return
        if self.readonly:
            await self._error("readonly", "This live session is read-only for you.", batch)
            return
        outcome = await database_sync_to_async(room_apply)(
            design_id=self.design_id,
            user=self.user,
            client_id=self.client_id,
            session=self.session,
            batch=batch,
            ops=message.get("ops"),
        )
        if outcome.error is not None:
            await self.send(text_data=json.dumps(outcome.error))
        elif outcome.duplicate:
            await self._error("duplicate", "This batch was applied already.", batch)
        else:
            _schedule_save(self.design_id)

    async def _presence(self, message: dict[str, Any]) -> None:
        selection = message.get("selection", [])
        cursor = message.get("cursor")
        if not (
            isinstance(selection, list)
            and len(selection) <= MAX_SELECTION
            and all(isinstance(item, str) and len(item) <= 200 for item in selection)
        ):
            await self._error("bad-message", "selection: a list of ids")
            return
        point_ok = isinstance(cursor, dict) and _number(cursor.get("x")) and _number(cursor.get("y"))
        if cursor is not None and not point_ok:
            await self._error("bad-message", "cursor: null or {x, y} numbers")
            return
        point = None if cursor is None else {"x": cursor["x"], "y": cursor["y"]}
        await database_sync_to_async(room_presence)(
            design_id=self.design_id, client_id=self.client_id, selection=selection, cursor=point
        )

    async def live_message(self, event: dict[str, Any]) -> None:
        """A broadcast of the room: passed on as it is (the room serialised it once for everyone)."""
        if event.get("skip") != self.client_id:
            await self.send(text_data=event["text"])
