"""``manage.py analyze``: exit codes, JSON and text output, messages on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.tests.engine.analysis_designs import design, flow, node

ROOT = Path(__file__).resolve().parents[3]


def _analyze(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "analyze", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    def write(name: str, body: object) -> Path:
        path = tmp_path / name
        path.write_text(body if isinstance(body, str) else json.dumps(body), encoding="utf-8")
        return path

    nodes = (node("a", "kafka", "orders"), node("b", "kafka", "orders"))
    return {
        "sensible": write(
            "ok.json", design(*nodes, flow("ab", "a", "b", "mirrormaker2"), flow("ba", "b", "a", "mirrormaker2"))
        ),
        "impossible": write(
            "loop.json",
            design(*nodes, flow("ab", "a", "b", "mirrormaker1"), flow("ba", "b", "a", "mirrormaker1")),
        ),
        "malformed": write("bad.json", '{\n  "format": "kafkaesque.design/v1",\n  "name": \n}'),
        "invalid": write("invalid.json", {"format": "kafkaesque.design/v1", "nodes": []}),
    }


def test_analyze_cli_possible_design_exits_0_with_json(files: dict[str, Path]) -> None:
    result = _analyze(str(files["sensible"]), "--format", "json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["verdict"] == "sensible" and "findings" in body and "complexity" in body["stats"]


def test_analyze_cli_impossible_design_exits_1_with_verdict_first(files: dict[str, Path]) -> None:
    result = _analyze(str(files["impossible"]))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Verdict: IMPOSSIBLE")
    assert "Errors (1)" in lines and any("event-loop" in line for line in lines)
    assert any(line.strip().startswith("fix:") for line in lines)


def test_analyze_cli_malformed_json_exits_2_naming_the_line(files: dict[str, Path]) -> None:
    result = _analyze(str(files["malformed"]))
    assert result.returncode == 2
    assert "line 4" in result.stderr and result.stdout == ""


def test_analyze_cli_invalid_document_exits_2_with_paths(files: dict[str, Path]) -> None:
    result = _analyze(str(files["invalid"]))
    assert result.returncode == 2
    assert "$.name" in result.stderr


def test_analyze_cli_missing_file_exits_2(tmp_path: Path) -> None:
    result = _analyze(str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr
