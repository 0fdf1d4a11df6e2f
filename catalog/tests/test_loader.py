"""The loader refuses broken catalog files with a message naming the file and the key path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from catalog import CATALOG_DIR, CatalogError, default_catalog, load_catalog


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped catalog files."""
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, target)
    return target


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _mechanism(data: dict, mechanism_id: str) -> dict:
    return next(item for item in data["mechanisms"] if item["id"] == mechanism_id)


def _index(data: dict, mechanism_id: str) -> int:
    return [item["id"] for item in data["mechanisms"]].index(mechanism_id)


def _error(directory: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(directory)
    return str(caught.value)


def test_load_catalog_copy_loads_like_the_original(catalog_copy: Path) -> None:
    # given an untouched copy
    # when loading it
    loaded = load_catalog(catalog_copy)
    # then it has the same content, hence the same version
    assert loaded.version == default_catalog().version


def test_load_catalog_missing_evidence_names_file_and_key(catalog_copy: Path) -> None:
    # given a connect.yaml whose S3 source pair lost its evidence
    path = catalog_copy / "connect.yaml"
    index = _index(yaml.safe_load(path.read_text()), "connect-s3-source")
    _edit(path, lambda data: _mechanism(data, "connect-s3-source")["pairs"][0].update(evidence=[]))
    # when loading
    message = _error(catalog_copy)
    # then the message names the file and the key path
    assert f"connect.yaml: mechanisms[{index}].pairs[0].evidence: at least one evidence URL is required" in message


def test_load_catalog_absent_evidence_key_is_refused(catalog_copy: Path) -> None:
    # given a pair with no evidence key at all
    path = catalog_copy / "spark.yaml"
    _edit(path, lambda data: _mechanism(data, "spark-kafka")["pairs"][1].pop("evidence"))
    # then loading fails on that pair
    assert "spark.yaml: mechanisms[0].pairs[1].evidence: at least one evidence URL is required" in _error(catalog_copy)


def test_load_catalog_unknown_service_in_pair_names_file_and_key(catalog_copy: Path) -> None:
    # given a pair whose sink is misspelt
    path = catalog_copy / "connect.yaml"
    index = _index(yaml.safe_load(path.read_text()), "connect-s3-sink")
    _edit(path, lambda data: _mechanism(data, "connect-s3-sink")["pairs"][0].update(source="kafak"))
    # when loading
    message = _error(catalog_copy)
    # then the message names the unknown service where it occurs
    assert f"connect.yaml: mechanisms[{index}].pairs[0].source: unknown service 'kafak'" in message


def test_load_catalog_bad_yaml_names_file_and_line(catalog_copy: Path) -> None:
    # given a file that is not YAML
    (catalog_copy / "kibana.yaml").write_text("mechanisms:\n  - id: kibana\n    name: [unclosed\n", encoding="utf-8")
    # when loading
    message = _error(catalog_copy)
    # then the message names the file and the line
    assert "kibana.yaml: line" in message
    assert "could not parse YAML" in message


def test_load_catalog_duplicate_mechanism_id_across_files(catalog_copy: Path) -> None:
    # given a second file defining mirrormaker2 again
    mm2 = _mechanism(yaml.safe_load((catalog_copy / "replication.yaml").read_text()), "mirrormaker2")
    (catalog_copy / "zz-extra.yaml").write_text(yaml.safe_dump({"mechanisms": [mm2]}), encoding="utf-8")
    # when loading
    message = _error(catalog_copy)
    # then the duplicate is named with both files
    assert "zz-extra.yaml: mechanisms[0].id: duplicate mechanism id 'mirrormaker2'" in message
    assert "replication.yaml" in message


def test_load_catalog_duplicate_service_id(catalog_copy: Path) -> None:
    # given services.yaml listing kafka twice
    _edit(catalog_copy / "services.yaml", lambda data: data["services"].append(dict(data["services"][0])))
    # then loading names the duplicate
    message = _error(catalog_copy)
    assert "services.yaml: services[14].id: duplicate service id 'kafka'" in message


def test_load_catalog_duplicate_yaml_key(catalog_copy: Path) -> None:
    # given a mapping with the same key twice (PyYAML would silently keep the last)
    (catalog_copy / "zz-extra.yaml").write_text("defaults: []\ndefaults: []\n", encoding="utf-8")
    # then loading refuses it
    message = _error(catalog_copy)
    assert "zz-extra.yaml: line 2" in message and "duplicate key 'defaults'" in message


def test_load_catalog_invalid_mode(catalog_copy: Path) -> None:
    # given a pair with a mode that does not exist
    _edit(catalog_copy / "spark.yaml", lambda data: _mechanism(data, "spark-kafka")["pairs"][0].update(modes=["micro"]))
    # then loading names it
    assert "spark.yaml: mechanisms[0].pairs[0].modes: 'micro' is not a mode" in _error(catalog_copy)


def test_load_catalog_evidence_must_be_a_url(catalog_copy: Path) -> None:
    # given evidence that is not a URL
    _edit(
        catalog_copy / "kibana.yaml",
        lambda data: data["mechanisms"][0]["pairs"][0].update(evidence=["the Kibana docs"]),
    )
    # then loading names it
    assert "kibana.yaml: mechanisms[0].pairs[0].evidence[0]: 'the Kibana docs' is not an http(s) URL" in _error(
        catalog_copy
    )


def test_load_catalog_naming_rule_for_unknown_store_kind(catalog_copy: Path) -> None:
    # given Kafka's naming rule relabelled for a store kind Kafka does not hold
    _edit(catalog_copy / "services.yaml", lambda data: data["services"][0]["naming"][0].update(kind="table"))
    # then loading refuses it, and notices topics lost their rule
    message = _error(catalog_copy)
    assert "services.yaml: services[0].naming[0].kind: unknown store kind 'table'" in message
    assert "services.yaml: services[0].naming: store kind 'topic' has no naming rule" in message


def test_load_catalog_pair_with_several_mechanisms_needs_a_default(catalog_copy: Path) -> None:
    # given the defaults file without the Kafka -> Kafka entry
    def drop_kafka_default(data: dict) -> None:
        data["defaults"] = [d for d in data["defaults"] if (d["source"], d["sink"]) != ("kafka", "kafka")]

    _edit(catalog_copy / "defaults.yaml", drop_kafka_default)
    # then loading asks for one
    assert "kafka -> kafka is served by" in _error(catalog_copy)


def test_load_catalog_default_must_connect_the_pair(catalog_copy: Path) -> None:
    # given a default naming a mechanism that does not connect the pair
    _edit(catalog_copy / "defaults.yaml", lambda data: data["defaults"][0].update(mechanism="connect-s3-sink"))
    # then loading refuses it
    assert "defaults.yaml: defaults[0].mechanism: 'connect-s3-sink' does not connect kafka -> kafka" in _error(
        catalog_copy
    )


def test_load_catalog_property_default_must_fit_its_type(catalog_copy: Path) -> None:
    # given MirrorMaker 2's policy defaulting to a value outside its choices
    _edit(
        catalog_copy / "replication.yaml",
        lambda data: data["mechanisms"][0]["properties"][1].update(default="prefix"),
    )
    # then loading refuses it
    assert "replication.yaml: mechanisms[0].properties[1].default: 'prefix' is not one of default, identity" in _error(
        catalog_copy
    )


def test_load_catalog_unknown_key_is_refused(catalog_copy: Path) -> None:
    # given a typo in a key name
    _edit(catalog_copy / "kibana.yaml", lambda data: data["mechanisms"][0].update(renamez=True))
    # then loading names it
    assert "kibana.yaml: mechanisms[0].renamez: unknown key" in _error(catalog_copy)


def test_load_catalog_reports_every_problem_at_once(catalog_copy: Path) -> None:
    # given two independent problems in two files
    _edit(catalog_copy / "kibana.yaml", lambda data: data["mechanisms"][0]["pairs"][0].update(evidence=[]))
    _edit(catalog_copy / "logstash.yaml", lambda data: data["mechanisms"][0]["pairs"][0].update(sink="logstsh"))
    # when loading
    with pytest.raises(CatalogError) as caught:
        load_catalog(catalog_copy)
    # then both are listed
    assert len(caught.value.problems) == 2


def test_load_catalog_empty_directory(tmp_path: Path) -> None:
    # given a folder with no catalog files
    # then loading says so
    assert "no catalog files" in _error(tmp_path)
