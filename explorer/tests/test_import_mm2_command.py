"""``manage.py import_mm2``: exit 0 and a design that ``analyze`` reads, or exit 2 with the reason."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_import_mm2_writes_a_design_that_analyze_finds_looping(tmp_path: Path) -> None:
    # given a running identity active-active set-up
    properties = tmp_path / "mm2.properties"
    properties.write_text(
        "clusters = east, west\neast->west.enabled = true\nwest->east.enabled = true\n"
        "replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy\n"
    )
    out = tmp_path / "design.json"
    # when it is imported and analysed
    imported = _manage("import_mm2", str(properties), "--out", str(out))
    analysed = _manage("analyze", str(out), "--format", "json")
    # then
    assert imported.returncode == 0, imported.stderr
    assert json.loads(out.read_text())["name"] == "MirrorMaker 2 topology from mm2.properties"
    assert analysed.returncode == 1
    assert "event-loop" in {f["code"] for f in json.loads(analysed.stdout)["findings"]}


def test_import_mm2_refuses_a_file_that_is_no_mm2_configuration(tmp_path: Path) -> None:
    other = tmp_path / "worker.properties"
    other.write_text("bootstrap.servers=kafka:9092\ngroup.id=connect-1\n")
    result = _manage("import_mm2", str(other))
    assert result.returncode == 2
    assert "no 'clusters' list" in result.stderr
    assert result.stdout == ""
