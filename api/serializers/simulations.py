"""Serializers for what-if simulations: the small submit input (the result is the job's ``result``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class SimulationIn(serializers.Serializer[Any]):
    """What to simulate on the design's current revision; every field is optional."""

    profile = serializers.JSONField(
        required=False,
        help_text='steady, daily or spike, or {"shape": "spike", "factor": 10, "minutes": 10, "start_minute": 60}; '
        "replaces every source's own profile.",
    )
    duration_s = serializers.FloatField(required=False, min_value=1, help_text="Seconds to simulate (default 86400).")
    step_s = serializers.FloatField(required=False, min_value=1, help_text="Step in seconds (default 60).")
    outage = serializers.JSONField(
        required=False,
        help_text='A location id, provider, region or zone that is down, or {"locations": [...], "nodes": [...]}.',
    )
    prices = serializers.JSONField(
        required=False,
        help_text='Cost per GB between locations: {"inter-region": {"usd_per_gb": 0.02, "source": "https://..."}}.',
    )
