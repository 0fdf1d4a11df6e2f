"""The round trip ``import(generate(d)) ≡ d``: what equivalence means, in one place.

The bundle carries nodes (compose services, named by node id), stores (topics, tables, indices, prefixes)
and flows (connectors, MM2 directions, Spark jobs, Streams routes, clients, notebooks). What it does not
carry, and so what equivalence ignores:

- locations, except a Cassandra node's data centre (``CASSANDRA_DC``): other nodes come back unplaced;
- event-source and application nodes: the bundle runs a sample producer or consumer per flow instead,
  so they come back as one client node per flow and are matched through their flows;
- store names the generator invents for flow ends that name none (``Plan.implicit_store``), and tables
  a Cassandra keyspace replicates to every data centre of its cluster: extra stores the design implied;
- S3 prefixes no flow of their node names (the bundle has a MinIO bucket, not its prefixes);
- flow ids of Streams routes and Cassandra replication (one app per cluster, no direction).
"""

from __future__ import annotations

from typing import Any

from catalog import default_catalog
from explorer.engine.drift import CLIENT_SERVICES, Difference, drift
from explorer.engine.importers.collection import import_files


def _implied(design: dict[str, Any], difference: Difference) -> bool:
    """An extra store the design implies (a flow end without a store, or a table of a sibling DC)."""
    if difference.element != "store" or difference.status != "extra" or difference.design_id is None:
        return False
    node = difference.design_id
    name = difference.key.split("/", 1)[1]
    for flow in design["flows"]:
        for end in (flow["from"], flow["to"]):
            if end == node:
                return True
    by_id = {n["id"]: n for n in design["nodes"]}
    if by_id[node]["service"] in {"cassandra", "elassandra"}:
        # A keyspace is replicated to every data centre of the cluster: a sibling's table, declared or implied.
        siblings = {n["id"] for n in design["nodes"] if n["service"] in {"cassandra", "elassandra"}} - {node}
        declared = any(s["name"] == name for n in design["nodes"] if n["id"] in siblings for s in n.get("stores", []))
        implied = any(end in siblings for f in design["flows"] for end in (f["from"], f["to"]))
        return declared or (implied and name.startswith("kafkaesque."))
    return False


def _unnamed(design: dict[str, Any], difference: Difference) -> bool:
    """A missing S3 prefix that no flow of its node names: nothing in the bundle would hold it."""
    if difference.element != "store" or difference.status != "missing" or difference.design_id is None:
        return False
    node = next(n for n in design["nodes"] if n["id"] == difference.design_id)
    if node["service"] != "s3":
        return False
    name = difference.key.split("/", 1)[1]
    named = {
        end.split("/", 1)[1].strip("/")
        for f in design["flows"]
        for end in (f["from"], f["to"])
        if end.startswith(node["id"] + "/")
    }
    declared = [s["name"] for s in node.get("stores", [])]
    flows_without_store = any(end == node["id"] for f in design["flows"] for end in (f["from"], f["to"]))
    # A flow to the node itself writes the node's stores (Plan.store_names): only the first prefix is used.
    if flows_without_store and declared and name.strip("/") == declared[0].strip("/"):
        return False
    return name.strip("/") not in named


def _named_by_filter(design: dict[str, Any], difference: Difference) -> bool:
    """An extra topic on the source of a replication flow whose ``topics`` filter names it literally.

    The design names the topic through the filter (``topics: "0"``) while its endpoint may name another store;
    the bundle copies what the filter says, and the importer reads the filter's literal names as topics.
    """
    if difference.element != "store" or difference.status != "extra":
        return False
    node, _, name = difference.key.partition("/")
    return any(
        item["from"].split("/", 1)[0] == node
        and isinstance(topics := item.get("properties", {}).get("topics"), str)
        and name in (part.strip() for part in topics.split(","))
        for item in design["flows"]
    )


def round_trip_differences(design: dict[str, Any], files: dict[str, bytes]) -> list[str]:
    """What the imported bundle gets wrong about ``design``: problems, then differences not explained above."""
    result = import_files(files, default_catalog())
    out = [f"problem {p}" for p in result.problems]
    report = drift(design, result.document, default_catalog(), origins=result.origins, analysis=False)
    clients = {n["id"] for n in design["nodes"] if n["service"] in CLIENT_SERVICES}
    for difference in report.differences:
        if _implied(design, difference):
            continue
        if _unnamed(design, difference) or _named_by_filter(design, difference):
            continue
        if difference.element == "node" and difference.status == "missing" and difference.design_id in clients:
            continue  # a client node whose flows the bundle does not run is reported through those flows
        out.append(f"{difference.status} {difference.element} {difference.key}: {difference.message}")
    return out
