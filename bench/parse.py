"""Benchmark: parsing and structural validation of large design documents, against plain jsonschema.

For 100, 1,000 and 10,000 nodes (the synthetic designs of ``bench/analysis.py``, about 4 flows per node)
prints, best of ``--repeat`` runs:

- ``parse_document`` (limits, schema, duplicate ids, dataclasses) as the API and save paths run it;
- the baseline: ``Draft202012Validator.iter_errors`` alone on the same document (what schema validation
  cost before the fast check, without the rest of the parse), and the ratio baseline / ours;
- for the largest size, the parse alone against the 0.5 s target (issue 14) and parse + ``analyze`` together
  against the 2 s target.

Run: ``.venv/bin/python bench/parse.py [--sizes 100 1000 10000] [--repeat 3]`` (exit 1 when over a target).
"""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import version
from pathlib import Path

from jsonschema import Draft202012Validator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis import _best, synthetic_design

from catalog import default_catalog
from explorer.engine.analysis import analyze
from explorer.engine.document import Limits, load_schema, parse_document

TARGET_SECONDS = 2.0
PARSE_TARGET_SECONDS = 0.5


def main() -> int:
    """Measure, print one row per size and the parse + analyse total; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    catalog = default_catalog()
    validator = Draft202012Validator(load_schema())
    print(f"python {sys.version.split()[0]}, jsonschema {version('jsonschema')}, best of {args.repeat}")
    print(f"{'nodes':>6} {'flows':>6} {'parse_document s':>16} {'iter_errors s':>13} {'baseline/ours':>13}")
    total = analyse = 0.0
    largest = max(args.sizes)
    for size in args.sizes:
        document = synthetic_design(size, catalog)
        limits = Limits(max_bytes=1 << 30, max_nodes=size * 2, max_flows=size * 10)
        ours, design = _best(args.repeat, lambda document=document, limits=limits: parse_document(document, limits))
        baseline, errors = _best(args.repeat, lambda document=document: list(validator.iter_errors(document)))
        assert errors == [], "the synthetic design must be valid for the comparison to mean anything"
        print(f"{size:>6} {len(document['flows']):>6} {ours:>16.3f} {baseline:>13.3f} {baseline / ours:>12.1f}x")
        if size == largest:
            analyse, _ = _best(args.repeat, lambda design=design: analyze(design, catalog))
            total = ours + analyse
    parse = total - analyse
    verdict = "OK" if total <= TARGET_SECONDS else "OVER"
    parse_verdict = "OK" if parse <= PARSE_TARGET_SECONDS else "OVER"
    print(
        f"{largest} nodes: parse {parse:.3f} s (target {PARSE_TARGET_SECONDS:g} s: {parse_verdict}) + analyse "
        f"{analyse:.3f} s = {total:.3f} s (target {TARGET_SECONDS:g} s: {verdict})"
    )
    return 0 if total <= TARGET_SECONDS and parse <= PARSE_TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
