"""Serializers for what-if simulations: the small submit input (the result is the job's ``result``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.designs import StrictSerializer

NUMBER = {"type": "number", "minimum": 0, "nullable": True}
#: At most 1,000,000 steps are simulated: a duration of 1,000,000 s at the smallest step of 1 s.
MAX_DURATION_S = 1_000_000
PROFILE_SCHEMA = {
    "nullable": True,
    "oneOf": [
        {"type": "string", "enum": ["steady", "daily", "spike"]},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "shape": {"type": "string", "enum": ["steady", "daily", "spike"]},
                **{
                    key: NUMBER
                    for key in ("factor", "minutes", "start_minute", "peak_factor", "trough_factor", "peak_hour")
                },
            },
        },
    ],
}
NAMES = {"type": "array", "items": {"type": "string"}}
OUTAGE_SCHEMA = {
    "nullable": True,
    "description": "A location id, provider, region or zone that is down, or lists of them and of nodes; a name "
    "the design does not have is refused (400 invalid-simulation).",
    "oneOf": [
        {"type": "string"},
        NAMES,
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {"locations": NAMES, "nodes": NAMES},
        },
    ],
}
PRICES_SCHEMA = {
    "type": "object",
    "nullable": True,
    "additionalProperties": False,
    "properties": {
        scope: {
            "type": "object",
            "required": ["usd_per_gb", "source"],
            "properties": {
                "usd_per_gb": {"type": "number", "minimum": 0},
                "source": {"type": "string", "pattern": "^https?://"},
            },
        }
        for scope in ("inter-zone", "inter-region", "inter-provider")
    },
}


@extend_schema_field(PROFILE_SCHEMA)
class ProfileField(serializers.JSONField):
    """A traffic profile: a shape name or an object (the engine checks the values and names a bad key)."""


@extend_schema_field(OUTAGE_SCHEMA)
class OutageField(serializers.JSONField):
    """What is down: a location name, a list of them, or locations and nodes."""


@extend_schema_field(PRICES_SCHEMA)
class PricesField(serializers.JSONField):
    """Cost per GB crossing between locations, each price with its source."""


class SimulationIn(StrictSerializer):
    """What to simulate on the design's current revision; every field is optional."""

    profile = ProfileField(
        required=False,
        allow_null=True,
        help_text='steady, daily or spike, or {"shape": "spike", "factor": 10, "minutes": 10, "start_minute": 60}; '
        "replaces every source's own profile.",
    )
    duration_s = serializers.FloatField(
        required=False, min_value=1, max_value=MAX_DURATION_S, help_text="Seconds to simulate (default 86400)."
    )
    step_s = serializers.FloatField(
        required=False,
        min_value=1,
        help_text="Step in seconds (default 60); one longer than the duration is shortened to it.",
    )
    outage = OutageField(
        required=False,
        allow_null=True,
        help_text='A location id, provider, region or zone that is down, or {"locations": [...], "nodes": [...]}.',
    )
    prices = PricesField(
        required=False,
        allow_null=True,
        help_text='Cost per GB between locations: {"inter-region": {"usd_per_gb": 0.02, "source": "https://..."}}.',
    )
