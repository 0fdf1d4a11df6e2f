"""The WebSocket consumer of a design's live room (docs/live-protocol.md).

One consumer per connection. It checks access at join and again on batches, hands batches and presence to
the room (:mod:`explorer.services.live`), forwards the room's broadcasts, and runs the debounced save.

Broadcasts reach a server process once per room, not once per connection: the process's :class:`_Hub` for
the room is the only member of the room's channel-layer group from this process, and hands each message to
its local consumers, in order, through each one's outbox. With 20 editors in one process, a batch is one
channel-layer message instead of 20.
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
from explorer.services.live import (
    PEER_TOUCH_S,
    peer_identity,
    room_apply,
    room_join,
    room_leave,
    room_presence,
    room_save,
    room_touch,
)
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
    """``"edit"``, ``"view"``, ``"gone"`` (no such design), or None when ``user`` may not see it."""
    design = Design.objects.filter(pk=design_id).first()
    if design is None:
        return "gone"
    if not design_may(user=user, design=design, action=Action.VIEW):
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


class _Hub:
    """This process's subscription to one room's broadcasts, shared by its consumers there."""

    def __init__(self, design_id: int) -> None:
        self.design_id = design_id
        self.members: dict[str, LiveDesignConsumer] = {}
        self.ready = asyncio.get_running_loop().create_future()
        self.channel = ""
        self.task: asyncio.Task[None] | None = None
        self.toucher: asyncio.Task[None] | None = None

    async def start(self, layer: Any) -> None:
        self.channel = await layer.new_channel()
        await layer.group_add(room_group(self.design_id), self.channel)
        self.task = asyncio.get_running_loop().create_task(self._run(layer))
        self.toucher = asyncio.get_running_loop().create_task(self._touch())
        self.ready.set_result(None)

    async def _touch(self) -> None:
        while True:
            await asyncio.sleep(PEER_TOUCH_S)
            try:
                await database_sync_to_async(room_touch)(design_id=self.design_id, client_ids=list(self.members))
            except Exception:
                logger.exception("live room of design %s: noting the peers failed", self.design_id)

    async def _run(self, layer: Any) -> None:
        while True:
            try:
                event = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # Redis away for a moment: keep listening; clients that missed a batch reconnect on the gap.
                logger.exception("live room of design %s: receiving a broadcast failed", self.design_id)
                await asyncio.sleep(0.5)
                continue
            if event.get("type") != "live.message":
                continue
            for client_id, member in list(self.members.items()):
                if client_id != event.get("skip"):
                    member.outbox.put_nowait(event["text"])

    async def stop(self, layer: Any) -> None:
        for task in (self.task, self.toucher):
            if task is not None:
                task.cancel()
        await layer.group_discard(room_group(self.design_id), self.channel)


_hubs: dict[int, _Hub] = {}


async def _hub_join(design_id: int, consumer: LiveDesignConsumer, layer: Any) -> None:
    hub = _hubs.get(design_id)
    if hub is None:
        hub = _hubs[design_id] = _Hub(design_id)
        await hub.start(layer)
    await hub.ready
    hub.members[consumer.client_id] = consumer


async def _hub_leave(design_id: int, consumer: LiveDesignConsumer, layer: Any) -> None:
    hub = _hubs.get(design_id)
    if hub is None:
        return
    hub.members.pop(consumer.client_id, None)
    if not hub.members:
        del _hubs[design_id]
        await hub.stop(layer)


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
    writer: asyncio.Task[None] | None = None

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
        if access in (None, "gone"):
            await self.close(code=CLOSE_NOT_FOUND)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        session = (query.get("session") or [""])[0]
        self.session = session if _SESSION.match(session) else None
        self.readonly = access != "edit"
        self.checked_at = time.monotonic()
        self.client_id = f"c-{secrets.token_hex(6)}"
        # Subscribed before the snapshot, so no batch after it is missed; broadcasts wait in the outbox
        # until the welcome is out (the client ignores those the snapshot already holds).
        self.outbox: asyncio.Queue[str] = asyncio.Queue()
        await _hub_join(self.design_id, self, self.channel_layer)
        self.joined = True
        peer = peer_identity(self.user, self.client_id, readonly=self.readonly)
        try:
            welcome = await database_sync_to_async(room_join)(design_id=self.design_id, peer=peer, session=self.session)
        except Design.DoesNotExist:
            await _hub_leave(self.design_id, self, self.channel_layer)
            self.joined = False
            await self.close(code=CLOSE_NOT_FOUND)
            return
        await self.send(text_data=json.dumps(welcome, separators=(",", ":")))
        self.writer = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        while True:
            await self.send(text_data=await self.outbox.get())

    async def disconnect(self, code: int) -> None:
        """Leave the room (the last one out saves it)."""
        if not self.joined:
            return
        self.joined = False
        if self.writer is not None:
            self.writer.cancel()
        await _hub_leave(self.design_id, self, self.channel_layer)
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
            if access == "gone":
                await self._error("not-found", "This design was deleted.", batch)
                await self.close(code=CLOSE_NOT_FOUND)
                return
            if access != "edit":
                await self._error("readonly", "You may no longer edit this design.", batch)
                await self.close(code=CLOSE_FORBIDDEN)
                return
        if self.readonly:
            await self._error("readonly", "This live session is read-only for you.", batch)
            return
        try:
            outcome = await database_sync_to_async(room_apply)(
                design_id=self.design_id,
                user=self.user,
                client_id=self.client_id,
                session=self.session,
                batch=batch,
                ops=message.get("ops"),
            )
        except Design.DoesNotExist:
            await self._error("not-found", "This design was deleted.", batch)
            await self.close(code=CLOSE_NOT_FOUND)
            return
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
