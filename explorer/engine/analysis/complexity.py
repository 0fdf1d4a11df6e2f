"""The complexity score: how much there is to understand and run for what the design does.

    complexity = hops + clusters + 2 * cross_region_flows + 3 * cycles + mechanism_kinds

- ``hops``: edges on the longest path of the service graph (valid flows only) after condensing each
  strongly connected component to one vertex - how many systems a record crosses end to end;
- ``clusters``: nodes of a stateful service (categories stream, store, search: Kafka, Cassandra,
  Elasticsearch, Elassandra) - each is a cluster to operate;
- ``cross_region_flows``: flows whose two nodes run in different regions (any mechanism) - each is a
  WAN link to pay for and watch;
- ``cycles``: event loops and feedback cycles found;
- ``mechanism_kinds``: distinct mechanisms in use - each is a technology to know.

A design whose score is above :data:`COMPLEXITY_THRESHOLD` is Kafkaesque even without warnings. The
threshold sits above the gallery's sensible designs (a small event pipeline scores around 10, an
active-active pair of regions with sinks around 15).
"""

from __future__ import annotations

from typing import Any

from explorer.engine.analysis.context import Context
from explorer.engine.graph import longest_path_hops, service_adjacency

__all__ = ["COMPLEXITY_FORMULA", "COMPLEXITY_THRESHOLD", "complexity_stats"]

COMPLEXITY_THRESHOLD = 24
COMPLEXITY_FORMULA = "hops + clusters + 2 * cross_region_flows + 3 * cycles + mechanism_kinds"
STATEFUL_CATEGORIES = ("stream", "store", "search")


def complexity_stats(context: Context, *, cycles: int) -> dict[str, Any]:
    """The terms of the formula, the score, the threshold and the formula itself."""
    hops = longest_path_hops(service_adjacency(context.design, [spec.flow for spec in context.specs]))
    clusters = sum(1 for service in context.services.values() if service.category in STATEFUL_CATEGORIES)
    cross_region = 0
    for spec in context.specs:
        source, sink = context.region(spec.flow.source.node), context.region(spec.flow.sink.node)
        if source is not None and sink is not None and source != sink:
            cross_region += 1
    kinds = len({spec.mechanism.id for spec in context.specs})
    score = hops + clusters + 2 * cross_region + 3 * cycles + kinds
    return {
        "hops": hops,
        "clusters": clusters,
        "cross_region_flows": cross_region,
        "cycles": cycles,
        "mechanism_kinds": kinds,
        "complexity": score,
        "complexity_threshold": COMPLEXITY_THRESHOLD,
        "complexity_formula": COMPLEXITY_FORMULA,
    }
