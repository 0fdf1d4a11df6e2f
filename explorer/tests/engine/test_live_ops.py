"""The live-session operations, held to the vectors the browser's copy (frontend/src/lib/live-ops.ts) runs too."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from explorer.engine.live_ops import LiveOpError, apply_ops, diff_documents, touched_document

VECTORS = Path(__file__).resolve().parents[3] / "tests-data" / "live-ops"
BASE = json.loads((VECTORS / "base.json").read_text())


def _cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads((VECTORS / name).read_text())["cases"]
    return cases


def _before(case: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(BASE if case["before"] == "base.json" else case["before"])


@pytest.mark.parametrize("case", _cases("apply.json"), ids=lambda case: case["name"])
def test_apply_ops_vectors(case: dict[str, Any]) -> None:
    # given the document before the batch
    before = _before(case)
    untouched = copy.deepcopy(before)
    # when the batch is applied
    after, applied = apply_ops(before, case["ops"])
    # then the document and the broadcast ops are the expected ones, and the input is left as it was
    assert after == case["after"]
    assert applied == case["applied"]
    assert before == untouched


@pytest.mark.parametrize("case", _cases("diff.json"), ids=lambda case: case["name"])
def test_diff_documents_vectors(case: dict[str, Any]) -> None:
    before = _before(case)
    ops = diff_documents(before, case["after"])
    assert ops == case["ops"]
    assert apply_ops(before, ops)[0] == case["after"]


@pytest.mark.parametrize("case", _cases("invalid.json"), ids=lambda case: case["where"])
def test_apply_ops_refuses_malformed_batches(case: dict[str, Any]) -> None:
    with pytest.raises(LiveOpError) as caught:
        apply_ops(BASE, case["ops"])
    assert str(caught.value).startswith(case["where"] + ": ")


def test_replaying_applied_ops_gives_the_same_document() -> None:
    """A client that applies the broadcast ops to its confirmed state reaches the server's document."""
    for case in _cases("apply.json"):
        before = _before(case)
        after, applied = apply_ops(before, case["ops"])
        replayed, again = apply_ops(before, applied)
        assert replayed == after, case["name"]
        assert again == applied, case["name"]


def test_concurrent_batches_keep_both_edits() -> None:
    """One moves and renames a node while another connects it and sets a flow's policy: both survive."""
    # given two editors who both started from the same document
    mover = [
        {"op": "set", "path": ["layout", "app"], "value": {"x": 10, "y": 90}},
        {"op": "set", "path": ["nodes", "app", "name"], "value": "Checkout"},
    ]
    connector = [
        {"op": "add", "path": ["flows", "app-db"], "value": {"id": "app-db", "from": "app", "to": "db"}},
        {"op": "set", "path": ["flows", "sink", "properties"], "value": {"policy": "exactly-once"}},
    ]
    # when the server orders them either way
    first, _ = apply_ops(apply_ops(BASE, mover)[0], connector)
    second, _ = apply_ops(apply_ops(BASE, connector)[0], mover)
    # then the result is the same and holds both
    assert first == second
    assert first["layout"]["app"] == {"x": 10, "y": 90}
    assert next(n for n in first["nodes"] if n["id"] == "app")["name"] == "Checkout"
    assert [f["id"] for f in first["flows"]] == ["sink", "feed", "app-db"]


def test_touched_document_holds_what_a_batch_wrote() -> None:
    # given a batch that renames a node, adds a flow, moves a node, removes a location and sets a key
    ops = [
        {"op": "set", "path": ["nodes", "app", "name"], "value": "Checkout"},
        {"op": "add", "path": ["flows", "app-db"], "value": {"id": "app-db", "from": "app", "to": "db"}},
        {"op": "set", "path": ["layout", "db"], "value": {"x": 1, "y": 2}},
        {"op": "remove", "path": ["locations", "syd"]},
        {"op": "set", "path": ["extensions"], "value": {"k": 1}},
    ]
    after, applied = apply_ops(BASE, ops)
    # when its part is taken
    part = touched_document(after, applied)
    # then it holds those entities whole (the unplaced node too), and nothing else
    assert part == {
        "format": BASE["format"],
        "name": BASE["name"],
        "extensions": {"k": 1},
        "nodes": [
            next(n for n in after["nodes"] if n["id"] == "kafka"),
            next(n for n in after["nodes"] if n["id"] == "app"),
        ],
        "flows": [{"id": "app-db", "from": "app", "to": "db"}],
        "layout": {"db": {"x": 1, "y": 2}},
    }
