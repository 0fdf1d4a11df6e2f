"""Versions left open are chosen so that every version constraint holds; pinned conflicts stay errors (issue 14).

The documented pairing (integrations.md 2.22/2.23 and section 7): the Elassandra 6.8.4 quickstart runs Kibana
OSS 6.8.4 against Elassandra's embedded Elasticsearch 6.8.4, while the catalog's Kibana default is 8.15.0.
"""

from __future__ import annotations

from typing import Any

import yaml

from catalog import default_catalog
from explorer.engine.generate import generate_bundle
from explorer.tests.engine.analysis_designs import codes, design, flow, node, of, run
from explorer.tests.engine.generate_fixtures import assert_bundle_parses, design_of


def _kafka_elassandra_kibana(**versions: str) -> dict[str, Any]:
    """
    [app] --ingest--> [kafka/orders] --sink--> [elassandra/shop.orders] --view--> [kibana]
    """
    return design(
        node("app", "application"),
        node("kafka", "kafka", "orders"),
        node("ela", "elassandra", "shop.orders", **({"version": versions["ela"]} if "ela" in versions else {})),
        node("kb", "kibana", **({"version": versions["kb"]} if "kb" in versions else {})),
        flow("ingest", "app", "kafka/orders", "kafka-client"),
        flow("sink", "kafka/orders", "ela/shop.orders"),
        flow("view", "ela/shop.orders", "kb", "kibana-elasticsearch"),
    )


def test_versions_open_kafka_elassandra_kibana_is_possible_with_kibana_6_8_chosen() -> None:
    # given: no node sets a version; the defaults (Elassandra 6.8.4, Kibana 8.15.0) disagree
    document = _kafka_elassandra_kibana()
    # when
    result = run(document)
    # then: the design can run, and the analysis says which Kibana it picked and why
    assert result.verdict != "impossible", [item.to_dict() for item in result.findings]
    assert "version-mismatch" not in codes(result)
    [chosen] = of(result, "version-chosen")
    assert chosen.severity == "info"
    assert {"kb", "view"} <= set(chosen.refs)
    assert "kibana 6.8.4" in chosen.message and "8.15.0" in chosen.message
    assert "same version" in chosen.message
    assert all(url.startswith("https://") for url in chosen.evidence) and chosen.evidence
    assert "'kb'" in chosen.fix and "6.8.4" in chosen.fix
    assert dict(result.chosen_versions) == {"kb": "6.8.4"}
    assert result.to_dict()["versions"] == {"kb": "6.8.4"}


def test_versions_open_bundle_runs_kibana_6_8_against_elassandra() -> None:
    # given
    parsed = design_of(_kafka_elassandra_kibana())
    catalog = default_catalog()
    # when
    bundle = generate_bundle(parsed, catalog, run(_kafka_elassandra_kibana()), revision=1)
    # then
    compose = yaml.safe_load(bundle.files["docker-compose.yml"])
    kibana = next(service for name, service in compose["services"].items() if name.startswith("kb"))
    assert kibana["image"].rsplit(":", 1)[1].startswith("6.8.")
    assert_bundle_parses(bundle)


def test_versions_pinned_conflict_stays_impossible_and_nothing_is_chosen() -> None:
    # given: the designer pins Kibana 8.15.0 on Elassandra 6.8.4
    document = _kafka_elassandra_kibana(ela="6.8.4", kb="8.15.0")
    # when
    result = run(document)
    # then
    assert result.verdict == "impossible"
    [mismatch] = of(result, "version-mismatch")
    assert {"view", "ela", "kb"} <= set(mismatch.refs)
    assert "version-chosen" not in codes(result)
    assert dict(result.chosen_versions) == {}


def test_versions_open_kibana_on_a_pinned_cluster_no_catalog_version_fits_stays_impossible() -> None:
    # given: Elasticsearch pinned to 7.10.2; the catalog lists Kibana 8.15.0 and 6.8.4 only
    document = design(
        node("es", "elasticsearch", "logs", version="7.10.2"),
        node("kb", "kibana"),
        flow("view", "es/logs", "kb", "kibana-elasticsearch"),
    )
    # when
    result = run(document)
    # then: no silent pick; the mismatch names both versions
    assert result.verdict == "impossible"
    assert "7.10.2" in of(result, "version-mismatch")[0].message
    assert "version-chosen" not in codes(result)


def test_versions_defaults_that_agree_are_kept_without_a_note() -> None:
    # given: Elasticsearch and Kibana left open; both default to 8.15.0
    document = design(
        node("es", "elasticsearch", "logs"), node("kb", "kibana"), flow("view", "es/logs", "kb", "kibana-elasticsearch")
    )
    # when
    result = run(document)
    # then
    assert not {"version-chosen", "version-mismatch"} & codes(result)
    assert dict(result.chosen_versions) == {}


def test_versions_open_kibana_follows_a_pinned_elassandra_whatever_the_node_order() -> None:
    # given: the Kibana node comes first in the design and sorts first by id
    document = design(
        node("a-kb", "kibana"),
        node("z-ela", "elassandra", "shop.orders", version="6.8.4"),
        flow("view", "z-ela/shop.orders", "a-kb", "kibana-elasticsearch"),
    )
    # when
    result = run(document)
    # then
    assert dict(result.chosen_versions) == {"a-kb": "6.8.4"}
    assert "version-mismatch" not in codes(result)
