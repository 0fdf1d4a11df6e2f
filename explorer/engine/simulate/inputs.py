"""What a simulation is asked: the traffic profile, the outage, the price table, and the figures it reports.

Pure: no Django, no I/O. Errors are :class:`SimulationError` naming the key at fault.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = [
    "CONSISTENCY_LEVELS",
    "Figure",
    "Options",
    "Outage",
    "Price",
    "Profile",
    "SimulationError",
    "figure",
    "figure_dict",
    "number_text",
]

#: The consistency levels whose availability the outage table reports.
CONSISTENCY_LEVELS: tuple[str, ...] = ("ONE", "LOCAL_QUORUM", "QUORUM", "EACH_QUORUM")

Series = npt.NDArray[np.float64]


class SimulationError(ValueError):
    """A simulation request that cannot be run; the message names the key (``profile.factor``, ``outage``)."""


class Figure(NamedTuple):
    """One number the simulation reports: its value in SI units, the formula with the numbers put in, and the
    keys of the assumptions (catalog defaults) it used.

    A named tuple rather than a frozen dataclass: as immutable, and a large design makes tens of thousands.
    """

    value: float
    unit: str
    formula: str
    assumptions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (infinity, which JSON cannot hold, becomes ``None``)."""
        value: float | None = None if math.isinf(self.value) or math.isnan(self.value) else self.value
        out: dict[str, Any] = {"value": value, "unit": self.unit, "formula": self.formula}
        if self.assumptions:
            out["assumptions"] = list(self.assumptions)
        return out


def figure(value: float, unit: str, formula: str, assumptions: tuple[str, ...] | list[str] = ()) -> Figure:
    """Build a :class:`Figure` (assumption keys de-duplicated and sorted)."""
    return Figure(float(value), unit, formula, tuple(sorted(set(assumptions))) if assumptions else ())


def figure_dict(value: float, unit: str, formula: str, assumptions: tuple[str, ...] | list[str] = ()) -> dict[str, Any]:
    """The JSON-able form of :func:`figure` built directly (a large design reports hundreds of thousands)."""
    number = float(value)
    out: dict[str, Any] = {"value": number if math.isfinite(number) else None, "unit": unit, "formula": formula}
    if assumptions:
        out["assumptions"] = sorted(set(assumptions))
    return out


def number_text(value: float) -> str:
    """A number as written in a formula: up to 10 significant digits, so integers print without a point."""
    return f"{value:.10g}"


PROFILE_SHAPES: tuple[str, ...] = ("steady", "daily", "spike")
_PROFILE_KEYS = frozenset({"shape", "factor", "minutes", "start_minute", "peak_factor", "trough_factor", "peak_hour"})


@dataclass(frozen=True)
class Profile:
    """How a source's rate varies: a factor of its declared rate at every instant.

    ``steady``: 1. ``spike``: ``factor`` from ``start_minute`` for ``minutes``, 1 otherwise. ``daily``: a cosine
    between ``trough_factor`` and ``peak_factor`` with its top at ``peak_hour`` (hours from the start).
    """

    shape: str = "steady"
    # A bare "spike" is the seed's storm: ten times the rate for ten minutes, an hour in.
    factor: float = 10.0
    minutes: float = 10.0
    start_minute: float = 60.0
    peak_factor: float = 1.5
    trough_factor: float = 0.5
    peak_hour: float = 14.0

    @classmethod
    def parse(cls, value: object, where: str = "profile") -> Profile:
        """Read a profile from a design's ``profile`` property or a request (a dict, or a shape name)."""
        if value is None:
            return cls()
        if isinstance(value, str):
            value = {"shape": value}
        if not isinstance(value, Mapping):
            raise SimulationError(f"{where}: must be an object with a 'shape' ({', '.join(PROFILE_SHAPES)})")
        shape = value.get("shape", "steady")
        if shape not in PROFILE_SHAPES:
            raise SimulationError(f"{where}.shape: '{shape}' is not one of {', '.join(PROFILE_SHAPES)}")
        numbers: dict[str, float] = {}
        for key in ("factor", "minutes", "start_minute", "peak_factor", "trough_factor", "peak_hour"):
            item = value.get(key)
            if item is None:
                continue
            if isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item) or item < 0:
                raise SimulationError(f"{where}.{key}: must be a non-negative number, not {item!r}")
            numbers[key] = float(item)
        unknown = sorted(str(key) for key in set(value) - _PROFILE_KEYS)
        if unknown:
            raise SimulationError(f"{where}: unknown key(s) {', '.join(unknown)}")
        return cls(shape=str(shape), **numbers)

    def factors(self, times: Series) -> Series:
        """The factor at each time (seconds from the start)."""
        if self.shape == "spike":
            start = self.start_minute * 60.0
            inside = (times >= start) & (times < start + self.minutes * 60.0)
            return np.where(inside, self.factor, 1.0)
        if self.shape == "daily":
            middle = (self.peak_factor + self.trough_factor) / 2.0
            swing = (self.peak_factor - self.trough_factor) / 2.0
            phase = 2.0 * math.pi * (times / 3600.0 - self.peak_hour) / 24.0
            return np.asarray(middle + swing * np.cos(phase), dtype=np.float64)
        return np.ones_like(times)

    def describe(self) -> str:
        """The profile in words, as it appears in formulas."""
        if self.shape == "spike":
            return (
                f"spike x{number_text(self.factor)} for {number_text(self.minutes)} min "
                f"from minute {number_text(self.start_minute)}"
            )
        if self.shape == "daily":
            return (
                f"daily x{number_text(self.trough_factor)}..x{number_text(self.peak_factor)}, "
                f"peak at hour {number_text(self.peak_hour)}"
            )
        return "steady"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (only the keys its shape uses)."""
        if self.shape == "spike":
            return {
                "shape": "spike",
                "factor": self.factor,
                "minutes": self.minutes,
                "start_minute": self.start_minute,
            }
        if self.shape == "daily":
            return {
                "shape": "daily",
                "peak_factor": self.peak_factor,
                "trough_factor": self.trough_factor,
                "peak_hour": self.peak_hour,
            }
        return {"shape": "steady"}


@dataclass(frozen=True)
class Outage:
    """What is down: locations named by id, provider, region or zone, and nodes by id."""

    locations: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()

    @classmethod
    def parse(cls, value: object, where: str = "outage") -> Outage | None:
        """Read ``"eu-west-1"``, ``["a", "b"]`` or ``{"locations": [...], "nodes": [...]}``; None for none."""
        if value is None or value == "" or value == []:
            return None
        if isinstance(value, str):
            return cls(locations=(value,))
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return cls(locations=tuple(value))
        if isinstance(value, Mapping):
            unknown = sorted(set(value) - {"locations", "nodes"})
            if unknown:
                raise SimulationError(f"{where}: unknown key(s) {', '.join(unknown)} (use locations, nodes)")
            parts: dict[str, tuple[str, ...]] = {}
            for key in ("locations", "nodes"):
                items = value.get(key, [])
                if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
                    raise SimulationError(f"{where}.{key}: must be a list of names")
                parts[key] = tuple(items)
            if not parts["locations"] and not parts["nodes"]:
                return None
            return cls(**parts)
        raise SimulationError(f"{where}: name a location, or give {{'locations': [...], 'nodes': [...]}}")

    def describe(self) -> str:
        """The outage in words."""
        parts = [*(f"location {name}" for name in self.locations), *(f"node {name}" for name in self.nodes)]
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"locations": list(self.locations), "nodes": list(self.nodes)}


@dataclass(frozen=True)
class Price:
    """What one GB crossing between locations costs, in US dollars, and where that price is published."""

    usd_per_gb: float
    source: str

    @classmethod
    def table(cls, value: object, where: str = "prices") -> dict[str, Price]:
        """Read ``{"inter-zone": {"usd_per_gb": 0.01, "source": "https://..."}, ...}``; every price needs a source."""
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            raise SimulationError(f"{where}: must map a scope ({', '.join(SCOPES)}) to a price")
        out: dict[str, Price] = {}
        for scope, item in value.items():
            if scope not in SCOPES:
                raise SimulationError(f"{where}.{scope}: not one of {', '.join(SCOPES)}")
            if not isinstance(item, Mapping):
                raise SimulationError(f"{where}.{scope}: must be {{'usd_per_gb': number, 'source': url}}")
            unknown = sorted(str(key) for key in item if key not in ("usd_per_gb", "source"))
            if unknown:
                raise SimulationError(f"{where}.{scope}: unknown key {unknown[0]!r} (a price has usd_per_gb, source)")
            amount, source = item.get("usd_per_gb"), item.get("source")
            if isinstance(amount, bool) or not isinstance(amount, int | float) or amount < 0:
                raise SimulationError(f"{where}.{scope}.usd_per_gb: must be a non-negative number")
            if not isinstance(source, str) or not source.startswith(("http://", "https://")):
                raise SimulationError(f"{where}.{scope}.source: every price needs the URL it is published at")
            out[str(scope)] = cls(float(amount), source)
        return out


#: How far apart two locations are, nearest first.
SCOPES: tuple[str, ...] = ("inter-zone", "inter-region", "inter-provider")


@dataclass(frozen=True)
class Options:
    """The run: duration and step (seconds), a profile overriding every source's, an outage, prices."""

    duration_s: float = 86_400.0
    step_s: float = 60.0
    profile: Profile | None = None
    outage: Outage | None = None
    prices: Mapping[str, Price] = field(default_factory=dict)
    #: Time series are returned for at most this many flows and stores (the busiest first).
    series_limit: int = 200

    def __post_init__(self) -> None:
        if not (self.step_s > 0 and math.isfinite(self.step_s)):
            raise SimulationError("step: must be a positive number of seconds")
        if not (self.duration_s >= self.step_s and math.isfinite(self.duration_s)):
            raise SimulationError("duration: must be at least one step")
        if self.duration_s / self.step_s > 1_000_000:
            raise SimulationError("duration: at most 1,000,000 steps")
