"""``manage.py import_config`` and ``manage.py drift``: exit codes, files and lines on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from explorer.tests.engine.generate_fixtures import bundle_of

ROOT = Path(__file__).resolve().parents[2]
PATTERN = ROOT / "fixtures" / "patterns" / "active-passive.json"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_import_config_reads_a_bundle_zip_and_writes_its_design(tmp_path: Path) -> None:
    # given a generated bundle as a zip
    bundle = bundle_of(json.loads(PATTERN.read_text()))
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(bundle.zip_bytes())
    out = tmp_path / "design.json"
    # when
    done = _run("import_config", str(archive), "--out", str(out))
    # then
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    assert {(f["from"], f["to"], f["mechanism"]) for f in document["flows"]} >= {
        ("kafka-primary", "kafka-standby", "mirrormaker2")
    }


def test_import_config_exits_2_naming_the_file_and_line(tmp_path: Path) -> None:
    # given a compose file with a syntax error on line 3
    bad = tmp_path / "docker-compose.yml"
    bad.write_text("services:\n  kafka:\n    image: [apache/kafka\n", encoding="utf-8")
    # when
    done = _run("import_config", str(bad))
    # then
    assert done.returncode == 2
    assert "docker-compose.yml:4" in done.stderr


def test_drift_exits_0_for_the_designs_own_bundle_and_1_when_what_runs_changed(tmp_path: Path) -> None:
    # given the active-passive design and its bundle written to a folder
    data = json.loads(PATTERN.read_text())
    bundle = bundle_of(data)
    folder = tmp_path / "bundle"
    for path, content in bundle.files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    # when compared as generated
    same = _run("drift", str(PATTERN), str(folder))
    # and after what runs switched to the identity policy
    mm2 = folder / "mirrormaker" / "mm2.properties"
    mm2.write_text(mm2.read_text().replace("DefaultReplicationPolicy", "IdentityReplicationPolicy"))
    changed = _run("drift", str(PATTERN), str(folder))
    # then
    assert same.returncode == 0, same.stdout + same.stderr
    assert changed.returncode == 1
    assert "replication_policy: designed default, runs identity" in changed.stdout
    assert "mm2.properties:" in changed.stdout


def test_drift_exits_2_for_unreadable_input(tmp_path: Path) -> None:
    bomb = tmp_path / "x.cql"
    bomb.write_bytes(b"\x00\x01")
    done = _run("drift", str(PATTERN), str(bomb))
    assert done.returncode == 2
    assert "x.cql" in done.stderr and "binary content" in done.stderr
