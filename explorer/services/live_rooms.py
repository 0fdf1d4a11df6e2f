"""Live design rooms' state in Redis, and bringing a room up to date with revisions saved outside it.

A room (docs/live-protocol.md) holds the document, the sequence number of the last batch, the revision it
is based on, what is not saved yet, the per-session batch numbers and the peers, under keys
``live:<instance>:design:<id>:*``. Every change happens under a Redis lock per design, so any number of
server processes can serve one room, and broadcasts are sent while the lock is held, so every process
sees batches in ``seq`` order. The sessions themselves (join, batches, saving) are :mod:`explorer.services.live`;
this module is what the design writes need: :func:`room_catch_up`, called after a REST write commits.
"""

from __future__ import annotations

import functools
import json
import logging
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import redis
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

from explorer.engine.live_ops import apply_ops, diff_documents
from explorer.models import Design, Revision
from explorer.services.documents import DocumentRejected, document_validate

__all__ = [
    "Room",
    "room_broadcast",
    "room_catch_up",
    "room_catch_up_locked",
    "room_current",
    "room_drop",
    "room_exists",
    "room_from_meta",
    "room_group",
    "room_key",
    "room_load",
    "room_locked",
    "room_redis",
    "room_store",
]

logger = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 10
LOCK_WAIT_S = 10


@functools.cache
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5, health_check_interval=30)


def room_redis() -> redis.Redis:
    """A Redis client for the rooms (one connection pool per process)."""
    return _redis(settings.REDIS_URL)


def room_key(design_id: int, part: str) -> str:
    """The Redis key of one part of a design's room."""
    return f"live:{settings.INSTANCE_NAME}:design:{design_id}:{part}"


def room_group(design_id: int) -> str:
    """The channel-layer group of a design's room."""
    return f"live.{settings.INSTANCE_NAME}.design.{design_id}"


def room_broadcast(design_id: int, payload: dict[str, Any], *, skip: str | None = None) -> None:
    """Send ``payload`` to everyone in the room (but the client ``skip``), serialised once for all."""
    layer = get_channel_layer()
    if layer is None:
        return
    text = json.dumps(payload, separators=(",", ":"))
    async_to_sync(layer.group_send)(room_group(design_id), {"type": "live.message", "text": text, "skip": skip})


@contextmanager
def room_locked(design_id: int) -> Iterator[redis.Redis]:
    """Hold the room's lock for the block; yields the Redis client."""
    client = room_redis()
    lock = client.lock(room_key(design_id, "lock"), timeout=LOCK_TIMEOUT_S, sleep=0.002, blocking_timeout=LOCK_WAIT_S)
    if not lock.acquire():
        raise TimeoutError(f"the live room of design {design_id} stayed locked for {LOCK_WAIT_S} s")
    try:
        yield client
    finally:
        try:
            lock.release()
        except redis.exceptions.LockNotOwnedError:
            logger.warning("live room %s: the lock expired while held", design_id)


@dataclass
class Room:
    """A room's state apart from its peers and sessions; ``epoch`` names this incarnation of the room."""

    document: dict[str, Any]
    seq: int
    revision: int
    epoch: str = field(default_factory=lambda: secrets.token_hex(8))
    dirty_since: float | None = None
    last_op: float | None = None
    last_author: int | None = None
    editors: list[str] = field(default_factory=list)
    # Set while a debounced save writes the revision outside the lock (see explorer.services.live.room_save).
    saving_since: float | None = None


# The last document this process stored or read per design, by (epoch, seq): every change of the document
# moves seq, so a match means Redis holds this very document and it need not be read and decoded again.
# Documents are never mutated (apply_ops copies what it changes), so sharing them is safe.
_documents: dict[int, tuple[str, int, dict[str, Any]]] = {}


def room_load(client: redis.Redis, design_id: int) -> Room | None:
    """The room of ``design_id`` (None when it has none)."""
    return room_from_meta(client, design_id, client.get(room_key(design_id, "meta")))


def room_from_meta(client: redis.Redis, design_id: int, raw_meta: Any) -> Room | None:
    """The room whose meta record the caller read already (None when there was none)."""
    if raw_meta is None:
        return None
    meta = json.loads(raw_meta)
    cached = _documents.get(design_id)
    if cached is not None and cached[:2] == (meta["epoch"], meta["seq"]):
        return Room(document=cached[2], **meta)
    raw_doc = client.get(room_key(design_id, "doc"))
    if raw_doc is None:
        return None
    room = Room(document=json.loads(raw_doc), **meta)
    _documents[design_id] = (room.epoch, room.seq, room.document)
    return room


def room_store(
    client: redis.Redis | redis.client.Pipeline,
    design_id: int,
    room: Room,
    *,
    document: bool = True,
    encoded: str | None = None,
) -> None:
    """Write the room back: its document too unless ``document`` is False (it did not change).

    ``encoded`` is the document's JSON when the caller has it already; ``client`` may be a pipeline the
    caller executes."""
    meta = {
        "seq": room.seq,
        "revision": room.revision,
        "epoch": room.epoch,
        "dirty_since": room.dirty_since,
        "last_op": room.last_op,
        "last_author": room.last_author,
        "editors": room.editors,
        "saving_since": room.saving_since,
    }
    values = {room_key(design_id, "meta"): json.dumps(meta)}
    if document:
        values[room_key(design_id, "doc")] = encoded or json.dumps(room.document, separators=(",", ":"))
    client.mset(values)
    _documents[design_id] = (room.epoch, room.seq, room.document)


def room_current(design_id: int) -> tuple[int, dict[str, Any]]:
    """The current revision's number and document (``Design.DoesNotExist`` when the design is gone)."""
    design = Design.objects.select_related("current_revision").get(pk=design_id)
    revision = design.current_revision
    if revision is None:
        raise Design.DoesNotExist(f"design {design_id} has no revision")
    return revision.number, revision.document


def room_exists(design_id: int) -> bool:
    """Whether ``design_id`` has a live room now."""
    return bool(room_redis().exists(room_key(design_id, "meta")))


def room_drop(client: redis.Redis, design_id: int) -> None:
    """Delete the room."""
    client.delete(*(room_key(design_id, part) for part in ("doc", "meta", "peers", "seen", "sessions")))


def room_catch_up_locked(client: redis.Redis, design_id: int, room: Room) -> None:
    """Apply revisions saved outside the room since its base revision to it, as one broadcast batch.

    The caller holds the room's lock."""
    design = Design.objects.select_related("current_revision__author").get(pk=design_id)
    current = design.current_revision
    if current is None or current.number <= room.revision:
        return
    base = Revision.objects.filter(design_id=design_id, number=room.revision).values_list("document", flat=True).first()
    document, applied = apply_ops(room.document, diff_documents(base or {}, current.document))
    try:
        document_validate(document=document)
    except DocumentRejected:
        # The REST change and the unsaved live edits do not fit together: the saved revision wins.
        document, applied = apply_ops(room.document, diff_documents(room.document, current.document))
    room.document = document
    room.revision = current.number
    room.seq += 1
    room_store(client, design_id, room)
    author = current.author.get_username() if current.author else None
    room_broadcast(
        design_id, {"type": "ops", "seq": room.seq, "batch": None, "client": None, "user": author, "ops": applied}
    )


def room_catch_up(*, design_id: int) -> None:
    """After a REST write to ``design_id``: if it has a live room, apply the new revision to it as ops.

    Never raises for Redis trouble: saving through the API works with Redis down, the room (if any)
    then catches up at its next save.
    """
    try:
        if not room_exists(design_id):
            return
        with room_locked(design_id) as client:
            room = room_load(client, design_id)
            # A save in progress takes in what was written meanwhile when it is done (so its own revision
            # is not applied again); one that died long ago no longer counts.
            saving = room is not None and room.saving_since is not None and time.time() - room.saving_since < 60
            if room is not None and not saving:
                room_catch_up_locked(client, design_id, room)
    except (redis.exceptions.RedisError, TimeoutError) as exc:
        logger.warning("live room of design %s not told of a REST write: %s", design_id, exc)
