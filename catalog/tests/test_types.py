"""Naming rules and version constraints of the shipped catalog, as a user naming stores would meet them."""

from __future__ import annotations

import pytest

from catalog import NamingRule, VersionConstraint, default_catalog, version_key


def _rule(service_id: str, kind: str) -> NamingRule:
    service = default_catalog().service(service_id)
    assert service is not None
    rule = service.naming_rule(kind)
    assert rule is not None
    return rule


@pytest.mark.parametrize(
    ("service", "kind", "name"),
    [
        ("kafka", "topic", "orders"),
        ("kafka", "topic", "east.orders_v2-eu"),
        ("kafka", "topic", "a" * 249),
        ("cassandra", "table", "shop.orders_by_id"),
        ("cassandra", "table", "Shop.Orders"),
        ("cassandra", "table", "k" * 48 + "." + "t" * 48),
        ("elasticsearch", "index", "orders-2024.11"),
        ("elasticsearch", "index", "logstash-2024"),
        ("elassandra", "index", "shop"),
        ("elassandra", "table", "shop.orders_by_id"),
        ("s3", "prefix", "topics/orders/partition=0"),
        ("jdbc", "table", "public.customers"),
    ],
)
def test_naming_rule_accepts_valid_name(service: str, kind: str, name: str) -> None:
    # given the service's naming rule
    rule = _rule(service, kind)
    # when checking a valid name
    # then there is nothing to report
    assert rule.problems(name) == []


@pytest.mark.parametrize(
    ("service", "kind", "name", "fragment"),
    [
        ("kafka", "topic", "", "empty"),
        ("kafka", "topic", ".", "reserved"),
        ("kafka", "topic", "..", "reserved"),
        ("kafka", "topic", "__consumer_offsets", "reserved"),
        ("kafka", "topic", "orders!", "not a valid topic name"),
        ("kafka", "topic", "a" * 250, "at most 249"),
        ("cassandra", "table", "orders", "not a valid table name"),
        ("cassandra", "table", "shop.1orders", "not a valid table name"),
        ("cassandra", "table", "shop-eu.orders", "not a valid table name"),
        ("cassandra", "table", "k" * 49 + ".t", "not a valid table name"),
        ("elasticsearch", "index", "Orders", "lowercase"),
        ("elasticsearch", "index", "_orders", "must not start"),
        ("elasticsearch", "index", "-orders", "must not start"),
        ("elasticsearch", "index", "orders:eu", "not a valid index name"),
        ("elasticsearch", "index", "my orders", "not a valid index name"),
        ("elasticsearch", "index", ".kibana", "not a valid index name"),
        ("elasticsearch", "index", "o" * 256, "at most 255"),
        ("s3", "prefix", "/orders", "not a valid prefix name"),
        ("s3", "prefix", "orders#1", "not a valid prefix name"),
        ("s3", "prefix", "my orders", "not a valid prefix name"),
        ("jdbc", "table", "1table", "not a valid table name"),
    ],
)
def test_naming_rule_refuses_invalid_name(service: str, kind: str, name: str, fragment: str) -> None:
    # given the service's naming rule
    rule = _rule(service, kind)
    # when checking an invalid name
    problems = rule.problems(name)
    # then a message says why
    assert problems
    assert any(fragment in problem for problem in problems), problems


def test_naming_rule_counts_bytes_for_elasticsearch() -> None:
    # given an index name of 128 two-byte characters (256 bytes)
    rule = _rule("elasticsearch", "index")
    # when checking it
    problems = rule.problems("é" * 128)
    # then the 255-byte limit refuses it
    assert any("at most 255" in problem for problem in problems)


def test_service_naming_rule_unknown_kind_is_none() -> None:
    # given Kafka, which holds topics only
    kafka = default_catalog().service("kafka")
    assert kafka is not None
    # then it has no rule for tables
    assert kafka.naming_rule("table") is None


def test_naming_rules_carry_evidence() -> None:
    # given every naming rule
    for service in default_catalog().services.values():
        for rule in service.naming:
            # then each cites at least one source
            assert rule.evidence, f"{service.id}/{rule.kind}"


@pytest.mark.parametrize(
    ("version", "key"),
    [("3.9", (3, 9)), ("3.9.1", (3, 9, 1)), ("8.15.0-rc1", (8, 15, 0)), ("6.8.4.3", (6, 8, 4, 3)), ("x", ())],
)
def test_version_key_reads_numeric_components(version: str, key: tuple[int, ...]) -> None:
    assert version_key(version) == key


def test_version_constraint_compares_at_bound_precision() -> None:
    # given "Kafka 3.9 or older"
    constraint = VersionConstraint(side="both", max_version="3.9", min_version=None, message="m", evidence=())
    # then patch releases of 3.9 pass and 4.0 does not
    assert constraint.allows("3.9.1")
    assert constraint.allows("2.8")
    assert not constraint.allows("4.0")
    assert not constraint.allows("3.10")


def test_version_constraint_min_version() -> None:
    # given "Elasticsearch 7 or later"
    constraint = VersionConstraint(side="sink", max_version=None, min_version="7.0", message="m", evidence=())
    # then 6.8.4 fails on the sink side only
    assert constraint.problems(
        source_service="kafka", source_version="6.8", sink_service="elasticsearch", sink_version="6.8.4"
    ) == ["m (elasticsearch 6.8.4)"]
    assert (
        constraint.problems(
            source_service="kafka", source_version="3.9", sink_service="elasticsearch", sink_version="8.15.0"
        )
        == []
    )


def test_version_constraint_ignores_unknown_versions() -> None:
    # given a constraint and a node without a version
    constraint = VersionConstraint(side="both", max_version="3.9", min_version=None, message="m", evidence=())
    # then nothing is judged
    problems = constraint.problems(source_service="kafka", source_version=None, sink_service="kafka", sink_version=None)
    assert problems == []
