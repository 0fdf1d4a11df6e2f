"""Diagram exports of stored designs and of the catalog (Django side: revisions, settings, file names).

The drawing itself is pure (``explorer.engine.export``); this module loads a revision, runs the
analysis when the findings overlay is asked for, applies the configured Graphviz binary and time
limit, and names the file.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from catalog import Catalog, default_catalog
from explorer.engine.document import Design as DesignDocument
from explorer.engine.export import (
    BACKGROUNDS,
    FORMATS,
    RENDERED_FORMATS,
    Artifact,
    catalog_diagram,
    design_diagram,
    export_diagram,
)
from explorer.engine.export.render import EXTENSIONS
from explorer.engine.generate import bundle_name
from explorer.models import Job, Revision
from explorer.selectors.designs import revision_design
from explorer.services.jobs import job_submit

__all__ = [
    "BACKGROUNDS",
    "FORMATS",
    "SYNC_RENDER_MAX_NODES",
    "ExportFile",
    "catalog_map_export",
    "design_document_export",
    "export_file_name",
    "export_needs_job",
    "revision_export",
    "revision_export_or_job",
]

# Rendering more nodes than this in a request would hold a web worker for seconds; such exports
# go through a job (see explorer/job_handlers/export.py).
SYNC_RENDER_MAX_NODES = 150


@dataclass(frozen=True)
class ExportFile:
    """An exported file with the name it should be saved under."""

    content: bytes
    content_type: str
    file_name: str


def export_file_name(*, name: str, revision: int | None, fmt: str) -> str:
    """``<design name slug>-r<N>.<ext>``: the same stem as the design's bundle zip ("design" when the name has none)."""
    return f"{bundle_name(name, revision)}.{EXTENSIONS[fmt]}"


def export_needs_job(*, document: DesignDocument, fmt: str) -> bool:
    """Whether rendering this design is too large to do inside a request."""
    return fmt in RENDERED_FORMATS and len(document.nodes) > SYNC_RENDER_MAX_NODES


def _timeout(sync: bool) -> float:
    limit = float(settings.DOT_TIMEOUT_SECONDS)
    return min(limit, 30.0) if sync else limit


def design_document_export(
    *,
    document: DesignDocument,
    fmt: str,
    revision: int | None,
    on: date,
    overlay: bool = False,
    catalog: Catalog | None = None,
    sync: bool = True,
    background: str = "light",
) -> ExportFile:
    """Export a parsed design document in ``fmt`` (one of :data:`FORMATS`).

    ``on`` is the date printed in the title line. With ``overlay`` the design is analysed first
    and its findings drawn (errors red, event loops highlighted, warnings amber). ``background``
    (one of :data:`BACKGROUNDS`) picks the palette: light, dark, or transparent for pages of either theme.
    Raises ``ValueError`` for an unknown format or background and ``RenderError`` when Graphviz fails.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    catalog = catalog or default_catalog()
    findings: Any = None
    resolved: dict[str, str] = {}
    verdict: str | None = None
    if overlay and fmt != "json":
        from explorer.engine.analysis import analyze  # the analysis is only needed for the overlay

        result = analyze(document, catalog)
        findings, resolved, verdict = result.findings, dict(result.resolved_mechanisms), result.verdict
    diagram = design_diagram(
        document,
        catalog,
        revision=revision,
        date=on.isoformat(),
        findings=findings,
        resolved_mechanisms=resolved,
        verdict=verdict,
    )
    artifact: Artifact = export_diagram(
        diagram,
        fmt,
        document=document.raw,
        binary=settings.DOT_BINARY,
        timeout=_timeout(sync),
        background=background,
    )
    return ExportFile(
        content=artifact.content,
        content_type=artifact.content_type,
        file_name=export_file_name(name=document.name, revision=revision, fmt=fmt),
    )


def revision_export(
    *,
    revision: Revision,
    fmt: str,
    overlay: bool = False,
    sync: bool = True,
    document: DesignDocument | None = None,
    background: str = "light",
) -> ExportFile:
    """Export a stored revision; the title's date is the day the revision was saved, so it is reproducible.

    ``document`` is the revision already parsed, when the caller has it (it is not parsed again).
    """
    return design_document_export(
        document=document or revision_design(revision=revision),
        fmt=fmt,
        revision=revision.number,
        on=revision.created_at.date(),
        overlay=overlay,
        sync=sync,
        background=background,
    )


def revision_export_or_job(
    *, revision: Revision, fmt: str, overlay: bool, wants_job: bool, user: Any, background: str = "light"
) -> ExportFile | Job:
    """Render now, or queue an ``export`` job when asked to or when the design is too large for a request.

    Raises ``RenderError`` when Graphviz fails and ``JobsUnavailable`` when a needed job cannot be queued.
    """
    document = revision_design(revision=revision)
    if fmt in RENDERED_FORMATS and (wants_job or export_needs_job(document=document, fmt=fmt)):
        return job_submit(
            kind=Job.Kind.EXPORT,
            revision=revision,
            user=user,
            params={"format": fmt, "overlay": overlay, "background": background},
            unavailable="This design is too large to render in a request and jobs are paused",
        )
    return revision_export(revision=revision, fmt=fmt, overlay=overlay, document=document, background=background)


_map_lock = threading.Lock()
_map_cache: dict[tuple[str, str], ExportFile] = {}


def catalog_map_export(*, fmt: str = "svg", catalog: Catalog | None = None) -> ExportFile:
    """The catalog's integration map; cached per catalog version and format, since the catalog is fixed data."""
    if fmt not in FORMATS or fmt == "json":
        raise ValueError(f"unknown map format {fmt!r}")
    catalog = catalog or default_catalog()
    key = (catalog.version, fmt)
    with _map_lock:
        cached = _map_cache.get(key)
    if cached is not None:
        return cached
    artifact = export_diagram(
        catalog_diagram(catalog), fmt, binary=settings.DOT_BINARY, timeout=float(settings.DOT_TIMEOUT_SECONDS)
    )
    exported = ExportFile(
        content=artifact.content,
        content_type=artifact.content_type,
        file_name=f"kafkaesque-integration-map.{EXTENSIONS[fmt]}",
    )
    with _map_lock:
        _map_cache[key] = exported
    return exported
