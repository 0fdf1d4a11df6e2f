"""Property: any possible design built from documented flows gives a bundle whose files all parse back,
whose store names pass the catalog's naming rules, and whose compose file validates against the spec."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft201909Validator

from catalog import default_catalog

from .generate_fixtures import (
    analyse,
    assert_bundle_parses,
    assert_every_flow_carried,
    assert_nothing_unpinned,
    bundle_of,
    compose_schema,
    design_of,
    doc,
    flow,
    node,
)

# (source node, sink node, mechanism) over a fixed cast of nodes, one per service (two Kafka clusters).
TEMPLATES = [
    ("k1", "k2", "mirrormaker2"),
    ("k2", "k1", "mirrormaker2"),
    ("k1", "db", "connect-cassandra-sink"),
    ("k1", "es", "connect-elasticsearch-sink"),
    ("k1", "lake", "connect-s3-sink"),
    ("k2", "pg", "connect-jdbc-sink"),
    ("pg", "k1", "connect-jdbc-source"),
    ("k1", "stream", "spark-kafka"),
    ("stream", "db", "spark-cassandra"),
    ("db", "batch", "spark-cassandra"),
    ("batch", "es", "spark-elasticsearch"),
    ("es", "kibana", "kibana-elasticsearch"),
    ("db", "notes", "zeppelin-cassandra"),
    ("k2", "ls", "logstash-kafka"),
    ("ls", "es", "logstash-elasticsearch"),
]
SERVICES = {
    "k1": "kafka",
    "k2": "kafka",
    "db": "cassandra",
    "es": "elasticsearch",
    "lake": "s3",
    "pg": "jdbc",
    "stream": "spark-streaming",
    "batch": "spark-batch",
    "kibana": "kibana",
    "notes": "zeppelin",
    "ls": "logstash",
}
KINDS = {"kafka": "topic", "cassandra": "table", "elasticsearch": "index", "s3": "prefix", "jdbc": "table"}

ident = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
mixed = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,12}", fullmatch=True)


@st.composite
def designs(draw):
    chosen = draw(st.lists(st.sampled_from(range(len(TEMPLATES))), min_size=1, max_size=8, unique=True))
    used = sorted({n for i in chosen for n in TEMPLATES[i][:2]})
    stores: dict[str, list[str]] = {}
    nodes = []
    for node_id in used:
        service = SERVICES[node_id]
        kind = KINDS.get(service)
        names: list[str] = []
        if kind == "topic":
            names = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_.-]{0,15}", fullmatch=True), max_size=3, unique=True))
        elif service == "cassandra":
            names = [f"{draw(mixed)}.{draw(mixed)}" for _ in range(draw(st.integers(0, 2)))]
        elif kind is not None:
            names = draw(st.lists(ident, max_size=2, unique=True))
        stores[node_id] = sorted(set(names))
        nodes.append(node(node_id, service, *[(n, kind) for n in stores[node_id]]))
    flows = []
    for index in chosen:
        source, sink, mechanism = TEMPLATES[index]
        props = {}
        if mechanism == "mirrormaker2":
            props["topics"] = draw(st.text(min_size=1, max_size=20))
        src = source
        if stores.get(source) and draw(st.booleans()):
            src = f"{source}/{draw(st.sampled_from(stores[source]))}"
        dst = sink
        if stores.get(sink) and draw(st.booleans()):
            dst = f"{sink}/{draw(st.sampled_from(stores[sink]))}"
        flows.append(flow(f"f{index}", src, dst, mechanism, **props))
    return doc(nodes, flows, name=draw(st.text(min_size=1, max_size=40)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(designs())
def test_possible_designs_always_give_bundles_that_parse(data):
    # given a random design made of documented flows
    design = design_of(data)
    assume(analyse(design).verdict != "impossible")
    # when its bundle is generated
    bundle = bundle_of(data)
    # then every file parses back to what was meant
    assert_bundle_parses(bundle)
    # and every store name passes its service's naming rules
    catalog = default_catalog()
    for n in design.nodes:
        service = catalog.service(n.service)
        for store in n.stores:
            rule = service.naming_rule(store.kind)
            assert rule is None or rule.problems(store.name) == []
    # and the compose file validates against the Compose Specification schema
    compose = yaml.safe_load(bundle.files["docker-compose.yml"])
    assert list(Draft201909Validator(compose_schema()).iter_errors(compose)) == []
    # and every flow is carried by a file of the bundle, or listed as a placeholder the README names
    assert_every_flow_carried(design, bundle)
    # and nothing is pulled or installed unpinned
    assert_nothing_unpinned(bundle)
