"""WebSocket URLs."""

from __future__ import annotations

from typing import Any

from channels.routing import URLRouter
from django.urls import re_path

from explorer.live.auth import live_auth
from explorer.live.consumers import LiveDesignConsumer

websocket_urlpatterns = [
    re_path(r"^ws/designs/(?P<design_id>[0-9]{1,18})/live/$", LiveDesignConsumer.as_asgi()),
]


def websocket_application() -> Any:
    """The ASGI application for ``websocket`` connections."""
    return live_auth(URLRouter(websocket_urlpatterns))
