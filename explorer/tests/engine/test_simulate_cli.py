"""``manage.py simulate``: exit codes, JSON and text output, messages on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.tests.engine.simulate_designs import active_passive, buffer_design

ROOT = Path(__file__).resolve().parents[3]
SPIKE = '{"shape": "spike", "factor": 10, "minutes": 10, "start_minute": 60}'


def _simulate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "simulate", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, body in (
        ("buffer", buffer_design()),
        ("short", buffer_design(retention_ms=3_600_000)),
        ("pair", active_passive()),
    ):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(body), encoding="utf-8")
        out[name] = path
    return out


def test_simulate_command_json_has_the_hand_computed_backlog(files: dict[str, Path]) -> None:
    # when
    done = _simulate(str(files["buffer"]), "--profile", SPIKE, "--format", "json")
    # then
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    drain = next(item for item in result["flows"] if item["id"] == "drain")
    assert drain["backlog"]["peak_bytes"]["value"] == pytest.approx(26.4e9)
    assert [item["code"] for item in result["findings"]] == ["capacity-exceeded"]


def test_simulate_command_text_shows_lost_records_and_exits_1(files: dict[str, Path]) -> None:
    # when
    done = _simulate(str(files["short"]), "--profile", SPIKE)
    # then
    assert done.returncode == 1
    assert "retention-overrun" in done.stdout
    assert "LOST" in done.stdout


def test_simulate_command_outage_prints_the_recovery_point(files: dict[str, Path]) -> None:
    # when
    done = _simulate(str(files["pair"]), "--outage", "eu-west-1")
    # then
    assert done.returncode == 0, done.stderr
    assert "Outage: checkout, primary, billing down" in done.stdout
    assert "replicate: recovery point 2000 records (4 MB)" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--outage", "mars"], "simulate: outage.locations: 'mars' names no location"),
        (["--profile", "wave"], "simulate: --profile.shape: 'wave' is not one of steady, daily, spike"),
        (["--profile", "{"], "simulate: --profile: not valid JSON"),
        (["--step", "0"], "simulate: step: must be a positive number of seconds"),
    ],
)
def test_simulate_command_bad_options_exit_2_with_the_reason(
    files: dict[str, Path], args: list[str], message: str
) -> None:
    # when
    done = _simulate(str(files["pair"]), *args)
    # then
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_simulate_command_text_reports_the_run_during_the_outage(files: dict[str, Path]) -> None:
    # when the storm is simulated with the analytics application (downstream of the drain) down
    done = _simulate(str(files["buffer"]), "--profile", SPIKE, "--down", "analytics")
    # then the drain still backs up during the outage, and says so under the outage
    assert done.returncode == 0, done.stderr
    outage = done.stdout[done.stdout.index("Outage: analytics down") :]
    assert "flows that back up during the outage:" in outage
    assert "drain" in outage.split("Findings")[0]
    assert "capacity-exceeded" in outage
    # when the sensors' zone is down instead, nothing is produced, so nothing backs up
    quiet = _simulate(str(files["buffer"]), "--profile", SPIKE, "--outage", "us-east-1a")
    assert quiet.returncode == 0, quiet.stderr
    assert "capacity-exceeded" not in quiet.stdout
    assert "flows that back up during the outage" not in quiet.stdout
