"""``manage.py load_catalog``: a summary for a good catalog, exit 2 naming file and key for a broken one."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog import CATALOG_DIR, default_catalog


def test_load_catalog_prints_summary() -> None:
    # when validating the shipped catalog
    out = StringIO()
    call_command("load_catalog", stdout=out)
    # then the summary names the counts and the version
    text = out.getvalue()
    catalog = default_catalog()
    assert catalog.version in text
    assert f"{len(catalog.services)} services" in text
    assert f"{len(catalog.mechanisms)} mechanisms" in text


def test_load_catalog_broken_file_exits_2_with_file_and_key(tmp_path: Path) -> None:
    # given a copy of the catalog with a misspelt service in a pair
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, target)
    path = target / "kibana.yaml"
    path.write_text(path.read_text().replace("sink: kibana", "sink: kibanna", 1))
    # when validating it
    with pytest.raises(CommandError) as caught:
        call_command("load_catalog", "--dir", str(target))
    # then the command fails with exit code 2 and the loader's message
    assert caught.value.returncode == 2
    assert "kibana.yaml: mechanisms[0].pairs[0].sink: unknown service 'kibanna'" in str(caught.value)
