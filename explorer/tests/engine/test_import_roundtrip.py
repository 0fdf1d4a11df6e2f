"""Round trip: importing a generated bundle gives back the design (equivalence: see ``roundtrip.py``).

This is how the bundle proves each flow has a component::

    design ──generate──▶ bundle files ──import──▶ design'      drift(design, design') == []
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings

from .generate_fixtures import analyse, bundle_of, design_of
from .roundtrip import round_trip_differences
from .test_generate_property import designs

PATTERNS = sorted((Path(__file__).resolve().parents[3] / "fixtures" / "patterns").glob("*.json"))
POSSIBLE = [p for p in PATTERNS if analyse(design_of(json.loads(p.read_text()))).verdict != "impossible"]


@pytest.mark.parametrize("path", POSSIBLE, ids=[p.stem for p in POSSIBLE])
def test_round_trip_of_every_possible_gallery_pattern_gives_back_the_design(path: Path) -> None:
    # given a possible gallery pattern and its bundle
    data = json.loads(path.read_text())
    bundle = bundle_of(data)
    # when the bundle is imported and compared with the pattern
    differences = round_trip_differences(data, dict(bundle.files))
    # then nothing differs
    assert differences == []


def test_round_trip_lists_what_a_changed_bundle_no_longer_carries() -> None:
    # given the bundle of the active-passive pattern, compared with the pattern edited afterwards
    data = json.loads(next(p for p in PATTERNS if p.stem == "active-passive").read_text())
    bundle = bundle_of(data)
    edited = copy.deepcopy(data)
    replicate = next(f for f in edited["flows"] if f["id"] == "replicate")
    replicate["properties"] = {**replicate.get("properties", {}), "replication_policy": "identity"}
    edited["flows"].append({"id": "extra", "from": "kafka-standby", "to": "billing", "mechanism": "kafka-client"})
    # when
    differences = round_trip_differences(edited, dict(bundle.files))
    # then the policy change and the flow the bundle lacks are listed
    assert any("replication_policy: designed identity, runs default" in d for d in differences)
    assert any(d.startswith("missing flow extra") for d in differences)


@settings(
    max_examples=30,
    deadline=None,
    # Shrinking a bundle round trip takes minutes; the failing example is printed unshrunk instead.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(designs())
def test_round_trip_of_possible_generated_designs_gives_back_the_design(data: dict) -> None:
    # given a random possible design made of documented flows
    assume(analyse(design_of(data)).verdict != "impossible")
    bundle = bundle_of(data)
    # when its bundle is imported
    differences = round_trip_differences(data, dict(bundle.files))
    # then it is the same design
    assert differences == []
