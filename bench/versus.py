"""Benchmark: this tree against another checkout (an older commit), alternating, on the benchmark designs.

For issues 12 and 14, whose targets (2 s, 15x growth) were measured on a machine shared with other work: each
version runs in its own subprocess, the two alternate ``--rounds`` times, and each round reports wall-clock and
CPU time (best of ``--repeat`` calls in that process) of ``simulate`` (the design of ``bench/simulate.py``, a 10x
spike, 24 h at 60 s steps) or ``analyze`` (the design of ``bench/analysis.py``). Comparing the two versions round
by round keeps load from other processes from landing on one side only.

Make the other checkout with ``git archive <commit> | tar -x -C /tmp/before``; it runs with this tree's venv.

Run: ``.venv/bin/python bench/versus.py --before /tmp/before [--what simulate analyze] [--sizes 1000 10000]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

CHILD = r"""
import gc, json, sys, time
root, what, size, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path[:0] = [root, root + "/bench"]
from catalog import default_catalog
from explorer.engine.document import Limits, parse_document
cat = default_catalog()
limits = Limits(max_bytes=1 << 30, max_nodes=size * 2, max_flows=size * 10)
if what == "simulate":
    from simulate import SPIKE, loaded_design
    from catalog.load_defaults import default_load_defaults
    from explorer.engine.simulate import Options, simulate
    defaults = default_load_defaults()
    design = parse_document(loaded_design(size, cat), limits)
    action = lambda: simulate(design, cat, defaults, Options(profile=SPIKE))
else:
    from analysis import synthetic_design
    from explorer.engine.analysis import analyze
    design = parse_document(synthetic_design(size, cat), limits)
    action = lambda: analyze(design, cat)
wall = cpu = float("inf")
for _ in range(repeat):
    gc.collect()
    started, used = time.perf_counter(), time.process_time()
    action()
    wall, cpu = min(wall, time.perf_counter() - started), min(cpu, time.process_time() - used)
print(json.dumps([wall, cpu]))
"""


def _measure(root: Path, what: str, size: int, repeat: int) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(root), what, str(size), str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu = json.loads(done.stdout)
    return float(wall), float(cpu)


def main() -> None:
    """Print one line per round, version and size, then the best of each."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", type=Path, required=True, help="the other checkout")
    parser.add_argument("--what", choices=["simulate", "analyze"], default="simulate")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    roots = {"before": args.before.resolve(), "after": HERE}
    best: dict[tuple[str, int], tuple[float, float]] = {}
    print(f"{args.what}, best of {args.repeat} per process, {args.rounds} rounds alternating")
    print(f"{'round':>5} {'version':>7} {'nodes':>6} {'wall s':>7} {'cpu s':>7}")
    for round_number in range(1, args.rounds + 1):
        for size in args.sizes:
            for label, root in roots.items():
                wall, cpu = _measure(root, args.what, size, args.repeat)
                old = best.get((label, size), (float("inf"), float("inf")))
                best[(label, size)] = (min(old[0], wall), min(old[1], cpu))
                print(f"{round_number:>5} {label:>7} {size:>6} {wall:>7.3f} {cpu:>7.3f}", flush=True)
    print("best over the rounds:")
    for size in args.sizes:
        before, after = best[("before", size)], best[("after", size)]
        print(
            f"  {size:>6} nodes: before {before[0]:.3f} s wall / {before[1]:.3f} s cpu, after {after[0]:.3f} s wall / "
            f"{after[1]:.3f} s cpu; after / before {after[0] / before[0]:.2f} (wall), {after[1] / before[1]:.2f} (cpu)"
        )
    if len(args.sizes) > 1:
        for label in roots:
            steps = [
                f"{best[(label, big)][0] / best[(label, small)][0]:.1f}x wall, "
                f"{best[(label, big)][1] / best[(label, small)][1]:.1f}x cpu ({small} -> {big})"
                for small, big in zip(args.sizes, args.sizes[1:], strict=False)
            ]
            print(f"  growth {label}: " + "; ".join(steps))


if __name__ == "__main__":
    main()
