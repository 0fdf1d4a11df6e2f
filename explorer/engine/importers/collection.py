"""Import several files (a folder, a zip, a bundle) into one design: dispatch, archive safety, merge.

Each file goes to the importer its name and content call for; a file that is refused as a whole becomes a
problem naming it, and the others are still read. The partial designs are then merged: Kafka clusters
that share an id, an alias or a bootstrap host are one node; Cassandra nodes of a CQL schema join the
compose container of the same data centre; a connector joins the Kafka cluster its worker's bootstrap
servers name (else the only Kafka cluster); Zeppelin paragraphs join the node that holds the store they read.

Zip archives are checked from their central directory before anything is inflated: entry count, each
entry's declared size and compression ratio, the total, and every name (no absolute paths, no ``..``, no
backslashes). Entries are then inflated with a read bounded by the declared size, so a header that lies
cannot inflate more than it declared.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from catalog import Catalog
from explorer.engine.document import FORMAT, Limits, structural_problems

from .base import (
    DEFAULT_LIMITS,
    ImportProblem,
    ImportRefused,
    Origin,
    Partial,
    decode_text,
    load_json,
    load_yaml_documents,
    node_id,
)
from .bundle_files import (
    import_init_plan,
    import_properties,
    import_spark_job,
    import_topics_tsv,
    import_zeppelin_note,
)
from .compose import host_of, import_compose, is_compose
from .connect import KAFKA_PLACEHOLDER, import_connect, is_connect
from .cql import import_cql
from .logstash import import_logstash
from .sql import import_sql
from .strimzi import import_strimzi, is_strimzi

__all__ = ["MAX_ENTRIES", "MAX_RATIO", "ImportResult", "expand_archives", "import_files", "merge"]

MAX_ENTRIES = 2000
#: Compression ratio above which an entry is refused: text configs compress ~5-20x, bombs ~1000x.
MAX_RATIO = 100
_SKIPPED_SUFFIXES = (".md", ".sh", ".java", ".xml", ".ndjson", ".submit.json", "/topics.json", "init.py")
_RANK = {"compose": 0, "strimzi": 1}
# The services whose stores a Zeppelin interpreter reads.
_INTERPRETER_SERVICES = {
    "cassandra": frozenset({"cassandra", "elassandra"}),
    "jdbc": frozenset({"jdbc"}),
    "elasticsearch": frozenset({"elasticsearch", "elassandra"}),
}


@dataclass(frozen=True)
class ImportResult:
    """The merged design, where each element was read, and what could not be read or understood."""

    document: dict[str, Any]
    origins: Mapping[str, Origin]
    problems: tuple[ImportProblem, ...]
    notes: tuple[ImportProblem, ...]
    files: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (``origins`` keyed by element: ``node:<id>``, ``store:<node>/<name>``, ``flow:<id>``)."""
        return {
            "document": self.document,
            "origins": {key: origin.to_dict() for key, origin in sorted(self.origins.items())},
            "problems": [p.to_dict() for p in self.problems],
            "notes": [n.to_dict() for n in self.notes],
            "files": list(self.files),
        }


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return (
        bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and ":" not in parts[0]
        and all(part not in {"", ".", ".."} for part in parts if part != parts[-1] or part)
    )


def _expand_zip(data: bytes, file: str, limits: Limits) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportRefused(Origin(file), f"not a readable zip archive: {exc}") from exc
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > MAX_ENTRIES:
        raise ImportRefused(Origin(file), f"{len(entries)} entries exceed the limit of {MAX_ENTRIES}")
    total = 0
    for info in entries:
        where = Origin(file, 0, info.filename)
        if not _safe_name(info.filename.rstrip("/")):
            raise ImportRefused(where, "unsafe entry name (absolute, '..' or backslash): refused")
        if info.file_size > limits.max_bytes:
            raise ImportRefused(where, f"entry of {info.file_size} bytes exceeds the limit of {limits.max_bytes}")
        if info.file_size > 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportRefused(where, f"compression ratio above {MAX_RATIO}: a zip bomb is refused")
        total += info.file_size
        if total > 20 * limits.max_bytes:
            raise ImportRefused(Origin(file), f"archive expands beyond {20 * limits.max_bytes} bytes")
    out: dict[str, bytes] = {}
    for info in entries:
        try:
            with archive.open(info) as stream:
                content = stream.read(info.file_size + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError) as exc:
            raise ImportRefused(Origin(file, 0, info.filename), f"cannot read entry: {exc}") from exc
        if len(content) > info.file_size:
            raise ImportRefused(Origin(file, 0, info.filename), "entry inflates beyond its declared size")
        out[f"{file}!{info.filename}"] = content
    return out


def expand_archives(
    files: Mapping[str, bytes], limits: Limits = DEFAULT_LIMITS
) -> tuple[dict[str, bytes], list[ImportProblem]]:
    """Files with every zip replaced by its entries (``archive.zip!path``); refused archives as problems."""
    out: dict[str, bytes] = {}
    problems: list[ImportProblem] = []
    for name, data in sorted(files.items()):
        if name.lower().endswith(".zip") or data[:4] == b"PK\x03\x04":
            try:
                out.update(_expand_zip(data, name, limits))
            except ImportRefused as exc:
                problems.append(exc.problem)
        else:
            out[name] = data
    return out, problems


def _path(name: str) -> str:
    """The path inside the archive (after ``!``), or the name itself."""
    return name.rsplit("!", 1)[-1]


def _import_one(name: str, data: bytes, catalog: Catalog, limits: Limits) -> tuple[str, Partial] | None:
    """``(format, partial)`` for one file, or None when the file is not one an importer reads."""
    path = _path(name)
    lower = path.lower()
    if lower.endswith((".yml", ".yaml")):
        documents = load_yaml_documents(decode_text(data, name, limits), name, limits)
        if documents and is_compose(documents[0].value):
            return "compose", import_compose(data, name, limits, documents=documents)
        if any(is_strimzi(d.value) for d in documents):
            return "strimzi", import_strimzi(data, name, catalog, limits, documents=documents)
        return None
    if lower.endswith(".json"):
        text = decode_text(data, name, limits)
        value = load_json(text, name, limits)
        if isinstance(value, dict) and isinstance(value.get("paragraphs"), list):
            return "zeppelin", import_zeppelin_note(data, name, limits)
        if isinstance(value, dict) and ({"connectors", "indices", "buckets"} & set(value)):
            return "init", import_init_plan(data, name, limits)
        if is_connect(value):
            return "connect", import_connect(data, name, catalog, limits)
        return None
    if lower.endswith(".properties"):
        return "properties", import_properties(data, name, limits)
    if lower.endswith(".tsv"):
        return "topics", import_topics_tsv(data, name, limits)
    if lower.endswith(".cql"):
        return "cql", import_cql(data, name, limits=limits)
    if lower.endswith(".sql"):
        return "sql", import_sql(data, name, limits=limits)
    if lower.endswith(".conf"):
        return "logstash", import_logstash(data, name, limits=limits)
    if lower.endswith(".py") and b"SOURCES" in data:
        return "spark", import_spark_job(data, name, limits)
    return None


def import_files(files: Mapping[str, bytes], catalog: Catalog, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Import and merge ``files`` (name -> bytes; zips are expanded) into one design document.

    Parameters
    ----------
    files
        File names (paths relative to what was uploaded) and their contents.
    catalog
        The service catalog (connector classes, mechanism pairs).
    limits
        Size and nesting bounds applied to every file and archive entry.

    Returns
    -------
    ImportResult
        The document (``kafkaesque.design/v1``), each element's origin, problems (files or entries that could
        not be read, with file and line) and notes (what was read but not understood).
    """
    expanded, problems = expand_archives(files, limits)
    partials: list[tuple[str, Partial]] = []
    notes: list[ImportProblem] = []
    read: list[str] = []
    for name, data in sorted(expanded.items()):
        if _path(name).endswith(_SKIPPED_SUFFIXES):
            continue
        try:
            found = _import_one(name, data, catalog, limits)
        except ImportRefused as exc:
            problems.append(exc.problem)
            continue
        if found is None:
            notes.append(ImportProblem(Origin(name), "not a file any importer reads; skipped"))
            continue
        read.append(name)
        partials.append(found)
    merged = merge(partials)
    problems += merged.problems
    notes += merged.notes
    return ImportResult(merged.document, merged.origins, tuple(sorted(problems)), tuple(sorted(notes)), tuple(read))


class _Merger:
    """Joins partial designs: nodes by id (after aliasing), stores by name, flows by id."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.rank: dict[str, int] = {}
        self.flows: dict[str, dict[str, Any]] = {}
        self.origins: dict[str, Origin] = {}
        self.problems: list[ImportProblem] = []
        self.notes: list[ImportProblem] = []
        self.extras: dict[str, Any] = {
            "connect_workers": {},
            "connector_workers": {},
            "mm1": [],
            "client_properties": {},
            "zeppelin_hosts": {},
        }

    def add(self, fmt: str, partial: Partial) -> None:
        rank = _RANK.get(fmt, 2)
        for ident, node in partial.nodes.items():
            # A Spark job says whether it streams: it knows the node's kind better than the container does.
            own = -1 if fmt == "spark" and ident == partial.extras.get("spark_node") else rank
            self.add_node(ident, node, own, partial.origins.get(f"node:{ident}"))
            for name, store in node["stores"].items():
                key = f"store:{ident}/{name}"
                if key in partial.origins:
                    self.origins.setdefault(key, partial.origins[key])
                target = self.nodes[ident]["stores"].setdefault(name, {"name": name, "kind": store["kind"]})
                if "properties" in store:
                    target.setdefault("properties", {}).update(store["properties"])
        for ident, flow in partial.flows.items():
            origin = partial.origins[f"flow:{ident}"]
            earlier = self.flows.get(ident)
            if earlier is not None and earlier != flow:
                # The same flow described twice (compose and Kubernetes files of one system) but differently.
                self.notes.append(
                    ImportProblem(
                        origin,
                        f"flow '{ident}' differs from its description in {self.origins[f'flow:{ident}']}; "
                        "this one is used",
                    )
                )
            self.flows[ident] = dict(flow)
            self.origins[f"flow:{ident}"] = origin
        self.problems += partial.problems
        self.notes += partial.notes
        for key in ("connect_workers", "connector_workers", "client_properties", "zeppelin_hosts"):
            self.extras[key].update(partial.extras.get(key, {}))
        self.extras["mm1"] += partial.extras.get("mm1", [])

    def add_node(self, ident: str, node: dict[str, Any], rank: int, origin: Origin | None) -> None:
        existing = self.nodes.get(ident)
        weak = node["service"] in {"application", "event-source"}
        effective = rank + (10 if weak else 0)
        if existing is None:
            self.nodes[ident] = {**{k: v for k, v in node.items() if k != "stores"}, "stores": {}}
            self.nodes[ident]["properties"] = dict(node.get("properties", {}))
            self.rank[ident] = effective
            if origin is not None:
                self.origins[f"node:{ident}"] = origin
            return
        if effective < self.rank[ident]:
            existing["service"] = node["service"]
            self.rank[ident] = effective
            if origin is not None:
                self.origins[f"node:{ident}"] = origin
            if node.get("name") and node["name"] != ident:
                existing["name"] = node["name"]
        for key, value in node.get("properties", {}).items():
            existing["properties"].setdefault(key, value)
        if node.get("location") and not existing.get("location"):
            existing["location"] = node["location"]

    # ---- aliasing ---------------------------------------------------------------------------------
    def rename(self, old: str, new: str) -> None:
        """Fold node ``old`` into ``new`` (stores, properties, and every flow endpoint)."""
        if old == new or old not in self.nodes:
            return
        source = self.nodes.pop(old)
        rank = self.rank.pop(old)
        if new not in self.nodes:
            self.nodes[new] = {**source, "id": new, "stores": {}}
            self.rank[new] = rank
        target = self.nodes[new]
        for key, value in source.get("properties", {}).items():
            target.setdefault("properties", {}).setdefault(key, value)
        if source.get("location") and not target.get("location"):
            target["location"] = source["location"]
        for name, store in source["stores"].items():
            merged = target["stores"].setdefault(name, dict(store))
            if "properties" in store:
                merged.setdefault("properties", {}).update(store["properties"])
            origin = self.origins.pop(f"store:{old}/{name}", None)
            if origin is not None:
                self.origins.setdefault(f"store:{new}/{name}", origin)
        origin = self.origins.pop(f"node:{old}", None)
        if origin is not None:
            self.origins.setdefault(f"node:{new}", origin)
        for flow in self.flows.values():
            for end in ("from", "to"):
                node, sep, store = flow[end].partition("/")
                if node == old:
                    flow[end] = f"{new}{sep}{store}"

    def unify_kafka(self) -> None:
        """Kafka nodes sharing an id or bootstrap host are one cluster; the best-ranked id wins."""
        keys: dict[str, set[str]] = {}
        for ident, node in self.nodes.items():
            if node["service"] != "kafka" or ident == KAFKA_PLACEHOLDER:
                continue
            servers = str(node.get("properties", {}).get("bootstrap_servers", ""))
            hosts = {node_id(host_of(s)) for s in servers.split(",") if s.strip()}
            keys[ident] = {ident} | {h.removesuffix("-kafka-bootstrap") for h in hosts}
        parent = {ident: ident for ident in keys}

        def find(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        owners: dict[str, str] = {}
        for ident in sorted(keys):
            for key in sorted(keys[ident]):
                if key in owners:
                    a, b = find(owners[key]), find(ident)
                    if a != b:
                        best = min((a, b), key=lambda i: (self.rank[i], i))
                        parent[a if best == b else b] = best
                else:
                    owners[key] = ident
        for ident in sorted(keys):
            self.rename(ident, find(ident))

    def unify_cassandra(self) -> None:
        """CQL-derived nodes (``cluster_hint``) join the container of the same data centre."""
        containers = {
            ident: node
            for ident, node in self.nodes.items()
            if node["service"] in {"cassandra", "elassandra"} and "cluster_hint" not in node.get("properties", {})
        }
        for ident, node in sorted(self.nodes.items()):
            properties = node.get("properties", {})
            if "cluster_hint" not in properties:
                continue
            dc = properties.get("data_centre")
            candidates = [
                other
                for other, info in containers.items()
                if dc is None or info.get("properties", {}).get("data_centre") == dc
            ]
            preferred = [
                c
                for c in candidates
                if containers[c].get("properties", {}).get("cluster") == properties["cluster_hint"]
            ]
            chosen = preferred or candidates
            if len(chosen) >= 1 and (len(chosen) == 1 or preferred):
                for target in sorted(chosen):
                    self.nodes[target].setdefault("stores", {})
                    for name, store in node["stores"].items():
                        self.nodes[target]["stores"].setdefault(name, dict(store))
                        origin = self.origins.get(f"store:{ident}/{name}")
                        if origin is not None:
                            self.origins.setdefault(f"store:{target}/{name}", origin)
                self.nodes.pop(ident)
                self.origins.pop(f"node:{ident}", None)
            else:
                properties.pop("cluster_hint", None)

    def resolve_connectors(self) -> None:
        """Attach each connector's ``@kafka`` end to the cluster its worker uses (else the only cluster)."""
        if KAFKA_PLACEHOLDER not in self.nodes:
            return
        clusters = sorted(i for i, n in self.nodes.items() if n["service"] == "kafka" and i != KAFKA_PLACEHOLDER)
        placeholder = self.nodes.pop(KAFKA_PLACEHOLDER)
        self.rank.pop(KAFKA_PLACEHOLDER, None)
        self.origins.pop(f"node:{KAFKA_PLACEHOLDER}", None)
        fallback = clusters[0] if len(clusters) == 1 else "kafka"
        for flow_id, flow in sorted(self.flows.items()):
            for end in ("from", "to"):
                node, sep, store = flow[end].partition("/")
                if node != KAFKA_PLACEHOLDER:
                    continue
                worker = self.extras["connector_workers"].get(flow_id)
                info = self.extras["connect_workers"].get(worker) if worker else None
                # Without a worker: the only cluster, else the only one that already holds the topic.
                holding = [c for c in clusters if store and store in self.nodes[c]["stores"]]
                target = holding[0] if len(clusters) > 1 and len(holding) == 1 else fallback
                if info and info.get("bootstrap"):
                    target = node_id(host_of(info["bootstrap"]).removesuffix("-kafka-bootstrap"))
                if target not in self.nodes:
                    self.nodes[target] = {"id": target, "service": "kafka", "name": target, "stores": {}}
                    self.rank[target] = 2
                    self.origins[f"node:{target}"] = self.origins[f"flow:{flow_id}"]
                if store:
                    self.nodes[target]["stores"].setdefault(store, dict(placeholder["stores"].get(store, {})))
                    self.nodes[target]["stores"][store].setdefault("name", store)
                    self.nodes[target]["stores"][store].setdefault("kind", "topic")
                    self.origins.setdefault(f"store:{target}/{store}", self.origins[f"flow:{flow_id}"])
                flow[end] = f"{target}{sep}{store}"
        # Topics of connectors that name several: declared on the cluster their flow reached.
        for name, store in placeholder["stores"].items():
            for flow_id, flow in self.flows.items():
                if flow["mechanism"].startswith("connect-") and flow_id in self.flows:
                    cluster = next((flow[e].split("/", 1)[0] for e in ("from", "to") if self._is_kafka(flow[e])), None)
                    if cluster and name not in self.nodes[cluster]["stores"] and self._connector_reads(flow, name):
                        self.nodes[cluster]["stores"][name] = dict(store)

    def _is_kafka(self, endpoint: str) -> bool:
        node = self.nodes.get(endpoint.split("/", 1)[0])
        return node is not None and node["service"] == "kafka"

    @staticmethod
    def _connector_reads(flow: dict[str, Any], topic: str) -> bool:
        return "/" not in flow["from"] or flow["from"].endswith("/" + topic)

    def resolve_mm1(self) -> None:
        """MirrorMaker 1 runs: source from the consumer config, sink from the producer config."""
        clients: dict[str, str] = self.extras["client_properties"]
        for run in self.extras["mm1"]:
            consumer = next((v for k, v in clients.items() if k.endswith(run["consumer"])), "")
            producer = next((v for k, v in clients.items() if k.endswith(run["producer"])), "")
            if not consumer or not producer:
                self.problems.append(
                    ImportProblem(run["origin"], "MirrorMaker 1: its consumer/producer properties were not found")
                )
                continue
            source, sink = node_id(host_of(consumer)), node_id(host_of(producer))
            for ident in (source, sink):
                if ident not in self.nodes:
                    self.nodes[ident] = {"id": ident, "service": "kafka", "name": ident, "stores": {}}
                    self.rank[ident] = 2
            self.flows[run["flow"]] = {
                "id": run["flow"],
                "from": source,
                "to": sink,
                "mechanism": "mirrormaker1",
                "properties": {"topics": run["topics"]},
            }
            self.origins[f"flow:{run['flow']}"] = run["origin"]

    def cassandra_replication(self) -> None:
        """Containers of one Cassandra cluster in different data centres replicate to each other.

        Native replication has no direction; one ``cassandra-replication`` flow per pair, ordered by id.
        """
        members: dict[str, list[str]] = {}
        for ident, node in sorted(self.nodes.items()):
            cluster = node.get("properties", {}).get("cluster")
            if node["service"] in {"cassandra", "elassandra"} and isinstance(cluster, str):
                members.setdefault(cluster, []).append(ident)
        for cluster, idents in sorted(members.items()):
            for position, first in enumerate(idents):
                for second in idents[position + 1 :]:
                    dcs = {self.nodes[i].get("properties", {}).get("data_centre") for i in (first, second)}
                    if len(dcs) < 2:
                        continue
                    flow_id = node_id(f"{first}-replicates-{second}")[:63]
                    self.flows[flow_id] = {
                        "id": flow_id,
                        "from": first,
                        "to": second,
                        "mechanism": "cassandra-replication",
                    }
                    self.origins[f"flow:{flow_id}"] = self.origins.get(f"node:{second}", Origin(cluster))

    def resolve_stores(self) -> None:
        """``@store:<interpreter>:<name>`` ends (Zeppelin paragraphs) join the node that holds the store.

        Among nodes of the interpreter's services holding the store, the host the notebook's interpreter
        settings (``init/plan.json``) name wins; a store no node declares (a table only the notebook reads)
        is added to that host.
        """
        for flow_id, flow in sorted(self.flows.items()):
            for end in ("from", "to"):
                if not flow[end].startswith("@store:"):
                    continue
                interpreter, _, name = flow[end].removeprefix("@store:").partition(":")
                services = _INTERPRETER_SERVICES.get(interpreter, frozenset())
                holders = sorted(i for i, n in self.nodes.items() if name in n["stores"] and n["service"] in services)
                origin = self.origins[f"flow:{flow_id}"]
                notebook = flow["to"].split("/", 1)[0]
                hosts: dict[str, str] = next(
                    (
                        h
                        for file, h in sorted(self.extras["zeppelin_hosts"].items())
                        if (file and origin.file.endswith(file)) or file.endswith(f"/{notebook}.json")
                    ),
                    {},
                )
                host = hosts.get(interpreter)
                if host is not None and host in holders:
                    holders = [host]
                elif not holders and host is not None and host in self.nodes:
                    kind = {"cassandra": "table", "jdbc": "table"}.get(interpreter, "index")
                    self.nodes[host]["stores"].setdefault(name, {"name": name, "kind": kind})
                    self.origins.setdefault(f"store:{host}/{name}", origin)
                    holders = [host]
                if holders:
                    flow[end] = f"{holders[0]}/{name}"
                    continue
                flow[end] = f"unresolved-{node_id(name)}"
                self.nodes.setdefault(
                    flow[end], {"id": flow[end], "service": "application", "name": name, "stores": {}}
                )
                self.rank.setdefault(flow[end], 12)
                self.notes.append(ImportProblem(origin, f"no node holds '{name}'"))

    def document(self) -> dict[str, Any]:
        nodes = []
        locations: dict[str, dict[str, str]] = {}
        for ident, node in sorted(self.nodes.items()):
            out: dict[str, Any] = {"id": ident, "service": node["service"], "name": node.get("name") or ident}
            properties = {k: v for k, v in node.get("properties", {}).items() if k != "cluster_hint"}
            dc = properties.get("data_centre")
            if node["service"] in {"cassandra", "elassandra"} and isinstance(dc, str) and dc:
                location = node_id(dc, prefix="dc")
                out["location"] = location
                locations.setdefault(location, {"id": location, "name": dc})
            if properties:
                out["properties"] = dict(sorted(properties.items()))
            stores = [
                {k: v for k, v in store.items() if k in {"name", "kind", "properties"}}
                for _, store in sorted(node["stores"].items())
                if not (node["service"] == "elassandra" and store.get("kind") == "index")
            ]
            if stores:
                out["stores"] = stores
            nodes.append(out)
        flows = [dict(flow) for _, flow in sorted(self.flows.items())]
        return {
            "format": FORMAT,
            "name": "Imported configuration",
            "description": "Imported from configuration files.",
            "locations": [locations[k] for k in sorted(locations)],
            "nodes": nodes,
            "flows": flows,
            "layout": {n["id"]: {"x": 80 + 320 * (i % 4), "y": 80 + 220 * (i // 4)} for i, n in enumerate(nodes)},
            "extensions": {"imported_from": "configuration files"},
        }


@dataclass(frozen=True)
class _Merged:
    document: dict[str, Any]
    origins: dict[str, Origin]
    problems: list[ImportProblem]
    notes: list[ImportProblem]


def merge(partials: list[tuple[str, Partial]]) -> _Merged:
    """Merge ``(format, partial)`` pairs into one document (compose and Strimzi win on a node's service)."""
    merger = _Merger()
    for fmt, partial in partials:
        merger.add(fmt, partial)
    merger.unify_kafka()
    merger.resolve_connectors()
    merger.unify_kafka()
    merger.unify_cassandra()
    merger.resolve_mm1()
    merger.cassandra_replication()
    merger.resolve_stores()
    document = merger.document()
    for problem in structural_problems(document):
        merger.problems.append(ImportProblem(Origin("(merged design)", 0, problem.path), problem.message))
    return _Merged(document, merger.origins, merger.problems, merger.notes)
