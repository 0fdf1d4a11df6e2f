"""Hostile names: each either fails analysis with ``invalid-name`` or yields files that parse back exactly.

The corpus goes into every user-controlled slot that reaches a generated file: store names of each kind
(Kafka topic, Cassandra ``keyspace.table``, Elasticsearch index, S3 prefix, JDBC table), free-text flow
properties (MirrorMaker 2 and 1 topic filters) and the design name.
"""

from __future__ import annotations

import ast
import io
import zipfile

import pytest
import yaml

from explorer.engine.document import DocumentError
from explorer.engine.generate import check_entry_name
from explorer.engine.generate.bundle import UnsafePath, write_dir, write_zip
from explorer.engine.generate.checks import _properties

from .generate_fixtures import analyse, assert_bundle_parses, bundle_of, design_of, doc, flow, kafka, node

CORPUS = [
    "it's",
    'say "hi"',
    "line\nbreak",
    "$(touch /tmp/pwned)",
    "`id`",
    "../../etc/passwd",
    "key: value # comment",
    "x" * 300,
    "caf\u00e9-\u4e2d\u6587-\U0001f600",
    "${HOME}",
    "a;b&&c|d",
    "--help",
    "orders",
    "Orders.V2",
    "tab\there",
    "back\\slash",
]


def _slots(value: str) -> dict[str, dict]:
    """One design per slot, each putting ``value`` where a user string goes."""
    es = node("search", "elasticsearch", (value, "index"))
    return {
        "topic": doc([kafka("k1", value), kafka("k2")], [flow("mm", "k1", "k2", "mirrormaker2")]),
        "topic-to-cassandra": doc(
            [kafka("k1", value), node("db", "cassandra", ("shop.orders", "table"))],
            [flow("sink", f"k1/{value}", "db/shop.orders", "connect-cassandra-sink")],
        ),
        "table": doc(
            [kafka("k1", "orders"), node("db", "cassandra", (value, "table"))],
            [flow("sink", "k1/orders", f"db/{value}", "connect-cassandra-sink")],
        ),
        "keyspace.table": doc(
            [kafka("k1", "orders"), node("db", "cassandra", (f"{value}.t", "table"))],
            [flow("sink", "k1/orders", f"db/{value}.t", "connect-cassandra-sink")],
        ),
        "index": doc(
            [kafka("k1", "orders"), es], [flow("sink", "k1/orders", f"search/{value}", "connect-elasticsearch-sink")]
        ),
        "prefix": doc(
            [kafka("k1", "orders"), node("lake", "s3", (value, "prefix"))],
            [flow("sink", "k1/orders", f"lake/{value}", "connect-s3-sink")],
        ),
        "jdbc-table": doc(
            [kafka("k1", "orders"), node("pg", "jdbc", (value, "table"))],
            [flow("src", f"pg/{value}", "k1/orders", "connect-jdbc-source")],
        ),
        "mm2-topics": doc([kafka("k1", "orders"), kafka("k2")], [flow("mm", "k1", "k2", "mirrormaker2", topics=value)]),
        "mm1-whitelist": doc(
            [kafka("k1", "orders", version="3.9"), kafka("k2", version="3.9")],
            [flow("mm", "k1", "k2", "mirrormaker1", topics=value)],
        ),
        "design-name": doc([kafka("k1", "orders")], [], name=value),
        "spark-topic": doc(
            [kafka("k1", value), node("job", "spark-streaming"), node("db", "cassandra", ("shop.t", "table"))],
            [flow("in", f"k1/{value}", "job", "spark-kafka"), flow("out", "job", "db/shop.t", "spark-cassandra")],
        ),
    }


CASES = [(slot, value) for value in CORPUS for slot in _slots(value)]


@pytest.mark.parametrize(("slot", "value"), CASES, ids=[f"{s}-{i}" for i, (s, _) in enumerate(CASES)])
def test_hostile_name_is_refused_or_round_trips(slot, value):
    # given a design carrying a hostile string in one slot
    data = _slots(value)[slot]
    try:
        design = design_of(data)
    except DocumentError as exc:
        # then either the document schema refuses it outright (an endpoint cannot hold a newline)
        assert exc.problems
        return
    result = analyse(design)
    if result.verdict == "impossible":
        # or analysis refuses it, and a naming problem is among the reasons
        codes = {f.code for f in result.findings if f.severity == "error"}
        assert "invalid-name" in codes or slot in {"mm2-topics", "mm1-whitelist"}, codes
        return
    # or the bundle generates and every file parses back to exactly the intended values
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    files = bundle.files
    if slot == "mm2-topics":
        assert _properties(files["mirrormaker/mm2.properties"])["k1->k2.topics"] == value
        resources = list(yaml.safe_load_all(files["k8s/mirrormaker2-k2.yaml"]))
        assert resources[0]["spec"]["mirrors"][0]["topicsPattern"] == value
    if slot == "mm1-whitelist":
        compose = yaml.safe_load(files["docker-compose.yml"])
        argv = next(s["command"] for n, s in compose["services"].items() if n.startswith("mm1-"))
        assert argv[-1].replace("$$", "$") == value
    if slot == "topic":
        tsv = files["kafka/k1.topics.tsv"].decode().splitlines()
        assert [line.split("\t")[0] for line in tsv] == [value]
        # and the KafkaTopic creates exactly that topic (its real name in spec.topicName when it is no k8s name)
        topics = [d for d in yaml.safe_load_all(files["k8s/kafka-k1.yaml"]) if d["kind"] == "KafkaTopic"]
        assert [t["spec"].get("topicName", t["metadata"]["name"]) for t in topics] == [value]
    if slot == "spark-topic":
        tree = ast.parse(files["spark/job.py"])
        sources = next(
            ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "SOURCES"
        )
        assert sources[0]["topics"] == [value]
    if slot == "design-name":
        assert check_entry_name(bundle.slug) == bundle.slug
    # and no file name or zip entry leaves the bundle folder
    entries = zipfile.ZipFile(io.BytesIO(bundle.zip_bytes())).namelist()
    assert all(e.startswith(bundle.slug + "/") and ".." not in e.split("/") for e in entries)


@pytest.mark.parametrize("path", ["../escape", "/abs", "a/../../b", "a\\b", ".hidden", "a//b", "", "a/\nb"])
def test_bundle_paths_that_escape_are_refused(path, tmp_path):
    # given a path that could leave the bundle folder
    # then neither the zip writer nor the directory writer accepts it
    with pytest.raises(UnsafePath):
        write_zip({path: b"x"}, "bundle")
    with pytest.raises(UnsafePath):
        write_dir({path: b"x"}, tmp_path / "out")
    assert not (tmp_path / "escape").exists()


def test_bundle_zip_root_must_be_a_single_safe_folder():
    # given a zip root that is a path, then it is refused
    with pytest.raises(UnsafePath):
        write_zip({"a.txt": b"x"}, "../up")
