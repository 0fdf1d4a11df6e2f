"""Assemble artefacts into a bundle: a path -> bytes map, written as a directory or a deterministic zip.

Paths are checked before anything is written: relative, ``/``-separated, no ``..``, no empty or hidden
components, no backslashes or control characters. Nothing can land outside the bundle folder.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from .plan import Artefact, GenerationError

__all__ = ["UnsafePath", "assemble", "check_entry_name", "write_dir", "write_zip"]

_COMPONENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,120}$")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class UnsafePath(GenerationError):
    """A bundle path that could escape the bundle folder or hide a file."""


def check_entry_name(path: str) -> str:
    """Return ``path`` if it is a safe relative bundle path, else raise :class:`UnsafePath`."""
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path:
        raise UnsafePath(f"unsafe bundle path {path!r}")
    for part in parts:
        if part in {"", ".", ".."} or not _COMPONENT.match(part):
            raise UnsafePath(f"unsafe bundle path {path!r}")
    return path


def assemble(artefacts: Iterable[Artefact]) -> dict[str, bytes]:
    """``path -> bytes`` sorted by path; duplicate or unsafe paths raise."""
    files: dict[str, bytes] = {}
    for artefact in artefacts:
        check_entry_name(artefact.path)
        if artefact.path in files:
            raise GenerationError(f"two artefacts want the path {artefact.path!r}")
        files[artefact.path] = artefact.data
    return dict(sorted(files.items()))


def write_zip(files: Mapping[str, bytes], root: str) -> bytes:
    """A zip with every file under ``root/``; fixed timestamps and modes, so equal bundles give equal bytes."""
    check_entry_name(root)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files.items()):
            info = zipfile.ZipInfo(f"{root}/{check_entry_name(path)}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if path.endswith(".sh") else 0o644
            info.external_attr = (0o100000 | mode) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def write_dir(files: Mapping[str, bytes], out: Path) -> list[Path]:
    """Write the files under ``out`` (created if needed); returns the written paths.

    Each target is resolved and must stay inside ``out`` even if the directory holds symlinks.
    """
    out.mkdir(parents=True, exist_ok=True)
    root = out.resolve()
    written: list[Path] = []
    for path, data in sorted(files.items()):
        target = (root / check_entry_name(path)).resolve()
        if os.path.commonpath([root, target]) != str(root):
            raise UnsafePath(f"{path!r} resolves outside {root}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        if path.endswith(".sh"):
            target.chmod(0o755)
        written.append(target)
    return written
