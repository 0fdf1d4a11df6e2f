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
from dataclasses import dataclass, replace

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

__all__ = ["BACKGROUNDS", "ICON_CELL", "PALETTES", "Palette", "html_text", "icon_file_name", "to_dot"]

FONT = "Helvetica"
ICON_CELL = 22  # points; the icon is scaled into this square


@dataclass(frozen=True)
class Palette:
    """The colours a diagram is drawn in: one per background a documentation site may have.

    ``background`` is Graphviz's ``bgcolor`` (``None`` leaves Graphviz's white default, so the light
    DOT stays what it always was); ``clusters`` maps a location kind to (style, border, fill).
    """

    background: str | None
    ink: str
    muted: str
    edge_ink: str
    node_fill: str
    category_fill: str
    categories: Mapping[str, str]
    clusters: Mapping[str, tuple[str, str, str]]

    def category(self, name: str) -> str:
        """The colour of a category (the unknown one's for a category the palette does not know)."""
        return self.categories.get(name, self.categories["unknown"])

    def edge_defaults(self) -> dict[str, str]:
        """How a plain streaming edge is drawn; written once as the graph's edge defaults."""
        return {"style": "solid", "color": self.edge_ink, "fontcolor": self.ink, "penwidth": "1.2"}


LIGHT = Palette(
    background=None,
    ink="#263238",
    muted="#546e7a",
    edge_ink="#455a64",
    node_fill="#ffffff",
    category_fill="#ffffff",
    categories=CATEGORY_COLOURS,
    clusters={
        # kind: (style, border colour, fill colour)
        "provider": ("rounded", "#78909c", "#f5f7f8"),
        "region": ("rounded", "#90a4ae", "#fbfcfc"),
        "zone": ("rounded", "#b0bec5", "#ffffff"),
        "location": ("rounded", "#b0bec5", "#ffffff"),
        "group": ("dashed,rounded", "#607d8b", "#ffffff"),
    },
)
# The category hues lightened until each reads at 4.5:1 or more on the dark node fill.
DARK = Palette(
    background="#0f141a",
    ink="#e7eaf0",
    muted="#a0a9b8",
    edge_ink="#a0a9b8",
    node_fill="#171d25",
    category_fill="#12171e",
    categories={
        "stream": "#ce93d8",
        "store": "#81c784",
        "compute": "#4dd0e1",
        "search": "#f48fb1",
        "visualise": "#bcaaa4",
        "notebook": "#d4e157",
        "external": "#b0bec5",
        "unknown": "#bdbdbd",
    },
    clusters={
        "provider": ("rounded", "#6b7789", "#161c24"),
        "region": ("rounded", "#5d6979", "#131920"),
        "zone": ("rounded", "#4f5a68", "#12171e"),
        "location": ("rounded", "#4f5a68", "#12171e"),
        "group": ("dashed,rounded", "#8a96a8", "#12171e"),
    },
)
# Light ink for pages of either theme that set their own background: boxes are outlined, not filled,
# and nodes keep their white card so their text stays legible on a dark page too.
TRANSPARENT = replace(
    LIGHT,
    background="transparent",
    category_fill="none",
    clusters={kind: (style, border, "none") for kind, (style, border, _) in LIGHT.clusters.items()},
)
PALETTES: Mapping[str, Palette] = {"light": LIGHT, "dark": DARK, "transparent": TRANSPARENT}
BACKGROUNDS: tuple[str, ...] = tuple(PALETTES)


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


def _node_label(node: DiagramNode, icon_source: IconSource | None, palette: Palette) -> str:
    ink, muted = palette.ink, palette.muted
    colour = palette.category(node.category)
    border = FINDING_COLOURS[node.highlight] if node.highlight else colour
    store_rows = [html_text(f"▪ {store}") for store in node.stores]
    if node.more_stores:
        store_rows.append(html_text(f"+{node.more_stores} more"))
    rows = 2 + len(store_rows)
    image = icon_source(node.icon, colour) if icon_source else None
    icon = f'<IMG SRC="{html_text(image)}" SCALE="TRUE"/>' if image else ""
    parts = [
        f'<TABLE BORDER="{2 if node.highlight else 1}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
        f'COLOR="{border}" BGCOLOR="{palette.node_fill}">',
        f'<TR><TD ROWSPAN="{rows}" BGCOLOR="{colour}" WIDTH="5"></TD>'
        f'<TD ROWSPAN="2" FIXEDSIZE="TRUE" WIDTH="{ICON_CELL}" HEIGHT="{ICON_CELL}">{icon}</TD>'
        f'<TD ALIGN="LEFT"><FONT COLOR="{ink}"><B>{html_text(node.name)}</B></FONT></TD></TR>',
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{muted}">{html_text(node.service_name)}</FONT></TD></TR>',
    ]
    parts.extend(
        f'<TR><TD COLSPAN="2" ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{ink}">{row}</FONT></TD></TR>'
        for row in store_rows
    )
    parts.append("</TABLE>")
    return "<" + "".join(parts) + ">"


def _edge_attributes(edge: DiagramEdge, palette: Palette, defaults: Mapping[str, str]) -> dict[str, str]:
    label = f'<FONT POINT-SIZE="9">{html_text(edge.mechanism)}</FONT>'
    for line in edge.carries:
        label += f'<BR/><FONT POINT-SIZE="8" COLOR="{palette.muted}">{html_text(line)}</FONT>'
    colour = FINDING_COLOURS[edge.highlight] if edge.highlight else palette.edge_ink
    styles = ["dashed" if edge.mode == "batch" else "solid"]
    width = {"loop": "3.5", "error": "2.2", "warning": "2.2"}.get(edge.highlight or "", "1.2")
    if edge.highlight == "loop":
        styles.append("bold")
    attributes = {
        "label": f"<{label}>",
        "style": ",".join(styles),
        "color": colour,
        "fontcolor": colour if edge.highlight else palette.ink,
        "penwidth": width,
    }
    if edge.both:
        attributes["dir"] = "both"
    # Values equal to the graph-wide edge defaults are left out: the graphviz package quotes every key and
    # value it writes, and on a 500-node diagram that per-attribute cost tripled the time to write the DOT.
    return {key: value for key, value in attributes.items() if defaults.get(key) != value}


def _legend(diagram: Diagram, palette: Palette) -> str:
    cells: list[str] = []
    for category in diagram.categories:
        colour = palette.category(category)
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


def _graph_label(diagram: Diagram, palette: Palette) -> str:
    ink, muted = palette.ink, palette.muted
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="16" COLOR="{ink}"><B>{html_text(diagram.title)}</B></FONT></TD></TR>'
    ]
    if diagram.subtitle:
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{muted}">{html_text(diagram.subtitle)}</FONT></TD></TR>'
        )
    rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="{ink}">{_legend(diagram, palette)}</FONT></TD></TR>')
    return '<<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2">' + "".join(rows) + "</TABLE>>"


def _cluster_attributes(cluster: Cluster, palette: Palette) -> dict[str, str]:
    if cluster.kind == "category":
        colour = palette.categories.get(cluster.key.removeprefix("cat:"), palette.muted)
        style, border, fill = "rounded", colour, palette.category_fill
        font = colour
    else:
        style, border, fill = palette.clusters.get(cluster.kind, palette.clusters["location"])
        font = palette.ink if cluster.kind != "group" else palette.muted
    size = {"provider": 12, "region": 11, "category": 12}.get(cluster.kind, 10)
    return {
        "label": f'<<FONT POINT-SIZE="{size}" COLOR="{font}"><B>{html_text(cluster.label)}</B></FONT>>',
        "style": style if fill == "none" else style + ",filled",
        "color": border,
        **({} if fill == "none" else {"fillcolor": fill}),
        "labeljust": "l",
        "margin": "12",
    }


def to_dot(diagram: Diagram, *, icon_source: IconSource | None = None, background: str = "light") -> str:
    """Write the diagram as DOT text, in the palette for ``background`` (one of :data:`BACKGROUNDS`).

    ``icon_source(icon, colour)`` returns an image file name for the icon cell; the renderer
    passes one (with Graphviz's ``imagepath``) so icons are drawn. Without it the cell stays an
    empty square, so the DOT renders anywhere with no files beside it.
    Raises ``ValueError`` for an unknown background.
    """
    palette = PALETTES.get(background)
    if palette is None:
        raise ValueError(f"unknown background {background!r}; choose one of {', '.join(BACKGROUNDS)}")
    edge_defaults = palette.edge_defaults()
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
            "label": _graph_label(diagram, palette),
            **({"bgcolor": palette.background} if palette.background else {}),
        },
        node_attr={"shape": "plain", "fontname": FONT, "fontsize": "11"},
        edge_attr={"fontname": FONT, "fontsize": "9", "arrowsize": "0.7", **edge_defaults},
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
            with graph.subgraph(
                name=f"cluster_{numbers[cluster.key]}", graph_attr=_cluster_attributes(cluster, palette)
            ) as box:
                fill(box, cluster.key)
        for node in members.get(key, []):
            graph.node(node.key, label=_node_label(node, icon_source, palette))

    fill(dot, None)
    for edge in diagram.edges:
        dot.edge(edge.source, edge.sink, **_edge_attributes(edge, palette, edge_defaults))
    source: str = dot.source
    return source
