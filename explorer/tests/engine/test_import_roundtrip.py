"""Round trip: importing a generated bundle gives back the design (equivalence: see ``roundtrip.py``).

This is how the bundle proves each flow has a component::

    design ──generate──▶ bundle files ──import──▶ design'      drift(design, design') == []
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from .generate_fixtures import analyse, bundle_of, design_of, doc, flow, node
from .roundtrip import round_trip_differences
from .test_generate_property import designs

# A wider cast than the generator's own property test: clients, Streams, MirrorMaker 1, native Cassandra
# replication, every Connect source, Logstash and Zeppelin inputs, Spark with S3 and JDBC.
WIDE = [
    ("src", "k1", "kafka-client"),
    ("app", "k1", "kafka-client"),
    ("k1", "app", "kafka-client"),
    ("k1", "k1", "kafka-streams"),
    ("k1", "k2", "mirrormaker1"),
    ("k1", "k2", "mirrormaker2"),
    ("db", "db2", "cassandra-replication"),
    ("pg", "k1", "connect-jdbc-source"),
    ("es", "k1", "connect-elasticsearch-source"),
    ("lake", "k1", "connect-s3-source"),
    ("db", "k2", "connect-cassandra-source"),
    ("k2", "db", "connect-cassandra-sink"),
    ("k1", "ls", "logstash-kafka"),
    ("ls", "lake", "logstash-s3"),
    ("pg", "ls", "logstash-jdbc"),
    ("src", "ls", "logstash-input"),
    ("ls", "es", "logstash-elasticsearch"),
    ("es", "notes", "zeppelin-elasticsearch"),
    ("pg", "notes", "zeppelin-jdbc"),
    ("batch", "notes", "zeppelin-spark"),
    ("db", "notes", "zeppelin-cassandra"),
    ("lake", "batch", "spark-s3"),
    ("batch", "pg", "spark-jdbc"),
    ("k2", "pg", "connect-jdbc-sink"),
    ("k2", "stream", "spark-kafka"),
    ("stream", "k1", "spark-kafka"),
    ("es", "kibana", "kibana-elasticsearch"),
]
WIDE_SERVICES = {
    "k1": "kafka",
    "k2": "kafka",
    "db": "cassandra",
    "db2": "cassandra",
    "es": "elasticsearch",
    "lake": "s3",
    "pg": "jdbc",
    "stream": "spark-streaming",
    "batch": "spark-batch",
    "kibana": "kibana",
    "notes": "zeppelin",
    "ls": "logstash",
    "src": "event-source",
    "app": "application",
}
KINDS = {"kafka": "topic", "cassandra": "table", "elasticsearch": "index", "s3": "prefix", "jdbc": "table"}
DATA_CENTRES = {"db": "east", "db2": "west"}
NAMES = {
    "topic": r"[a-z][a-z0-9_-]{0,8}",
    "table": r"[a-z][a-z0-9_]{2,8}",
    "index": r"[a-z][a-z0-9_]{2,8}",
    "prefix": r"[a-z][a-z0-9_]{2,8}",
}


@st.composite
def wide_designs(draw):
    chosen = draw(st.lists(st.sampled_from(range(len(WIDE))), min_size=1, max_size=8, unique=True))
    used = sorted({n for i in chosen for n in WIDE[i][:2]})
    stores: dict[str, list[str]] = {}
    nodes = []
    for ident in used:
        service = WIDE_SERVICES[ident]
        kind = KINDS.get(service)
        pattern = r"ks\.[a-z][a-z0-9_]{0,6}" if service == "cassandra" else NAMES.get(kind or "", "")
        names = draw(st.lists(st.from_regex(pattern, fullmatch=True), max_size=2, unique=True)) if kind else []
        stores[ident] = sorted(set(names))
        item = node(ident, service, *[(name, kind) for name in stores[ident]])
        if ident in DATA_CENTRES:
            item["location"] = DATA_CENTRES[ident]
        nodes.append(item)
    flows = []
    for index in chosen:
        source, sink, mechanism = WIDE[index]
        if stores.get(source) and draw(st.booleans()):
            source = f"{source}/{draw(st.sampled_from(stores[source]))}"
        if stores.get(sink) and draw(st.booleans()):
            sink = f"{sink}/{draw(st.sampled_from(stores[sink]))}"
        flows.append(flow(f"f{index}", source, sink, mechanism))
    centres = sorted({DATA_CENTRES[n] for n in used if n in DATA_CENTRES})
    return doc(nodes, flows, name="wide", locations=[{"id": dc, "name": dc} for dc in centres])


PATTERNS = sorted((Path(__file__).resolve().parents[3] / "fixtures" / "patterns").glob("*.json"))
POSSIBLE = [p for p in PATTERNS if analyse(design_of(json.loads(p.read_text()))).verdict != "impossible"]


@pytest.mark.parametrize("path", POSSIBLE, ids=[p.stem for p in POSSIBLE])
def test_round_trip_of_every_possible_gallery_pattern_gives_back_the_design(path: Path) -> None:
    # given a possible gallery pattern and its bundle
    data = json.loads(path.read_text())
    bundle = bundle_of(data)
    # when the bundle is imported and compared with the pattern
    differences = round_trip_differences(data, dict(bundle.files))
    # then nothing differs
    assert differences == [], json.dumps(data)


def test_round_trip_lists_what_a_changed_bundle_no_longer_carries() -> None:
    # given the bundle of the active-passive pattern, compared with the pattern edited afterwards
    data = json.loads(next(p for p in PATTERNS if p.stem == "active-passive").read_text())
    bundle = bundle_of(data)
    edited = copy.deepcopy(data)
    replicate = next(f for f in edited["flows"] if f["id"] == "replicate")
    replicate["properties"] = {**replicate.get("properties", {}), "replication_policy": "identity"}
    edited["flows"].append({"id": "extra", "from": "kafka-standby", "to": "billing", "mechanism": "kafka-client"})
    # when
    differences = round_trip_differences(edited, dict(bundle.files))
    # then the policy change and the flow the bundle lacks are listed
    assert any("replication_policy: designed identity, runs default" in d for d in differences)
    assert any(d.startswith("missing flow extra") for d in differences)


@settings(
    max_examples=30,
    deadline=None,
    # Shrinking a bundle round trip takes minutes; the failing example is printed unshrunk instead.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(designs())
def test_round_trip_of_possible_generated_designs_gives_back_the_design(data: dict) -> None:
    # given a random possible design made of documented flows
    assume(analyse(design_of(data)).verdict != "impossible")
    bundle = bundle_of(data)
    # when its bundle is imported
    differences = round_trip_differences(data, dict(bundle.files))
    # then it is the same design
    assert differences == [], json.dumps(data)


@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(wide_designs())
def test_round_trip_of_possible_designs_with_every_importable_mechanism_gives_back_the_design(data: dict) -> None:
    # given a random possible design over clients, Streams, replication, connectors, Logstash and notebooks
    assume(analyse(design_of(data)).verdict != "impossible")
    bundle = bundle_of(data)
    # when its bundle is imported
    differences = round_trip_differences(data, dict(bundle.files))
    # then it is the same design
    assert differences == [], json.dumps(data)
