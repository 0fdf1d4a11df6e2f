"""The load figures the simulation assumes: each with a unit and evidence, and bad files refused by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import CatalogError
from catalog.load_defaults import default_load_defaults, load_load_defaults


def test_load_defaults_shipped_figures_carry_units_and_evidence() -> None:
    # when
    defaults = default_load_defaults()
    # then
    assert defaults.get("bytes_per_second_per_partition_producer").value == 10_000_000
    assert all(item.unit and item.evidence for item in defaults.items.values())


def test_load_defaults_scoped_figure_wins_over_the_plain_one() -> None:
    # given
    defaults = default_load_defaults()
    # when / then
    assert defaults.get("replication_factor", "cassandra").value == 3
    assert defaults.get("replication_factor", "spark").value == 1
    with pytest.raises(KeyError):
        defaults.get("no-such-figure")


def test_load_defaults_refuses_a_figure_without_evidence(tmp_path: Path) -> None:
    # given
    path = tmp_path / "defaults.yaml"
    path.write_text("defaults:\n  - {key: x, value: 1, unit: s, description: d, evidence: []}\n", encoding="utf-8")
    # when / then
    with pytest.raises(CatalogError, match=r"defaults\[0\]\.evidence: must list URLs"):
        load_load_defaults(path)
