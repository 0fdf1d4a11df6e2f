"""Graphviz DOT writer for :class:`~explorer.engine.export.model.Diagram`, built with the ``graphviz`` package.

The ``graphviz`` package assembles the graph, its clusters and attribute lists and quotes identifiers.
Every user string goes into HTML-like labels through :func:`html.escape` (plus a doubled backslash, see
:func:`html_text`), so quotes, backslashes, angle brackets and Graphviz's own ``\\N``/``\\l`` escapes
are shown literally and can never end a string or open markup. Identifiers are generated (``n:<id>`` for
well-formed ids, numbered otherwise), never copied from free text. Rendering (with its timeout) stays in
:mod:`explorer.engine.export.render`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping

import graphviz
from graphviz import quoting

from explorer.engine.export.model import (
    CATEGORY_COLOURS,
    CATEGORY_TITLES,
    FINDING_COLOURS,
    Cluster,
    Diagram,
    DiagramEdge,
    DiagramNode,
)

__all__ = ["ICON_CELL", "html_text", "icon_file_name", "to_dot"]

FONT = "Helvetica"
INK = "#263238"
MUTED = "#546e7a"
EDGE_INK = "#455a64"
ICON_CELL = 22  # points; the icon is scaled into this square
#: How a plain streaming edge is drawn; written once as the graph's edge defaults.
EDGE_DEFAULTS: Mapping[str, str] = {"style": "solid", "color": EDGE_INK, "fontcolor": INK, "penwidth": "1.2"}

_CLUSTER_STYLE: Mapping[str, tuple[str, str, str]] = {
    # kind: (style, border colour, fill colour)
    "provider": ("rounded", "#78909c", "#f5f7f8"),
    "region": ("rounded", "#90a4ae", "#fbfcfc"),
    "zone": ("rounded", "#b0bec5", "#ffffff"),
    "location": ("rounded", "#b0bec5", "#ffffff"),
    "group": ("dashed,rounded", "#607d8b", "#ffffff"),
}


def html_text(text: str) -> str:
    """Escape text for a Graphviz HTML-like label (XML character data).

    :func:`html.escape` handles ``& < > " '``; Graphviz expands ``\\N``, ``\\G``, ``\\n`` ... even inside
    HTML labels (also when written as ``&#92;``), so a backslash is doubled to stay literal.
    """
    return html.escape(text, quote=True).replace("\\", "\\\\")


class _Digraph(graphviz.Digraph):  # type: ignore[misc]  # graphviz ships no type information
    """A ``graphviz.Digraph`` whose edges name whole nodes.

    The package reads ``a:b`` in an edge end as node ``a``, port ``b``; the diagram's node keys are
    ``n:<id>`` and use no ports, so edge ends are quoted like node names.
    """

    _quote_edge = staticmethod(quoting.quote)


def icon_file_name(icon: str, colour: str) -> str:
    """The image file name under which the renderer provides an icon drawn in a colour."""
    return f"icon--{icon}--{colour.lstrip('#')}.png"


IconSource = Callable[[str, str], str | None]


def _node_label(node: DiagramNode, icon_source: IconSource | None) -> str:
    colour = CATEGORY_COLOURS.get(node.category, CATEGORY_COLOURS["unknown"])
    border = FINDING_COLOURS[node.highlight] if node.highlight else colour
    store_rows = [html_text(f"▪ {store}") for store in node.stores]
    if node.more_stores:
        store_rows.append(html_text(f"+{node.more_stores} more"))
    rows = 2 + len(store_rows)
    image = icon_source(node.icon, colour) if icon_source else None
    icon = f'<IMG SRC="{html_text(image)}" SCALE="TRUE"/>' if image else ""
    parts = [
        f'<TABLE BORDER="{2 if node.highlight else 1}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
        f'COLOR="{border}" BGCOLOR="#ffffff">',
        f'<TR><TD ROWSPAN="{rows}" BGCOLOR="{colour}" WIDTH="5"></TD>'
        f'<TD ROWSPAN="2" FIXEDSIZE="TRUE" WIDTH="{ICON_CELL}" HEIGHT="{ICON_CELL}">{icon}</TD>'
        f'<TD ALIGN="LEFT"><FONT COLOR="{INK}"><B>{html_text(node.name)}</B></FONT></TD></TR>',
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{MUTED}">{html_text(node.service_name)}</FONT></TD></TR>',
    ]
    parts.extend(
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{INK}">{row}</FONT></TD></TR>'
        for row in store_rows
    )
    parts.append("</TABLE>")
    return "<" + "".join(parts) + ">"


def _edge_attributes(edge: DiagramEdge) -> dict[str, str]:
    label = f'<FONT POINT-SIZE="9">{html_text(edge.mechanism)}</FONT>'
    for line in edge.carries:
        label += f'<BR/><FONT POINT-SIZE="8" COLOR="{MUTED}">{html_text(line)}</FONT>'
    colour = FINDING_COLOURS[edge.highlight] if edge.highlight else EDGE_INK
    styles = ["dashed" if edge.mode == "batch" else "solid"]
    width = {"loop": "3.5", "error": "2.2", "warning": "2.2"}.get(edge.highlight or "", "1.2")
    if edge.highlight == "loop":
        styles.append("bold")
    attributes = {
        "label": f"<{label}>",
        "style": ",".join(styles),
        "color": colour,
        "fontcolor": colour if edge.highlight else INK,
        "penwidth": width,
    }
    if edge.both:
        attributes["dir"] = "both"
    # Values equal to the graph-wide edge defaults are left out: the graphviz package quotes every key and
    # value it writes, and on a 500-node diagram that per-attribute cost tripled the time to write the DOT.
    return {key: value for key, value in attributes.items() if EDGE_DEFAULTS.get(key) != value}


def _legend(diagram: Diagram) -> str:
    cells: list[str] = []
    for category in diagram.categories:
        colour = CATEGORY_COLOURS.get(category, CATEGORY_COLOURS["unknown"])
        cells.append(f'<TD BGCOLOR="{colour}" WIDTH="10" HEIGHT="10" FIXEDSIZE="TRUE"></TD>')
        cells.append(f'<TD ALIGN="LEFT">{html_text(CATEGORY_TITLES.get(category, category))}</TD>')
    cells.append('<TD>   </TD><TD ALIGN="LEFT">━━ streaming</TD><TD ALIGN="LEFT">╍╍ batch</TD>')
    if any(edge.both for edge in diagram.edges):
        cells.append('<TD ALIGN="LEFT">◀━▶ both directions documented</TD>')
    if diagram.overlay:
        for name, colour in (("error", FINDING_COLOURS["error"]), ("warning", FINDING_COLOURS["warning"])):
            cells.append(f'<TD BGCOLOR="{colour}" WIDTH="10" HEIGHT="10" FIXEDSIZE="TRUE"></TD>')
            cells.append(f'<TD ALIGN="LEFT">{name}</TD>')
        cells.append(f'<TD ALIGN="LEFT"><FONT COLOR="{FINDING_COLOURS["loop"]}"><B>━━ event loop</B></FONT></TD>')
    return f'<TABLE BORDER="0" CELLSPACING="3" CELLPADDING="1"><TR>{"".join(cells)}</TR></TABLE>'


def _graph_label(diagram: Diagram) -> str:
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16" COLOR="{INK}"><B>{html_text(diagram.title)}</B></FONT></TD></TR>'
    ]
    if diagram.subtitle:
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{MUTED}">{html_text(diagram.subtitle)}</FONT></TD></TR>'
        )
    rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{INK}">{_legend(diagram)}</FONT></TD></TR>')
    return '<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


def _cluster_attributes(cluster: Cluster) -> dict[str, str]:
    if cluster.kind == "category":
        colour = CATEGORY_COLOURS.get(cluster.key.removeprefix("cat:"), MUTED)
        style, border, fill = "rounded", colour, "#ffffff"
        font = colour
    else:
        style, border, fill = _CLUSTER_STYLE.get(cluster.kind, _CLUSTER_STYLE["location"])
        font = INK if cluster.kind != "group" else MUTED
    size = {"provider": 12, "region": 11, "category": 12}.get(cluster.kind, 10)
    return {
        "label": f'<<FONT POINT-SIZE="{size}" COLOR="{font}"><B>{html_text(cluster.label)}</B></FONT>>',
        "style": style + ",filled",
        "color": border,
        "fillcolor": fill,
        "labeljust": "l",
        "margin": "12",
    }


def to_dot(diagram: Diagram, *, icon_source: IconSource | None = None) -> str:
    """Write the diagram as DOT text.

    ``icon_source(icon, colour)`` returns an image file name for the icon cell; the renderer
    passes one (with Graphviz's ``imagepath``) so icons are drawn. Without it the cell stays an
    empty square, so the DOT renders anywhere with no files beside it.
    """
    dot = _Digraph(
        "kafkaesque",
        graph_attr={
            "rankdir": diagram.direction,
            "newrank": "true",
            "fontname": FONT,
            "charset": "UTF-8",
            "nodesep": "0.45",
            "ranksep": "0.9",
            "pad": "0.3",
            "labelloc": "t",
            "labeljust": "l",
            "label": _graph_label(diagram),
        },
        node_attr={"shape": "plain", "fontname": FONT, "fontsize": "11"},
        edge_attr={"fontname": FONT, "fontsize": "9", "arrowsize": "0.7", **EDGE_DEFAULTS},
    )
    children: dict[str | None, list[Cluster]] = {}
    for cluster in diagram.clusters:
        children.setdefault(cluster.parent, []).append(cluster)
    members: dict[str | None, list[DiagramNode]] = {}
    numbers = {cluster.key: index for index, cluster in enumerate(diagram.clusters)}
    for node in diagram.nodes:
        members.setdefault(node.cluster if node.cluster in numbers else None, []).append(node)

    def fill(graph: graphviz.Digraph, key: str | None) -> None:
        for cluster in children.get(key, []):
            # "cluster_" makes Graphviz draw the subgraph as a box.
            with graph.subgraph(name=f"cluster_{numbers[cluster.key]}", graph_attr=_cluster_attributes(cluster)) as box:
                fill(box, cluster.key)
        for node in members.get(key, []):
            graph.node(node.key, label=_node_label(node, icon_source))

    fill(dot, None)
    for edge in diagram.edges:
        dot.edge(edge.source, edge.sink, **_edge_attributes(edge))
    source: str = dot.source
    return source
