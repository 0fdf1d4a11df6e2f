"""Live design sessions: joining a room, applying batches, presence, and the debounced save (docs/live-protocol.md).

The room's state and lock are :mod:`explorer.services.live_rooms`. Its document is saved as an ordinary
revision through :func:`explorer.services.designs.design_update` (debounced by the caller, the consumer);
a REST write to a design with a room is applied to it by :func:`explorer.services.live_rooms.room_catch_up`.
"""

from __future__ import annotations

import json
import re
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings
from django.contrib.auth import get_user_model

from explorer.engine.live_ops import LiveOpError, apply_ops
from explorer.models import Design
from explorer.services.designs import RevisionConflict, design_update
from explorer.services.documents import DocumentRejected, document_validate
from explorer.services.live_rooms import (
    Room,
    room_broadcast,
    room_catch_up_locked,
    room_current,
    room_drop,
    room_key,
    room_load,
    room_locked,
    room_redis,
    room_store,
)

__all__ = [
    "BatchOutcome",
    "peer_identity",
    "room_apply",
    "room_join",
    "room_leave",
    "room_presence",
    "room_save",
]

SESSION_TTL_S = 24 * 3600
MAX_OPS_PER_BATCH = 500
_BATCH = re.compile(r"^(?P<session>[A-Za-z0-9_-]{1,64}):(?P<number>[0-9]{1,12})$")
# Peer colours: distinct on a white and a dark canvas (Tableau 10).
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


def _peers(client: redis.Redis, design_id: int) -> list[dict[str, Any]]:
    raw = client.hgetall(room_key(design_id, "peers"))
    peers = [json.loads(value) for value in raw.values()]
    return sorted(peers, key=lambda peer: (peer.get("joined", 0), peer["client"]))


def _public(peer: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in peer.items() if key != "joined"}


def peer_identity(user: Any, client: str, *, readonly: bool) -> dict[str, Any]:
    """How ``user`` appears to the others: name and a colour that stays the same for them across sessions."""
    signed_in = user is not None and user.is_authenticated
    username = user.get_username() if signed_in else ""
    name = (user.get_full_name() or username) if signed_in else "Guest"
    colour = COLOURS[(user.pk if signed_in else sum(map(ord, client))) % len(COLOURS)]
    return {
        "client": client,
        "user": username,
        "name": name,
        "colour": colour,
        "readonly": readonly,
        "selection": [],
        "cursor": None,
    }


def room_join(*, design_id: int, peer: dict[str, Any], session: str | None) -> dict[str, Any]:
    """Add ``peer`` to the room (creating it from the current revision) and return the welcome message.

    Raises ``Design.DoesNotExist`` when the design is gone.
    """
    with room_locked(design_id) as client:
        room = room_load(client, design_id)
        if room is None:
            revision, document = room_current(design_id)
            room = Room(document, 0, revision, None, None, None, [])
            room_store(client, design_id, room)
        client.hset(room_key(design_id, "peers"), peer["client"], json.dumps({**peer, "joined": time.time()}))
        client.expire(room_key(design_id, "peers"), SESSION_TTL_S)
        applied = int(client.hget(room_key(design_id, "sessions"), session) or 0) if session else 0
        peers = [_public(p) for p in _peers(client, design_id)]
        room_broadcast(design_id, {"type": "peers", "peers": peers}, skip=peer["client"])
    return {
        "type": "welcome",
        "seq": room.seq,
        "revision": room.revision,
        "document": room.document,
        "readonly": peer["readonly"],
        "applied": applied,
        "you": {key: peer[key] for key in ("client", "user", "name", "colour")},
        "peers": peers,
    }


@dataclass(frozen=True)
class BatchOutcome:
    """What became of a batch: ``error`` for the sender, or applied (and broadcast) at ``seq``."""

    error: dict[str, Any] | None = None
    seq: int | None = None
    duplicate: bool = False


def _refusal(code: str, batch: object, message: str) -> BatchOutcome:
    return BatchOutcome(error={"type": "error", "code": code, "batch": batch, "message": message})


def room_apply(
    *, design_id: int, user: Any, client_id: str, session: str | None, batch: str, ops: object
) -> BatchOutcome:
    """Apply one client's batch in the room and broadcast it as applied (see the protocol's rules).

    The caller has checked that ``user`` may edit. A batch of ``session`` already applied is answered
    as a duplicate and changes nothing. A room that no longer exists (its last peer left in between)
    is recreated from the current revision first.
    """
    if isinstance(ops, list) and len(ops) > MAX_OPS_PER_BATCH:
        return _refusal("invalid-op", batch, f"ops: at most {MAX_OPS_PER_BATCH} ops in a batch")
    numbered = _BATCH.match(batch)
    if numbered and numbered["session"] != session:
        numbered = None
    with room_locked(design_id) as client:
        if numbered:
            done = int(client.hget(room_key(design_id, "sessions"), numbered["session"]) or 0)
            if int(numbered["number"]) <= done:
                return BatchOutcome(duplicate=True)
        room = room_load(client, design_id)
        if room is None:
            revision, document = room_current(design_id)
            room = Room(document, 0, revision, None, None, None, [])
        try:
            document, applied = apply_ops(room.document, ops)
        except LiveOpError as exc:
            return _refusal("invalid-op", batch, str(exc))
        if applied:
            try:
                document_validate(document=document)
            except DocumentRejected as exc:
                return _refusal("invalid-document", batch, str(exc))
        now = time.time()
        room.document = document
        room.seq += 1
        if applied:
            room.dirty_since = room.dirty_since or now
            room.last_op = now
            room.last_author = user.pk
            name = user.get_username()
            if name not in room.editors:
                room.editors.append(name)
        room_store(client, design_id, room, document=bool(applied))
        if numbered:
            client.hset(room_key(design_id, "sessions"), numbered["session"], numbered["number"])
            client.expire(room_key(design_id, "sessions"), SESSION_TTL_S)
        message = {
            "type": "ops",
            "seq": room.seq,
            "batch": batch,
            "client": client_id,
            "user": user.get_username(),
            "ops": applied,
        }
        room_broadcast(design_id, message)
    return BatchOutcome(seq=room.seq)


def room_presence(*, design_id: int, client_id: str, selection: list[str], cursor: dict[str, float] | None) -> None:
    """Record a peer's selection and cursor and tell the others."""
    client = room_redis()
    key = room_key(design_id, "peers")
    raw = client.hget(key, client_id)
    if raw is None:
        return
    peer = {**json.loads(raw), "selection": selection, "cursor": cursor}
    client.hset(key, client_id, json.dumps(peer))
    room_broadcast(
        design_id,
        {"type": "presence", "client": client_id, "selection": selection, "cursor": cursor},
        skip=client_id,
    )


def _save_locked(client: redis.Redis, design_id: int, room: Room) -> None:
    """Write the room's document as the next revision (caller holds the lock and saw it dirty)."""
    author = get_user_model().objects.filter(pk=room.last_author).first() if room.last_author else None
    message = f"Live session: {', '.join(room.editors)}" if room.editors else "Live session"
    for attempt in range(2):
        try:
            revision = design_update(
                design_id=design_id,
                user=author,
                document=room.document,
                base_revision=room.revision,
                message=message,
                notify_live=False,
            )
            break
        except RevisionConflict:
            if attempt:
                raise
            # A REST write whose hook has not run yet: take it in first, then save both.
            room_catch_up_locked(client, design_id, room)
    room.revision = revision.number
    room.dirty_since = room.last_op = room.last_author = None
    room.editors = []
    room_store(client, design_id, room)
    room_broadcast(design_id, {"type": "saved", "revision": room.revision, "seq": room.seq})


def room_save(*, design_id: int, force: bool = False) -> float | None:
    """Save the room's unsaved edits when they are due (or now, with ``force``).

    Returns the seconds to wait before the save is due, or None when there is nothing (left) to save.
    Due: ``LIVE_SAVE_IDLE_SECONDS`` after the last batch, or ``LIVE_SAVE_MAX_SECONDS`` after the first unsaved one.
    """
    with room_locked(design_id) as client:
        room = room_load(client, design_id)
        if room is None or room.dirty_since is None:
            return None
        now = time.time()
        due = min(
            (room.last_op or now) + settings.LIVE_SAVE_IDLE_SECONDS, room.dirty_since + settings.LIVE_SAVE_MAX_SECONDS
        )
        if not force and due > now:
            return due - now
        try:
            _save_locked(client, design_id, room)
        except Design.DoesNotExist:
            room_drop(client, design_id)
        return None


def room_leave(*, design_id: int, client_id: str) -> None:
    """Remove a peer; the last one out saves what is unsaved and closes the room."""
    with room_locked(design_id) as client:
        client.hdel(room_key(design_id, "peers"), client_id)
        peers = [_public(p) for p in _peers(client, design_id)]
        if peers:
            room_broadcast(design_id, {"type": "peers", "peers": peers})
            return
        room = room_load(client, design_id)
        if room is not None and room.dirty_since is not None:
            with suppress(Design.DoesNotExist):
                _save_locked(client, design_id, room)
        room_drop(client, design_id)
