"""Load figures the what-if simulation assumes when a design gives none (``fixtures/catalog/load/defaults.yaml``).

Pure Python (no Django). Each figure has a key (the design property it stands for, optionally scoped to a
mechanism kind or a service: ``tasks@connect``), a value, a unit, a description and evidence URLs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from catalog.loader import CATALOG_DIR
from catalog.types import CatalogError

__all__ = ["LOAD_DEFAULTS_PATH", "LoadDefault", "LoadDefaults", "default_load_defaults", "load_load_defaults"]

LOAD_DEFAULTS_PATH = CATALOG_DIR / "load" / "defaults.yaml"
_KEYS = {"key", "value", "unit", "description", "evidence"}
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/\S*)?$")


@dataclass(frozen=True)
class LoadDefault:
    """One assumed figure: ``value`` in ``unit``, why, and where it is documented."""

    key: str
    value: float
    unit: str
    description: str
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "key": self.key,
            "value": self.value,
            "unit": self.unit,
            "description": self.description,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class LoadDefaults:
    """Every assumed figure by key."""

    items: Mapping[str, LoadDefault]

    def get(self, key: str, *scopes: str) -> LoadDefault:
        """The figure for ``key`` under the first of ``scopes`` that has one, else the unscoped figure.

        Raises ``KeyError`` when there is none: the simulation never invents a figure.
        """
        for scope in scopes:
            found = self.items.get(f"{key}@{scope}")
            if found is not None:
                return found
        return self.items[key]


def load_load_defaults(path: Path = LOAD_DEFAULTS_PATH) -> LoadDefaults:
    """Read and check the file; raises :class:`CatalogError` naming the file and entry for anything wrong."""
    label = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CatalogError([f"{label}: could not read: {error}"]) from error
    entries = data.get("defaults") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CatalogError([f"{label}: must hold a mapping with a 'defaults' list"])
    problems: list[str] = []
    items: dict[str, LoadDefault] = {}
    for index, entry in enumerate(entries):
        where = f"{label}: defaults[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        unknown = sorted(set(entry) - _KEYS)
        missing = sorted(_KEYS - set(entry))
        if unknown or missing:
            problems.append(f"{where}: unknown keys {unknown}, missing keys {missing}")
            continue
        value = entry["value"]
        evidence = entry["evidence"]
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.append(f"{where}.value: must be a non-negative number")
            continue
        if not isinstance(evidence, list) or not evidence or not all(_URL.match(str(url)) for url in evidence):
            problems.append(f"{where}.evidence: must list URLs")
            continue
        key = str(entry["key"])
        if key in items:
            problems.append(f"{where}.key: duplicate key '{key}'")
            continue
        items[key] = LoadDefault(
            key, float(value), str(entry["unit"]), str(entry["description"]).strip(), tuple(evidence)
        )
    if problems:
        raise CatalogError(problems)
    return LoadDefaults(MappingProxyType(dict(sorted(items.items()))))


@functools.lru_cache(maxsize=1)
def default_load_defaults() -> LoadDefaults:
    """The shipped figures, loaded once per process."""
    return load_load_defaults()
