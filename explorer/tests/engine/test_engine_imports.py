"""The pure engine imports from a plain Python without pulling in Celery, Django or DRF."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

FRAMEWORKS = {"celery", "kombu", "django", "rest_framework"}
ENGINE_MODULES = [
    "explorer.engine.analysis",
    "explorer.engine.document",
    "explorer.engine.diff",
    "explorer.engine.export",
    "explorer.engine.generate",
    "explorer.engine.importers.mm2",
]


def test_engine_import_loads_no_celery_django_or_drf() -> None:
    # given a fresh interpreter with the project on the path and no Django settings
    script = (
        "import importlib, json, sys\n"
        f"for name in {ENGINE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        f"print(json.dumps(sorted(loaded & {FRAMEWORKS!r})))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    # when every engine package is imported
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    # then it worked and none of the framework packages was loaded
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
