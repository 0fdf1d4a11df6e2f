"""Acceptance: every design in the pattern gallery gets the verdict it declares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog import default_catalog
from explorer.engine.analysis import analyze
from explorer.engine.document import parse_document

PATTERNS = sorted((Path(__file__).resolve().parents[3] / "fixtures" / "patterns").glob("*.json"))


def _load(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_patterns_gallery_is_not_empty() -> None:
    assert PATTERNS


@pytest.mark.parametrize("path", PATTERNS, ids=[path.stem for path in PATTERNS])
def test_patterns_get_their_declared_verdict(path: Path) -> None:
    # given
    data = _load(path)
    expected = data.get("extensions", {}).get("pattern", {}).get("expected_verdict")  # type: ignore[union-attr]
    # every gallery pattern must say what it should get; a missing verdict is a gallery defect
    assert expected in {"sensible", "kafkaesque", "impossible"}, f"{path.name} declares no expected verdict"
    # when
    result = analyze(parse_document(data), default_catalog())
    # then
    assert result.verdict == expected, [item.to_dict() for item in result.findings]


def test_patterns_active_active_default_has_no_loop_and_identity_names_both_flows() -> None:
    # given the two active-active patterns
    catalog = default_catalog()
    default = analyze(parse_document(_load(PATTERNS[0].with_name("active-active-mm2-default.json"))), catalog)
    identity = analyze(parse_document(_load(PATTERNS[0].with_name("active-active-identity.json"))), catalog)
    # then
    assert not [item for item in default.findings if item.code == "event-loop"]
    loops = [item for item in identity.findings if item.code == "event-loop"]
    replication = {flow for flow, mechanism in identity.resolved_mechanisms.items() if mechanism == "mirrormaker2"}
    assert len(loops) == 1 and len(replication) == 2
    assert replication <= set(loops[0].refs)
