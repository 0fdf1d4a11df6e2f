"""Does the SVG export cost at most 1.2x running Graphviz ``dot`` alone on the same DOT?

Builds a 500-node design (ten regions, each with producers, Kafka clusters, Cassandra, Spark,
Elasticsearch, Kibana, co-located groups, MirrorMaker 2 between neighbouring regions), then times

- baseline: ``dot -Tsvg`` on the exact DOT text the exporter renders (icons on the image path);
- export:   the whole export, design -> diagram -> DOT -> ``dot`` -> inline icons and sanitise.

The two run alternately REPEAT times; the best times and their ratio are printed. Run:
``.venv/bin/python bench/export.py`` (add ``--nodes N`` / ``--repeat R`` to vary).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog import default_catalog
from explorer.engine.document import Limits, parse_document
from explorer.engine.export import design_diagram, render, run_dot
from explorer.engine.export.render import render_input

DATE = "2026-01-01"
TARGET = 1.2


def region_block(r: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Fifty nodes of one region and the flows between them."""
    loc = f"loc-{r}"
    nodes: list[dict[str, Any]] = []
    flows: list[dict[str, Any]] = []
    for k in range(5):
        kafka = f"kafka-{r}-{k}"
        nodes.append(
            {
                "id": kafka,
                "service": "kafka",
                "name": f"Kafka {r}.{k}",
                "location": loc,
                "stores": [{"name": f"events-{i}", "kind": "topic"} for i in range(3)],
            }
        )
        for p in range(3):
            src = f"devices-{r}-{k}-{p}"
            nodes.append({"id": src, "service": "event-source", "name": f"Devices {r}.{k}.{p}", "location": loc})
            flows.append({"id": f"in-{r}-{k}-{p}", "from": src, "to": f"{kafka}/events-{p}"})
        db = f"cassandra-{r}-{k}"
        nodes.append(
            {
                "id": db,
                "service": "cassandra",
                "name": f"Cassandra {r}.{k}",
                "location": loc,
                "group": f"analytics-{k}",
                "stores": [{"name": f"ks.events_{i}", "kind": "table"} for i in range(2)],
            }
        )
        flows.append({"id": f"sink-{r}-{k}", "from": f"{kafka}/events-0", "to": f"{db}/ks.events_0"})
        spark = f"spark-{r}-{k}"
        nodes.append(
            {
                "id": spark,
                "service": "spark-batch",
                "name": f"Report {r}.{k}",
                "location": loc,
                "group": f"analytics-{k}",
            }
        )
        flows.append({"id": f"read-{r}-{k}", "from": f"{db}/ks.events_0", "to": spark})
        es = f"es-{r}-{k}"
        nodes.append(
            {
                "id": es,
                "service": "elasticsearch",
                "name": f"Search {r}.{k}",
                "location": loc,
                "stores": [{"name": f"events-{k}", "kind": "index"}],
            }
        )
        flows.append({"id": f"index-{r}-{k}", "from": f"{kafka}/events-1", "to": f"{es}/events-{k}"})
        flows.append({"id": f"spark-es-{r}-{k}", "from": spark, "to": f"{es}/events-{k}"})
        kibana = f"kibana-{r}-{k}"
        nodes.append({"id": kibana, "service": "kibana", "name": f"Dashboards {r}.{k}", "location": loc})
        flows.append({"id": f"dash-{r}-{k}", "from": es, "to": kibana})
        nodes.append(
            {
                "id": f"s3-{r}-{k}",
                "service": "s3",
                "name": f"Archive {r}.{k}",
                "location": loc,
                "stores": [{"name": "raw/", "kind": "prefix"}],
            }
        )
        flows.append({"id": f"archive-{r}-{k}", "from": f"{kafka}/events-2", "to": f"s3-{r}-{k}/raw/"})
        app = f"app-{r}-{k}"
        nodes.append({"id": app, "service": "application", "name": f"Consumer {r}.{k}", "location": loc})
        flows.append({"id": f"consume-{r}-{k}", "from": f"{kafka}/events-0", "to": app})
    return nodes, flows


def big_design(n_nodes: int) -> dict[str, Any]:
    """A design with ``n_nodes`` nodes (rounded up to whole regions of 50)."""
    regions = max(1, -(-n_nodes // 50))
    nodes: list[dict[str, Any]] = []
    flows: list[dict[str, Any]] = []
    locations = [
        {"id": f"loc-{r}", "name": f"Region {r}", "provider": "aws", "region": f"region-{r}", "zone": f"region-{r}a"}
        for r in range(regions)
    ]
    for r in range(regions):
        block_nodes, block_flows = region_block(r)
        nodes += block_nodes
        flows += block_flows
        if r:
            flows.append(
                {
                    "id": f"mm2-{r}",
                    "from": f"kafka-{r - 1}-0",
                    "to": f"kafka-{r}-0",
                    "mechanism": "mirrormaker2",
                    "properties": {"topics": "events-.*"},
                }
            )
    return {
        "format": "kafkaesque.design/v1",
        "name": f"{len(nodes)}-node benchmark",
        "description": "",
        "locations": locations,
        "nodes": nodes,
        "flows": flows,
        "layout": {},
        "extensions": {},
    }


def interleaved(first: Any, second: Any, repeat: int) -> tuple[float, float, Any, Any]:
    """Run the two alternately ``repeat`` times; return each one's fastest time and last result.

    Alternating and taking the minimum keeps load from other processes on the machine from
    landing on one side only.
    """
    times: tuple[list[float], list[float]] = ([], [])
    results: list[Any] = [None, None]
    for _ in range(repeat):
        for index, fn in enumerate((first, second)):
            start = time.perf_counter()
            results[index] = fn()
            times[index].append(time.perf_counter() - start)
    return min(times[0]), min(times[1]), results[0], results[1]


def main() -> int:
    """Print both medians and the ratio; exit 1 when the ratio is above the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    catalog = default_catalog()
    data = big_design(args.nodes)
    design = parse_document(data, Limits(max_bytes=64 << 20))
    diagram = design_diagram(design, catalog, revision=1, date=DATE)
    # Exactly the DOT the exporter hands to Graphviz, icons included.
    dot_text, icons = render_input(diagram)
    run_dot(dot_text, "svg", imagepath=icons, timeout=600)  # warm caches (fonts, icon files) for both sides

    def export() -> bytes:
        return render(design_diagram(design, catalog, revision=1, date=DATE), "svg", timeout=600)

    baseline, ours, raw, svg = interleaved(
        lambda: run_dot(dot_text, "svg", imagepath=icons, timeout=600), export, args.repeat
    )
    ratio = ours / baseline
    print(f"design: {len(design.nodes)} nodes, {len(design.flows)} flows; DOT {len(dot_text) / 1024:.0f} KiB")
    print(f"dot -Tsvg alone (best of {args.repeat}): {baseline:.3f} s  -> {len(raw) / 1024:.0f} KiB")
    print(f"our SVG export  (best of {args.repeat}): {ours:.3f} s  -> {len(svg) / 1024:.0f} KiB")
    print(f"ratio: {ratio:.3f} (target <= {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
