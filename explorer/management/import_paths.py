"""Reading import inputs from the command line: files, folders (walked, symlinks not followed) and zips."""

from __future__ import annotations

import os
from pathlib import Path

from explorer.engine.document import Limits
from explorer.engine.importers.base import DEFAULT_LIMITS

__all__ = ["InputError", "read_inputs"]

MAX_FILES = 5000


class InputError(Exception):
    """A path that cannot be read."""


def read_inputs(paths: list[str], limits: Limits = DEFAULT_LIMITS) -> dict[str, bytes]:
    """Name -> bytes of every file under ``paths``; a folder's files are named relative to the folder.

    Files larger than the document limit are still returned (truncated to one byte over the limit), so the
    importer refuses them with its own message naming the file.
    """
    files: dict[str, bytes] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for folder, dirs, names in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(names):
                    full = Path(folder) / name
                    if full.is_symlink() or not full.is_file():
                        continue
                    files[str(full.relative_to(path))] = _read(full, limits)
                    if len(files) > MAX_FILES:
                        raise InputError(f"{raw}: more than {MAX_FILES} files")
        elif path.is_file():
            files[path.name if len(paths) == 1 else str(path)] = _read(path, limits)
        else:
            raise InputError(f"{raw}: no such file or folder")
    return files


def _read(path: Path, limits: Limits) -> bytes:
    # Zips may legitimately be larger than one document: allow a bundle of many files.
    cap = limits.max_bytes * 20 if path.suffix.lower() == ".zip" else limits.max_bytes
    try:
        with path.open("rb") as stream:
            return stream.read(cap + 1)
    except OSError as exc:
        raise InputError(f"{path}: {exc}") from exc
