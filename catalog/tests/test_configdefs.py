"""Configuration definitions in the catalog: loaded from fixtures/catalog/configdefs, pinned, and refused when
broken with a message naming the file and the key."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from catalog import CATALOG_DIR, CatalogError, default_catalog, load_catalog

CONFIGDEFS = CATALOG_DIR / "configdefs"
# A GitHub file URL at a tag or a commit (not a branch), e.g. .../blob/v15.0.1/... or .../blob/3.9.0/...
_PINNED_GITHUB = re.compile(r"https://github\.com/[^/]+/[^/]+/blob/(v?\d+(\.\d+)+[^/]*|[0-9a-f]{7,40})/.+")
_PINNED_HUB = re.compile(r"[a-z0-9-]+/[a-z0-9-]+:\d+(\.\d+)+\S*")
# Connect mechanisms whose plugin the configdef-community helper pins together with its definition.
COMMUNITY_PINS: dict[str, str] = {}


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped catalog files, definitions included."""
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, target)
    return target


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _error(directory: Path) -> str:
    with pytest.raises(CatalogError) as caught:
        load_catalog(directory)
    return str(caught.value)


def test_catalog_configdef_lookups_find_connectors_transforms_converters_and_files() -> None:
    # given the shipped catalog
    catalog = default_catalog()
    # when definitions are looked up by what they apply to
    s3 = catalog.configdef_for_connector("io.confluent.connect.s3.S3SinkConnector")
    router = catalog.configdef_for_transform("org.apache.kafka.connect.transforms.RegexRouter")
    json_converter = catalog.configdef_for_converter("org.apache.kafka.connect.json.JsonConverter")
    worker = catalog.configdef_for_file("connect-worker")
    # then each is found, with the ConfigDef facts read in source
    assert s3 is not None and s3.version == "10.6.7"
    assert router is not None and router.keys["regex"].required
    assert json_converter is not None and json_converter.keys["schemas.enable"].default == "true"
    assert worker is not None and "rest.port" not in worker.keys and "listeners" in worker.keys
    assert catalog.configdef_for_connector("com.example.Unknown") is None


def test_catalog_configdef_chain_puts_own_keys_before_fragments() -> None:
    # given the S3 sink, whose storage keys live in storage-common fragments
    catalog = default_catalog()
    # when its chain is resolved
    chain = [definition.id for definition in catalog.configdef_chain("s3-sink")]
    # then the sink comes first and every included fragment follows once
    assert chain[0] == "s3-sink"
    assert {"connect-sink", "connect-connector", "storage-sink", "storage-common", "storage-partitioner"} == set(
        chain[1:]
    )
    assert any("topics.dir" in catalog.configdefs[i].keys for i in chain)


def test_catalog_configdefs_cite_pinned_sources() -> None:
    # given every recorded definition
    definitions = default_catalog().configdefs.values()
    # then each cites at least one source, and GitHub sources are at a tag or commit, never a branch
    for definition in definitions:
        assert definition.source, definition.id
        for url in definition.source:
            if url.startswith("https://github.com/"):
                assert _PINNED_GITHUB.fullmatch(url), f"{definition.id}: {url} is not at a tag or commit"
            if definition.verified:
                assert url.startswith("https://github.com/"), f"{definition.id}: verified but not read in source"
        assert definition.version and definition.version != "latest"


def _connect_mechanisms() -> list[object]:
    params: list[object] = []
    for mechanism in sorted(default_catalog().mechanisms.values(), key=lambda m: m.id):
        if mechanism.kind not in ("connect-sink", "connect-source"):
            continue
        if mechanism.id in COMMUNITY_PINS:
            mark = pytest.mark.xfail(strict=True, reason=COMMUNITY_PINS[mechanism.id])
            params.append(pytest.param(mechanism.id, marks=mark, id=mechanism.id))
        else:
            params.append(pytest.param(mechanism.id, id=mechanism.id))
    return params


@pytest.mark.parametrize("mechanism_id", _connect_mechanisms())
def test_catalog_connect_plugins_are_pinned_to_the_defined_version(mechanism_id: str) -> None:
    # given a Kafka Connect mechanism
    catalog = default_catalog()
    mechanism = catalog.mechanisms[mechanism_id]
    # then it names a pinned download, and a Hub id, when it has one, carries the same exact version
    artifact = mechanism.plugin_artifact
    assert artifact is not None, f"{mechanism_id}: no generates.plugin_artifact"
    # the version is in a Confluent Hub download URL (/versions/<v>/) or a GitHub release URL (/download/<v>/)
    found = re.search(r"/(?:versions|releases/download)/([^/]+)/", artifact.get("url", ""))
    assert found is not None, f"{mechanism_id}: no version in {artifact.get('url')}"
    version = artifact.get("version") or found.group(1)
    hub_id = mechanism.generates.get("hub_id")
    if hub_id is not None:
        assert _PINNED_HUB.fullmatch(hub_id), f"{mechanism_id}: hub_id {hub_id} is not owner/name:<version>"
        assert hub_id.endswith(f":{version}")
    # and the connector's recorded definition is of that version
    definition = catalog.configdef_for_connector(mechanism.generates["connector_class"])
    assert definition is not None, f"{mechanism_id}: no configuration definition"
    assert definition.version == version
    if hub_id is not None and definition.plugin is not None:
        assert hub_id.startswith(definition.plugin + ":")


def test_load_catalog_configdef_bad_type_names_file_and_key(catalog_copy: Path) -> None:
    # given a definition whose key has a type Kafka does not have
    path = catalog_copy / "configdefs" / "jdbc-sink.yaml"
    _edit(path, lambda data: data["keys"]["batch.size"].update(type="integer"))
    # when the catalog loads, then the error names the file, the key and the allowed types
    message = _error(catalog_copy)
    assert "fixtures/catalog/configdefs/jdbc-sink.yaml" in message or "configdefs/jdbc-sink.yaml" in message
    assert "keys.batch.size.type: 'integer' is not one of boolean, string, int" in message


def test_load_catalog_configdef_default_must_fit_its_own_definition(catalog_copy: Path) -> None:
    # given a default outside the key's own range
    path = catalog_copy / "configdefs" / "elasticsearch-sink.yaml"
    _edit(path, lambda data: data["keys"]["batch.size"].update(default="0"))
    # then the loader refuses it, naming the key
    message = _error(catalog_copy)
    assert "elasticsearch-sink.yaml: keys.batch.size.default" in message
    assert "batch.size: 0 is below the minimum 1" in message


def test_load_catalog_configdef_unknown_include_and_id_mismatch(catalog_copy: Path) -> None:
    # given a definition including a fragment that does not exist, and an id that differs from its file name
    path = catalog_copy / "configdefs" / "jdbc-source.yaml"

    def change(data: dict) -> None:
        data["includes"] = ["connect-source", "no-such-fragment"]
        data["id"] = "jdbc-src"

    _edit(path, change)
    # then both are reported against the file
    message = _error(catalog_copy)
    assert "jdbc-source.yaml: includes: unknown definition 'no-such-fragment'" in message
    assert "jdbc-source.yaml: id: 'jdbc-src' differs from the file name 'jdbc-source'" in message


def test_load_catalog_configdef_two_definitions_for_one_class(catalog_copy: Path) -> None:
    # given a second definition for the JDBC sink class
    shutil.copy(catalog_copy / "configdefs" / "jdbc-sink.yaml", catalog_copy / "configdefs" / "jdbc-sink-copy.yaml")
    _edit(catalog_copy / "configdefs" / "jdbc-sink-copy.yaml", lambda data: data.update(id="jdbc-sink-copy"))
    # then the loader names the class that already has one
    message = _error(catalog_copy)
    assert "applies_to: io.confluent.connect.jdbc.JdbcSinkConnector already has a definition" in message
    assert "jdbc-sink-copy.yaml" in message


def test_load_catalog_plugin_artifact_needs_its_fields(catalog_copy: Path) -> None:
    # given a Maven plugin artifact without a version
    path = catalog_copy / "connect.yaml"

    def change(data: dict) -> None:
        mechanism = next(m for m in data["mechanisms"] if m["id"] == "connect-jdbc-sink")
        mechanism["generates"]["plugin_artifact"] = {
            "type": "maven",
            "group": "io.confluent",
            "artifact": "kafka-connect-jdbc",
            "repository": "https://packages.confluent.io/maven/",
        }

    _edit(path, change)
    # then the loader names the missing field
    message = _error(catalog_copy)
    assert "connect.yaml: mechanisms[" in message and "generates.plugin_artifact.version: is required" in message


def test_load_catalog_configdef_change_changes_the_catalog_version(catalog_copy: Path) -> None:
    # given the shipped catalog's version
    before = load_catalog(catalog_copy).version
    # when a recorded default changes
    _edit(catalog_copy / "configdefs" / "jdbc-sink.yaml", lambda data: data["keys"]["batch.size"].update(default="10"))
    # then the catalog version changes with it
    assert load_catalog(catalog_copy).version != before
