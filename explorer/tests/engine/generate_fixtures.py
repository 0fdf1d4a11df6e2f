"""Helpers for the bundle generator tests: build designs, generate and check bundles."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from catalog import default_catalog
from explorer.engine.analysis import AnalysisResult, analyze
from explorer.engine.document import Design, parse_document
from explorer.engine.generate import GeneratedBundle, check_artefacts, generate_bundle

ROOT = Path(__file__).resolve().parents[3]
PATTERNS = ROOT / "fixtures" / "patterns"
GOLDEN = ROOT / "fixtures" / "golden" / "bundles"


@lru_cache(maxsize=1)
def compose_schema() -> dict[str, Any]:
    """The Compose Specification schema shipped as test data."""
    return json.loads((ROOT / "tests-data" / "compose_spec.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def crd_schemas() -> dict[str, Any]:
    """Kind -> openAPIV3Schema of the Strimzi v1 CRDs shipped as test data (``tests-data/strimzi-v1/``)."""
    folder = ROOT / "tests-data" / "strimzi-v1"
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    return {kind: json.loads((folder / entry["file"]).read_text(encoding="utf-8")) for kind, entry in index.items()}


def design_of(data: dict[str, Any]) -> Design:
    """Parse a design document dict."""
    return parse_document(data)


def analyse(design: Design) -> AnalysisResult:
    """Analyse against the real catalog."""
    return analyze(design, default_catalog())


def bundle_of(data: dict[str, Any], revision: int | None = 1) -> GeneratedBundle:
    """Generate a bundle for a design dict (the design must be possible)."""
    design = design_of(data)
    return generate_bundle(design, default_catalog(), analyse(design), revision=revision)


def assert_bundle_parses(bundle: GeneratedBundle) -> None:
    """Every file passes its parser, its configuration definition and CRD, and parses back to what was meant."""
    report = check_artefacts(bundle.artefacts, compose_schema(), crd_schemas=crd_schemas(), catalog=default_catalog())
    assert report.ok, dict(report.problems)


def doc(nodes: list[dict[str, Any]], flows: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A minimal design document."""
    return {
        "format": "kafkaesque.design/v1",
        "name": extra.pop("name", "Test design"),
        "nodes": nodes,
        "flows": flows,
        **extra,
    }


def kafka(node_id: str, *topics: str, **props: Any) -> dict[str, Any]:
    """A Kafka node with topics."""
    return {
        "id": node_id,
        "service": "kafka",
        "name": node_id,
        "properties": props,
        "stores": [{"name": t, "kind": "topic"} for t in topics],
    }


def node(node_id: str, service: str, *stores: tuple[str, str], **props: Any) -> dict[str, Any]:
    """Any node; ``stores`` are (name, kind) pairs."""
    return {
        "id": node_id,
        "service": service,
        "name": node_id,
        "properties": props,
        "stores": [{"name": n, "kind": k} for n, k in stores],
    }


def flow(flow_id: str, source: str, sink: str, mechanism: str | None = None, **props: Any) -> dict[str, Any]:
    """A flow."""
    out: dict[str, Any] = {"id": flow_id, "from": source, "to": sink, "properties": props}
    if mechanism:
        out["mechanism"] = mechanism
    return out


def assert_every_flow_carried(design: Design, bundle: GeneratedBundle) -> None:
    """Each flow names existing files that carry it, or is a placeholder; the README lists each flow."""
    readme = bundle.files["README.md"].decode("utf-8")
    placeholders = {p.item for p in bundle.placeholders}
    for item in design.flows:
        carriers = bundle.carriers.get(item.id, ())
        if carriers:
            assert set(carriers) <= set(bundle.files), (item.id, carriers)
            assert all(f"`{path}`" in readme for path in carriers), item.id
        else:
            assert any(p.startswith(f"flow {item.id} ") for p in placeholders), f"flow {item.id} is not carried"
            assert "not generated (placeholder)" in readme


def assert_nothing_unpinned(bundle: GeneratedBundle) -> None:
    """No image, plugin or artifact of the bundle is ``latest`` or without a version."""
    compose = yaml.safe_load(bundle.files["docker-compose.yml"])
    for name, service in compose["services"].items():
        image = service["image"]
        assert ":" in image.rsplit("/", 1)[-1] and not image.endswith(":latest"), (name, image)
    for path, data in bundle.files.items():
        assert ":latest" not in data.decode("utf-8", "replace"), path
