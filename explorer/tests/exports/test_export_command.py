"""``manage.py export``: writes each format, and exits 2 on unreadable or invalid input, 3 on render failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.engine.export import svg_problems

ROOT = Path(__file__).resolve().parents[3]
DOCUMENT = {
    "format": "kafkaesque.design/v1",
    "name": "CLI demo",
    "description": "",
    "locations": [],
    "nodes": [
        {"id": "devices", "service": "event-source", "name": "Devices"},
        {"id": "kafka", "service": "kafka", "name": "Kafka", "stores": [{"name": "events", "kind": "topic"}]},
    ],
    "flows": [{"id": "ingest", "from": "devices", "to": "kafka/events"}],
    "layout": {},
    "extensions": {},
}


def run_export(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "manage.py", "export", *args], cwd=ROOT, capture_output=True, check=False, env=env
    )


@pytest.fixture
def design_file(tmp_path):
    path = tmp_path / "design.json"
    path.write_text(json.dumps(DOCUMENT))
    return path


@pytest.mark.parametrize(
    ("fmt", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("dot", b"digraph"), ("mermaid", b"---")]
)
def test_export_command_writes_the_format(design_file, tmp_path, fmt, magic):
    # given
    out = tmp_path / f"out.{fmt}"

    # when
    done = run_export(str(design_file), "--format", fmt, "--out", str(out), "--date", "2026-11-20", "--revision", "4")

    # then
    assert done.returncode == 0, done.stderr.decode()
    content = out.read_bytes()
    assert content.startswith(magic)
    if fmt == "svg":
        assert svg_problems(content) == []
    if fmt == "dot":
        assert "revision 4 · 2026-11-20" in content.decode()


def test_export_command_is_reproducible_with_a_date(design_file, tmp_path):
    # given / when
    first = run_export(str(design_file), "--format", "dot", "--out", "-", "--date", "2026-11-20")
    second = run_export(str(design_file), "--format", "dot", "--out", "-", "--date", "2026-11-20")

    # then
    assert first.returncode == 0
    assert first.stdout == second.stdout


def test_export_command_missing_file_exits_2_with_message(tmp_path):
    # given / when
    done = run_export(str(tmp_path / "nope.json"), "--out", str(tmp_path / "x.svg"))

    # then
    assert done.returncode == 2
    assert b"cannot read" in done.stderr


@pytest.mark.parametrize("content", ['{"format": ', '{"format": "kafkaesque.design/v1", "nodes": 3}'])
def test_export_command_invalid_design_exits_2_with_path(tmp_path, content):
    # given
    path = tmp_path / "bad.json"
    path.write_text(content)

    # when
    done = run_export(str(path), "--out", str(tmp_path / "x.svg"))

    # then
    assert done.returncode == 2
    assert b"not a valid design" in done.stderr and b"$" in done.stderr
    assert not (tmp_path / "x.svg").exists()


def test_export_command_render_failure_exits_3(design_file, tmp_path):
    # given
    import os

    env = {**os.environ, "DOT_BINARY": "/nonexistent/dot"}

    # when
    done = run_export(str(design_file), "--format", "png", "--out", str(tmp_path / "x.png"), env=env)

    # then
    assert done.returncode == 3
    assert b"Graphviz" in done.stderr
