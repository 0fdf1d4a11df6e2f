"""The bundle's README.md: what runs, in what order, prerequisites, placeholders, how to check it works."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any

from .connect import bucket_name, connect_clusters, facts
from .names import cql_identifier, markdown_code
from .plan import CASSANDRA_LIKE, Artefact, Plan, split_table
from .spark import SPARK_SERVICES, submit_argv
from .zeppelin import sql_identifier

__all__ = ["CHECKED_BY", "build_readme"]

CHECKED_BY: dict[str, str] = {
    "compose": "parsed with PyYAML and validated against the Compose Specification JSON Schema",
    "json": "parsed back with json and compared with the intended values",
    "connector": "parsed back with json; class and required keys checked against integrations.md section 2",
    "ndjson": "parsed back line by line with json",
    "yaml": "parsed back with PyYAML and compared with the intended values",
    "properties": "parsed back with jproperties and compared key by key",
    "cql": "each statement parsed by the cqlsh CQL grammar (cqlshlib); identifiers compared",
    "python": "compiled with ast.parse; the SOURCES/SINKS literals compared",
    "tsv": "split back into rows and compared",
    "maven": "parsed as XML; every dependency and plugin checked for a pinned version",
    "k8s": "parsed with PyYAML and validated against Strimzi 1.2's kafka.strimzi.io/v1 CRD schemas",
    "java": "parsed with javalang (Java syntax); the public class matches its file and package",
}
NOT_CHECKED: dict[str, str] = {
    "logstash": "Logstash pipelines: no Logstash parser available; only the quoted values were read back",
    "sql": "PostgreSQL init SQL: no SQL parser available; identifiers are double-quoted",
    "shell": "init/create-topics.sh and apps/produce.sh: fixed scripts (no design values inside); not run here",
    "markdown": "Markdown files: not parsed",
    "hocon": "Debezium driver files (HOCON): no HOCON parser available; values are JSON-quoted strings",
}


def _table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def _sh(*argv: str) -> str:
    """A shell command line as an inline code span: every argument quoted, the span unbreakable."""
    return markdown_code(shlex.join(argv))


def _flows_section(plan: Plan) -> list[str]:
    """Every flow of the design with the files that carry it (or the placeholder that says it is not carried)."""
    rows = []
    for flow in plan.flows():
        carriers = plan.carriers.get(flow.id)
        carried = ", ".join(markdown_code(path) for path in carriers) if carriers else "not generated (placeholder)"
        rows.append([markdown_code(flow.id), markdown_code(plan.mechanism(flow)), carried])
    if not rows:
        return []
    return ["## Flows and what carries them", "", *_table(rows, ["flow", "mechanism", "carried by"]), ""]


def _data_section(plan: Plan, compose: dict[str, Any]) -> list[str]:
    """How to put a first record on each source and see it arrive at each sink."""
    out = ["## See data move", ""]
    services = compose.get("services", {})
    producers = [
        (name, s["command"][3])
        for name, s in services.items()
        if isinstance(s.get("command"), list) and s["command"][1:2] == ["/bundle/apps/produce.sh"]
    ]
    consumers = [name for name, s in services.items() if name.endswith("-consumer")]
    if producers:
        out.append("Sample producers start with the bundle and write a record every few seconds:")
        out += [f"- {_sh('docker', 'compose', 'logs', '-f', name)} (topic {markdown_code(t)})" for name, t in producers]
    for flow in plan.flows_by("connect-jdbc-source"):
        host = plan.host(flow.source.node)
        for table in plan.store_names(flow.source, flow):
            sql = f"INSERT INTO {sql_identifier(table)} (payload) VALUES ('first record')"
            out.append(
                f"- First row for {markdown_code(flow.id)}: "
                + _sh("docker", "compose", "exec", host, "psql", "-U", "kafkaesque", "-d", "kafkaesque", "-c", sql)
            )
    for flow in plan.flows_by("connect-cassandra-source", "debezium-cassandra"):
        host = plan.host(flow.source.node)
        for name in plan.store_names(flow.source, flow):
            keyspace, table = split_table(name)
            cql = (
                f"INSERT INTO {cql_identifier(keyspace)}.{cql_identifier(table)} (id, payload, updated_at) "
                "VALUES ('1', 'first record', toTimestamp(now()))"
            )
            out.append(
                f"- First row for {markdown_code(flow.id)}: "
                + _sh("docker", "compose", "exec", host, "cqlsh", "-e", cql)
            )
    out += ["", "Then look at every store the records reach:", ""]
    for node in plan.nodes("kafka"):
        for topic in sorted(plan.topics.get(node.id, {})):
            out.append(
                f"- Topic {markdown_code(topic)} on {markdown_code(node.id)}: "
                + _sh(
                    "docker",
                    "compose",
                    "exec",
                    plan.host(node.id),
                    "/opt/kafka/bin/kafka-console-consumer.sh",
                    "--bootstrap-server",
                    "localhost:9092",
                    f"--topic={topic}",
                    "--from-beginning",
                    "--max-messages",
                    "5",
                )
            )
    for node in plan.nodes(*CASSANDRA_LIKE):
        for keyspace, table in sorted(plan.tables.get(node.id, {})):
            cql = f"SELECT * FROM {cql_identifier(keyspace)}.{cql_identifier(table)} LIMIT 5"
            out.append(
                f"- Table {markdown_code(keyspace + '.' + table)} on {markdown_code(node.id)}: "
                + _sh("docker", "compose", "exec", plan.host(node.id), "cqlsh", "-e", cql)
            )
    for flow in plan.flows_by("connect-elasticsearch-sink", "spark-elasticsearch", "logstash-elasticsearch"):
        sink = plan.node(flow.sink.node)
        if sink is None or sink.service not in ("elasticsearch", "elassandra"):
            continue
        for index in plan.store_names(flow.sink, flow):
            out.append(
                f"- Index {markdown_code(index)} on {markdown_code(sink.id)}: "
                + _sh(
                    "docker",
                    "compose",
                    "exec",
                    plan.host(sink.id),
                    "curl",
                    "-s",
                    f"localhost:9200/{index}/_search?size=5",
                )
            )
    for node in plan.nodes("s3"):
        bucket = bucket_name(plan, node.id)
        out.append(
            f"- Bucket {markdown_code(bucket)} on {markdown_code(node.id)} (objects appear within a minute): "
            + _sh(
                "docker",
                "compose",
                "exec",
                plan.host(node.id),
                "sh",
                "-c",
                "mc alias set local http://localhost:9000 minioadmin minioadmin >/dev/null && mc ls -r local/" + bucket,
            )
        )
    for node in plan.nodes("jdbc"):
        for table in sorted(
            {
                n
                for f in plan.flows_by("connect-jdbc-sink")
                if f.sink.node == node.id
                for n in plan.store_names(f.sink, f)
            }
        ):
            sql = f"SELECT * FROM {sql_identifier(table)} LIMIT 5"
            out.append(
                f"- Table {markdown_code(table)} on {markdown_code(node.id)}: "
                + _sh(
                    "docker",
                    "compose",
                    "exec",
                    plan.host(node.id),
                    "psql",
                    "-U",
                    "kafkaesque",
                    "-d",
                    "kafkaesque",
                    "-c",
                    sql,
                )
            )
    out += [f"- What {markdown_code(name)} received: {_sh('docker', 'compose', 'logs', name)}" for name in consumers]
    for name, service in services.items():
        ports = service.get("ports") or []
        if ports and str(service.get("image", "")).startswith(("docker.elastic.co/kibana", "apache/zeppelin")):
            host_port = str(ports[0]).split(":", 1)[0]
            out.append(f"- {markdown_code(name)} in a browser: http://localhost:{host_port}/")
    out.append("")
    return out


def build_readme(plan: Plan, artefacts: Sequence[Artefact], compose: dict[str, Any]) -> Artefact:
    """The README for the artefacts generated so far (placeholders included)."""
    design = plan.design
    out: list[str] = [
        f"# Runnable bundle: {markdown_code(design.name)}",
        "",
        "Generated by Kafkaesque from the design document. It runs the whole design on one machine with",
        "`docker compose`, and carries the configuration files to run it on real clusters (`k8s/` for Strimzi).",
        "",
        "## What runs",
        "",
    ]
    services = compose.get("services", {})
    out += _table(
        [[markdown_code(name), markdown_code(str(s.get("image", "")))] for name, s in services.items()],
        ["service", "image"],
    )
    out += [
        "",
        "## Prerequisites",
        "",
        "- Docker with the compose plugin, about 8 GB of memory for the containers.",
        "- Internet access when the containers start: `confluent-hub install` fetches connector plugins (pinned",
        "  versions), `spark-submit --packages` and the Kafka Streams builds fetch jars from Maven Central. For",
        "  offline runs bake them into images.",
    ]
    if plan.nodes("elasticsearch", "elassandra"):
        out.append(
            "- Elasticsearch needs `vm.max_map_count` >= 262144 on the host (`sysctl -w vm.max_map_count=262144`)."
        )
    manual = []
    for flows in connect_clusters(plan).values():
        for flow in flows:
            info = facts(plan, plan.mechanism(flow))
            if info is not None and info.hub is None:
                manual.append(
                    f"- Download the plugin for {markdown_code(info.connector_class)} into `connect/plugins/`"
                    f" (flow {markdown_code(flow.id)})."
                )
    out += manual
    out += [
        "",
        "## Order",
        "",
        "1. `docker compose up -d` starts every service. Health checks gate the order:",
        "   brokers and databases first, then the one-shot helpers that create topics (`init-topics-*`, reading",
        "   `kafka/*.topics.tsv`) and apply the CQL schema (`init-cql-*`). MirrorMaker, Kafka Streams",
        "   applications and the sample producers and consumers start once their topics exist.",
        "2. The one-shot `init` service runs `init/init.py` with `init/plan.json`: it waits for every HTTP service,",
        "   creates S3 buckets and Elasticsearch indices, points Zeppelin's interpreters at the bundle's hosts and",
        "   imports Kibana data views and Zeppelin notes. Every design value it uses is read from files, as data.",
        "   Running it again (a second `docker compose up`) finds everything in place and moves on.",
        "3. Per Connect cluster, `init-connect-*` validates each connector with",
        "   `PUT /connector-plugins/{class}/config/validate` and only then creates it with",
        "   `PUT /connectors/{name}/config`.",
        "   A worker whose plugin failed to download holds up only its own connectors.",
        "4. Spark jobs and Logstash start after `init` has succeeded.",
        "",
    ]
    spark_nodes = plan.nodes(*SPARK_SERVICES)
    if spark_nodes:
        out += ["### Spark submit commands", ""]
        for node in spark_nodes:
            out += [f"Node {markdown_code(node.id)}:", "", "```sh", shlex.join(submit_argv(plan, node)), "```", ""]
    out += _flows_section(plan)
    out += _data_section(plan, compose)
    out += ["## Placeholders to check or fill in", ""]
    if plan.placeholders:
        rows = [
            [markdown_code(p.path), p.item, p.reason] for p in sorted(plan.placeholders, key=lambda p: (p.path, p.item))
        ]
        out += _table(rows, ["file", "what", "why"])
    else:
        out.append("None.")
    if plan.notes:
        out += ["", "## Notes", ""] + [f"- {note}" for note in sorted(set(plan.notes))]
    out += [
        "",
        "## How to check it works",
        "",
        "- `docker compose ps`: every long-running service is `healthy`; `init` and `init-*` exited with code 0.",
        "- `docker compose logs init` ends with `init: done` and lists each connector, index and import.",
    ]
    for kafka_id in connect_clusters(plan):
        worker = plan.hosts["connect:" + kafka_id]
        out.append(
            f"- Connectors of {markdown_code(kafka_id)}: "
            f"`docker compose exec {worker} curl -s localhost:8083/connectors?expand=status`."
        )
    for node in plan.nodes("kafka"):
        out.append(
            f"- Topics of {markdown_code(node.id)}: `docker compose exec {plan.host(node.id)} "
            "/opt/kafka/bin/kafka-topics.sh --bootstrap-server localhost:9092 --list`."
        )
    for members in plan.clusters.values():
        out.append(f"- Schema: `docker compose exec {plan.host(members[0])} cqlsh -e 'DESCRIBE KEYSPACES'`.")
    out += ["", "## How the files were checked", ""]
    kinds = sorted({a.kind for a in artefacts} | {"markdown"})
    out += [f"- {kind}: {CHECKED_BY[kind]}" for kind in kinds if kind in CHECKED_BY]
    out += ["", "Not checked by a real parser:", ""]
    out += [f"- {NOT_CHECKED[kind]}" for kind in kinds if kind in NOT_CHECKED]
    out += [
        "- Connector JSON: no Connect runtime runs offline, so the `init` service validates each config against",
        "  the real Connect REST endpoint before creating it.",
        "- Nothing here was run against live containers by the generator.",
        "",
    ]
    return Artefact("README.md", "\n".join(out).encode("utf-8"), "markdown")
