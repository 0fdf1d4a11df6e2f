"""Golden DOT and Mermaid for every gallery pattern, and Graphviz/XML checks on what each pattern exports.

Regenerate on purpose (after a deliberate change to the exporters or the catalog) with::

    UPDATE_GOLDENS=1 .venv/bin/pytest -p no:django explorer/tests/engine/test_export_golden.py

then review the diff of ``fixtures/golden/export/`` before committing it.
"""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from catalog import default_catalog
from explorer.engine.document import parse_document
from explorer.engine.export import design_diagram, render, svg_problems, to_dot, to_mermaid

ROOT = Path(__file__).resolve().parents[3]
PATTERNS = sorted((ROOT / "fixtures" / "patterns").glob("*.json"))
GOLDEN = ROOT / "fixtures" / "golden" / "export"
UPDATE = os.environ.get("UPDATE_GOLDENS") == "1"
DATE = "2026-01-01"


def diagram_of(path: Path):
    document = json.loads(path.read_text(encoding="utf-8"))
    return design_diagram(parse_document(document), default_catalog(), revision=1, date=DATE)


def check_golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden {path.name}; run with UPDATE_GOLDENS=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs; UPDATE_GOLDENS=1 if intended"


def test_patterns_exist():
    # given / when / then: an empty gallery would make every other test here vacuous
    assert len(PATTERNS) >= 2


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.stem)
def test_to_dot_pattern_matches_golden(pattern):
    # given
    diagram = diagram_of(pattern)

    # when
    text = to_dot(diagram)

    # then
    check_golden(GOLDEN / f"{pattern.stem}.dot", text)


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.stem)
def test_to_mermaid_pattern_matches_golden(pattern):
    # given
    diagram = diagram_of(pattern)

    # when
    text = to_mermaid(diagram)

    # then
    check_golden(GOLDEN / f"{pattern.stem}.mmd", text)


def test_goldens_have_no_stale_files():
    # given
    expected = {f"{p.stem}{suffix}" for p in PATTERNS for suffix in (".dot", ".mmd")}

    # when
    present = {p.name for p in GOLDEN.glob("*") if p.suffix in (".dot", ".mmd")}

    # then
    assert present <= expected, f"goldens without a pattern: {sorted(present - expected)}"


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.stem)
def test_to_dot_pattern_is_parsed_by_graphviz(pattern):
    # given
    text = to_dot(diagram_of(pattern))

    # when
    done = subprocess.run(["dot", "-Tcanon"], input=text.encode(), capture_output=True, check=False)

    # then
    assert done.returncode == 0, done.stderr.decode()
    assert not done.stderr, done.stderr.decode()  # no warnings either


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.stem)
def test_render_svg_pattern_is_xml_without_active_content_and_with_inline_icons(pattern):
    # given
    diagram = diagram_of(pattern)

    # when
    svg = render(diagram, "svg")

    # then
    root = ET.fromstring(svg)
    assert svg_problems(svg) == []
    icons = root.findall(".//{http://www.w3.org/2000/svg}g[@class='icon']")
    assert len(icons) == len(diagram.nodes)
    assert all(len(icon) > 0 for icon in icons)
