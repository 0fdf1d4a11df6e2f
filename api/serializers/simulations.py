"""Serializers for what-if simulations: the small submit input, and the typed result the editor draws."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.analysis import FindingOut
from api.serializers.designs import StrictSerializer
from explorer.engine.document import text_problems

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
            "additionalProperties": False,
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

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The parameters are kept with the job: text a database cannot store (NUL) is refused by its path."""
        problems = text_problems(attrs, storing=True)
        if problems:
            raise serializers.ValidationError({problem.path: [problem.message] for problem in problems})
        return attrs


# --- The job's result: the parts the editor's "What if" panel reads (the engine returns more; see
# explorer/engine/simulate/__init__.py). Every figure is {value, unit, formula, assumptions}; an infinite value
# (a backlog that never drains, storage without retention) is null.


class FigureOut(serializers.Serializer[Any]):
    """A number with its unit, the formula with the numbers put in, and the catalog defaults it assumed."""

    value = serializers.FloatField(allow_null=True, help_text="null when infinite")
    unit = serializers.CharField()
    formula = serializers.CharField()
    assumptions = serializers.ListField(child=serializers.CharField(), required=False)


class BacklogOut(serializers.Serializer[Any]):
    """How far a flow's consumer falls behind under the profile."""

    peak_records = FigureOut()
    peak_bytes = FigureOut()
    peak_at_s = serializers.FloatField()
    peak_lag_s = FigureOut()
    drain_s = FigureOut()
    oldest_record_age_s = serializers.FloatField()
    lost_records = FigureOut()


class SimulatedFlowOut(serializers.Serializer[Any]):
    """One flow: what it is offered, what it carries, its headroom, and its backlog when it falls behind."""

    id = serializers.CharField()
    mechanism = serializers.CharField()
    # "from" is a Python keyword, so it cannot be a class attribute by name; the class body's namespace takes it.
    locals()["from"] = serializers.CharField()
    to = serializers.CharField()
    bytes_per_second = FigureOut()
    peak_offered_bytes_per_second = FigureOut()
    capacity_bytes_per_second = FigureOut()
    headroom_bytes_per_second = FigureOut()
    utilisation = FigureOut()
    backlog = BacklogOut(required=False)


class SimulatedStoreOut(serializers.Serializer[Any]):
    """One store (a topic, a table, an index): its rates in and out."""

    id = serializers.CharField()
    node = serializers.CharField()
    store = serializers.CharField()
    in_bytes_per_second = FigureOut()
    peak_in_bytes_per_second = FigureOut()
    out_bytes_per_second = FigureOut()


class FlowSeriesOut(serializers.Serializer[Any]):
    """A flow over time, one value per step of ``times_s``."""

    offered_bytes_per_second = serializers.ListField(child=serializers.FloatField())
    backlog_bytes = serializers.ListField(child=serializers.FloatField())
    lag_s = serializers.ListField(child=serializers.FloatField())


class StoreSeriesOut(serializers.Serializer[Any]):
    """A store's bytes per second over time: what arrives, and what its readers read (summed over readers)."""

    in_bytes_per_second = serializers.ListField(child=serializers.FloatField())
    # Absent from results stored before the store chart existed.
    out_bytes_per_second = serializers.ListField(child=serializers.FloatField(), required=False)


class SeriesOut(serializers.Serializer[Any]):
    """Time series of the busiest flows and stores (by flow id and store id)."""

    times_s = serializers.ListField(child=serializers.FloatField())
    flows = serializers.DictField(child=FlowSeriesOut())
    stores = serializers.DictField(child=StoreSeriesOut())


class SimulatedOutageOut(serializers.Serializer[Any]):
    """What is down, what is lost, and the flows that still run during the outage, with their series."""

    down_nodes = serializers.ListField(child=serializers.CharField())
    lost_flows = serializers.ListField(child=serializers.CharField())
    flows = SimulatedFlowOut(many=True)
    # The run during the outage (the top-level series is the normal run's); absent from results stored before.
    series = SeriesOut(required=False)


class SimulationResultOut(serializers.Serializer[Any]):
    """A simulation job's result (the part clients draw; the job's ``result`` holds every figure)."""

    duration_s = serializers.FloatField()
    step_s = serializers.FloatField()
    flows = SimulatedFlowOut(many=True)
    stores = SimulatedStoreOut(many=True)
    series = SeriesOut()
    outage = SimulatedOutageOut(allow_null=True)
    findings = FindingOut(many=True)
