"""Golden bundles for the pattern gallery: every possible pattern generates, every file parses back.

Goldens are regenerated only on purpose:
``UPDATE_GOLDENS=1 .venv/bin/pytest -p no:django explorer/tests/engine/test_generate_patterns.py``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile

import pytest

from catalog import default_catalog
from explorer.engine.generate import BundleRefused, generate_bundle, write_dir

from .generate_fixtures import GOLDEN, PATTERNS, analyse, assert_bundle_parses, bundle_of, design_of

PATTERN_FILES = sorted(PATTERNS.glob("*.json"))


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _possible(path) -> bool:
    return analyse(design_of(_load(path))).verdict != "impossible"


def test_gallery_has_possible_and_impossible_patterns():
    # given the gallery
    verdicts = {p.stem: _possible(p) for p in PATTERN_FILES}
    # then most patterns are runnable, and the loop patterns are not
    assert sum(verdicts.values()) >= 8
    assert not all(verdicts.values())


@pytest.mark.parametrize("path", PATTERN_FILES, ids=lambda p: p.stem)
def test_pattern_bundle_matches_golden_and_parses(path):
    data = _load(path)
    if not _possible(path):
        # given an impossible pattern, then no bundle is generated and the findings say why
        design = design_of(data)
        with pytest.raises(BundleRefused) as refused:
            generate_bundle(design, default_catalog(), analyse(design))
        assert any(f.severity == "error" for f in refused.value.findings)
        return
    # when the bundle is generated
    bundle = bundle_of(data, revision=1)
    # then every file passes its real parser
    assert_bundle_parses(bundle)
    assert {"README.md", "docker-compose.yml", "init/init.py", "init/plan.json"} <= set(bundle.files)
    golden = GOLDEN / path.stem
    if os.environ.get("UPDATE_GOLDENS") == "1":
        shutil.rmtree(golden, ignore_errors=True)
        write_dir(bundle.files, golden)
    # and it equals the golden bundle byte for byte
    expected = {str(p.relative_to(golden)): p.read_bytes() for p in golden.rglob("*") if p.is_file()}
    assert sorted(expected) == sorted(bundle.files), f"golden {golden} is stale; UPDATE_GOLDENS=1 regenerates"
    for name, data_bytes in bundle.files.items():
        assert expected[name] == data_bytes, f"{golden / name} differs from the generated file"


@pytest.mark.parametrize("path", [p for p in PATTERN_FILES if _possible(p)][:3], ids=lambda p: p.stem)
def test_pattern_zip_is_deterministic_and_rooted(path):
    # given the same design generated twice
    first = bundle_of(_load(path)).zip_bytes()
    second = bundle_of(_load(path)).zip_bytes()
    # then the zips are identical and every entry sits under the bundle folder
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert all(n.startswith(bundle_of(_load(path)).slug + "/") and ".." not in n.split("/") for n in names)
