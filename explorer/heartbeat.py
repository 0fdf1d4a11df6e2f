"""Heartbeats in Redis: each live worker, and each running job, refreshes a key with a short TTL.

``/healthz`` and the job reaper read the worker keys, so "is a worker alive" is an observation, not a
guess from the broker's queue. A worker's main process may outlive the pool process running a job (the
kernel's OOM killer picks the big one), so a running job has a key of its own, refreshed by the process
running it and holding that process's identity (:class:`JobOwner`): the reaper and a re-delivered task
see within ``WORKER_HEARTBEAT_TTL`` seconds - or at once, on the same host - that the process is gone.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from dataclasses import dataclass

import redis
from django.conf import settings


def _prefix() -> str:
    return f"kafkaesque:{settings.INSTANCE_NAME}:worker:"


def _job_key(job_id: int) -> str:
    return f"kafkaesque:{settings.INSTANCE_NAME}:job:{job_id}"


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


@dataclass(frozen=True)
class JobOwner:
    """The process running a job: its worker's name, host and process id."""

    worker: str
    host: str
    pid: int

    @classmethod
    def this_process(cls, worker: str) -> JobOwner:
        """The owner record for the calling process working for ``worker``."""
        return cls(worker=worker, host=_host(), pid=os.getpid())

    def encode(self) -> str:
        """The value stored in the job's key."""
        return f"{self.pid}|{self.host}|{self.worker}"

    @classmethod
    def decode(cls, raw: bytes | str) -> JobOwner | None:
        """The owner from a stored value; None for a value this version does not understand."""
        text = raw.decode() if isinstance(raw, bytes) else raw
        pid, _, rest = text.partition("|")
        host, _, worker = rest.partition("|")
        return cls(worker=worker, host=host, pid=int(pid)) if pid.isdigit() and worker else None

    def process_gone(self) -> bool:
        """Whether the owner runs on this host and its process no longer exists (unknowable elsewhere)."""
        if self.host != _host():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # it exists, under another user
            return False
        return False


def _host() -> str:
    return socket.gethostname()


def job_beat(job_id: int, owner: JobOwner) -> None:
    """Record that ``owner`` is running job ``job_id`` now (the key expires after ``WORKER_HEARTBEAT_TTL``)."""
    redis_client().set(_job_key(job_id), owner.encode(), ex=settings.WORKER_HEARTBEAT_TTL)


def job_forget(job_id: int) -> None:
    """Drop job ``job_id``'s key when its run ends (else it expires on its own)."""
    with contextlib.suppress(redis.RedisError):
        redis_client().delete(_job_key(job_id))


def job_owners(job_ids: list[int]) -> dict[int, JobOwner | None]:
    """The process each job's key names; None when the key has expired (its process stopped beating)."""
    if not job_ids:
        return {}
    values = redis_client().mget([_job_key(job_id) for job_id in job_ids])
    return {
        job_id: (JobOwner.decode(value) if value is not None else None)
        for job_id, value in zip(job_ids, values, strict=True)
    }
