"""What every importer shares: problems and provenance, a partial design, and guarded readers.

An importer is a pure function from one file's contents to a :class:`Partial`: the nodes, stores and flows
the file proves, each with the file and line (or key) it came from, plus the problems and notes found on
the way. Nothing here reads the file system; the caller passes bytes in.

Hostile input is refused before it costs anything: the byte size against the document limits, binary
content, undecodable text, YAML aliases beyond a small budget (the "billion laughs"), and nesting deeper
than the limit (10,000 brackets would otherwise exhaust the parser's recursion).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from explorer.engine.document import Limits

__all__ = [
    "ALIAS_BUDGET",
    "DEFAULT_LIMITS",
    "EXPANDED_BUDGET",
    "ImportProblem",
    "ImportRefused",
    "Origin",
    "Partial",
    "YamlDocument",
    "decode_text",
    "json_line",
    "load_json",
    "load_yaml_documents",
    "node_id",
]

#: The document limits every importer applies unless given others (one immutable value, shared).
DEFAULT_LIMITS = Limits()
#: YAML aliases a file may use; a config file needs a handful.
ALIAS_BUDGET = 100
#: Nodes a YAML document may hold once its aliases are expanded: a "billion laughs" needs only ~80 aliases
#: to reach 10^9, so the expanded size is what is bounded, not the alias count alone.
EXPANDED_BUDGET = 200_000
_ID_INVALID = re.compile(r"[^a-z0-9-]+")


@dataclass(frozen=True, order=True)
class Origin:
    """Where an element or problem comes from: a file, a 1-based line (0 when unknown) and a key."""

    file: str
    line: int = 0
    key: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
        if self.key:
            where += f" ({self.key})"
        return where

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"file": self.file, "line": self.line, "key": self.key}


@dataclass(frozen=True, order=True)
class ImportProblem:
    """Something an importer could not read, located by file and line or key."""

    origin: Origin
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {**self.origin.to_dict(), "message": self.message}


class ImportRefused(Exception):
    """A file (or archive) that is refused as a whole: too big, binary, a bomb, too deeply nested."""

    def __init__(self, origin: Origin, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.problem = ImportProblem(origin, message)


@dataclass
class Partial:
    """A partial design one file proves, with provenance per element.

    ``nodes`` maps a node id to its document dict (``stores`` as a name -> store dict map until
    :meth:`document` is built); ``flows`` maps a flow id to its dict. ``origins`` maps an element key
    (``node:<id>``, ``store:<node>/<name>``, ``flow:<id>``) to where it was read. ``links`` records facts
    the merge step resolves: Kafka bootstrap hosts and aliases, Cassandra cluster and data centre.
    """

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    flows: dict[str, dict[str, Any]] = field(default_factory=dict)
    origins: dict[str, Origin] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[ImportProblem] = field(default_factory=list)
    #: Facts for the merge step that are not design elements (Connect workers, MirrorMaker 1 runs, ...).
    extras: dict[str, Any] = field(default_factory=dict)

    def node(
        self,
        id: str,
        service: str,
        origin: Origin,
        *,
        name: str | None = None,
        location: str | None = None,
        properties: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Declare a node (or enrich the one already declared under ``id``) and return its dict."""
        existing = self.nodes.get(id)
        if existing is None:
            existing = {"id": id, "service": service, "name": name or id, "stores": {}}
            self.nodes[id] = existing
            self.origins[f"node:{id}"] = origin
        elif existing["service"] == "application" and service != "application":
            existing["service"] = service
        if name and existing["name"] == id:
            existing["name"] = name
        if location and not existing.get("location"):
            existing["location"] = location
        if properties:
            existing.setdefault("properties", {}).update(properties)
        return existing

    def store(self, node: str, name: str, kind: str, origin: Origin, properties: dict[str, Any] | None = None) -> None:
        """Declare a store of ``node`` (the node must have been declared)."""
        stores: dict[str, dict[str, Any]] = self.nodes[node]["stores"]
        if name not in stores:
            stores[name] = {"name": name, "kind": kind}
            self.origins[f"store:{node}/{name}"] = origin
        if properties:
            stores[name].setdefault("properties", {}).update(properties)

    def flow(
        self,
        id: str,
        source: str,
        sink: str,
        mechanism: str,
        origin: Origin,
        properties: dict[str, Any] | None = None,
    ) -> None:
        """Declare a flow ``source -> sink`` (endpoints ``node`` or ``node/store``) by ``mechanism``."""
        flow: dict[str, Any] = {"id": id, "from": source, "to": sink, "mechanism": mechanism}
        if properties:
            flow["properties"] = dict(properties)
        previous = self.flows.get(id)
        if previous is not None and previous["mechanism"] == mechanism:
            # One flow run once per store (a consumer per topic, a Spark source per prefix): the flow
            # reads or writes the node, not one of its stores.
            for end in ("from", "to"):
                if previous[end] != flow[end] and previous[end].split("/", 1)[0] == flow[end].split("/", 1)[0]:
                    flow[end] = flow[end].split("/", 1)[0]
            self.flows[id] = flow
            return
        self.flows[id] = flow
        self.origins[f"flow:{id}"] = origin

    def problem(self, origin: Origin, message: str) -> None:
        """Record something that could not be read."""
        self.problems.append(ImportProblem(origin, message))

    def note(self, origin: Origin, message: str) -> None:
        """Record something read but not understood (an unknown image, a connector class, ...)."""
        self.notes.append(ImportProblem(origin, message))


def node_id(text: str, *, prefix: str = "node") -> str:
    """A valid document id for a host, alias or service name: lower case, hyphens, a letter first."""
    base = _ID_INVALID.sub("-", text.lower()).strip("-") or prefix
    if not base[0].isalpha():
        base = f"{prefix}-{base}"
    return base[:63].rstrip("-")


def decode_text(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The file's text, refusing what is too big, binary or not UTF-8 (naming the line of a bad byte)."""
    if len(data) > limits.max_bytes:
        raise ImportRefused(Origin(file), f"{len(data)} bytes exceed the limit of {limits.max_bytes} bytes")
    if b"\x00" in data:
        raise ImportRefused(Origin(file, data[: data.index(b"\x00")].count(b"\n") + 1), "binary content (NUL byte)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRefused(Origin(file, line), f"not UTF-8 text (byte {exc.start}: {exc.reason})") from exc


def _bracket_depth(text: str, limit: int) -> int:
    """Maximum nesting of ``[``/``{`` outside strings, stopping past ``limit`` (no recursion)."""
    depth = deepest = 0
    quote = ""
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
            continue
        if char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def load_json(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Decode JSON, refusing nesting deeper than the limit and naming the line of a syntax error."""
    if _bracket_depth(text, limits.max_depth) > limits.max_depth:
        raise ImportRefused(Origin(file), f"nesting deeper than the limit of {limits.max_depth} levels")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(Origin(file, exc.lineno), f"malformed JSON at column {exc.colno}: {exc.msg}") from exc
    except (ValueError, RecursionError) as exc:
        raise ImportRefused(Origin(file), f"malformed JSON: {exc}") from exc


def json_line(text: str, key: str, start: int = 0) -> int:
    """The 1-based line of the first ``"key"`` at or after character ``start`` (0 when absent)."""
    found = text.find(json.dumps(key), start)
    return 0 if found < 0 else text.count("\n", 0, found) + 1


class _GuardedLoader(Reader, Scanner, Parser, Composer, SafeConstructor, Resolver):
    """A safe loader whose composer refuses alias bombs and nesting deeper than ``depth_limit``."""

    def __init__(self, stream: str, file: str, depth_limit: int) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.budget_file = file
        self.aliases = 0
        self.depth = 0
        self.depth_limit = depth_limit

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        """PyYAML's composition, counting aliases and nesting on the way down."""
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > ALIAS_BUDGET:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
                raise ImportRefused(
                    Origin(self.budget_file, mark.line + 1),
                    f"more than {ALIAS_BUDGET} YAML aliases (an alias bomb expands exponentially)",
                )
        self.depth += 1
        try:
            if self.depth > self.depth_limit:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
                raise ImportRefused(
                    Origin(self.budget_file, mark.line + 1), f"nesting deeper than the limit of {self.depth_limit}"
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


@dataclass(frozen=True)
class YamlDocument:
    """One document of a YAML stream: its value and the line of each mapping key path (``a.b.c``)."""

    value: Any
    lines: dict[str, int]

    def line(self, *keys: str) -> int:
        """The line of the deepest known key path among the prefixes of ``keys`` (0 when none)."""
        for end in range(len(keys), 0, -1):
            found = self.lines.get(".".join(keys[:end]))
            if found:
                return found
        return 0


def _key_lines(node: Node, prefix: str, out: dict[str, int]) -> None:
    stack: list[tuple[Node, str]] = [(node, prefix)]
    while stack:
        current, path = stack.pop()
        if isinstance(current, MappingNode):
            for key, value in current.value:
                if isinstance(key, ScalarNode):
                    child = f"{path}.{key.value}" if path else str(key.value)
                    out.setdefault(child, key.start_mark.line + 1)
                    stack.append((value, child))
        elif isinstance(current, SequenceNode):
            for index, item in enumerate(current.value):
                child = f"{path}.{index}" if path else str(index)
                out.setdefault(child, item.start_mark.line + 1)
                stack.append((item, child))


def _check_expansion(root: Node, file: str) -> None:
    """Refuse a document whose aliases expand beyond :data:`EXPANDED_BUDGET` nodes, or refer to themselves."""
    sizes: dict[int, int] = {}
    pending: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in pending:
            raise ImportRefused(Origin(file, node.start_mark.line + 1), "a YAML alias refers to itself")
        pending.add(key)
        total = 1
        if isinstance(node, MappingNode):
            for item_key, item_value in node.value:
                total += size(item_key) + size(item_value)
                if total > EXPANDED_BUDGET:
                    break
        elif isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item)
                if total > EXPANDED_BUDGET:
                    break
        pending.discard(key)
        if total > EXPANDED_BUDGET:
            raise ImportRefused(
                Origin(file, node.start_mark.line + 1),
                f"YAML aliases expand to more than {EXPANDED_BUDGET} values (an alias bomb)",
            )
        sizes[key] = total
        return total

    size(root)


def _line_of(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 0


def _check_events(text: str, file: str, depth_limit: int) -> None:
    """Count aliases and nesting on libyaml's event stream (iterative C code) before anything is composed."""
    aliases = depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > ALIAS_BUDGET:
                raise ImportRefused(
                    Origin(file, _line_of(event)),
                    f"more than {ALIAS_BUDGET} YAML aliases (an alias bomb expands exponentially)",
                )
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > depth_limit:
                raise ImportRefused(Origin(file, _line_of(event)), f"nesting deeper than the limit of {depth_limit}")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def load_yaml_documents(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> list[YamlDocument]:
    """Every document of a YAML stream with its key lines; bombs, deep nesting and syntax errors refused.

    With libyaml (PyYAML's C extension) the aliases and nesting are counted on the event stream first and
    the documents then composed in C, ten times faster than the pure-Python loader used without it.
    """
    fast = bool(getattr(yaml, "__with_libyaml__", False))
    documents: list[YamlDocument] = []
    try:
        if fast:
            _check_events(text, file, limits.max_depth)
        loader: Any = yaml.CSafeLoader(text) if fast else _GuardedLoader(text, file, limits.max_depth)
        try:
            while loader.check_node():
                node = loader.get_node()
                if node is None:
                    continue
                _check_expansion(node, file)
                lines: dict[str, int] = {}
                _key_lines(node, "", lines)
                documents.append(YamlDocument(loader.construct_document(node), lines))
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        if "nesting depth" in str(exc.problem):
            # libyaml's own bound on flow nesting, reached before the event count above could refuse it.
            raise ImportRefused(Origin(file, line), f"nesting deeper than the limit of {limits.max_depth}") from exc
        raise ImportRefused(Origin(file, line), f"not valid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise ImportRefused(Origin(file), f"not valid YAML: {exc}") from exc
    except RecursionError as exc:
        raise ImportRefused(Origin(file), "nesting too deep to read") from exc
    return documents
