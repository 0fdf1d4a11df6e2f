"""How long does importing a 200-node bundle and computing its drift take? Budget: 1 s on this machine (issue 11).

Run: ``.venv/bin/python bench/import_drift.py``. Generates the bundle of bench/bundle.py's 200-node design
once, then times, best of several runs: the analysis of the design (the baseline, measured in the same
run), importing every bundle file into one design, and the drift of that import from the design (with
the analysis of both sides, as the drift job does). Prints ratios against the baseline.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bundle import design_200  # noqa: E402
from catalog import default_catalog  # noqa: E402
from explorer.engine.analysis import analyze  # noqa: E402
from explorer.engine.document import parse_document  # noqa: E402
from explorer.engine.drift import drift  # noqa: E402
from explorer.engine.generate import generate_bundle  # noqa: E402
from explorer.engine.importers.collection import import_files  # noqa: E402

BUDGET_SECONDS = 1.0
REPEATS = 5


def best(fn, repeats: int = REPEATS) -> tuple[float, object]:
    """Best wall time of ``repeats`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    catalog = default_catalog()
    data = design_200()
    design = parse_document(data)
    bundle = generate_bundle(design, catalog, analyze(design, catalog))
    files = dict(bundle.files)
    baseline, _ = best(lambda: analyze(parse_document(data), catalog))
    imported_time, imported = best(lambda: import_files(files, catalog))
    drift_time, report = best(lambda: drift(data, imported.document, catalog, origins=imported.origins))
    total = imported_time + drift_time
    print(f"bundle: {len(files)} files, {sum(len(v) for v in files.values())} bytes; design: 200 nodes")
    print(
        f"imported: {len(imported.document['nodes'])} nodes, {len(imported.document['flows'])} flows, "
        f"{len(imported.problems)} problems; drift: {len(report.differences)} differences"
    )
    print(f"baseline (parse + analyse the design): {baseline * 1000:8.1f} ms   1.00x")
    print(f"import the bundle:                     {imported_time * 1000:8.1f} ms  {imported_time / baseline:5.2f}x")
    print(f"drift (with both analyses):            {drift_time * 1000:8.1f} ms  {drift_time / baseline:5.2f}x")
    print(
        f"import + drift:                        {total * 1000:8.1f} ms  {total / baseline:5.2f}x "
        f"(budget {BUDGET_SECONDS * 1000:.0f} ms: {'within' if total <= BUDGET_SECONDS else 'OVER'})"
    )
    return 0 if total <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
