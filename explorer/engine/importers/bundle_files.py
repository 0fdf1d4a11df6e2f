"""Import the smaller files a bundle (or a hand-kept config repository) carries.

``*.topics.tsv`` (``topic<TAB>partitions<TAB>replication``; the Kafka node is the file's stem),
``mm2.properties`` (through :mod:`.mm2`), MirrorMaker 1 consumer/producer properties, Kafka Streams
``streams.properties`` (``route.N.from``/``route.N.to``, ``read.N``), Spark jobs (the ``SOURCES``/``SINKS``
literals, read with :func:`ast.literal_eval`: nothing is executed), Zeppelin notes (a paragraph per flow),
the init plans (``init/plan.json``: indices and buckets; ``init/connect-*.json``: which worker runs which
connector).
"""

from __future__ import annotations

import ast
import re
from typing import Any

from jproperties import Properties

from explorer.engine.document import Limits

from .base import DEFAULT_LIMITS, ImportRefused, Origin, Partial, decode_text, json_line, load_json, node_id
from .compose import host_of
from .mm2 import Mm2ImportError, design_from_mm2_properties

__all__ = [
    "import_init_plan",
    "import_mm2",
    "import_properties",
    "import_spark_job",
    "import_topics_tsv",
    "import_zeppelin_note",
]

_SPARK_KINDS = {"kafka": "topic", "cassandra": "table", "elasticsearch": "index", "jdbc": "table", "s3": "prefix"}
_SPARK_STORE = {"kafka": "topic", "cassandra": "table", "elasticsearch": "index", "jdbc": "table", "s3": "prefix"}
_MAX_LITERAL = 1_000_000


def _stem(file: str) -> str:
    return file.rsplit("/", 1)[-1].split(".", 1)[0]


def import_topics_tsv(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """Topics of the Kafka node named by the file's stem (``kafka/<node>.topics.tsv``)."""
    text = decode_text(data, file, limits)
    partial = Partial()
    kafka = node_id(_stem(file), prefix="kafka")
    partial.node(kafka, "kafka", Origin(file, 1))
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        origin = Origin(file, number, fields[0])
        if len(fields) < 3 or not all(f.isdigit() for f in fields[1:3]) or any("=" not in f for f in fields[3:]):
            partial.problem(
                origin, "expected: topic, partitions, replication factor, then key=value configs, separated by tabs"
            )
            continue
        properties: dict[str, Any] = {"partitions": int(fields[1]), "replication_factor": int(fields[2])}
        # Topic configs are text on the command line; whole numbers (retention.ms, retention.bytes, ...) are
        # numbers in the design schema.
        for key, value in (field.split("=", 1) for field in fields[3:]):
            properties[key] = int(value) if re.fullmatch(r"-?[0-9]{1,18}", value) else value
        partial.store(kafka, fields[0], "topic", origin, properties)
    return partial


def _properties(text: str, file: str) -> dict[str, str]:
    parsed = Properties()
    try:
        parsed.load(text, "utf-8")
    except Exception as exc:  # jproperties raises several kinds on malformed input; all mean "not readable"
        raise ImportRefused(Origin(file), f"not a Java properties file: {exc}") from exc
    return {key: str(item.data) for key, item in parsed.items()}


def _line(text: str, key: str) -> int:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*[=:\s]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 0


def import_mm2(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """An ``mm2.properties`` file through the existing importer, with the line of each flow's key."""
    text = decode_text(data, file, limits)
    try:
        document = design_from_mm2_properties(text)
    except Mm2ImportError as exc:
        raise ImportRefused(Origin(file, exc.line), exc.message) from exc
    partial = Partial()
    for node in document["nodes"]:
        origin = Origin(file, _line(text, f"{node['name']}.bootstrap.servers") or _line(text, "clusters"), "clusters")
        servers = node.get("properties", {}).get("bootstrap_servers")
        ident = node_id(host_of(servers)) if servers else node["id"]
        partial.node(ident, "kafka", origin, name=node["name"], properties=node.get("properties"))
        partial.extras.setdefault("mm2_ids", {})[node["id"]] = ident
        for store in node.get("stores", []):
            # A plain topic name in a flow's filter: the topic exists on the cluster it is copied from.
            partial.store(ident, store["name"], "topic", origin)
    ids: dict[str, str] = partial.extras.get("mm2_ids", {})
    names = {node["id"]: node["name"] for node in document["nodes"]}
    for flow in document["flows"]:
        key = f"{names[flow['from']]}->{names[flow['to']]}.enabled"
        source, sink = ids[flow["from"]], ids[flow["to"]]
        origin = Origin(file, _line(text, key), key)
        partial.flow(f"{source}-to-{sink}"[:63], source, sink, "mirrormaker2", origin, flow["properties"])
    return partial


def import_properties(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """A ``.properties`` file: MM2, a Streams application, or MirrorMaker 1 / client settings (kept aside)."""
    text = decode_text(data, file, limits)
    values = _properties(text, file)
    if "clusters" in values:
        return import_mm2(data, file, limits)
    partial = Partial()
    if "application.id" in values:
        kafka = node_id(host_of(values.get("bootstrap.servers", "kafka")))
        app = values["application.id"]
        partial.node(kafka, "kafka", Origin(file, _line(text, "bootstrap.servers")))
        number = 0
        while f"route.{number}.from" in values:
            source, sink = values[f"route.{number}.from"], values.get(f"route.{number}.to", "")
            origin = Origin(file, _line(text, f"route.{number}.from"), f"route.{number}")
            partial.store(kafka, source, "topic", origin)
            partial.store(kafka, sink, "topic", origin)
            partial.flow(
                node_id(f"{app}-route-{number}"), f"{kafka}/{source}", f"{kafka}/{sink}", "kafka-streams", origin
            )
            number += 1
        number = 0
        while f"read.{number}" in values:
            topic = values[f"read.{number}"]
            origin = Origin(file, _line(text, f"read.{number}"), f"read.{number}")
            partial.store(kafka, topic, "topic", origin)
            reader = partial.node(node_id(f"{app}-app"), "application", origin, name=app)
            partial.flow(node_id(f"{app}-read-{number}"), f"{kafka}/{topic}", reader["id"], "kafka-streams", origin)
            number += 1
        return partial
    if "bootstrap.servers" in values:
        partial.extras["client_properties"] = {file: values["bootstrap.servers"]}
        return partial
    raise ImportRefused(Origin(file), "a properties file that is neither MM2, Kafka Streams nor a Kafka client")


def _literal(tree: ast.Module, name: str) -> tuple[Any, int]:
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in statement.targets
        ):
            return ast.literal_eval(statement.value), statement.lineno
    return None, 0


def import_spark_job(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """A generated Spark job: its node, ``SOURCES`` read into it and ``SINKS`` written from it."""
    text = decode_text(data, file, limits)
    if len(text) > _MAX_LITERAL:
        raise ImportRefused(Origin(file), "Spark job too large to read")
    try:
        tree = ast.parse(text, filename=file)
        sources, sources_line = _literal(tree, "SOURCES")
        sinks, sinks_line = _literal(tree, "SINKS")
        streaming, _ = _literal(tree, "STREAMING")
        mllib, _ = _literal(tree, "ML_PLACEHOLDER")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", 0) or 0
        raise ImportRefused(Origin(file, line), f"not a readable Spark job: {exc}") from exc
    if not isinstance(sources, list) or not isinstance(sinks, list):
        raise ImportRefused(Origin(file), "no SOURCES and SINKS lists: not a Kafkaesque Spark job")
    partial = Partial()
    service = "spark-mllib" if mllib is True else "spark-streaming" if streaming is True else "spark-batch"
    spark = node_id(_stem(file), prefix="spark")
    partial.node(spark, service, Origin(file, 1), name=spark)
    partial.extras["spark_node"] = spark
    for entries, line, reading in ((sources, sources_line, True), (sinks, sinks_line, False)):
        for position, entry in enumerate(entries):
            key = f"{'SOURCES' if reading else 'SINKS'}[{position}]"
            origin = Origin(file, line, key)
            if not isinstance(entry, dict) or entry.get("kind") not in _SPARK_KINDS:
                partial.problem(origin, "an entry without a known 'kind'")
                continue
            kind = str(entry["kind"])
            other = node_id(str(entry.get("node") or entry.get("host") or kind))
            store = ""
            if kind == "kafka":
                topics = entry.get("topics")
                names = [str(t) for t in topics] if isinstance(topics, list) else []
                store = names[0] if len(names) == 1 else ""
                target = partial.node(other, "kafka", origin)
                for name in names:
                    partial.store(other, name, "topic", origin)
            elif kind == "cassandra":
                store = f"{entry.get('keyspace')}.{entry.get('table')}" if entry.get("table") else ""
            elif kind == "elasticsearch":
                store = str(entry.get("index") or "")
            elif kind == "jdbc":
                store = str(entry.get("table") or entry.get("dbtable") or "")
            elif kind == "s3":
                path = str(entry.get("path") or "")
                bucket = str(entry.get("bucket") or "")
                prefix = path.split("://", 1)[-1].removeprefix(bucket).strip("/") if path else ""
                store = prefix + "/" if prefix else ""
            target = partial.node(other, "cassandra" if kind == "cassandra" else _service(kind), origin)
            if store:
                partial.store(target["id"], store, _SPARK_STORE[kind], origin)
            end = f"{other}/{store}" if store else other
            flow = node_id(str(entry.get("flow") or f"{spark}-{key}"))
            if reading:
                partial.flow(flow, end, spark, f"spark-{kind}", origin)
            else:
                partial.flow(flow, spark, end, f"spark-{kind}", origin)
    return partial


def _service(kind: str) -> str:
    return {"kafka": "kafka", "elasticsearch": "elasticsearch", "jdbc": "jdbc", "s3": "s3"}.get(kind, "application")


def import_zeppelin_note(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """A Zeppelin note (``{name, paragraphs}``): a flow into the notebook per paragraph that reads a store.

    The source is a store reference (``@store:<name>``) the merge step resolves to the node holding it;
    a ``%spark`` paragraph names its Spark node.
    """
    text = decode_text(data, file, limits)
    value = load_json(text, file, limits)
    if not isinstance(value, dict) or not isinstance(value.get("paragraphs"), list):
        raise ImportRefused(Origin(file), "not a Zeppelin note (no 'paragraphs' list)")
    partial = Partial()
    zeppelin = node_id(_stem(file), prefix="zeppelin")
    partial.node(zeppelin, "zeppelin", Origin(file, 1), name=zeppelin)
    for paragraph in value["paragraphs"]:
        if not isinstance(paragraph, dict):
            continue
        title, body = str(paragraph.get("title", "")), str(paragraph.get("text", ""))
        origin = Origin(file, json_line(text, title) if title else 0, title)
        flow = node_id(title.split(":", 1)[0] or f"{zeppelin}-paragraph", prefix="flow")
        interpreter = body.split(None, 1)[0] if body.strip() else ""
        if interpreter.startswith("%spark"):
            found = re.search(r"node '([^']+)'", body)
            if found:
                partial.node(found.group(1), "spark-batch", origin)
                partial.flow(flow, found.group(1), zeppelin, "zeppelin-spark", origin)
            continue
        store = ""
        if interpreter in {"%cassandra", "%jdbc"}:
            found = re.search(r"FROM\s+(\"?[\w]+\"?(?:\.\"?[\w]+\"?)?)", body, re.I)
            store = found.group(1).replace('"', "") if found else ""
        elif interpreter == "%elasticsearch":
            found = re.search(r"search\s+/([^\s/]+)", body)
            store = found.group(1) if found else ""
        if store:
            mechanism = {"%cassandra": "zeppelin-cassandra", "%jdbc": "zeppelin-jdbc"}.get(
                interpreter, "zeppelin-elasticsearch"
            )
            partial.flow(flow, f"@store:{interpreter.lstrip('%')}:{store}", zeppelin, mechanism, origin)
        else:
            partial.note(origin, f"paragraph '{title}' reads nothing the import recognises")
    return partial


def import_init_plan(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """``init/plan.json`` (indices, buckets) or ``init/connect-*.json`` (which worker runs which connector)."""
    text = decode_text(data, file, limits)
    value = load_json(text, file, limits)
    if not isinstance(value, dict):
        raise ImportRefused(Origin(file), "not an init plan")
    partial = Partial()
    for connector in value.get("connectors", []):
        if isinstance(connector, dict) and connector.get("name"):
            worker = host_of(str(connector.get("url", "")))
            partial.extras.setdefault("connector_workers", {})[node_id(str(connector["name"]))] = worker
    for entry in value.get("zeppelin", []):
        interpreters = entry.get("interpreters") if isinstance(entry, dict) else None
        if not isinstance(interpreters, dict):
            continue
        hosts: dict[str, str] = {}
        for interpreter, setting in interpreters.items():
            properties = setting.get("properties", {}) if isinstance(setting, dict) else {}
            address = (
                properties.get("cassandra.hosts")
                or properties.get("default.url", "").removeprefix("jdbc:")
                or properties.get("elasticsearch.host")
            )
            if isinstance(address, str) and address:
                hosts[str(interpreter)] = node_id(host_of(address))
        partial.extras.setdefault("zeppelin_hosts", {})[str(entry.get("file", ""))] = hosts
    for index in value.get("indices", []):
        if isinstance(index, dict) and index.get("index"):
            origin = Origin(file, json_line(text, str(index["index"])), "indices")
            es = node_id(host_of(str(index.get("url", ""))))
            partial.node(es, "elasticsearch", origin)
            partial.store(es, str(index["index"]), "index", origin)
    for bucket in value.get("buckets", []):
        if isinstance(bucket, dict) and bucket.get("bucket"):
            origin = Origin(file, json_line(text, str(bucket["bucket"])), "buckets")
            s3 = node_id(host_of(str(bucket.get("endpoint", ""))))
            partial.node(s3, "s3", origin, properties={"bucket": str(bucket["bucket"])})
    return partial
