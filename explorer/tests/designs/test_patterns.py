"""The pattern gallery: every pattern validates against the schema and has no dangling reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from explorer.engine.document import load_schema, parse_document, reference_problems
from explorer.patterns import PATTERNS_DIR, PatternError, pattern_get, pattern_list

FILES = sorted(PATTERNS_DIR.glob("*.json"))
REQUIRED = {
    "kafka-as-database",
    "kafka-buffer",
    "kafka-router",
    "active-passive",
    "active-active-mm2-default",
    "active-active-identity",
    "active-active-mm1",
    "peer-to-peer-merge",
    "cassandra-write-to-read",
    "cassandra-copy-spark",
    "analytics-colocated",
    "jdbc-kafka-s3-archive",
}


def test_pattern_gallery_holds_every_seed_use_case() -> None:
    # when
    slugs = {pattern.slug for pattern in pattern_list()}
    # then
    assert slugs >= REQUIRED


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_pattern_validates_against_the_schema_without_dangling_references(path: Path) -> None:
    # given
    data = json.loads(path.read_text(encoding="utf-8"))
    # when
    errors = list(Draft202012Validator(load_schema()).iter_errors(data))
    design = parse_document(data)
    # then
    assert errors == []
    assert reference_problems(design) == []
    meta = data["extensions"]["pattern"]
    assert set(meta) == {"title", "explanation", "expected_verdict"}
    assert meta["expected_verdict"] in {"sensible", "kafkaesque", "impossible"}
    assert len(meta["explanation"]) > 80
    # every node is placed somewhere and drawn somewhere, without two nodes on one spot
    assert all(node.location for node in design.nodes)
    assert {node.id for node in design.nodes} == set(data["layout"])
    spots = [(pos["x"], pos["y"]) for pos in data["layout"].values()]
    assert len(spots) == len(set(spots))


def test_pattern_loops_are_expected_to_be_impossible() -> None:
    # given / when
    verdicts = {pattern.slug: pattern.expected_verdict for pattern in pattern_list()}
    # then
    assert verdicts["active-active-identity"] == verdicts["active-active-mm1"] == "impossible"
    assert verdicts["active-active-mm2-default"] == "sensible"
    assert verdicts["kafka-as-database"] == "sensible"


def test_pattern_get_unknown_slug_is_none() -> None:
    # when / then
    assert pattern_get("no-such-pattern") is None
    assert pattern_get("kafka-buffer") is not None


def test_pattern_list_names_a_broken_file(tmp_path: Path) -> None:
    # given
    (tmp_path / "broken.json").write_text('{"format": "kafkaesque.design/v1"}', encoding="utf-8")
    # when
    with pytest.raises(PatternError) as caught:
        pattern_list(tmp_path)
    # then
    assert "broken.json" in str(caught.value)
    assert "$.name" in str(caught.value)
