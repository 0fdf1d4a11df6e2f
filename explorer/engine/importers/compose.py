"""Import a docker-compose file: services recognised by their image become nodes (or flows).

Images are matched by repository name (Docker Hub library images, vendor registries and ``quay.io``). A
Kafka image runs a broker unless its command runs a tool: the console consumer and the bundle's
``produce.sh`` are client flows, ``connect-mirror-maker.sh`` is MirrorMaker 2 (its flows come from
``mm2.properties``), ``kafka-mirror-maker.sh`` a MirrorMaker 1 flow. A Connect worker is not a node of
the design: it is recorded as a link from its host to the Kafka cluster it uses, so connectors can be
attached to that cluster. Unknown images become ``application`` nodes with a note. Only the compose
specification's ``services``/``image``/``command``/``environment`` keys are read.
"""

from __future__ import annotations

import re
from typing import Any

from explorer.engine.document import Limits

from .base import (
    DEFAULT_LIMITS,
    ImportRefused,
    Origin,
    Partial,
    YamlDocument,
    decode_text,
    load_yaml_documents,
    node_id,
)

__all__ = ["IMAGES", "import_compose", "is_compose"]

#: Image repository (without registry host or tag) -> design service; ``connect`` marks a Connect worker.
IMAGES: dict[str, str] = {
    "apache/kafka": "kafka",
    "apache/kafka-native": "kafka",
    "confluentinc/cp-kafka": "kafka",
    "confluentinc/cp-server": "kafka",
    "bitnami/kafka": "kafka",
    "confluentinc/cp-kafka-connect": "connect",
    "confluentinc/cp-kafka-connect-base": "connect",
    "debezium/connect": "connect",
    "cassandra": "cassandra",
    "library/cassandra": "cassandra",
    "bitnami/cassandra": "cassandra",
    "strapdata/elassandra": "elassandra",
    "elasticsearch": "elasticsearch",
    "elasticsearch/elasticsearch": "elasticsearch",
    "elastic/elasticsearch": "elasticsearch",
    "kibana": "kibana",
    "kibana/kibana": "kibana",
    "kibana/kibana-oss": "kibana",
    "elastic/kibana": "kibana",
    "apache/zeppelin": "zeppelin",
    "spark": "spark-batch",
    "apache/spark": "spark-batch",
    "bitnami/spark": "spark-batch",
    "logstash": "logstash",
    "logstash/logstash": "logstash",
    "elastic/logstash": "logstash",
    "minio/minio": "s3",
    "postgres": "jdbc",
    "library/postgres": "jdbc",
    "mysql": "jdbc",
    "library/mysql": "jdbc",
    "mariadb": "jdbc",
}
_REGISTRIES = ("docker.io/", "docker.elastic.co/", "quay.io/", "registry.hub.docker.com/")
_CONSUMER = re.compile(r"-consumer(?:-[0-9a-f]{8})?$")
_HOST = re.compile(r"^(?:[a-z]+://)?(?P<host>[^:/,\s]+)")


def _repository(image: str) -> tuple[str, str]:
    """``(repository, tag)`` of an image reference, registry host and digest removed."""
    name = image.split("@", 1)[0]
    for registry in _REGISTRIES:
        if name.startswith(registry):
            name = name[len(registry) :]
    tag = ""
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        name, tag = name.rsplit(":", 1)
    return name, tag


def _env(service: dict[str, Any]) -> dict[str, str]:
    """The environment as a map, from either the mapping or the ``KEY=VALUE`` list form."""
    raw = service.get("environment")
    if isinstance(raw, dict):
        return {str(k): "" if v is None else str(v) for k, v in raw.items()}
    if isinstance(raw, list):
        out: dict[str, str] = {}
        for item in raw:
            key, _, value = str(item).partition("=")
            out[key] = value
        return out
    return {}


def _argv(service: dict[str, Any]) -> list[str]:
    command = service.get("command")
    if isinstance(command, list):
        return [str(part) for part in command]
    if isinstance(command, str):
        return command.split()
    return []


def _option(argv: list[str], name: str) -> str | None:
    """The value of ``--name value`` or ``--name=value``."""
    for index, part in enumerate(argv):
        if part == name and index + 1 < len(argv):
            return argv[index + 1]
        if part.startswith(name + "="):
            return part[len(name) + 1 :]
    return None


def host_of(address: str) -> str:
    """The host of ``host:port``, ``scheme://host:port/...`` or the first of a comma-separated list."""
    match = _HOST.match(address.strip().split(",", 1)[0].strip())
    return match.group("host") if match else address


def is_compose(value: object) -> bool:
    """Whether a YAML document looks like a compose file (a ``services`` mapping of mappings)."""
    services = value.get("services") if isinstance(value, dict) else None
    return isinstance(services, dict) and all(isinstance(s, dict) for s in services.values())


def import_compose(
    data: bytes, file: str, limits: Limits = DEFAULT_LIMITS, *, documents: list[YamlDocument] | None = None
) -> Partial:
    """Read a docker-compose file into a :class:`Partial`.

    Parameters
    ----------
    data
        The file's bytes.
    file
        Its name, used in provenance and problems.
    limits
        Size and nesting bounds.
    documents
        The file's YAML documents when the caller has read them already.

    Returns
    -------
    Partial
        Nodes per recognised service (``properties.image``, ``version`` from the tag, Kafka's
        ``bootstrap_servers``, Cassandra's ``cluster`` and ``data_centre``), client flows of console
        consumers and ``produce.sh`` producers, notes for unknown images.

    Raises
    ------
    ImportRefused
        When the file is not YAML, is a bomb, or has no ``services`` mapping.
    """
    if documents is None:
        documents = load_yaml_documents(decode_text(data, file, limits), file, limits)
    if not documents or not is_compose(documents[0].value):
        raise ImportRefused(Origin(file), "not a compose file: no 'services' mapping of services")
    document = documents[0]
    partial = Partial()
    partial.extras["connect_workers"] = {}
    partial.extras["mm1"] = []
    for name, service in sorted(document.value["services"].items()):
        _service(partial, document, file, str(name), service)
    return partial


def _service(partial: Partial, document: YamlDocument, file: str, name: str, service: dict[str, Any]) -> None:
    origin = Origin(file, document.line("services", name), f"services.{name}")
    image = service.get("image")
    if not isinstance(image, str) or not image:
        if "build" in service:
            partial.node(node_id(name), "application", origin, name=name)
            partial.note(origin, f"service '{name}' is built from source; kept as an application")
        else:
            partial.problem(Origin(file, origin.line, f"services.{name}.image"), "a service without an image")
        return
    repository, tag = _repository(image)
    kind = IMAGES.get(repository)
    argv = _argv(service)
    env = _env(service)
    joined = " ".join(argv)
    hostname = service.get("hostname")
    host = hostname if isinstance(hostname, str) and hostname else name
    ident = node_id(host)
    if "init.py" in joined or "create-topics.sh" in joined or (argv[:1] == ["cqlsh"] and "-f" in argv):
        return  # one-shot set-up helpers of a bundle: they create what other files declare
    if kind == "kafka" or "/opt/kafka/bin/" in joined or "produce.sh" in joined:
        _kafka_tool(partial, origin, name, argv, env, ident, tag, image)
        return
    if kind == "connect":
        servers = env.get("CONNECT_BOOTSTRAP_SERVERS") or env.get("BOOTSTRAP_SERVERS") or ""
        partial.extras["connect_workers"][host] = {"bootstrap": servers, "origin": origin}
        return
    if repository.startswith("maven") and "streams.properties" in joined:
        return  # a Kafka Streams application: its routes are read from streams.properties
    if kind is None:
        partial.node(ident, "application", origin, name=name, properties={"image": image})
        partial.note(origin, f"image '{image}' is not recognised; service '{name}' kept as an application")
        return
    properties: dict[str, Any] = {"image": image}
    version = re.match(r"\d+(?:\.\d+)*", tag)
    if version and kind in {"elasticsearch", "kibana", "logstash", "cassandra", "elassandra"}:
        properties["version"] = version.group()
    location = None
    if kind in {"cassandra", "elassandra"}:
        dc = env.get("CASSANDRA_DC")
        if dc:
            properties["data_centre"] = dc
            location = node_id(dc, prefix="dc")
        properties["cluster"] = env.get("CASSANDRA_CLUSTER_NAME", "Test Cluster")
    if kind == "spark-batch" and "spark-submit" in joined:
        properties["job"] = next((part for part in argv if part.endswith(".py")), "")
    partial.node(ident, kind, origin, name=name, location=location, properties=properties)
    if kind == "kibana":
        source = env.get("ELASTICSEARCH_HOSTS") or env.get("ELASTICSEARCH_URL")
        if source:
            target = node_id(host_of(source.strip("[]\"' ")))
            partial.node(target, "elasticsearch", origin)
            partial.flow(f"{ident}-reads-{target}"[:63], target, ident, "kibana-elasticsearch", origin)


def _kafka_tool(
    partial: Partial,
    origin: Origin,
    name: str,
    argv: list[str],
    env: dict[str, str],
    ident: str,
    tag: str,
    image: str,
) -> None:
    """A Kafka image: a broker, or a console consumer, sample producer or MirrorMaker run from it."""
    joined = " ".join(argv)
    if "kafka-console-consumer.sh" in joined:
        server = _option(argv, "--bootstrap-server") or ""
        topic = _option(argv, "--topic") or ""
        group = _option(argv, "--group") or name
        kafka = node_id(host_of(server))
        # The bundle names a consumer service <flow>-consumer, with a digest suffix when a flow reads several
        # topics (one consumer each); the group is the flow's group_id, so it cannot stand for the flow.
        flow = node_id(_CONSUMER.sub("", name))
        partial.node(kafka, "kafka", origin)
        app = partial.node(node_id(f"{flow}-app"), "application", origin, name=group)
        if topic:
            partial.store(kafka, topic, "topic", origin)
        partial.flow(
            flow, f"{kafka}/{topic}" if topic else kafka, app["id"], "kafka-client", origin, {"group_id": group}
        )
        return
    if "produce.sh" in joined:
        script = next(index for index, part in enumerate(argv) if part.endswith("produce.sh"))
        rest = argv[script + 1 :]
        if len(rest) < 2:
            partial.problem(origin, "produce.sh needs a bootstrap server and a topic")
            return
        kafka = node_id(host_of(rest[0]))
        topic = rest[1]
        flow = node_id(rest[4] if len(rest) > 4 else name.removesuffix("-producer"))
        partial.node(kafka, "kafka", origin)
        partial.store(kafka, topic, "topic", origin)
        source = partial.node(node_id(f"{flow}-source"), "event-source", origin, name=name)
        partial.flow(flow, source["id"], f"{kafka}/{topic}", "kafka-client", origin)
        return
    if "connect-mirror-maker.sh" in joined:
        partial.note(origin, f"service '{name}' runs MirrorMaker 2: its flows are read from mm2.properties")
        return
    if "kafka-mirror-maker.sh" in joined:
        partial.extras["mm1"].append(
            {
                "flow": node_id(name.removeprefix("mm1-")),
                "consumer": (_option(argv, "--consumer.config") or "").removeprefix("/bundle/"),
                "producer": (_option(argv, "--producer.config") or "").removeprefix("/bundle/"),
                "topics": _option(argv, "--whitelist") or _option(argv, "--include") or ".*",
                "origin": origin,
            }
        )
        return
    properties: dict[str, Any] = {"image": image}
    version = re.match(r"\d+\.\d+", tag)
    if version:
        properties["version"] = version.group()
    advertised = env.get("KAFKA_ADVERTISED_LISTENERS") or env.get("KAFKA_CFG_ADVERTISED_LISTENERS")
    if advertised:
        hosts = sorted(
            {f"{host_of(part.split('://', 1)[-1])}:{part.rsplit(':', 1)[-1]}" for part in advertised.split(",")}
        )
        properties["bootstrap_servers"] = ",".join(hosts)
    partial.node(ident, "kafka", origin, name=name, properties=properties)
