"""Strimzi 1.x resources in ``k8s/``: the full v1 set per design, checked against the vendored CRD schemas
(``tests-data/strimzi-v1/``), and a check that refuses what Strimzi 1.x would refuse or silently drop.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from catalog import default_catalog
from explorer.engine.analysis import analyze
from explorer.engine.generate import Artefact, GeneratedBundle, check_artefacts, generate_bundle
from explorer.engine.generate.checks import check_artefact
from explorer.engine.generate.formats import to_yaml_documents

from .generate_fixtures import (
    PATTERNS,
    analyse,
    assert_bundle_parses,
    bundle_of,
    crd_schemas,
    design_of,
    doc,
    flow,
    node,
)
from .generate_fixtures import kafka as kafka_node

KINDS = {"Kafka", "KafkaNodePool", "KafkaTopic", "KafkaConnect", "KafkaConnector", "KafkaMirrorMaker2"}
CHECKER = "yaml + Strimzi v1 CRD schemas"


def _possible_patterns() -> list[Path]:
    return [p for p in sorted(PATTERNS.glob("*.json")) if analyse(design_of(_load(p))).verdict != "impossible"]


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _resources(bundle: GeneratedBundle) -> dict[str, list[dict[str, Any]]]:
    return {
        path: list(yaml.safe_load_all(data)) for path, data in sorted(bundle.files.items()) if path.startswith("k8s/")
    }


def _of_kind(bundle: GeneratedBundle, kind: str) -> list[dict[str, Any]]:
    return [d for docs in _resources(bundle).values() for d in docs if d["kind"] == kind]


def _k8s(documents: list[dict[str, Any]], path: str = "k8s/test.yaml") -> Artefact:
    return Artefact(path, to_yaml_documents(documents), "k8s", documents)


def _problems(documents: list[dict[str, Any]]) -> list[str]:
    parser, problems = check_artefact(_k8s(documents), crd_schemas=crd_schemas())
    assert parser == CHECKER
    return problems


@pytest.mark.parametrize("pattern", _possible_patterns(), ids=lambda p: p.stem)
def test_k8s_resources_of_every_gallery_pattern_validate_against_the_crds(pattern):
    # given a possible gallery design
    bundle = bundle_of(_load(pattern))
    # when its files are checked with the Strimzi v1 CRD schemas
    report = check_artefacts(bundle.artefacts, crd_schemas=crd_schemas())
    k8s = [a.path for a in bundle.artefacts if a.path.startswith("k8s/")]
    # then every k8s file was validated against the CRDs and has no problem
    assert all(report.checked[path] == CHECKER for path in k8s)
    assert {path: report.problems[path] for path in k8s if path in report.problems} == {}
    # and every resource is a kafka.strimzi.io/v1 one of the six kinds
    for documents in _resources(bundle).values():
        assert all(d["apiVersion"] == "kafka.strimzi.io/v1" and d["kind"] in KINDS for d in documents)


def test_k8s_gallery_covers_every_kind():
    # given every possible gallery pattern
    kinds = {d["kind"] for p in _possible_patterns() for d in _of_kind_all(bundle_of(_load(p)))}
    # then each of the six resource kinds is generated (and so validated) by at least one of them
    assert kinds == KINDS


def _of_kind_all(bundle: GeneratedBundle) -> list[dict[str, Any]]:
    return [d for docs in _resources(bundle).values() for d in docs]


def test_k8s_check_refuses_the_removed_v1beta2_mirrormaker2_shape():
    # given a KafkaMirrorMaker2 in the v1beta2 shape (connectCluster/clusters/sourceCluster), once as v1beta2
    old = {
        "apiVersion": "kafka.strimzi.io/v1beta2",
        "kind": "KafkaMirrorMaker2",
        "metadata": {"name": "mm2-to-b"},
        "spec": {
            "replicas": 1,
            "connectCluster": "b",
            "clusters": [{"alias": a, "bootstrapServers": f"{a}-kafka-bootstrap:9092"} for a in ("a", "b")],
            "mirrors": [{"sourceCluster": "a", "targetCluster": "b", "topicsPattern": ".*"}],
        },
    }
    relabelled = {**copy.deepcopy(old), "apiVersion": "kafka.strimzi.io/v1"}
    # when checked
    as_v1beta2 = _problems([old])
    as_v1 = _problems([relabelled])
    # then v1beta2 is refused as a version Strimzi 1.x does not serve
    assert as_v1beta2 == [
        "document 0 (KafkaMirrorMaker2 mm2-to-b): kafka.strimzi.io/v1beta2/KafkaMirrorMaker2 is not a CRD served "
        "here (kafka.strimzi.io/v1: Kafka, KafkaConnect, KafkaConnector, KafkaMirrorMaker2, KafkaNodePool, KafkaTopic)"
    ]
    # and the old shape under v1 lacks target and mirrors[].source and has fields v1 does not know
    text = "\n".join(as_v1)
    assert "spec: 'target' is a required property" in text
    assert "spec/mirrors/0: 'source' is a required property" in text
    assert "'clusters', 'connectCluster' were unexpected" in text


def test_k8s_check_refuses_group_id_in_the_connect_config():
    # given the generated KafkaConnect of a gallery bundle, with its groupId moved into spec.config (v1beta2 style)
    bundle = bundle_of(_load(PATTERNS / "cassandra-write-to-read.json"))
    documents = _resources(bundle)["k8s/connect-kafka.yaml"]
    assert _problems(documents) == []
    connect = copy.deepcopy(documents[0])
    connect["spec"]["config"]["group.id"] = connect["spec"].pop("groupId")
    # when checked
    problems = _problems([connect, *documents[1:]])
    # then the check names the missing v1 field and the key Strimzi drops from config
    assert any(p.endswith("spec: 'groupId' is a required property") for p in problems)
    assert any("spec/config: 'group.id' cannot be set here" in p for p in problems)


def test_k8s_check_refuses_a_key_a_connector_config_cannot_hold():
    # given a KafkaConnector whose config repeats connector.class (KafkaConnector takes it from spec.class)
    bundle = bundle_of(_load(PATTERNS / "cassandra-write-to-read.json"))
    documents = _resources(bundle)["k8s/connect-kafka.yaml"]
    connector = copy.deepcopy(documents[1])
    connector["spec"]["config"]["connector.class"] = connector["spec"]["class"]
    # when checked
    problems = _problems([connector])
    # then that key is named
    assert any("spec/config: 'connector.class' cannot be set here" in p for p in problems), problems


def test_k8s_check_refuses_names_kubernetes_refuses():
    # given a KafkaTopic named with an upper-case letter and a Kafka with a 64-character name
    bundle = bundle_of(_load(PATTERNS / "kafka-as-database.json"))
    documents = _resources(bundle)["k8s/kafka-kafka.yaml"]
    kafka = copy.deepcopy(next(d for d in documents if d["kind"] == "Kafka"))
    topic = copy.deepcopy(next(d for d in documents if d["kind"] == "KafkaTopic"))
    kafka["metadata"]["name"] = "k" * 64
    topic["metadata"]["name"] = "Orders"
    # when checked
    problems = _problems([kafka, topic])
    # then both names are refused
    assert any("metadata/name: 'kkkk" in p and "label of at most 63" in p for p in problems)
    assert any("metadata/name: 'Orders' is not a DNS-1123 subdomain" in p for p in problems)


def test_k8s_check_without_crd_schemas_says_so():
    # given a generated k8s file
    bundle = bundle_of(_load(PATTERNS / "kafka-as-database.json"))
    artefact = next(a for a in bundle.artefacts if a.path == "k8s/kafka-kafka.yaml")
    # when checked without the CRD schemas
    parser, problems = check_artefact(artefact)
    # then the file is reported as not validated, like the compose file without its schema
    assert (parser, problems) == ("yaml", ["CRD schemas not provided"])


def test_k8s_check_refuses_a_connect_cluster_pointing_at_no_generated_kafka():
    # given a bundle whose KafkaConnect bootstrap is rewritten to a service no Kafka of the bundle has
    bundle = bundle_of(_load(PATTERNS / "cassandra-write-to-read.json"))
    artefacts = []
    for artefact in bundle.artefacts:
        if artefact.path == "k8s/connect-kafka.yaml":
            documents = copy.deepcopy(artefact.intended)
            documents[0]["spec"]["bootstrapServers"] = "my-cluster-kafka-bootstrap:9092"
            artefact = _k8s(documents, artefact.path)
        artefacts.append(artefact)
    # when the bundle is checked
    report = check_artefacts(artefacts, crd_schemas=crd_schemas())
    # then the dangling address is reported on that file
    assert report.problems["k8s/connect-kafka.yaml"] == (
        "KafkaConnect kafka-connect: 'my-cluster-kafka-bootstrap:9092' is no plain listener of a Kafka of the bundle",
    )


@pytest.mark.parametrize("pattern", _possible_patterns(), ids=lambda p: p.stem)
def test_k8s_every_kafka_node_gets_a_kraft_kafka_and_a_node_pool(pattern):
    # given a possible gallery design
    data = _load(pattern)
    bundle = bundle_of(data)
    resources = _resources(bundle)
    for kafka_id in sorted(n["id"] for n in data["nodes"] if n["service"] == "kafka"):
        # then its file holds a Kafka and a KafkaNodePool labelled with it, controller and broker roles
        documents = resources[f"k8s/kafka-{kafka_id}.yaml"]
        kafka = next(d for d in documents if d["kind"] == "Kafka")
        pools = [d for d in documents if d["kind"] == "KafkaNodePool"]
        assert [p["metadata"]["labels"]["strimzi.io/cluster"] for p in pools] == [kafka["metadata"]["name"]]
        assert sorted(pools[0]["spec"]["roles"]) == ["broker", "controller"]
        # and the Kafka is a version Strimzi 1.2 runs, in KRaft (no ZooKeeper section), with a plain listener
        assert kafka["spec"]["kafka"]["version"] in {"4.2.0", "4.2.1", "4.3.0", "4.3.1"}
        assert "zookeeper" not in kafka["spec"]
        assert {"name": "plain", "port": 9092, "type": "internal", "tls": False} in kafka["spec"]["kafka"]["listeners"]
        # and the Topic Operator runs, or the KafkaTopic resources would create nothing
        assert "topicOperator" in kafka["spec"]["entityOperator"]


def test_k8s_every_topic_gets_a_kafka_topic_with_its_settings():
    # given topics with partitions, replicas and topic configs, one whose name is no Kubernetes name,
    # and one topic name on two clusters (KafkaTopic names share the namespace)
    orders = {"name": "orders", "kind": "topic", "properties": {"partitions": 6, "replication_factor": 3}}
    audit = {"name": "Audit_Log", "kind": "topic", "properties": {"retention.ms": 604800000}}
    data = doc(
        [
            {"id": "k1", "service": "kafka", "name": "k1", "properties": {}, "stores": [orders, audit]},
            kafka_node("k2", "orders"),
        ],
        [flow("mm", "k1", "k2", "mirrormaker2", topics="orders")],
    )
    # when generated
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    topics = {
        (t["metadata"]["labels"]["strimzi.io/cluster"], t["spec"].get("topicName", t["metadata"]["name"])): t
        for t in _of_kind(bundle, "KafkaTopic")
    }
    # then each topic of each cluster has its KafkaTopic, with the design's partitions, replicas and configs
    assert sorted(topics) == [("k1", "Audit_Log"), ("k1", "orders"), ("k2", "orders")]
    assert topics[("k1", "orders")]["spec"] == {"topicName": "orders", "partitions": 6, "replicas": 3}
    assert topics[("k1", "Audit_Log")]["spec"]["config"] == {"retention.ms": "604800000"}
    assert topics[("k1", "Audit_Log")]["metadata"]["name"].startswith("audit-log-")
    # and the two "orders" resources have different names
    assert topics[("k1", "orders")]["metadata"]["name"] != topics[("k2", "orders")]["metadata"]["name"]
    # and k1 has as many brokers as its largest replication factor, so the 3-replica topic can be created
    pool = next(p for p in _of_kind(bundle, "KafkaNodePool") if p["metadata"]["labels"]["strimzi.io/cluster"] == "k1")
    assert pool["spec"]["replicas"] == 3


def test_k8s_connect_builds_its_plugins_from_pinned_artifacts():
    # given a gallery design whose Cassandra sink plugin is pinned in the catalog (datastax ...:1.4.0)
    bundle = bundle_of(_load(PATTERNS / "cassandra-write-to-read.json"))
    connect = _of_kind(bundle, "KafkaConnect")[0]
    # then the KafkaConnect builds an image with that plugin from a URL naming the version
    plugins = connect["spec"]["build"]["plugins"]
    assert [p["name"] for p in plugins] == ["datastax-kafka-connect-cassandra-sink"]
    assert plugins[0]["artifacts"] == [
        {
            "type": "zip",
            "url": "https://hub-downloads.confluent.io/api/plugins/datastax/kafka-connect-cassandra-sink/versions/"
            "1.4.0/datastax-kafka-connect-cassandra-sink-1.4.0.zip",
        }
    ]
    # and the image it pushes is a README placeholder
    assert any(p.item == "spec.build.output.image" for p in bundle.placeholders)


def test_k8s_connect_prefers_the_catalog_plugin_artifact_and_leaves_unpinned_plugins_out():
    # given a catalog whose S3 sink names a pinned plugin artifact, and whose JDBC source has no pinned version
    catalog = default_catalog()
    s3 = catalog.mechanisms["connect-s3-sink"]
    artifact = {"type": "zip", "url": "https://example.org/plugins/kafka-connect-s3-10.6.7.zip", "sha512sum": "ab" * 64}
    generates: Any = {**s3.generates, "plugin_artifact": artifact}
    jdbc_source = catalog.mechanisms["connect-jdbc-source"]
    unpinned: Any = {
        **{k: v for k, v in jdbc_source.generates.items() if k != "plugin_artifact"},
        "hub_id": "confluentinc/kafka-connect-jdbc",
    }
    mechanisms = {
        **catalog.mechanisms,
        "connect-s3-sink": replace(s3, generates=generates),
        "connect-jdbc-source": replace(jdbc_source, generates=unpinned, plugin_artifact=None),
    }
    catalog = replace(catalog, mechanisms=mechanisms)
    design = design_of(_load(PATTERNS / "jdbc-kafka-s3-archive.json"))
    # when generated with it
    bundle = generate_bundle(design, catalog, analyze(design, catalog))
    assert_bundle_parses(bundle)
    connect = _of_kind(bundle, "KafkaConnect")[0]
    # then the artifact is built into the image as given
    assert [p["artifacts"] for p in connect["spec"]["build"]["plugins"]] == [[artifact]]
    # and the JDBC plugin, with no pinned version, is not invented but listed for the user
    jdbc = [p for p in bundle.placeholders if p.item == "connector plugin for connect-jdbc-source"]
    assert [p.path for p in jdbc] == ["k8s/connect-kafka.yaml"]


@pytest.mark.parametrize("pattern", _possible_patterns(), ids=lambda p: p.stem)
def test_k8s_files_never_name_latest(pattern):
    # given a possible gallery design
    bundle = bundle_of(_load(pattern))
    # then no image, plugin or artifact under k8s/ is "latest"
    for path, data in bundle.files.items():
        if path.startswith("k8s/"):
            assert "latest" not in data.decode("utf-8").lower(), path


def test_k8s_mirrormaker2_moves_consumer_offsets_and_finds_new_topics_quickly():
    # given the active/passive gallery design (billing consumes orders on the primary)
    bundle = bundle_of(_load(PATTERNS / "active-passive.json"))
    mm2 = _of_kind(bundle, "KafkaMirrorMaker2")[0]["spec"]
    mirror = mm2["mirrors"][0]
    # then the checkpoint connector syncs group offsets, so billing resumes on the standby after failover
    assert mirror["checkpointConnector"]["config"]["sync.group.offsets.enabled"] == "true"
    # and new topics are picked up in well under MM2's 600 s default, without ACL sync (no authorizer)
    assert mirror["sourceConnector"]["config"]["refresh.topics.interval.seconds"] <= 60
    assert mirror["sourceConnector"]["config"]["sync.topic.acls.enabled"] == "false"
    # and it is the v1 shape: target with group and storage topics, the source inside the mirror
    assert mm2["target"]["alias"] == "kafka-standby"
    assert {"groupId", "configStorageTopic", "offsetStorageTopic", "statusStorageTopic"} <= set(mm2["target"])
    assert mirror["source"] == {"alias": "kafka-primary", "bootstrapServers": "kafka-primary-kafka-bootstrap:9092"}


@pytest.mark.parametrize("pattern", _possible_patterns(), ids=lambda p: p.stem)
def test_k8s_clients_bootstrap_to_the_generated_kafka(pattern):
    # given a possible gallery design
    bundle = bundle_of(_load(pattern))
    kafkas = {k["metadata"]["name"] for k in _of_kind(bundle, "Kafka")}
    # then every KafkaConnect and MM2 cluster bootstraps to the plain listener of a Kafka of the bundle
    addresses = [c["spec"]["bootstrapServers"] for c in _of_kind(bundle, "KafkaConnect")]
    for mm2 in _of_kind(bundle, "KafkaMirrorMaker2"):
        addresses += [mm2["spec"]["target"]["bootstrapServers"]]
        addresses += [m["source"]["bootstrapServers"] for m in mm2["spec"]["mirrors"]]
    assert all(a.removesuffix("-kafka-bootstrap:9092") in kafkas for a in addresses), addresses
    # and each KafkaConnector is labelled with a KafkaConnect that takes connector resources
    connects = {c["metadata"]["name"] for c in _of_kind(bundle, "KafkaConnect")}
    for connector in _of_kind(bundle, "KafkaConnector"):
        assert connector["metadata"]["labels"]["strimzi.io/cluster"] in connects


def test_k8s_connect_storage_settings_are_spec_fields_and_converters_match_compose():
    # given a gallery design with a Connect cluster
    bundle = bundle_of(_load(PATTERNS / "kafka-router.json"))
    connect = _of_kind(bundle, "KafkaConnect")[0]
    spec = connect["spec"]
    # then the v1 fields carry the compose worker's group and storage topics, none of them in config
    assert (spec["groupId"], spec["configStorageTopic"]) == ("connect-kafka", "connect-kafka-configs")
    assert not {"group.id", "config.storage.topic", "offset.storage.topic", "status.storage.topic"} & set(
        spec["config"]
    )
    assert connect["metadata"]["annotations"]["strimzi.io/use-connector-resources"] == "true"


def test_k8s_long_node_ids_keep_strimzi_names_within_dns_limits():
    # given Kafka nodes whose 60-character ids would make Strimzi pod names longer than a DNS label
    long_a, long_b = "a" * 60, "a" * 59 + "b"
    data = doc([kafka_node(long_a, "orders"), kafka_node(long_b)], [flow("mm", long_a, long_b, "mirrormaker2")])
    # when generated
    bundle = bundle_of(data)
    assert_bundle_parses(bundle)
    # then pod names (<kafka>-<pool>-<n>) fit a DNS label and the two clusters keep distinct names
    pools = _of_kind(bundle, "KafkaNodePool")
    assert all(len(f"{p['metadata']['labels']['strimzi.io/cluster']}-{p['metadata']['name']}-99") <= 63 for p in pools)
    assert len({p["metadata"]["name"] for p in pools}) == 2


def test_k8s_mirrormaker1_flows_are_listed_as_not_generated():
    # given a MirrorMaker 1 flow (Strimzi 1.x has no resource for it)
    data = doc(
        [kafka_node("k1", "orders", version="3.9"), kafka_node("k2", version="3.9")],
        [flow("mm", "k1", "k2", "mirrormaker1", topics="orders")],
    )
    # when generated
    bundle = bundle_of(data)
    # then the README lists the flow as not carried by a k8s resource, and the Kafka version it could not keep
    items = {(p.path, p.item) for p in bundle.placeholders}
    assert ("k8s/", "flow mm (MirrorMaker 1)") in items
    assert ("k8s/kafka-k1.yaml", "Kafka version of k1") in items


def test_k8s_files_are_one_per_kafka_node_and_one_per_connect_cluster():
    # given a design with one Kafka node whose Connect cluster sinks into Cassandra
    data = doc(
        [kafka_node("k1", "orders"), node("db", "cassandra", ("shop.orders", "table"))],
        [flow("sink", "k1/orders", "db/shop.orders", "connect-cassandra-sink")],
    )
    # when generated
    bundle = bundle_of(data)
    # then k8s/ holds the Kafka file and the Connect file only
    assert sorted(_resources(bundle)) == ["k8s/connect-k1.yaml", "k8s/kafka-k1.yaml"]
