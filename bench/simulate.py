"""Benchmark: the what-if simulation of large designs over 24 h at one-minute steps (issue 12).

Builds the synthetic designs of ``bench/analysis.py`` (every catalog service mixed in, about 4 flows per node,
MirrorMaker 2 with both policies, so loops exist) and gives every event source a rate (100-5,000 records/s) and
a record size (200-2,000 B); the profile is a 10x spike for 10 minutes. For each size it prints:

- ``simulate`` (everything the API returns: rates, capacity, backlog and lag series, storage, partitions,
  location pairs, loops, failover readiness, Cassandra availability, single-location findings), best of
  ``--repeat``, and its phases (model = resolve flows + store graph + load; steady; series);
- peak memory of one ``simulate`` (``tracemalloc``, a separate run);
- baselines measured in the same run: ``analyze()`` on the same design (what one pass of the analysis costs),
  and a naive simulation that steps every edge of the same model minute by minute in plain Python, capped at
  ``--cap`` seconds and extrapolated from the steps it finished (reported as ">=" when capped).

Run: ``.venv/bin/python bench/simulate.py [--sizes 100 1000 10000] [--cap 10] [--repeat 3]``.
Target: 10,000 nodes over 24 h at one-minute resolution within 2 s and 500 MB.
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

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis import synthetic_design

from catalog import Catalog, default_catalog
from catalog.load_defaults import LoadDefaults, default_load_defaults
from explorer.engine.analysis import analyze
from explorer.engine.document import Design, Limits, parse_document
from explorer.engine.simulate import Options, Profile, simulate
from explorer.engine.simulate.model import Model, Steady, build_model, run_series, solve_steady

DAY = 86_400.0
STEP = 60.0
SPIKE = Profile(shape="spike", factor=10, minutes=10, start_minute=60)


def loaded_design(size: int, catalog: Catalog, seed: int = 11) -> dict[str, Any]:
    """The analysis benchmark's design with a rate and a record size on every event source."""
    document = synthetic_design(size, catalog)
    rng = random.Random(seed)
    for item in document["nodes"]:
        if item["service"] == "event-source":
            item["properties"] = {
                "events_per_second": rng.randint(100, 5000),
                "record_bytes": rng.randint(200, 2000),
            }
    return document


def _best(repeat: int, action: Any) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        value = action()
        best = min(best, time.perf_counter() - started)
    return best, value


def _naive(model: Model, steady: Steady, cap: float) -> tuple[float, bool]:
    """Step every edge minute by minute in plain Python (rates, backlog, delivery); seconds for the whole day.

    The same model and capacities; no closed forms, no profile columns, no numpy: the straightforward way.
    Capped at ``cap`` seconds, then extrapolated from the steps done.
    """
    started = time.perf_counter()
    order = [vertex for component in model.topo for vertex in component]
    outgoing: list[list[int]] = [[] for _ in model.graph.labels]
    for index, (source, *_rest) in enumerate(model.edges):
        outgoing[source].append(index)
    capacity = []
    for source, _target, flow, _fan, _size, queued in model.edges:
        size = steady.size(source) or 1.0
        capacity.append(model.flows[flow].capacity.value / size if queued else float("inf"))
    backlog = [0.0] * len(model.edges)
    factors = SPIKE.factors(np.arange(int(DAY / STEP)) * STEP).tolist()
    base = model.source_rate.tolist()
    for step, factor in enumerate(factors):
        rate = [value * factor for value in base]
        for vertex in order:
            here = rate[vertex]
            for edge in outgoing[vertex]:
                _source, target, _flow, fan, _size, _queued = model.edges[edge]
                level = backlog[edge] + here * STEP
                out = min(level, capacity[edge] * STEP)
                backlog[edge] = level - out
                rate[target] += fan * out / STEP
        elapsed = time.perf_counter() - started
        if elapsed > cap:
            return elapsed * len(factors) / (step + 1), False
    return time.perf_counter() - started, True


def _peak_memory(design: Design, catalog: Catalog, defaults: LoadDefaults) -> int:
    gc.collect()
    tracemalloc.start()
    simulate(design, catalog, defaults, Options(profile=SPIKE))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    """Measure and print one table row per size."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--cap", type=float, default=10.0, help="seconds allowed to the naive baseline")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    catalog, defaults = default_catalog(), default_load_defaults()
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, best of {args.repeat}, 24 h at 60 s steps")
    print(
        f"{'nodes':>6} {'flows':>6} {'edges':>7} {'queues':>6} {'simulate s':>10} {'model':>6} {'steady':>6} "
        f"{'series':>6} {'peak MB':>8} {'analyze s':>9} {'sim/analyze':>11} {'naive s':>9} {'naive/sim':>10}"
    )
    for size in args.sizes:
        document = loaded_design(size, catalog)
        design = parse_document(document, Limits(max_bytes=1 << 30, max_nodes=size * 2, max_flows=size * 10))
        total, result = _best(
            args.repeat, lambda design=design: simulate(design, catalog, defaults, Options(profile=SPIKE))
        )
        model_time, model = _best(
            args.repeat, lambda design=design: build_model(design, catalog, defaults, profile=SPIKE)
        )
        steady_time, steady = _best(args.repeat, lambda model=model: solve_steady(model))
        series_time, run = _best(
            args.repeat, lambda model=model, steady=steady: run_series(model, steady, duration_s=DAY, step_s=STEP)
        )
        peak = _peak_memory(design, catalog, defaults) / 1e6
        analyze_time, _ = _best(args.repeat, lambda design=design: analyze(design, catalog))
        naive_time, finished = _naive(model, steady, args.cap)
        mark = "" if finished else ">="
        print(
            f"{size:>6} {len(design.flows):>6} {len(model.edges):>7} {len(run.queues):>6} {total:>10.3f} "
            f"{model_time:>6.3f} {steady_time:>6.3f} {series_time:>6.3f} {peak:>8.1f} {analyze_time:>9.3f} "
            f"{total / analyze_time:>10.2f}x {mark + format(naive_time, '.1f'):>9} "
            f"{mark + format(naive_time / total, '.1f'):>9}x"
        )
        del result


if __name__ == "__main__":
    main()
