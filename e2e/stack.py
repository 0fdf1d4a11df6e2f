"""Start the real Kafkaesque stack for browser tests and benchmarks.

The ASGI server (uvicorn: HTTP and WebSocket, as `make run` serves) on a free port with a throwaway
SQLite database, and one Celery worker on a queue of its own (so other workers on the same Redis
never take its jobs). Ready means ``/healthz`` answers 200 and lists this worker's heartbeat.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 90
UVICORN = ["--host", "127.0.0.1", "--lifespan", "off"]  # Django has no lifespan handlers
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class StackError(Exception):
    """The stack could not start; the message carries the failing process's log."""


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthz(url: str) -> tuple[int, dict[str, Any]]:
    """Status code and body of ``/healthz`` (0 when nothing answers)."""
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, {}


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def live_stack(workdir: Path) -> Iterator[str]:
    """Run Django and one worker until the block ends; yield the base URL."""
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        raise StackError("The front end is not built: run `cd frontend && npm ci && npm run build` (or `make setup`).")
    queue = f"e2e-{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'e2e.sqlite3'}",
        "KAFKAESQUE_VAR_DIR": str(workdir),
        "CELERY_QUEUE": queue,
        # Live rooms and channel-layer groups are keyed by design id: keep this stack's apart from others'.
        "KAFKAESQUE_INSTANCE": queue,
        "DEBUG": "1",
        "PYTHONUNBUFFERED": "1",
    }
    python = sys.executable
    for command in (["migrate", "--noinput", "-v", "0"], ["ensure_demo_user"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    celery = str(Path(python).with_name("celery"))
    with (workdir / "server.log").open("wb") as server_log, (workdir / "worker.log").open("wb") as worker_log:
        server = subprocess.Popen(
            [python, "-m", "uvicorn", "explorer.asgi:application", "--port", f"{port}", *UVICORN],
            cwd=ROOT,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        worker = subprocess.Popen(
            [celery, "-A", "explorer", "worker", "-c", "1", "-Q", queue, "-n", f"{queue}@%h", "--loglevel", "INFO"],
            cwd=ROOT,
            env=env,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_ready(url, queue, workdir, {"server": server, "worker": worker})
            yield url
        finally:
            _stop(worker)
            _stop(server)


def _wait_ready(url: str, queue: str, workdir: Path, processes: dict[str, subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    status, body = 0, dict[str, Any]()
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                log = (workdir / f"{name}.log").read_text(errors="replace")[-3000:]
                raise StackError(f"the {name} exited with {process.returncode}:\n{log}")
        status, body = healthz(url)
        workers = body.get("checks", {}).get("worker", {}).get("workers", [])
        if status == 200 and any(queue in str(worker) for worker in workers):
            return
        # Polling: the server offers no event to wait on before it listens.
        time.sleep(0.25)
    raise StackError(f"/healthz did not report our worker within {STARTUP_TIMEOUT_S} s: {status} {body}")
