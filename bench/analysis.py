"""Benchmark: how long the analysis takes on large designs, against a naive cycle lister.

Builds synthetic designs of 100, 1,000 and 10,000 nodes (about 4 flows per node, every service of the
catalog mixed in, MirrorMaker 2 in both policies and same-name replication so that there are loops),
then for each size prints:

- parse time (JSON document -> Design) and analysis time (``analyze``), best of ``--repeat`` runs;
- peak memory of one analysis (``tracemalloc``, measured in a separate run because tracing slows it);
- the baseline: ``networkx.simple_cycles`` listing the cycles of the same store graph, capped at
  ``--cap`` seconds (reported as ">= cap" when it does not finish), and the ratio baseline / analysis;
- the growth: time of this size / time of the size ten times smaller.

Run: ``.venv/bin/python bench/analysis.py [--sizes 100 1000 10000] [--cap 10] [--repeat 3]``.
Targets (issue 4): 10,000 nodes in at most 2 s and 500 MB; ten times the size at most fifteen times the time.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalog import Catalog, default_catalog
from explorer.engine.analysis import analyze
from explorer.engine.analysis.context import Context
from explorer.engine.analysis.flows import resolve_flows
from explorer.engine.document import Design, Limits, parse_document
from explorer.engine.graph import build_store_graph

#: Share of each service among the nodes (stores per node in brackets where the service holds stores).
MIX: list[tuple[str, float, int]] = [
    ("kafka", 0.28, 4),
    ("cassandra", 0.12, 3),
    ("elasticsearch", 0.05, 2),
    ("elassandra", 0.02, 2),
    ("s3", 0.04, 2),
    ("jdbc", 0.04, 2),
    ("spark-streaming", 0.10, 0),
    ("spark-batch", 0.06, 0),
    ("spark-mllib", 0.02, 0),
    ("application", 0.10, 0),
    ("event-source", 0.08, 0),
    ("logstash", 0.03, 0),
    ("kibana", 0.04, 0),
    ("zeppelin", 0.02, 0),
]
STORE_KINDS = {
    "kafka": "topic",
    "cassandra": "table",
    "elasticsearch": "index",
    "elassandra": "table",
    "s3": "prefix",
    "jdbc": "table",
}
REGIONS = ["ap-southeast-2", "eu-central-1", "us-east-1", "sa-east-1"]
FLOWS_PER_NODE = 4


def _store_name(service: str, index: int) -> str:
    if service in ("cassandra", "elassandra", "jdbc"):
        return f"ks{index % 3}.t{index}"
    return f"data{index}"


def synthetic_design(size: int, catalog: Catalog, seed: int = 7) -> dict[str, Any]:
    """A deterministic design of ``size`` nodes and about ``4 * size`` documented flows."""
    rng = random.Random(seed)
    services = [service for service, _, _ in MIX]
    weights = [weight for _, weight, _ in MIX]
    stores_per = {service: count for service, _, count in MIX}
    locations = [
        {"id": f"loc{i}", "name": region, "provider": "aws", "region": region} for i, region in enumerate(REGIONS)
    ]
    nodes: list[dict[str, Any]] = []
    by_service: dict[str, list[dict[str, Any]]] = {service: [] for service in services}
    for index in range(size):
        service = rng.choices(services, weights)[0]
        item: dict[str, Any] = {
            "id": f"n{index}",
            "service": service,
            "name": f"{service} {index}",
            "location": f"loc{index % len(REGIONS)}",
        }
        if stores_per[service]:
            item["stores"] = [
                {"name": _store_name(service, k), "kind": STORE_KINDS[service]} for k in range(stores_per[service])
            ]
        nodes.append(item)
        by_service[service].append(item)
    # Which sink services each source service can feed, with a mechanism (the catalog default first).
    targets: dict[str, list[tuple[str, str]]] = {}
    for row in catalog.matrix():
        if row["source"] in by_service and row["sink"] in by_service and by_service[row["sink"]]:
            targets.setdefault(row["source"], []).append((row["sink"], row["default"]))
    flows: list[dict[str, Any]] = []
    for item in nodes:
        options = targets.get(item["service"])
        if not options:
            continue
        for _ in range(FLOWS_PER_NODE):
            sink_service, mechanism = rng.choice(options)
            sink = rng.choice(by_service[sink_service])
            if sink is item:
                continue
            source_end, sink_end = item["id"], sink["id"]
            if item.get("stores") and rng.random() < 0.5:
                source_end += "/" + rng.choice(item["stores"])["name"]
            if sink.get("stores") and rng.random() < 0.5:
                sink_end += "/" + rng.choice(sink["stores"])["name"]
            flow: dict[str, Any] = {"id": f"f{len(flows)}", "from": source_end, "to": sink_end, "mechanism": mechanism}
            if mechanism == "mirrormaker2":
                # Mostly default naming (no loop), some identity: the loops the analysis must find.
                policy = "identity" if rng.random() < 0.1 else "default"
                flow["properties"] = {
                    "topics": rng.choice(["data0", "data1,data2", "data.*"]),
                    "replication_policy": policy,
                }
            flows.append(flow)
    return {
        "format": "kafkaesque.design/v1",
        "name": f"synthetic {size}",
        "locations": locations,
        "nodes": nodes,
        "flows": flows,
    }


def _best(repeat: int, action: Any) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        value = action()
        best = min(best, time.perf_counter() - started)
    return best, value


def _peak_memory(design: Design, catalog: Catalog) -> int:
    gc.collect()
    tracemalloc.start()
    analyze(design, catalog)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _baseline(design: Design, catalog: Catalog, cap: float) -> tuple[float, int, bool]:
    """List the simple cycles of the same store graph with networkx, for at most ``cap`` seconds."""
    started = time.perf_counter()
    context = Context.build(design, catalog)
    resolve_flows(context)
    store_graph = build_store_graph(design, catalog, context.specs)
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(store_graph.labels)))
    graph.add_edges_from((source, target) for source, target, _ in store_graph.edges)
    cycles = 0
    for _ in nx.simple_cycles(graph):
        cycles += 1
        if time.perf_counter() - started > cap:
            return cap, cycles, False
    return time.perf_counter() - started, cycles, True


def main() -> None:
    """Measure and print one table row per size."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--cap", type=float, default=10.0, help="seconds allowed to the baseline")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    catalog = default_catalog()
    versions = f"python {sys.version.split()[0]}, networkx {nx.__version__}"
    print(f"{versions}, best of {args.repeat}, baseline cap {args.cap:g} s")
    header = (
        f"{'nodes':>6} {'flows':>6} {'store v':>8} {'store e':>8} {'loops':>5} {'parse s':>8} {'analyse s':>9} "
        f"{'peak MB':>8} {'growth':>7} {'baseline s':>11} {'cycles listed':>13} {'baseline/ours':>13}"
    )
    print(header)
    previous: tuple[int, float] | None = None
    for size in args.sizes:
        document = synthetic_design(size, catalog)
        limits = Limits(max_bytes=1 << 30, max_nodes=size * 2, max_flows=size * 10)
        parse_time, design = _best(
            args.repeat, lambda document=document, limits=limits: parse_document(document, limits)
        )
        analyse_time, result = _best(args.repeat, lambda design=design: analyze(design, catalog))
        peak = _peak_memory(design, catalog) / 1e6
        baseline_time, cycles, finished = _baseline(design, catalog, args.cap)
        loops = sum(1 for item in result.findings if item.code in ("event-loop", "feedback-cycle"))
        growth = "-"
        if previous is not None and size == previous[0] * 10:
            growth = f"{analyse_time / previous[1]:.1f}x"
        baseline = f"{baseline_time:.2f}" if finished else f">= {args.cap:g}"
        ratio = f"{baseline_time / analyse_time:.1f}x" if finished else f">= {args.cap / analyse_time:.0f}x"
        print(
            f"{size:>6} {len(document['flows']):>6} {result.stats['store_vertices']:>8} "
            f"{result.stats['store_edges']:>8} "
            f"{loops:>5} {parse_time:>8.3f} {analyse_time:>9.3f} {peak:>8.1f} {growth:>7} {baseline:>11} "
            f"{cycles:>13} {ratio:>13}"
        )
        previous = (size, analyse_time)


if __name__ == "__main__":
    main()
