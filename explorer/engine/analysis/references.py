"""Rules: ``unknown-service`` and ``unknown-reference``."""

from __future__ import annotations

import difflib
import re

from explorer.engine.analysis.context import Context
from explorer.engine.analysis.findings import Finding, finding
from explorer.engine.document import reference_problems

__all__ = ["reference_findings"]

_INDEXED = re.compile(r"^\$\.(nodes|flows|locations)\[(\d+)\]\.?(\w*)")


def reference_findings(context: Context) -> list[Finding]:
    """Nodes whose service the catalog lacks, and references to nodes, stores or locations that do not exist.

    Flows with a dangling reference are recorded in ``context.broken_flows`` so later rules skip them.
    """
    design = context.design
    found: list[Finding] = []
    known = sorted(context.catalog.services)
    for node in design.nodes:
        if node.id in context.services:
            continue
        close = difflib.get_close_matches(node.service, known, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        found.append(
            finding(
                "unknown-service",
                f"Node {context.label(node.id)} is a '{node.service}', which the catalog does not know, "
                "so nothing about it can be checked.",
                refs=[node.id],
                fix=f"Set the service of '{node.id}' to a catalog service: {hint}known services are "
                f"{', '.join(known)}.",
            )
        )
    for problem in reference_problems(design):
        refs: list[str] = []
        match = _INDEXED.match(problem.path)
        fix = "Declare what is referred to, or point the reference at something that exists."
        if match is not None:
            section, position, key = match.group(1), int(match.group(2)), match.group(3)
            if section == "flows" and position < len(design.flows):
                flow = design.flows[position]
                refs.append(flow.id)
                context.broken_flows.add(flow.id)
                endpoint = flow.source if key == "from" else flow.sink
                refs.append(endpoint.node)
                if endpoint.node not in context.nodes:
                    fix = f"Add a node '{endpoint.node}', or change '{key}' of flow '{flow.id}' to an existing node."
                else:
                    fix = (
                        f"Declare store '{endpoint.store}' in node '{endpoint.node}', or change '{key}' of flow "
                        f"'{flow.id}' to one of its stores (or to the node alone)."
                    )
            elif section == "nodes" and position < len(design.nodes):
                node = design.nodes[position]
                refs.append(node.id)
                fix = f"Declare location '{node.location}' under locations, or remove the location of '{node.id}'."
        found.append(
            finding("unknown-reference", problem.message[:1].upper() + problem.message[1:] + ".", refs=refs, fix=fix)
        )
    return found
