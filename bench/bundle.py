"""How long does a 200-node design's bundle take? Budget: 2 s on this machine (issue 5).

Run: ``.venv/bin/python bench/bundle.py``. Prints the time to analyse (the baseline every bundle pays
first, measured in the same run), to generate, to check every file with its real parser, and to zip,
with ratios against the analysis baseline.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalog import default_catalog  # noqa: E402
from explorer.engine.analysis import analyze  # noqa: E402
from explorer.engine.document import parse_document  # noqa: E402
from explorer.engine.generate import check_artefacts, generate_bundle  # noqa: E402

BUDGET_SECONDS = 2.0
REPEATS = 5


def design_200() -> dict:
    """40 regions of five nodes: Kafka -> Cassandra (Connect), Kafka -> Spark Streaming -> Elasticsearch,
    Kibana on the Elasticsearch, and MirrorMaker 2 between neighbouring regions' Kafka clusters (200 nodes)."""
    nodes, flows = [], []
    for r in range(40):
        k, c, s, e, kb = (f"kafka-{r}", f"db-{r}", f"job-{r}", f"es-{r}", f"kibana-{r}")
        nodes += [
            {"id": k, "service": "kafka", "name": k, "stores": [{"name": f"orders_{r}", "kind": "topic"}]},
            {"id": c, "service": "cassandra", "name": c, "stores": [{"name": f"shop.orders_{r}", "kind": "table"}]},
            {"id": s, "service": "spark-streaming", "name": s},
            {"id": e, "service": "elasticsearch", "name": e, "stores": [{"name": f"orders-{r}", "kind": "index"}]},
            {"id": kb, "service": "kibana", "name": kb},
        ]
        flows += [
            {
                "id": f"sink-{r}",
                "from": f"{k}/orders_{r}",
                "to": f"{c}/shop.orders_{r}",
                "mechanism": "connect-cassandra-sink",
            },
            {"id": f"read-{r}", "from": f"{k}/orders_{r}", "to": s, "mechanism": "spark-kafka"},
            {"id": f"index-{r}", "from": s, "to": f"{e}/orders-{r}", "mechanism": "spark-elasticsearch"},
            {"id": f"view-{r}", "from": e, "to": kb, "mechanism": "kibana-elasticsearch"},
        ]
        if r:
            flows.append(
                {
                    "id": f"mm-{r}",
                    "from": f"kafka-{r - 1}",
                    "to": k,
                    "mechanism": "mirrormaker2",
                    "properties": {"topics": f"orders_{r - 1}"},
                }
            )
    return {"format": "kafkaesque.design/v1", "name": "Bench: 200 nodes", "nodes": nodes, "flows": flows}


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
    schema = json.loads((ROOT / "tests-data" / "compose_spec.json").read_text(encoding="utf-8"))
    crds = ROOT / "tests-data" / "strimzi-v1"
    index = json.loads((crds / "index.json").read_text(encoding="utf-8"))
    crd_schemas = {kind: json.loads((crds / e["file"]).read_text(encoding="utf-8")) for kind, e in index.items()}
    dumps, _ = best(lambda: json.dumps(data))
    analysis_time, analysis = best(lambda: analyze(design, catalog))
    generate_time, bundle = best(lambda: generate_bundle(design, catalog, analysis, revision=1))
    check_time, report = best(lambda: check_artefacts(bundle.artefacts, schema, crd_schemas=crd_schemas), repeats=2)
    zip_time, archive = best(lambda: bundle.zip_bytes())
    assert report.ok, dict(report.problems)
    total = analysis_time + generate_time + check_time + zip_time
    print(f"design: {len(design.nodes)} nodes, {len(design.flows)} flows, verdict {analysis.verdict}")
    print(
        f"bundle: {len(bundle.files)} files, zip {len(archive) / 1024:.0f} KiB, {len(bundle.placeholders)} placeholders"
    )
    print(f"json.dumps(design)        {dumps * 1000:8.1f} ms")
    print(f"analyze (baseline)        {analysis_time * 1000:8.1f} ms   1.00x")
    print(f"generate                  {generate_time * 1000:8.1f} ms   {generate_time / analysis_time:5.2f}x analysis")
    print(f"check (real parsers)      {check_time * 1000:8.1f} ms   {check_time / analysis_time:5.2f}x analysis")
    print(f"zip                       {zip_time * 1000:8.1f} ms   {zip_time / analysis_time:5.2f}x analysis")
    print(
        f"total (as the job runs)   {total * 1000:8.1f} ms   budget {BUDGET_SECONDS * 1000:.0f} ms "
        f"-> {'OK' if total <= BUDGET_SECONDS else 'OVER BUDGET'}"
    )
    return 0 if total <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
