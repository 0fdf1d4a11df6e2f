"""Mermaid export: structure, and parsing by the real mermaid parser (npm) for goldens, the map and hostile labels."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from catalog import default_catalog
from explorer.engine.export import catalog_diagram, design_diagram, to_mermaid
from explorer.tests.engine.export_fixtures import design, small_catalog
from explorer.tests.engine.test_export_safety import CORPUS, hostile_design

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "check_mermaid.mjs"
MODULES = Path(os.environ.get("MERMAID_MODULES_DIR", ROOT / "frontend"))
HAVE_MERMAID = shutil.which("node") is not None and (MODULES / "node_modules" / "mermaid").is_dir()
needs_mermaid = pytest.mark.skipif(
    not HAVE_MERMAID, reason="npm mermaid + jsdom not installed (frontend devDependencies or MERMAID_MODULES_DIR)"
)


def sample():
    """
    devices --client--> kafka/events --sink--> db/ks.events ..SCC (batch)..> report
    """
    return design(
        [
            {"id": "devices", "service": "event-source", "name": "Devices"},
            {"id": "kafka", "service": "kafka", "name": "Kafka", "stores": [{"name": "events", "kind": "topic"}]},
            {
                "id": "db",
                "service": "cassandra",
                "name": "DB",
                "group": "g1",
                "stores": [{"name": "ks.events", "kind": "table"}],
            },
            {"id": "report", "service": "spark-batch", "name": "Report", "group": "g1"},
        ],
        [
            {"id": "ingest", "from": "devices", "to": "kafka/events"},
            {"id": "sink", "from": "kafka/events", "to": "db/ks.events"},
            {"id": "read", "from": "db/ks.events", "to": "report"},
        ],
    )


def test_to_mermaid_writes_flowchart_with_title_groups_and_styles():
    # given
    diagram = design_diagram(sample(), small_catalog(), revision=2, date="2026-11-20")

    # when
    text = to_mermaid(diagram)

    # then
    assert text.startswith('---\ntitle: "Test design · revision 2 · 2026-11-20"\n---\nflowchart LR\n')
    assert 'subgraph c0["co-located: g1"]' in text
    assert "style c0 stroke-dasharray:5 5" in text
    assert 'n_kafka -->|"Connect sink<br/>events → ks.events"| n_db' in text
    assert 'n_db -.->|"Spark<br/>ks.events"| n_report' in text
    assert "class n_kafka cat_stream" in text


def test_to_mermaid_escapes_label_syntax_as_entities():
    # given
    doc = design([{"id": "a", "service": "kafka", "name": 'x"]|<b>#`\\'}], [])

    # when
    text = to_mermaid(design_diagram(doc, small_catalog()))

    # then
    assert 'n_a["<b>x#34;]#124;#60;b#62;#35;#96;#92;</b><br/>Apache Kafka"]' in text


def run_checker(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MERMAID_MODULES_DIR": str(MODULES)}
    return subprocess.run(
        ["node", str(SCRIPT), *map(str, paths)], capture_output=True, text=True, check=False, env=env, timeout=120
    )


@needs_mermaid
def test_mermaid_goldens_map_and_hostile_labels_parse_with_mermaid(tmp_path):
    # given: the pattern goldens, the integration map, and every hostile label
    (tmp_path / "map.mmd").write_text(to_mermaid(catalog_diagram(default_catalog())), encoding="utf-8")
    for index, text in enumerate(CORPUS):
        diagram = design_diagram(hostile_design(text), small_catalog(), revision=1, date="2026-11-20")
        (tmp_path / f"hostile-{index:02}.mmd").write_text(to_mermaid(diagram), encoding="utf-8")

    # when
    done = run_checker([ROOT / "fixtures" / "golden" / "export", tmp_path])

    # then
    assert done.returncode == 0, done.stderr


@needs_mermaid
def test_mermaid_checker_reports_a_broken_file(tmp_path):
    # given
    broken = tmp_path / "broken.mmd"
    broken.write_text('flowchart LR\n  a["x"] -->\n  b[[[\n', encoding="utf-8")

    # when
    done = run_checker([broken])

    # then
    assert done.returncode == 1
    assert "broken.mmd" in done.stderr
