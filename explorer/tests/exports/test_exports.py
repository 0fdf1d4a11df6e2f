"""File names of exported diagrams (explorer.services.exports)."""

from __future__ import annotations

import pytest

from explorer.engine.generate import bundle_name
from explorer.services.exports import export_file_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Active/Active!", "active-active-r3.svg"),
        ("Données été", "donnees-ete-r3.svg"),
        ("!!!", "design-r3.svg"),
    ],
)
def test_export_file_name_is_the_bundle_stem_with_the_format_extension(name: str, expected: str) -> None:
    # when a design's diagram is named
    file_name = export_file_name(name=name, revision=3, fmt="svg")
    # then it reads as the design's name and matches the zip of its bundle
    assert file_name == expected
    assert file_name == f"{bundle_name(name, 3)}.svg"
