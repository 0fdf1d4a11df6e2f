"""The pattern gallery: the seed's use cases as design documents in ``fixtures/patterns/<slug>.json``.

Each document carries ``extensions.pattern = {"title", "explanation", "expected_verdict"}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from explorer.engine.document import DocumentError, parse_document

__all__ = ["PATTERNS_DIR", "Pattern", "PatternError", "pattern_get", "pattern_list"]

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "patterns"
VERDICTS = ("sensible", "kafkaesque", "impossible")


class PatternError(Exception):
    """A gallery file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Pattern:
    """One gallery entry."""

    slug: str
    title: str
    explanation: str
    expected_verdict: str
    document: Mapping[str, Any]
    node_count: int
    flow_count: int

    def summary(self) -> dict[str, Any]:
        """The listing fields (no document)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "explanation": self.explanation,
            "expected_verdict": self.expected_verdict,
            "node_count": self.node_count,
            "flow_count": self.flow_count,
        }


def _load(path: Path) -> Pattern:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        design = parse_document(document)
    except (OSError, ValueError, DocumentError) as exc:
        raise PatternError(f"{path.name}: {exc}") from exc
    meta = design.extensions.get("pattern")
    if not isinstance(meta, dict) or meta.get("expected_verdict") not in VERDICTS:
        raise PatternError(f"{path.name}: extensions.pattern needs title, explanation and expected_verdict")
    return Pattern(
        slug=path.stem,
        title=str(meta.get("title", design.name)),
        explanation=str(meta.get("explanation", "")),
        expected_verdict=str(meta["expected_verdict"]),
        document=document,
        node_count=len(design.nodes),
        flow_count=len(design.flows),
    )


@lru_cache(maxsize=4)
def _patterns(directory: Path) -> tuple[Pattern, ...]:
    return tuple(_load(path) for path in sorted(directory.glob("*.json")))


def pattern_list(directory: Path = PATTERNS_DIR) -> tuple[Pattern, ...]:
    """Every pattern, sorted by slug. Raises :class:`PatternError` naming a broken file."""
    return _patterns(directory)


def pattern_get(slug: str, directory: Path = PATTERNS_DIR) -> Pattern | None:
    """The pattern called ``slug``, or None."""
    for pattern in pattern_list(directory):
        if pattern.slug == slug:
            return pattern
    return None
