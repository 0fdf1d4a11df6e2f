"""Imports of running configurations as design documents (nothing is saved)."""

from __future__ import annotations

from typing import Any

from explorer.engine.importers.mm2 import design_from_mm2_properties

__all__ = ["mm2_import"]


def mm2_import(*, properties: str, name: str | None = None) -> dict[str, Any]:
    """The design document of an mm2.properties text; raises ``Mm2ImportError`` naming the line."""
    options = {"name": name} if name is not None else {}
    return design_from_mm2_properties(properties, **options)
