"""Run Graphviz ``dot`` on DOT text, with a time limit, and produce the export formats.

``dot`` is started with an argument list (never a shell) and reads the DOT on stdin. Icons are
provided as small PNG files in a private temporary directory that Graphviz finds through
``-Gimagepath``; SVG output then has them replaced by inline strokes (see :mod:`.svg`).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from explorer.engine.export.dot import BACKGROUNDS, icon_file_name, to_dot
from explorer.engine.export.icons import ICONS, icon_png
from explorer.engine.export.mermaid import to_mermaid
from explorer.engine.export.model import Diagram
from explorer.engine.export.svg import SvgError, inline_icons

__all__ = [
    "CONTENT_TYPES",
    "EXTENSIONS",
    "FORMATS",
    "RENDERED_FORMATS",
    "Artifact",
    "RenderError",
    "export_diagram",
    "render",
    "render_input",
    "run_dot",
]

FORMATS: tuple[str, ...] = ("svg", "png", "pdf", "dot", "mermaid", "json")
RENDERED_FORMATS: frozenset[str] = frozenset({"svg", "png", "pdf"})
CONTENT_TYPES: Mapping[str, str] = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "mermaid": "text/vnd.mermaid; charset=utf-8",
    "json": "application/json",
}
EXTENSIONS: Mapping[str, str] = {
    "svg": "svg",
    "png": "png",
    "pdf": "pdf",
    "dot": "dot",
    "mermaid": "mmd",
    "json": "json",
}
PNG_DPI = 120


class RenderError(Exception):
    """Graphviz is missing, failed, or took longer than allowed."""


@dataclass(frozen=True)
class Artifact:
    """An exported file: its bytes, content type and file extension."""

    content: bytes
    content_type: str
    extension: str


_icon_lock = threading.Lock()
_icon_dir: Path | None = None


def _icons_directory() -> Path:
    global _icon_dir
    with _icon_lock:
        if _icon_dir is None or not _icon_dir.is_dir():
            _icon_dir = Path(tempfile.mkdtemp(prefix="kafkaesque-icons-"))
        return _icon_dir


_icons_written: dict[tuple[Path, str, str], str] = {}


def _write_icon(directory: Path, icon: str, colour: str) -> str:
    """Write the icon's PNG into ``directory`` once per process and return its file name for the DOT."""
    key = (directory, icon, colour)
    name = _icons_written.get(key)
    if name is not None:
        return name
    known = icon if icon in ICONS else "unknown"
    name = icon_file_name(known, colour)
    path = directory / name
    if not path.exists():
        temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        temporary.write_bytes(icon_png(ICONS[known], colour))
        os.replace(temporary, path)
    _icons_written[key] = name
    return name


def run_dot(
    dot_text: str,
    output: str,
    *,
    binary: str = "dot",
    timeout: float = 60.0,
    imagepath: Path | None = None,
    extra: tuple[str, ...] = (),
) -> bytes:
    """Run ``dot -T<output>`` on the text and return its stdout.

    Raises :class:`RenderError` when the binary is missing, exits non-zero, or runs out of time.
    """
    args = [binary, f"-T{output}", *extra]
    if imagepath is not None:
        args.append(f"-Gimagepath={imagepath}")
    try:
        done = subprocess.run(args, input=dot_text.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError as error:
        raise RenderError(f"Graphviz is not installed here ({binary!r} not found)") from error
    except subprocess.TimeoutExpired as error:
        raise RenderError(f"rendering took longer than {timeout:g} s; try a smaller design or a job") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError("Graphviz failed: " + " / ".join(message[:3]))
    return done.stdout


def render_input(diagram: Diagram, *, background: str = "light") -> tuple[str, Path]:
    """The DOT text :func:`render` hands to Graphviz (icon cells filled) and the directory of the icon files."""
    directory = _icons_directory()
    dot_text = to_dot(
        diagram, icon_source=lambda icon, colour: _write_icon(directory, icon, colour), background=background
    )
    return dot_text, directory


def render(
    diagram: Diagram, output: str, *, binary: str = "dot", timeout: float = 60.0, background: str = "light"
) -> bytes:
    """Render the diagram as ``svg``, ``png`` or ``pdf`` with icons; SVG comes back self-contained.

    ``background`` is ``light``, ``dark`` or ``transparent`` (see :data:`~.dot.PALETTES`).
    """
    if output not in RENDERED_FORMATS:
        raise ValueError(f"not a rendered format: {output}")
    dot_text, imagepath = render_input(diagram, background=background)
    extra = (f"-Gdpi={PNG_DPI}",) if output == "png" else ()
    data = run_dot(dot_text, output, binary=binary, timeout=timeout, imagepath=imagepath, extra=extra)
    if output != "svg":
        return data
    try:
        return inline_icons(data)
    except SvgError as error:
        raise RenderError(str(error)) from error


def export_diagram(
    diagram: Diagram,
    output: str,
    *,
    document: Mapping[str, Any] | None = None,
    binary: str = "dot",
    timeout: float = 60.0,
    background: str = "light",
) -> Artifact:
    """Export in one of :data:`FORMATS`; ``json`` writes ``document`` (the design as stored).

    ``background`` picks the palette of the drawn formats (SVG, PNG, PDF, DOT); Mermaid and JSON carry no colours.
    """
    if background not in BACKGROUNDS:
        raise ValueError(f"unknown background {background!r}; choose one of {', '.join(BACKGROUNDS)}")
    if output == "dot":
        content = to_dot(diagram, background=background).encode("utf-8")
    elif output == "mermaid":
        content = to_mermaid(diagram).encode("utf-8")
    elif output == "json":
        content = (json.dumps(document or {}, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    elif output in RENDERED_FORMATS:
        content = render(diagram, output, binary=binary, timeout=timeout, background=background)
    else:
        raise ValueError(f"unknown export format {output!r}; choose one of {', '.join(FORMATS)}")
    return Artifact(content=content, content_type=CONTENT_TYPES[output], extension=EXTENSIONS[output])
