"""The design document (`kafkaesque.design/v1`): validation and parsing into frozen dataclasses.

Pure: no Django, no settings. Limits come in as arguments. The parsed :class:`Design` keeps the
original dictionary in ``raw`` so an export can return exactly what was imported, including keys
under ``properties`` and ``extensions`` this code does not understand.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from sys import intern
from types import MappingProxyType
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from explorer.engine.validate_fast import Check, compile_check

__all__ = [
    "FORMAT",
    "SCHEMA_PATH",
    "Design",
    "DocumentError",
    "Endpoint",
    "Flow",
    "Limits",
    "Location",
    "Node",
    "Problem",
    "Store",
    "decode_json_text",
    "json_path",
    "load_schema",
    "parse_document",
    "parse_json_text",
    "reference_problems",
    "structural_problems",
    "text_problems",
]

FORMAT = "kafkaesque.design/v1"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "design-v1.schema.json"

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _empty() -> Mapping[str, Any]:
    return _EMPTY


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, located by a JSON path such as ``$.nodes[2].id``.

    Limit problems (code ``limit-exceeded``) also carry the ``limit`` and the ``value`` found.
    """

    path: str
    message: str
    code: str = "invalid-document"
    limit: int | None = None
    value: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-able dict; ``limit``/``value`` only when set."""
        out: dict[str, Any] = {"path": self.path, "message": self.message, "code": self.code}
        if self.limit is not None:
            out["limit"] = self.limit
            out["value"] = self.value
        return out


class DocumentError(Exception):
    """A document that cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self._describe())

    def _describe(self) -> str:
        lines = [f"{p.path}: {p.message}" for p in self.problems]
        return "invalid design document:\n" + "\n".join(lines) if lines else "invalid design document"


@dataclass(frozen=True)
class Limits:
    """Bounds on a document: encoded size in bytes, node and flow counts, JSON nesting depth."""

    max_bytes: int = 2 * 1024 * 1024
    max_nodes: int = 5000
    max_flows: int = 20000
    max_depth: int = 32


@dataclass(frozen=True, slots=True)
class Location:
    """Where nodes run; a different ``region`` means a WAN between two locations."""

    id: str
    name: str
    provider: str | None
    region: str | None
    zone: str | None


@dataclass(frozen=True, slots=True)
class Store:
    """A dataset inside a node: a topic, a ``keyspace.table``, an index, a prefix, a table."""

    name: str
    kind: str
    properties: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True, slots=True)
class Node:
    """A service instance (a Kafka cluster, a Spark application, a bucket, ...)."""

    id: str
    service: str
    name: str
    location: str | None
    group: str | None
    properties: Mapping[str, Any] = field(default_factory=_empty)
    stores: tuple[Store, ...] = ()

    def version(self) -> str | None:
        """Return the ``version`` property as a string, or None when unset."""
        value = self.properties.get("version")
        return None if value is None else str(value)

    def store(self, name: str) -> Store | None:
        """Return the store called ``name``, or None."""
        for store in self.stores:
            if store.name == name:
                return store
        return None


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One end of a flow: a node, optionally narrowed to one of its stores."""

    node: str
    store: str | None

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        """Split ``"node"`` or ``"node/store"`` at the first ``/``."""
        node, sep, store = text.partition("/")
        return cls(node=intern(node), store=intern(store) if sep else None)

    def __str__(self) -> str:
        return self.node if self.store is None else f"{self.node}/{self.store}"


@dataclass(frozen=True, slots=True)
class Flow:
    """Data moving from a source endpoint to a sink endpoint by a mechanism (or the default one)."""

    id: str
    source: Endpoint
    sink: Endpoint
    mechanism: str | None
    properties: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True)
class Design:
    """A parsed, structurally valid design document. ``raw`` is the dictionary it came from."""

    name: str
    description: str
    locations: tuple[Location, ...]
    nodes: tuple[Node, ...]
    flows: tuple[Flow, ...]
    layout: Mapping[str, Any]
    extensions: Mapping[str, Any]
    raw: Mapping[str, Any]

    @cached_property
    def _nodes_by_id(self) -> Mapping[str, Node]:
        # Built on first lookup; the first node wins, as a scan would find it.
        index: dict[str, Node] = {}
        for node in reversed(self.nodes):
            index[node.id] = node
        return index

    def node(self, id: str) -> Node | None:
        """Return the node with this id, or None (a dictionary lookup after the first call)."""
        return self._nodes_by_id.get(id)

    def location(self, id: str) -> Location | None:
        """Return the location with this id, or None."""
        for location in self.locations:
            if location.id == id:
                return location
        return None

    def flow(self, id: str) -> Flow | None:
        """Return the flow with this id, or None."""
        for flow in self.flows:
            if flow.id == id:
                return flow
        return None


@lru_cache(maxsize=1)
def _schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """Return a fresh copy of the JSON Schema (draft 2020-12) for `kafkaesque.design/v1`."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@lru_cache(maxsize=1)
def _fast_check() -> Check | None:
    # Compiled from the same schema file; None (schema uses something unsupported) means jsonschema only.
    return compile_check(load_schema())


def _schema_problems(data: object) -> list[Problem]:
    """Schema violations of ``data``, as jsonschema reports them.

    jsonschema takes seconds on a 10,000-node document, so a predicate compiled from the same schema
    confirms the common, valid case in one walk; any doubt goes to jsonschema, so problems are unchanged.
    """
    fast = _fast_check()
    if fast is not None and fast(data):
        return []
    problems: list[Problem] = []
    for error in _validator().iter_errors(data):
        problems.extend(_schema_problem(error))
    return problems


def json_path(parts: Iterator[str | int] | list[str | int] | tuple[str | int, ...]) -> str:
    """Render path parts as a JSON path: ``["nodes", 2, "id"]`` becomes ``$.nodes[2].id``."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("_", "a").replace("-", "a").isalnum() and part[:1].isalpha():
            out += f".{part}"
        else:
            out += "[" + json.dumps(part) + "]"
    return out


def _depth(data: object, max_depth: int) -> int:
    """Nesting depth of containers, computed level by level without recursion; stops past ``max_depth``."""
    depth = 0
    level: list[object] = [data] if isinstance(data, (dict, list)) else []
    while level:
        depth += 1
        if depth > max_depth:
            return depth
        below: list[object] = []
        for item in level:
            if isinstance(item, dict):
                below.extend([child for child in item.values() if isinstance(child, (dict, list))])
            elif isinstance(item, list):
                below.extend([child for child in item if isinstance(child, (dict, list))])
        level = below
    return depth


def _encoded_size(data: object) -> int:
    return len(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


# A JSON escape in the UTF-16 surrogate range; a lone one decodes to a string that is not valid Unicode.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_problem(text: str, *, storing: bool) -> str | None:
    if _SURROGATE.search(text):
        return "contains a lone UTF-16 surrogate (\\ud800-\\udfff), which is not valid Unicode text"
    if storing and "\x00" in text:
        return "contains a NUL character (\\u0000), which cannot be stored"
    return None


def text_problems(data: object, *, storing: bool) -> list[Problem]:
    """Strings (keys or values) that are not storable text, by JSON path, sorted.

    JSON can escape lone surrogates (``"\\udc00"``), which are no Unicode text: nothing can encode
    them, so they are always refused. With ``storing``, NUL characters are refused too, because
    PostgreSQL cannot keep them in ``jsonb``: refused on every database, so a document that saves
    on SQLite also saves on PostgreSQL.
    """
    problems: list[Problem] = []
    stack: list[tuple[tuple[str | int, ...], object]] = [((), data)]
    while stack:
        parts, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                found = _text_problem(key, storing=storing) if isinstance(key, str) else None
                if found is not None:
                    # The path must itself be encodable, so the bad key is shown escaped.
                    problems.append(Problem(json_path((*parts, ascii(key))), f"the key {found}"))
                stack.append(((*parts, key if found is None else ascii(key)), item))
        elif isinstance(value, list):
            stack.extend(((*parts, index), item) for index, item in enumerate(value))
        elif isinstance(value, str):
            found = _text_problem(value, storing=storing)
            if found is not None:
                problems.append(Problem(json_path(parts), f"the text {found}"))
    return sorted(problems, key=_sort_key)


def _size_problem(size: int, limits: Limits) -> Problem:
    return Problem(
        "$",
        f"document size {size} bytes exceeds the limit of {limits.max_bytes} bytes",
        "limit-exceeded",
        limits.max_bytes,
        size,
    )


def _limit_problems(data: object, limits: Limits, size: int | None = None) -> list[Problem]:
    depth = _depth(data, limits.max_depth)
    if depth > limits.max_depth:
        # Deeper nesting would only make the size and schema checks slower; report and stop.
        return [
            Problem(
                "$",
                f"document nesting depth exceeds the limit of {limits.max_depth} (found at least {depth})",
                "limit-exceeded",
                limits.max_depth,
                depth,
            )
        ]
    problems: list[Problem] = []
    if size is None:
        try:
            size = _encoded_size(data)
        except UnicodeEncodeError:
            return text_problems(data, storing=False)
    if size > limits.max_bytes:
        problems.append(_size_problem(size, limits))
    if isinstance(data, dict):
        for key, maximum, label in (("nodes", limits.max_nodes, "node"), ("flows", limits.max_flows, "flow")):
            items = data.get(key)
            if isinstance(items, list) and len(items) > maximum:
                problems.append(
                    Problem(
                        f"$.{key}",
                        f"{len(items)} {label}s exceed the limit of {maximum} {label}s",
                        "limit-exceeded",
                        maximum,
                        len(items),
                    )
                )
    return problems


def _schema_problem(error: ValidationError) -> list[Problem]:
    parts = list(error.absolute_path)
    required = error.validator_value
    if error.validator == "required" and isinstance(error.instance, dict) and isinstance(required, list):
        missing = [name for name in required if name not in error.instance]
        return [Problem(json_path([*parts, name]), f"'{name}' is required") for name in missing]
    if (
        error.validator == "additionalProperties"
        and isinstance(error.instance, dict)
        and isinstance(error.schema, Mapping)
    ):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(key for key in error.instance if key not in allowed)
        return [
            Problem(json_path([*parts, key]), f"unknown field '{key}' (allowed: {', '.join(sorted(allowed))})")
            for key in extra
        ]
    if error.validator == "pattern" and parts and parts[-1] in {"id", "service", "location", "mechanism"}:
        return [
            Problem(
                json_path(parts),
                f"{error.instance!r} is not a valid id: use a lower-case letter, then up to 62 lower-case "
                "letters, digits or hyphens",
            )
        ]
    if error.validator == "pattern" and parts and parts[-1] in {"from", "to"}:
        return [
            Problem(
                json_path(parts),
                f"{error.instance!r} is not a valid endpoint: use 'node' or 'node/store' with a valid node id",
            )
        ]
    return [Problem(json_path(parts), error.message)]


def _duplicate_problems(data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []

    def check(items: object, key: str, label: str, prefix: list[str | int], scope: str = "") -> None:
        if not isinstance(items, list):
            return
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get(key), str):
                continue
            value = item[key]
            if value in seen:
                first = json_path([*prefix, seen[value], key])
                problems.append(
                    Problem(
                        json_path([*prefix, index, key]),
                        f"duplicate {label} '{value}'{scope} (first used at {first})",
                    )
                )
            else:
                seen[value] = index

    check(data.get("locations"), "id", "location id", ["locations"])
    check(data.get("nodes"), "id", "node id", ["nodes"])
    check(data.get("flows"), "id", "flow id", ["flows"])
    nodes = data.get("nodes")
    if isinstance(nodes, list):
        for index, node in enumerate(nodes):
            if isinstance(node, dict):
                scope = f" in node '{node['id']}'" if isinstance(node.get("id"), str) else ""
                check(node.get("stores"), "name", "store name", ["nodes", index, "stores"], scope)
    return problems


def _sort_key(problem: Problem) -> tuple[str, str]:
    return (problem.path, problem.message)


def structural_problems(data: object, limits: Limits = Limits(), *, size: int | None = None) -> list[Problem]:
    """Return every structural problem of ``data``: schema violations, duplicate ids, exceeded limits.

    Parameters
    ----------
    data
        The decoded JSON document.
    limits
        Size, count and depth bounds. When a limit is exceeded only the limit problems are returned,
        since validating an oversized document would cost what the limit is there to prevent.
    size
        The encoded size in bytes when already known (the length of the received text).

    Returns
    -------
    list[Problem]
        Sorted by path; empty when the document is structurally valid.
    """
    limit_problems = _limit_problems(data, limits, size)
    if limit_problems:
        return limit_problems
    problems = _schema_problems(data)
    if isinstance(data, dict):
        problems.extend(_duplicate_problems(data))
    return sorted(set(problems), key=_sort_key)


def reference_problems(design: Design) -> list[Problem]:
    """Return dangling references (code ``unknown-reference``): node locations, flow nodes and stores."""
    problems: list[Problem] = []
    locations = {location.id for location in design.locations}
    nodes = {node.id: node for node in design.nodes}
    for index, node in enumerate(design.nodes):
        if node.location is not None and node.location not in locations:
            problems.append(
                Problem(
                    f"$.nodes[{index}].location",
                    f"node '{node.id}' is placed in location '{node.location}', which is not declared",
                    "unknown-reference",
                )
            )
    for index, flow in enumerate(design.flows):
        for key, endpoint in (("from", flow.source), ("to", flow.sink)):
            path = f"$.flows[{index}].{key}"
            target = nodes.get(endpoint.node)
            if target is None:
                problems.append(
                    Problem(
                        path,
                        f"flow '{flow.id}' refers to node '{endpoint.node}', which does not exist",
                        "unknown-reference",
                    )
                )
            elif endpoint.store is not None and target.store(endpoint.store) is None:
                problems.append(
                    Problem(
                        path,
                        f"flow '{flow.id}' refers to store '{endpoint.store}' in node '{endpoint.node}', "
                        "which the node does not declare",
                        "unknown-reference",
                    )
                )
    return problems


def _intern_optional(text: str | None) -> str | None:
    return None if text is None else intern(text)


def _frozen(value: object) -> Mapping[str, Any]:
    return MappingProxyType(dict(value)) if isinstance(value, dict) else _EMPTY


def _build(data: dict[str, Any]) -> Design:
    # Ids, store names and endpoints are interned: every mention of node "n42" (in flows, locations, the
    # analysis' dictionaries) is then one string object, so lookups compare by identity instead of reading a
    # second copy. On the 10,000-node benchmark this and the slotted records below keep the analysis' working
    # set small enough that ten times the nodes cost under fifteen times the time (bench/README.md).
    locations = tuple(
        Location(
            id=intern(item["id"]),
            name=item.get("name") or item["id"],
            provider=item.get("provider"),
            region=item.get("region"),
            zone=item.get("zone"),
        )
        for item in data.get("locations", [])
    )
    nodes = tuple(
        Node(
            id=intern(item["id"]),
            service=intern(item["service"]),
            name=item.get("name") or item["id"],
            location=_intern_optional(item.get("location")),
            group=item.get("group"),
            properties=_frozen(item.get("properties")),
            stores=tuple(
                Store(
                    name=intern(store["name"]), kind=intern(store["kind"]), properties=_frozen(store.get("properties"))
                )
                for store in item.get("stores", [])
            ),
        )
        for item in data.get("nodes", [])
    )
    # Endpoints are immutable and repeat (a busy node is named by many flows): parse each text once.
    endpoints: dict[str, Endpoint] = {}

    def endpoint(text: str) -> Endpoint:
        found = endpoints.get(text)
        if found is None:
            found = endpoints[text] = Endpoint.parse(text)
        return found

    flows = tuple(
        Flow(
            id=item["id"],
            source=endpoint(item["from"]),
            sink=endpoint(item["to"]),
            mechanism=item.get("mechanism"),
            properties=_frozen(item.get("properties")),
        )
        for item in data.get("flows", [])
    )
    return Design(
        name=data["name"],
        description=data.get("description", ""),
        locations=locations,
        nodes=nodes,
        flows=flows,
        layout=_frozen(data.get("layout")),
        extensions=_frozen(data.get("extensions")),
        raw=data,
    )


def parse_document(data: object, limits: Limits = Limits(), *, size: int | None = None) -> Design:
    """Validate ``data`` and return a :class:`Design`.

    Raises :class:`DocumentError` listing every structural problem. Dangling references are
    allowed here (see :func:`reference_problems`); the analysis reports them.
    """
    problems = structural_problems(data, limits, size=size)
    if problems:
        raise DocumentError(problems)
    assert isinstance(data, dict)  # the schema requires an object
    # The dataclasses built here are acyclic; on 10,000 nodes the collector's passes over them cost
    # about as much as building them, so it pauses (as during the analysis).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(data)
    finally:
        if collecting:
            gc.enable()


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")


def decode_json_text(text: str | bytes, limits: Limits = Limits()) -> tuple[object, int]:
    """Decode JSON text, enforcing the size limit first; return the value and its size in bytes.

    Raises :class:`DocumentError` for oversized input (``limit-exceeded``), undecodable bytes and
    malformed JSON (``malformed-json``, with line and column), and nesting too deep to decode.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    size = len(raw)
    if size > limits.max_bytes:
        raise DocumentError([_size_problem(size, limits)])
    try:
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            [Problem("$", f"document is not UTF-8 text (byte {exc.start}: {exc.reason})", "malformed-json")]
        ) from exc
    try:
        value = json.loads(decoded, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            [Problem("$", f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", "malformed-json")]
        ) from exc
    except ValueError as exc:
        raise DocumentError([Problem("$", f"malformed JSON: {exc}", "malformed-json")]) from exc
    except RecursionError as exc:
        raise DocumentError(
            [
                Problem(
                    "$",
                    f"document nesting depth exceeds the limit of {limits.max_depth}",
                    "limit-exceeded",
                    limits.max_depth,
                    None,
                )
            ]
        ) from exc
    if _SURROGATE_ESCAPE.search(decoded):
        surrogates = text_problems(value, storing=False)
        if surrogates:
            raise DocumentError(surrogates)
    return value, size


def parse_json_text(text: str | bytes, limits: Limits = Limits()) -> Design:
    """Decode and parse a design document from JSON text.

    Raises :class:`DocumentError`: malformed JSON names line and column; otherwise as
    :func:`parse_document`.
    """
    value, size = decode_json_text(text, limits)
    return parse_document(value, limits, size=size)
