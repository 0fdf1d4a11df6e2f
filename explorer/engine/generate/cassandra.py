"""CQL schema per Cassandra cluster: keyspaces with NetworkTopologyStrategy (one DC per location), tables.

Identifiers are always double-quoted (``"`` doubled), DC names are single-quoted literals, so a name is
used exactly as the user wrote it and cannot break out of the statement.
"""

from __future__ import annotations

from explorer.engine.analysis.runnable import sink_mapping

from .connect import cassandra_poll
from .names import cql_identifier, cql_string, safe_filename
from .plan import Artefact, Plan, TableSpec, split_table

__all__ = ["COLUMNS", "build_cassandra", "schema_path"]

COLUMNS: tuple[tuple[str, str], ...] = (("id", "text"), ("payload", "text"), ("updated_at", "timestamp"))


def schema_path(plan: Plan, cluster: str) -> str:
    """``cassandra/schema.cql`` for a single cluster, ``cassandra/<cluster>.schema.cql`` when there are several."""
    if len(plan.clusters) == 1:
        return "cassandra/schema.cql"
    return f"cassandra/{safe_filename(cluster)}.schema.cql"


def replication(plan: Plan, cluster: str) -> dict[str, int]:
    """DC name -> replication factor: one replica per container in that DC, at most 3."""
    counts: dict[str, int] = {}
    for node_id in plan.clusters[cluster]:
        dc = plan.data_centres[node_id]
        counts[dc] = min(3, counts.get(dc, 0) + 1)
    return dict(sorted(counts.items()))


def cluster_tables(plan: Plan, cluster: str) -> list[TableSpec]:
    """Every table of every node in the cluster (a table on two DCs of one cluster is one table)."""
    merged: dict[tuple[str, str], TableSpec] = {}
    for node_id in plan.clusters[cluster]:
        for key, spec in plan.tables.get(node_id, {}).items():
            old = merged.get(key)
            merged[key] = (
                spec if old is None else TableSpec(spec.keyspace, spec.table, old.cdc or spec.cdc, old.implicit)
            )
    return [merged[k] for k in sorted(merged)]


def polled_columns(plan: Plan, cluster: str) -> dict[tuple[str, str], dict[str, str]]:
    """(keyspace, table) -> columns a Cassandra source flow of the design polls by that the generic table lacks.

    A TIMEUUID incremental mode needs a timeuuid column, TIMESTAMP and DSESEARCHTIMESTAMP a timestamp; TOKEN
    polls by the partition key, which the generic table already has.
    """
    generic = {name for name, _ in COLUMNS}
    out: dict[tuple[str, str], dict[str, str]] = {}
    for flow in plan.flows_by("connect-cassandra-source"):
        if flow.source.node not in plan.clusters[cluster]:
            continue
        column, mode = cassandra_poll(flow)
        if column in generic or mode == "TOKEN":
            continue
        kind = "timeuuid" if mode == "TIMEUUID" else "timestamp"
        for name in plan.store_names(flow.source, flow)[:1]:
            out.setdefault(split_table(name), {})[column] = kind
    return out


def mapped_columns(plan: Plan, cluster: str) -> dict[tuple[str, str], dict[str, str]]:
    """(keyspace, table) -> columns the mapping of a Cassandra sink flow into the cluster writes that the generic
    table lacks (``text``; ``timeuuid`` for ``now()``). A flow whose mapping the analysis refuses adds none."""
    generic = {name for name, _ in COLUMNS}
    out: dict[tuple[str, str], dict[str, str]] = {}
    for flow in plan.flows_by("connect-cassandra-sink"):
        if flow.sink.node not in plan.clusters[cluster]:
            continue
        mapping = sink_mapping(flow)
        if mapping is None or mapping.problem is not None:
            continue
        for name in plan.store_names(flow.sink, flow):
            columns = out.setdefault(split_table(name), {})
            for column, kind in mapping.columns().items():
                if column not in generic:
                    columns.setdefault(column, kind)
    return out


def schema_statements(plan: Plan, cluster: str) -> tuple[list[str], list[str]]:
    """The CQL statements for one cluster and the identifiers they must carry, in order."""
    tables = cluster_tables(plan, cluster)
    factors = replication(plan, cluster)
    statements: list[str] = []
    identifiers: list[str] = []
    strategy = ", ".join(
        [f"{cql_string('class')}: {cql_string('NetworkTopologyStrategy')}"]
        + [f"{cql_string(dc)}: {rf}" for dc, rf in factors.items()]
    )
    for keyspace in sorted({t.keyspace for t in tables}):
        statements.append(
            f"CREATE KEYSPACE IF NOT EXISTS {cql_identifier(keyspace)}\n  WITH replication = {{{strategy}}};"
        )
        identifiers.append(keyspace)
    polled = polled_columns(plan, cluster)
    mapped = mapped_columns(plan, cluster)
    for spec in tables:
        extra = {**mapped.get((spec.keyspace, spec.table), {}), **polled.get((spec.keyspace, spec.table), {})}
        own = list(COLUMNS) + sorted(extra.items())
        columns = ",\n".join(
            f"  {cql_identifier(name)} {kind}{' PRIMARY KEY' if name == 'id' else ''}" for name, kind in own
        )
        suffix = " WITH cdc = true" if spec.cdc else ""
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {cql_identifier(spec.keyspace)}.{cql_identifier(spec.table)} (\n"
            f"{columns}\n){suffix};"
        )
        identifiers += [spec.keyspace, spec.table] + [name for name, _ in own]
    return statements, identifiers


def build_cassandra(plan: Plan) -> list[Artefact]:
    """One schema file per Cassandra cluster that has tables."""
    artefacts: list[Artefact] = []
    for cluster in sorted(plan.clusters):
        statements, identifiers = schema_statements(plan, cluster)
        if not statements:
            continue
        dcs = ", ".join(replication(plan, cluster))
        header = (
            f"-- CQL schema for Cassandra cluster {cluster} (data centres: {dcs}).\n"
            "-- Replication factors fit the local compose run (one container per DC); raise them for production.\n"
        )
        text = header + "\n\n".join(statements) + "\n"
        path = schema_path(plan, cluster)
        for flow in plan.flows_by("cassandra-replication"):
            if flow.source.node in plan.clusters[cluster]:
                plan.carry(flow.id, path)
        artefacts.append(
            Artefact(path, text.encode("utf-8"), "cql", {"statements": len(statements), "identifiers": identifiers})
        )
        for spec in cluster_tables(plan, cluster):
            if spec.implicit:
                plan.placeholder(path, f"table {spec.keyspace}.{spec.table}", "invented: node declares no table")
        plan.placeholder(path, "columns id/payload/updated_at", "generic columns; replace with your data model")
    return artefacts
