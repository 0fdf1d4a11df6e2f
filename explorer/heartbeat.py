"""Worker heartbeats in Redis: each live worker refreshes a key with a short TTL.

``/healthz`` and the job reaper read these keys, so "is a worker alive" is an observation,
not a guess from the broker's queue.
"""

from __future__ import annotations

import contextlib
import threading
import time

import redis
from django.conf import settings


def _prefix() -> str:
    return f"kafkaesque:{settings.INSTANCE_NAME}:worker:"


def redis_client() -> redis.Redis:
    """A Redis client for ``settings.REDIS_URL`` with short timeouts."""
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=2)


def beat(worker_name: str) -> None:
    """Record that ``worker_name`` is alive now."""
    redis_client().set(f"{_prefix()}{worker_name}", str(time.time()), ex=settings.WORKER_HEARTBEAT_TTL)


def forget(worker_name: str) -> None:
    """Remove ``worker_name``'s heartbeat at a clean shutdown, so health changes at once."""
    with contextlib.suppress(redis.RedisError):  # otherwise the key expires on its own
        redis_client().delete(f"{_prefix()}{worker_name}")


def live_workers() -> list[str]:
    """Names of the workers whose heartbeat has not expired."""
    prefix = _prefix()
    client = redis_client()
    return sorted(key.decode()[len(prefix) :] for key in client.scan_iter(match=f"{prefix}*"))


def is_alive(worker_name: str) -> bool:
    """Whether ``worker_name`` has a live heartbeat."""
    return bool(redis_client().exists(f"{_prefix()}{worker_name}"))


def start_heartbeat_thread(worker_name: str) -> threading.Thread:
    """Beat every ``WORKER_HEARTBEAT_SECONDS`` from a daemon thread until the process exits."""

    def loop() -> None:
        while True:
            # Redis down: the key expires and health reports the worker as unreachable.
            with contextlib.suppress(redis.RedisError):
                beat(worker_name)
            time.sleep(settings.WORKER_HEARTBEAT_SECONDS)

    thread = threading.Thread(target=loop, name="kafkaesque-heartbeat", daemon=True)
    thread.start()
    return thread
