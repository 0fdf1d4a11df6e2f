"""Import Kafka Connect connector configurations: one file, or a Connect cluster's connector listing.

Three shapes are read (the Connect REST API's own): ``{"name", "config"}`` (the body of
``POST /connectors``), a bare config map with ``connector.class`` (the body of ``PUT .../config``), and the
answer of ``GET /connectors?expand=info&expand=status`` (connector name -> ``{"info", "status"}``).

The connector class maps to the catalog mechanism whose ``generates.connector_class`` (or
``legacy_connector_class``) names it; an unknown class is a note, never a failure. The Kafka side of each
flow is the placeholder node ``@kafka``: which cluster a connector runs against is a fact of its worker,
not of its config, so the merge step resolves it (the worker's bootstrap servers, else the only cluster).
Stores come from ``topics``/``topics.regex``, RegexRouter renames, table, index, bucket prefix and the
Cassandra sink's ``topic.<topic>.<keyspace>.<table>.mapping`` keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from catalog import Catalog
from explorer.engine.document import Limits

from .base import DEFAULT_LIMITS, ImportRefused, Origin, Partial, decode_text, json_line, load_json, node_id
from .compose import host_of

__all__ = ["KAFKA_PLACEHOLDER", "add_connector", "class_mechanisms", "import_connect", "is_connect"]

KAFKA_PLACEHOLDER = "@kafka"
_CASSANDRA_MAPPING = re.compile(r"^topic\.(?P<topic>.+)\.(?P<keyspace>[^.]+)\.(?P<table>[^.]+)\.mapping$")
_KCQL = re.compile(r"INSERT\s+INTO\s+`?(?P<target>[^`\s]+)`?\s+SELECT\s+.+?\s+FROM\s+`?(?P<source>[^`\s]+)`?", re.I)
_JAVA_QUOTE = re.compile(r"\\Q(.*?)\\E")


def class_mechanisms(catalog: Catalog) -> dict[str, str]:
    """Connector class -> catalog mechanism id, from ``generates.connector_class`` and its legacy name."""
    out: dict[str, str] = {}
    for mechanism in sorted(catalog.mechanisms.values(), key=lambda m: m.id):
        for key in ("connector_class", "legacy_connector_class"):
            name = mechanism.generates.get(key)
            if isinstance(name, str) and name:
                out.setdefault(name, mechanism.id)
    return out


def is_connect(value: object) -> bool:
    """Whether decoded JSON is a connector config, a ``{name, config}`` body or a REST listing."""
    if not isinstance(value, dict):
        return False
    if "connector.class" in value or isinstance(value.get("config"), dict):
        return True
    return bool(value) and all(isinstance(v, dict) and isinstance(v.get("info"), dict) for v in value.values())


def _connectors(value: dict[str, Any], file: str, text: str) -> list[tuple[str, dict[str, Any], Origin]]:
    """``(name, config, origin)`` for each connector in any of the three shapes."""
    if "connector.class" in value:
        name = str(value.get("name") or file.rsplit("/", 1)[-1].removesuffix(".json"))
        return [(name, value, Origin(file, json_line(text, "connector.class"), "connector.class"))]
    if isinstance(value.get("config"), dict):
        name = str(value.get("name") or value["config"].get("name") or file.rsplit("/", 1)[-1].removesuffix(".json"))
        return [(name, value["config"], Origin(file, json_line(text, "config"), "config"))]
    out = []
    for name, entry in value.items():
        info = entry["info"]
        config = info.get("config")
        origin = Origin(file, json_line(text, str(name)), f"{name}.info.config")
        out.append((str(name), config if isinstance(config, dict) else {}, origin))
    return out


def import_connect(data: bytes, file: str, catalog: Catalog, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """Read connector configurations into flows between the placeholder Kafka node and external nodes.

    Parameters
    ----------
    data, file
        The file's bytes and name.
    catalog
        Maps connector classes to mechanisms and mechanisms to the services they connect.
    limits
        Size and nesting bounds.

    Raises
    ------
    ImportRefused
        When the file is not JSON or not one of the three connector shapes.
    """
    text = decode_text(data, file, limits)
    value = load_json(text, file, limits)
    if not is_connect(value):
        raise ImportRefused(Origin(file), "not a Kafka Connect connector configuration or listing")
    partial = Partial()
    for name, config, origin in sorted(_connectors(value, file, text), key=lambda item: item[0]):
        note_origin = Origin(
            file, json_line(text, "connector.class", text.find(f'"{name}"')), f"{name}.connector.class"
        )
        add_connector(partial, name, config, origin, catalog, note_origin=note_origin)
    return partial


def add_connector(
    partial: Partial,
    name: str,
    config: Mapping[str, object],
    origin: Origin,
    catalog: Catalog,
    *,
    note_origin: Origin | None = None,
) -> str | None:
    """Add the flow of one connector config to ``partial``; its id, or None (a note) for an unknown class."""
    flat = {str(k): str(v) for k, v in config.items() if v is not None}
    connector_class = flat.get("connector.class", "")
    mechanism_id = class_mechanisms(catalog).get(connector_class)
    mechanism = catalog.mechanism(mechanism_id) if mechanism_id else None
    if mechanism is None:
        partial.note(
            note_origin or origin,
            f"connector '{name}': class '{connector_class or '(none)'}' is not in the catalog; not imported",
        )
        return None
    flow_id = node_id(name, prefix="connector")
    _connector(partial, flow_id, flat, mechanism.id, mechanism.kind, origin, catalog)
    return flow_id


def _external_service(catalog: Catalog, mechanism: str, sink: bool) -> str:
    found = catalog.mechanism(mechanism)
    if found is None:
        return "application"
    for pair in found.pairs:
        other = pair.sink if sink else pair.source
        if other != "kafka":
            return other
    return "application"


def _renamed(config: Mapping[str, str], produced: str) -> str:
    """The topic a RegexRouter routes ``produced`` to (unchanged without a matching route)."""
    for alias in [a.strip() for a in config.get("transforms", "").split(",") if a.strip()]:
        if not config.get(f"transforms.{alias}.type", "").endswith("RegexRouter"):
            continue
        regex = config.get(f"transforms.{alias}.regex", "")
        replacement = config.get(f"transforms.{alias}.replacement", "")
        try:
            pattern = re.compile(_JAVA_QUOTE.sub(lambda m: re.escape(m.group(1)), regex))
        except re.error:
            continue
        if pattern.fullmatch(produced):
            return re.sub(r"\\(.)", r"\1", replacement)
    return produced


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _connector(
    partial: Partial,
    flow_id: str,
    config: dict[str, str],
    mechanism: str,
    kind: str,
    origin: Origin,
    catalog: Catalog,
) -> None:
    sink = kind == "connect-sink"
    service = _external_service(catalog, mechanism, sink)
    kafka = KAFKA_PLACEHOLDER
    # A connector may name its cluster itself with a client override (KIP-458); else its worker does.
    override = config.get(f"{'consumer' if sink else 'producer'}.override.bootstrap.servers", "")
    if override:
        kafka = node_id(host_of(override))
    partial.node(kafka, "kafka", origin, properties={"bootstrap_servers": override} if override else None)
    properties: dict[str, Any] = {}
    external_host, external_stores = "", []
    topics = _split(config.get("topics", ""))
    if sink:
        if mechanism == "connect-cassandra-sink":
            external_host = config.get("contactPoints", "")
            for key in sorted(config):
                found = _CASSANDRA_MAPPING.match(key)
                if found:
                    external_stores.append(f"{found['keyspace']}.{found['table']}")
            if config.get("loadBalancing.localDc"):
                properties["data_centre"] = config["loadBalancing.localDc"]
        elif mechanism == "connect-elasticsearch-sink":
            external_host = config.get("connection.url", "")
            external_stores = sorted({_renamed(config, topic) for topic in topics})
        elif mechanism == "connect-s3-sink":
            external_host = config.get("store.url", "") or config.get("s3.bucket.name", "")
            external_stores = [config.get("topics.dir", "topics").strip("/") + "/"]
            if config.get("s3.bucket.name"):
                properties["bucket"] = config["s3.bucket.name"]
        elif mechanism == "connect-jdbc-sink":
            external_host = config.get("connection.url", "").removeprefix("jdbc:")
            table = config.get("table.name.format", "${topic}")
            external_stores = sorted({table.replace("${topic}", _renamed(config, topic)) for topic in topics})
    else:
        produced: list[str] = []
        if mechanism == "connect-jdbc-source":
            external_host = config.get("connection.url", "").removeprefix("jdbc:")
            external_stores = _split(config.get("table.whitelist", "") or config.get("table.include.list", ""))
            produced = [config.get("topic.prefix", "") + table for table in external_stores]
        elif mechanism == "connect-elasticsearch-source":
            external_host = config.get("es.host", "")
            external_stores = _split(config.get("index.names", "") or config.get("index.prefix", ""))
            produced = [config.get("topic.prefix", "") + index for index in external_stores]
        elif mechanism in {"connect-cassandra-source", "connect-s3-source"}:
            key = "connect.cassandra.kcql" if mechanism == "connect-cassandra-source" else "connect.s3.kcql"
            found = _KCQL.search(config.get(key, ""))
            if found:
                produced = [found["target"]]
                store = found["source"]
                if mechanism == "connect-cassandra-source":
                    store = f"{config.get('connect.cassandra.key.space', 'kafkaesque')}.{store}"
                    external_host = config.get("connect.cassandra.contact.points", "")
                else:
                    bucket, _, prefix = store.partition(":")
                    store = prefix.strip("/") + "/"
                    properties["bucket"] = bucket
                    external_host = config.get("connect.s3.custom.endpoint", "") or bucket
                external_stores = [store]
        elif mechanism == "connect-mqtt-source":
            external_host = config.get("mqtt.server.uri", "")
            produced = _split(config.get("kafka.topic", ""))
        topics = sorted({_renamed(config, topic) for topic in produced})
    host = host_of(external_host) if external_host else f"{flow_id}-{service}"
    external = partial.node(node_id(host), service, origin)
    for key in ("bucket",):
        if key in properties:
            external.setdefault("properties", {})[key] = properties.pop(key)
    if service in {"cassandra", "elassandra"} and "data_centre" in properties:
        external.setdefault("properties", {})["data_centre"] = properties.pop("data_centre")
    kinds = {"cassandra": "table", "elassandra": "table", "jdbc": "table", "elasticsearch": "index", "s3": "prefix"}
    for store in external_stores:
        if service in kinds:
            partial.store(external["id"], store, kinds[service], origin)
    for topic in topics:
        partial.store(kafka, topic, "topic", origin)
    if config.get("topics.regex"):
        properties["topics_regex"] = config["topics.regex"]
    kafka_end = f"{kafka}/{topics[0]}" if len(topics) == 1 else kafka
    other_end = (
        f"{external['id']}/{external_stores[0]}" if len(external_stores) == 1 and service in kinds else external["id"]
    )
    if sink:
        partial.flow(flow_id, kafka_end, other_end, mechanism, origin, properties)
    else:
        partial.flow(flow_id, other_end, kafka_end, mechanism, origin, properties)
