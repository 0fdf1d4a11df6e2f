"""Mermaid flowchart writer for :class:`~explorer.engine.export.model.Diagram`.

User text is written only inside quoted labels, with every character Mermaid or HTML could read
as syntax replaced by Mermaid's ``#<code>;`` entity form, so a name cannot close a label, start
a link, or carry markup. Identifiers are generated from the diagram's keys.
"""

from __future__ import annotations

import json
import re

from explorer.engine.export.model import CATEGORY_COLOURS, CATEGORY_TITLES, FINDING_COLOURS, Cluster, Diagram

__all__ = ["mermaid_text", "to_mermaid"]

_SPECIAL = set('"<>&#|`\\')


def mermaid_text(text: str) -> str:
    """Escape text for a quoted Mermaid label using numeric ``#NN;`` entities."""
    return "".join(f"#{ord(ch)};" if ch in _SPECIAL else ch for ch in text)


def _ident(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "_", key)


def to_mermaid(diagram: Diagram) -> str:
    """Write the diagram as a Mermaid ``flowchart``: boxes as subgraphs, categories as classes."""
    title = diagram.title + (f" · {diagram.subtitle}" if diagram.subtitle else "")
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", "---", f"flowchart {diagram.direction}"]
    children: dict[str | None, list[Cluster]] = {}
    for cluster in diagram.clusters:
        children.setdefault(cluster.parent, []).append(cluster)
    numbers = {cluster.key: index for index, cluster in enumerate(diagram.clusters)}
    members: dict[str | None, list[str]] = {}
    for node in diagram.nodes:
        rows = [f"<b>{mermaid_text(node.name)}</b>", mermaid_text(node.service_name)]
        rows.extend(mermaid_text(f"▪ {store}") for store in node.stores)
        if node.more_stores:
            rows.append(mermaid_text(f"+{node.more_stores} more"))
        home = node.cluster if node.cluster in numbers else None
        members.setdefault(home, []).append(f'{_ident(node.key)}["{"<br/>".join(rows)}"]')

    def write(key: str | None, depth: int) -> None:
        pad = "  " * depth
        for cluster in children.get(key, []):
            lines.append(f'{pad}subgraph c{numbers[cluster.key]}["{mermaid_text(cluster.label)}"]')
            write(cluster.key, depth + 1)
            lines.append(f"{pad}end")
        lines.extend(pad + member for member in members.get(key, []))

    write(None, 1)

    link_styles: list[str] = []
    for index, edge in enumerate(diagram.edges):
        label = "<br/>".join(mermaid_text(line) for line in (edge.mechanism, *edge.carries))
        arrow = "-.->" if edge.mode == "batch" else ("==>" if edge.highlight == "loop" else "-->")
        if edge.both:
            arrow = "<" + arrow
        lines.append(f'  {_ident(edge.source)} {arrow}|"{label}"| {_ident(edge.sink)}')
        if edge.highlight:
            width = "4px" if edge.highlight == "loop" else "2.5px"
            link_styles.append(f"  linkStyle {index} stroke:{FINDING_COLOURS[edge.highlight]},stroke-width:{width}")

    legend = [f'    lg_{c}["{mermaid_text(CATEGORY_TITLES.get(c, c))}"]:::cat_{c}' for c in diagram.categories]
    legend.append('    lg_modes["solid: streaming · dashed: batch"]')
    if diagram.overlay:
        legend.append('    lg_error["error"]:::hl_error')
        legend.append('    lg_warning["warning"]:::hl_warning')
    lines.extend(['  subgraph legend["Legend"]', *legend, "  end"])

    for category in diagram.categories:
        colour = CATEGORY_COLOURS.get(category, CATEGORY_COLOURS["unknown"])
        lines.append(f"  classDef cat_{category} fill:#ffffff,stroke:{colour},stroke-width:2px,color:#263238")
        keys = [_ident(node.key) for node in diagram.nodes if node.category == category]
        if keys:
            lines.append(f"  class {','.join(keys)} cat_{category}")
    if diagram.overlay:
        for level in ("error", "warning"):
            lines.append(f"  classDef hl_{level} fill:#ffffff,stroke:{FINDING_COLOURS[level]},stroke-width:3px")
            keys = [_ident(node.key) for node in diagram.nodes if node.highlight == level]
            if keys:
                lines.append(f"  class {','.join(keys)} hl_{level}")
    lines.extend(f"  style c{numbers[c.key]} stroke-dasharray:5 5" for c in diagram.clusters if c.kind == "group")
    lines.extend(link_styles)
    return "\n".join(lines) + "\n"
