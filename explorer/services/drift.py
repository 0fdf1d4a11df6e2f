"""Importing what runs and comparing it with a design: the service behind the import endpoint and drift job."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from catalog import default_catalog
from explorer.engine.drift import drift
from explorer.engine.importers.collection import ImportResult, import_files
from explorer.models import Job, Revision
from explorer.services.jobs import job_submit

__all__ = ["UploadError", "drift_compute", "drift_submit", "uploads_decode", "uploads_import"]

#: Total bytes of the files one request may upload (each file still meets the document limit).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadError(Exception):
    """An uploaded file list that cannot be used (bad base64, too large); ``name`` is the file."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def uploads_decode(*, files: list[dict[str, str]]) -> dict[str, bytes]:
    """Name -> bytes of uploaded ``{name, content}`` (text) or ``{name, content_base64}`` entries."""
    out: dict[str, bytes] = {}
    total = 0
    for entry in files:
        name = entry["name"]
        if "content_base64" in entry:
            try:
                data = base64.b64decode(entry["content_base64"], validate=True)
            except (binascii.Error, ValueError) as exc:
                raise UploadError(name, f"content_base64 is not base64: {exc}") from exc
        else:
            data = entry.get("content", "").encode("utf-8")
        total += len(data)
        if total > MAX_UPLOAD_BYTES:
            raise UploadError(name, f"the uploaded files exceed {MAX_UPLOAD_BYTES} bytes in total")
        out[name] = data
    return out


def uploads_import(*, files: list[dict[str, str]]) -> ImportResult:
    """Import uploaded files (zips expanded) into one design, with provenance and problems."""
    return import_files(uploads_decode(files=files), default_catalog())


@dataclass(frozen=True)
class DriftOutcome:
    """The import of what runs and its drift from the design (``report`` is None when the import failed)."""

    imported: ImportResult
    report: dict[str, Any] | None


def drift_compute(
    *, design: dict[str, Any], files: list[dict[str, str]], progress: Callable[[int, str], None]
) -> DriftOutcome:
    """Import ``files`` and compare them with ``design`` (the report is None when a file could not be read)."""
    progress(20, "importing what runs")
    imported = uploads_import(files=files)
    if imported.problems:
        return DriftOutcome(imported, None)
    progress(60, "comparing with the design")
    report = drift(design, imported.document, default_catalog(), origins=imported.origins)
    return DriftOutcome(imported, report.to_dict())


def drift_submit(*, revision: Revision, user: Any, files: dict[str, bytes]) -> Job:
    """Queue the drift job of ``revision`` with the decoded files; raises ``JobsUnavailable`` when Redis is down."""
    return job_submit(
        kind=Job.Kind.DRIFT,
        revision=revision,
        user=user,
        unavailable="Drift jobs are unavailable right now",
        params={
            "files": [
                {"name": name, "content_base64": base64.b64encode(data).decode("ascii")}
                for name, data in sorted(files.items())
            ]
        },
    )
