"""Reading a design file for the ``analyze``, ``generate`` and ``export`` commands.

All three take a design file (or ``-`` for standard input), parse it with limits, and exit with
status 2 and a message on stderr when the file cannot be read, is not a valid design document, or
the catalog cannot be loaded. Each command keeps its own wording: the messages are built here from
the command's prefix and its template for an invalid document.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalog import Catalog, CatalogError, default_catalog
from explorer.engine.document import Design, DocumentError, Limits, parse_json_text

__all__ = [
    "EXIT_INVALID",
    "INVALID_DOCUMENT",
    "DesignFileError",
    "catalog_load",
    "design_file_read",
    "design_file_write",
]

EXIT_INVALID = 2
# Fields: {prefix} ("analyze: "), {source}, {problems} (one indented "path: message" line each),
# {error} (the DocumentError as text).
INVALID_DOCUMENT = "{prefix}{source} is not a valid kafkaesque.design/v1 document:\n{problems}"


class DesignFileError(Exception):
    """The design file cannot be used; ``str()`` is the message for stderr (exit with :data:`EXIT_INVALID`)."""


def design_file_read(
    source: str,
    *,
    prefix: str = "",
    max_bytes: int | None = None,
    invalid: str = INVALID_DOCUMENT,
) -> Design:
    """Read and parse ``source`` (a path, or ``-`` for standard input).

    ``max_bytes`` bounds the file size; None lets any file that was written be read (the other
    limits still apply). Raises :class:`DesignFileError` with the command's message.
    """
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise DesignFileError(f"{prefix}cannot read {source}: {exc.strerror or exc}") from exc
    limits = Limits(max_bytes=max(Limits().max_bytes, len(raw)) if max_bytes is None else max_bytes)
    try:
        return parse_json_text(raw, limits)
    except DocumentError as exc:
        problems = "\n".join(f"  {problem.path}: {problem.message}" for problem in exc.problems)
        raise DesignFileError(invalid.format(prefix=prefix, source=source, problems=problems, error=exc)) from exc


def catalog_load(*, prefix: str = "") -> Catalog:
    """The default catalog; :class:`DesignFileError` naming the problem when it cannot be loaded."""
    try:
        return default_catalog()
    except CatalogError as exc:
        raise DesignFileError(f"{prefix}the catalog cannot be loaded: {exc}") from exc


def design_file_write(document: dict[str, Any], out: str, write_stdout: Callable[[str], object]) -> bool:
    """Write ``document`` as pretty JSON to the file ``out``, or through ``write_stdout`` for ``-``.

    Returns True when a file was written (the command then says so on stderr).
    """
    body = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if out == "-":
        write_stdout(body)
        return False
    Path(out).write_text(body, encoding="utf-8")
    return True
