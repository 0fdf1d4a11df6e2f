"""Live design sessions: joining a room, applying batches, presence, and the debounced save (docs/live-protocol.md).

The room's state and lock are :mod:`explorer.services.live_rooms`. Its document is saved as an ordinary
revision through :func:`explorer.services.designs.design_update` (debounced by the caller, the consumer);
a REST write to a design with a room is applied to it by :func:`explorer.services.live_rooms.room_catch_up`.
"""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

import redis
from django.conf import settings
from django.contrib.auth import get_user_model

from explorer.engine.document import structural_problems, text_problems
from explorer.engine.live_ops import LiveOpError, apply_ops, touched_document
from explorer.models import Design
from explorer.services.designs import RevisionConflict, design_update
from explorer.services.documents import DocumentRejected, design_limits
from explorer.services.live_rooms import (
    Room,
    room_broadcast,
    room_catch_up_locked,
    room_current,
    room_drop,
    room_from_meta,
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
    "room_touch",
]

logger = logging.getLogger(__name__)

SESSION_TTL_S = 24 * 3600
# A peer's process notes it every PEER_TOUCH_S; one not noted for PEER_STALE_S is gone.
PEER_TOUCH_S = 15
PEER_STALE_S = 60
MAX_OPS_PER_BATCH = 500
_BATCH = re.compile(r"^(?P<session>[A-Za-z0-9_-]{1,64}):(?P<number>[0-9]{1,12})$")
# Peer colours: distinct on a white and a dark canvas (Tableau 10).
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")


def _peers(client: redis.Redis, design_id: int) -> list[dict[str, Any]]:
    """The room's peers, forgetting those not seen lately (their server process died without saying goodbye)."""
    reads = client.pipeline(transaction=False)
    reads.hgetall(room_key(design_id, "peers"))
    reads.hgetall(room_key(design_id, "seen"))
    raw, seen = reads.execute()
    horizon = time.time() - PEER_STALE_S
    stale = [key for key in raw if float(seen.get(key) or 0) < horizon]
    if stale:
        client.hdel(room_key(design_id, "peers"), *stale)
        client.hdel(room_key(design_id, "seen"), *stale)
    peers = [json.loads(value) for key, value in raw.items() if key not in stale]
    return sorted(peers, key=lambda peer: (peer.get("joined", 0), peer["client"]))


def room_touch(*, design_id: int, client_ids: list[str]) -> None:
    """Note that these peers are still connected (their process calls this every ``PEER_TOUCH_S``)."""
    if client_ids:
        now = time.time()
        client = room_redis()
        client.hset(room_key(design_id, "seen"), mapping=dict.fromkeys(client_ids, now))
        client.expire(room_key(design_id, "seen"), SESSION_TTL_S)


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
            room = Room(document, 0, revision)
            room_store(client, design_id, room)
        client.hset(room_key(design_id, "peers"), peer["client"], json.dumps({**peer, "joined": time.time()}))
        client.expire(room_key(design_id, "peers"), SESSION_TTL_S)
        room_touch(design_id=design_id, client_ids=[peer["client"]])
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


def _batch_problems(document: dict[str, Any], applied: list[dict[str, Any]], size: int) -> str | None:
    """Why the document after a batch could not be saved (None: it could), checking only what the batch wrote.

    The whole-document checks of :func:`explorer.services.documents.document_validate` cost milliseconds per
    hundred nodes on every batch; the batch keeps references whole and ids unique by itself
    (:mod:`explorer.engine.live_ops`), so the size, the counts and the schema of the part it wrote are
    what is left to check. The save still validates the whole document.
    """
    limits = design_limits()
    counts = {key: len(document.get(key) or []) for key in ("nodes", "flows")}
    if size > limits.max_bytes:
        return f"$: the document would be {size} bytes, more than the {limits.max_bytes} allowed"
    if counts["nodes"] > limits.max_nodes or counts["flows"] > limits.max_flows:
        return f"$: at most {limits.max_nodes} nodes and {limits.max_flows} flows"
    part = touched_document(document, applied)
    problems = text_problems(part, storing=True) or structural_problems(part, limits)
    return "; ".join(f"{problem.path}: {problem.message}" for problem in problems) or None


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
        reads = client.pipeline(transaction=False)
        reads.get(room_key(design_id, "meta"))
        reads.hget(room_key(design_id, "sessions"), numbered["session"] if numbered else "")
        raw_meta, done = reads.execute()
        if numbered and int(numbered["number"]) <= int(done or 0):
            return BatchOutcome(duplicate=True)
        room = room_from_meta(client, design_id, raw_meta)
        if room is None:
            revision, document = room_current(design_id)
            room = Room(document, 0, revision)
        try:
            document, applied = apply_ops(room.document, ops)
        except LiveOpError as exc:
            return _refusal("invalid-op", batch, str(exc))
        encoded = json.dumps(document, separators=(",", ":")) if applied else None
        problems = _batch_problems(document, applied, len(encoded.encode("utf-8"))) if encoded else None
        if problems:
            return _refusal("invalid-document", batch, problems)
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
        writes = client.pipeline(transaction=False)
        room_store(writes, design_id, room, document=bool(applied), encoded=encoded)
        if numbered:
            writes.hset(room_key(design_id, "sessions"), numbered["session"], numbered["number"])
            writes.expire(room_key(design_id, "sessions"), SESSION_TTL_S)
        writes.execute()
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


def _write_revision(design_id: int, room: Room) -> int:
    """Write the room's document as the next revision after its base; returns the new number."""
    author = get_user_model().objects.filter(pk=room.last_author).first() if room.last_author else None
    message = f"Live session: {', '.join(room.editors)}" if room.editors else "Live session"
    revision = design_update(
        design_id=design_id,
        user=author,
        document=room.document,
        base_revision=room.revision,
        message=message,
        notify_live=False,
    )
    return revision.number


def _save_locked(client: redis.Redis, design_id: int, room: Room) -> None:
    """Save the room as it is, holding its lock (the last one out: nothing else is waiting for it)."""
    try:
        number = _write_revision(design_id, room)
    except RevisionConflict:
        room_catch_up_locked(client, design_id, room)
        number = _write_revision(design_id, room)
    room.revision = number
    room.dirty_since = room.last_op = room.last_author = None
    room.editors = []
    room_store(client, design_id, room, document=False)


def room_save(*, design_id: int, force: bool = False) -> float | None:
    """Save the room's unsaved edits when they are due (or now, with ``force``).

    Returns the seconds to wait before trying again, or None when there is nothing (left) to save.
    Due: ``LIVE_SAVE_IDLE_SECONDS`` after the last batch, or ``LIVE_SAVE_MAX_SECONDS`` after the first unsaved one.
    The revision is written outside the room's lock, so batches keep flowing while the database works; a
    REST write that lands meanwhile is taken in when the save is done (``saving_since``).
    """
    with room_locked(design_id) as client:
        room = room_load(client, design_id)
        if room is None or room.dirty_since is None:
            return None
        now = time.time()
        if room.saving_since is not None and now - room.saving_since < 60:
            return float(settings.LIVE_SAVE_IDLE_SECONDS)  # another process is saving it
        due = min(
            (room.last_op or now) + settings.LIVE_SAVE_IDLE_SECONDS, room.dirty_since + settings.LIVE_SAVE_MAX_SECONDS
        )
        if not force and due > now:
            return due - now
        snapshot = Room(room.document, room.seq, room.revision, last_author=room.last_author, editors=room.editors)
        room.saving_since = now
        room_store(client, design_id, room, document=False)
    revision: int | None = None
    rejected = False
    try:
        revision = _write_revision(design_id, snapshot)
    except RevisionConflict:
        pass  # a REST write came first: taken in below, saved with the next try
    except Design.DoesNotExist:
        with room_locked(design_id) as client:
            room_drop(client, design_id)
        return None
    except DocumentRejected as exc:
        # Not expected (every batch was checked), but never a silent loss: everyone is told, the edits
        # stay in the room, and the next batch tries again.
        logger.error("live room of design %s: the merged document was refused: %s", design_id, exc)
        rejected = True
        room_broadcast(design_id, {"type": "error", "code": "save-failed", "batch": None, "message": str(exc)})
    with room_locked(design_id) as client:
        room = room_load(client, design_id)
        if room is None:
            return None
        room.saving_since = None
        if revision is not None:
            room.revision = revision
            if room.seq == snapshot.seq:
                room.dirty_since = room.last_op = room.last_author = None
                room.editors = []
            else:
                room.dirty_since = time.time()  # batches came in while saving: they are the unsaved ones now
            room_broadcast(design_id, {"type": "saved", "revision": revision, "seq": snapshot.seq})
        room_store(client, design_id, room, document=False)
        room_catch_up_locked(client, design_id, room)
        if room.dirty_since is None or rejected:
            return None
        return float(settings.LIVE_SAVE_IDLE_SECONDS)


def room_leave(*, design_id: int, client_id: str) -> None:
    """Remove a peer; the last one out saves what is unsaved and closes the room."""
    with room_locked(design_id) as client:
        client.hdel(room_key(design_id, "peers"), client_id)
        client.hdel(room_key(design_id, "seen"), client_id)
        peers = [_public(p) for p in _peers(client, design_id)]
        if peers:
            room_broadcast(design_id, {"type": "peers", "peers": peers})
            return
        room = room_load(client, design_id)
        if room is not None and room.dirty_since is not None:
            try:
                _save_locked(client, design_id, room)
            except (Design.DoesNotExist, DocumentRejected) as exc:
                logger.error("live room of design %s closed unsaved: %s", design_id, exc)
        room_drop(client, design_id)
