"""A real ASGI server (uvicorn, as `make run` serves) on the test database and the real Redis, and live clients.

``asgi_server`` starts ``uvicorn explorer.asgi:application`` once per test session on a free port, with
``DATABASE_URL`` pointing at the test database (tests that use it need ``transactional_db`` so their rows
are committed and visible to the server) and a ``KAFKAESQUE_INSTANCE`` of its own, so its rooms and
channel-layer groups never meet another run's. Saves are debounced quickly (0.3 s idle, 2 s at most),
and access is read again on every batch.

``LiveClient`` is a WebSocket client (the ``websockets`` library) that keeps the document the way the
browser does: the welcome's snapshot, then every broadcast batch applied in seq order.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from e2e.stack import free_port, healthz
from explorer.engine.live_ops import apply_ops
from explorer.tests.conftest import _database_url, wait_until

ROOT = Path(__file__).resolve().parents[3]
RECEIVE_TIMEOUT = 10.0


@dataclass
class AsgiServer:
    """The running server: its HTTP and WebSocket base URLs, and its instance name."""

    http: str
    ws: str
    instance: str
    log_path: Path

    def live_url(self, design_id: int, session: str | None = None) -> str:
        """The live-session URL of a design."""
        return f"{self.ws}/ws/designs/{design_id}/live/" + (f"?session={session}" if session else "")

    def log(self) -> str:
        """The server's output so far (for assertion messages)."""
        return self.log_path.read_text(errors="replace")[-4000:]

    def settle(self, timeout: float = 15.0) -> None:
        """Wait until the server has closed every room: the last one out of a room saves it, and a test's
        database flush must not run while that write holds its locks (PostgreSQL would report a deadlock)."""
        from django.conf import settings

        client = redis.Redis.from_url(settings.REDIS_URL)
        pattern = f"live:{self.instance}:design:*"

        def closed() -> bool:
            return not any(client.scan_iter(pattern, count=1000))

        # Polling: the rooms live in the server process, which offers no event to wait on.
        if not wait_until(closed, timeout=timeout):
            # A room a test left behind on purpose (a peer whose server died): forget it, so the next test
            # does not wait for it too.
            keys = list(client.scan_iter(pattern, count=1000))
            if keys:
                client.delete(*keys)


@pytest.fixture(scope="session")
def asgi_server(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[AsgiServer]:
    """uvicorn serving ``explorer.asgi:application`` for the whole session (see the module docstring)."""
    from django.conf import settings

    with django_db_blocker.unblock():
        database_url = _database_url()
    instance = f"test-live-{uuid.uuid4().hex[:10]}"
    port = free_port()
    log_path = tmp_path_factory.mktemp("asgi") / "server.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "KAFKAESQUE_INSTANCE": instance,
        "LIVE_SAVE_IDLE_SECONDS": "0.3",
        "LIVE_SAVE_MAX_SECONDS": "2",
        "LIVE_ACCESS_RECHECK_SECONDS": "0",
        "DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "uvicorn", "explorer.asgi:application", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--lifespan", "off", "--log-level", "warning"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = AsgiServer(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}", instance, log_path)
    try:
        # Polling: the server offers no event to wait on before it listens.
        if not wait_until(lambda: process.poll() is not None or healthz(server.http)[0] != 0, timeout=60):
            raise RuntimeError(f"uvicorn did not answer within 60 s:\n{server.log()}")
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {process.returncode}:\n{server.log()}")
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        client = redis.Redis.from_url(settings.REDIS_URL)
        keys = list(client.scan_iter(f"live:{instance}:*")) + list(client.scan_iter(f"kafkaesque:{instance}:*"))
        if keys:
            client.delete(*keys)


@pytest.fixture(autouse=True)
def live_rooms_settle(request: pytest.FixtureRequest, transactional_db: Any) -> Iterator[None]:
    """After a test that used the live server, let it close its rooms before the database is flushed
    (set up after ``transactional_db``, so torn down before its flush)."""
    yield
    if "asgi_server" in request.fixturenames:
        request.getfixturevalue("asgi_server").settle()


@dataclass
class LiveClient:
    """One connection to a live room, keeping the confirmed document as the browser does."""

    socket: ClientConnection
    welcome: dict[str, Any]
    document: dict[str, Any]
    seq: int
    messages: list[dict[str, Any]] = field(default_factory=list)
    acked: set[str] = field(default_factory=set)
    errors: list[dict[str, Any]] = field(default_factory=list)
    saved: list[dict[str, Any]] = field(default_factory=list)
    batches: int = 0

    @classmethod
    async def join(cls, url: str, *, token: str | None = None, headers: dict[str, str] | None = None) -> LiveClient:
        """Connect and read the welcome (raises ``ConnectionClosed`` when the server refuses)."""
        extra = {**(headers or {}), **({"Authorization": f"Token {token}"} if token else {})}
        socket = await connect(url, additional_headers=extra, open_timeout=RECEIVE_TIMEOUT)
        welcome = json.loads(await asyncio.wait_for(socket.recv(), RECEIVE_TIMEOUT))
        if welcome.get("type") != "welcome":
            raise AssertionError(f"expected a welcome, got {welcome}")
        return cls(socket, welcome, welcome["document"], welcome["seq"])

    async def send_ops(self, ops: list[dict[str, Any]], *, batch: str | None = None) -> str:
        """Send a batch; returns its id."""
        self.batches += 1
        session = self.welcome["you"]["client"]
        batch = batch or f"{session}-{self.batches}"
        await self.socket.send(json.dumps({"type": "ops", "batch": batch, "ops": ops, "label": "test"}))
        return batch

    async def receive(self) -> dict[str, Any]:
        """The next message, applied to the document when it is a batch."""
        message = json.loads(await asyncio.wait_for(self.socket.recv(), RECEIVE_TIMEOUT))
        self.messages.append(message)
        if message["type"] == "ops" and message["seq"] <= self.seq:
            return message  # already in the welcome's snapshot
        if message["type"] == "ops":
            assert message["seq"] == self.seq + 1, f"batches out of order: {self.seq} then {message['seq']}"
            self.document, _ = apply_ops(self.document, message["ops"])
            self.seq = message["seq"]
            if message["client"] == self.welcome["you"]["client"]:
                self.acked.add(message["batch"])
        elif message["type"] == "error":
            self.errors.append(message)
        elif message["type"] == "saved":
            self.saved.append(message)
        return message

    async def until(self, predicate: Any) -> dict[str, Any]:
        """Receive until a message satisfies ``predicate`` (or time out)."""
        while True:
            message = await self.receive()
            if predicate(message):
                return message

    async def until_seq(self, seq: int) -> None:
        """Receive until the document is at ``seq``."""
        while self.seq < seq:
            await self.receive()

    async def until_closed(self) -> tuple[list[str], int | None]:
        """Receive until the server closes; the error codes received and the close code."""
        try:
            while True:
                await self.receive()
        except ConnectionClosed as exc:
            return [message["code"] for message in self.errors], exc.rcvd.code if exc.rcvd else None

    async def close(self) -> None:
        await self.socket.close()
