"""Helpers for the bundle generator tests: build designs, generate and check bundles."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

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


# Problems today's generator is known to have, found by the configuration-definition check; the generator is
# being fixed separately. (file path regex, message). Only these are tolerated by assert_bundle_parses, so
# every other check keeps running; test_generate_configdefs checks the gallery without this tolerance (strict
# xfail), and when those tests flip the entry must go.
KNOWN_GENERATOR_DEFECTS: tuple[tuple[str, str], ...] = (
    # rest.port is gone since Kafka 3.0 (listeners replaces it); Kafka 3.9's worker definition refuses it.
    (r"connect/worker(-.+)?\.properties", "unknown key rest.port"),
)


def assert_bundle_parses(bundle: GeneratedBundle) -> None:
    """Every file passes its parser, its configuration definition, and parses back to what was meant."""
    report = check_artefacts(bundle.artefacts, compose_schema(), catalog=default_catalog())
    problems = {
        path: [
            problem
            for problem in found
            if not any(re.fullmatch(where, path) and problem == what for where, what in KNOWN_GENERATOR_DEFECTS)
        ]
        for path, found in report.problems.items()
    }
    assert not any(problems.values()), {path: found for path, found in problems.items() if found}


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
