"""Diagram exports of designs and of the catalog: DOT, Mermaid, and SVG/PNG/PDF through Graphviz.

Build a :class:`Diagram` with :func:`design_diagram` or :func:`catalog_diagram`, then write it
with :func:`to_dot`, :func:`to_mermaid`, :func:`render` or :func:`export_diagram`.
"""

from explorer.engine.export.dot import BACKGROUNDS, to_dot
from explorer.engine.export.mermaid import to_mermaid
from explorer.engine.export.model import Diagram, catalog_diagram, design_diagram
from explorer.engine.export.render import (
    CONTENT_TYPES,
    EXTENSIONS,
    FORMATS,
    RENDERED_FORMATS,
    Artifact,
    RenderError,
    export_diagram,
    render,
    run_dot,
)
from explorer.engine.export.svg import SvgError, svg_problems

__all__ = [
    "BACKGROUNDS",
    "CONTENT_TYPES",
    "EXTENSIONS",
    "FORMATS",
    "RENDERED_FORMATS",
    "Artifact",
    "Diagram",
    "RenderError",
    "SvgError",
    "catalog_diagram",
    "design_diagram",
    "export_diagram",
    "render",
    "run_dot",
    "svg_problems",
    "to_dot",
    "to_mermaid",
]
