"""The Celery application; tasks live in ``explorer.tasks``."""

import os
import socket
from typing import Any

from celery import Celery
from celery.signals import worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "explorer.settings")

app = Celery("kafkaesque")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _start_heartbeat(sender: Any = None, **kwargs: Any) -> None:
    from explorer import heartbeat

    name = getattr(sender, "hostname", None) or f"worker@{socket.gethostname()}-{os.getpid()}"
    heartbeat.start_heartbeat_thread(name)


@worker_shutdown.connect
def _stop_heartbeat(sender: Any = None, **kwargs: Any) -> None:
    from explorer import heartbeat

    name = getattr(sender, "hostname", None)
    if name:
        heartbeat.forget(name)
