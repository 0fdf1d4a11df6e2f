"""Import a Logstash pipeline: its kafka, elasticsearch, jdbc and s3 plugins become flows of a Logstash node.

The pipeline language is read by a tokenizer (comments, single- and double-quoted strings, barewords,
numbers, ``=>`` and brackets) into ``section -> [(plugin, settings)]``; conditionals are not interpreted,
their plugins are read as if unconditional (what runs is a superset of what is imported, and a note says so).
"""

from __future__ import annotations

import re
from typing import Any

from explorer.engine.document import Limits

from .base import DEFAULT_LIMITS, ImportRefused, Origin, Partial, decode_text, node_id
from .compose import host_of

__all__ = ["import_logstash", "parse_pipeline"]

_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<comment>\#[^\n]*)|(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<arrow>=>)"""
    r"""|(?P<open>[{\[])|(?P<close>[}\]])|(?P<comma>,)|(?P<word>[^\s{}\[\],"'#=]+)|(?P<other>.)""",
    re.S,
)
_FROM = re.compile(r"\bFROM\s+\"?([A-Za-z0-9_.]+)\"?", re.I)
Setting = dict[str, Any]


def _unquote(token: str) -> str:
    if token[:1] in {'"', "'"}:
        return re.sub(r"\\(.)", r"\1", token[1:-1])
    return token


def parse_pipeline(text: str, file: str) -> dict[str, list[tuple[str, Setting, int]]]:
    """``{"input": [(plugin, settings, line)], "filter": [...], "output": [...]}`` of a pipeline."""
    tokens: list[tuple[str, str, int]] = []
    line = 1
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or ""
        if kind not in {"space", "comment"}:
            tokens.append((kind, match.group(), line))
        line += match.group().count("\n")
    sections: dict[str, list[tuple[str, Setting, int]]] = {}
    index = 0

    def expect(kind: str) -> tuple[str, str, int]:
        nonlocal index
        if index >= len(tokens) or tokens[index][0] != kind:
            where = tokens[index][2] if index < len(tokens) else line
            found = tokens[index][1] if index < len(tokens) else "end of file"
            raise ImportRefused(Origin(file, where), f"Logstash pipeline: expected {kind}, found {found!r}")
        index += 1
        return tokens[index - 1]

    def value() -> Any:
        nonlocal index
        kind, text_, _ = tokens[index] if index < len(tokens) else ("", "", line)
        if kind == "open" and text_ == "[":
            index += 1
            items = []
            while index < len(tokens) and tokens[index][0] != "close":
                items.append(value())
                if index < len(tokens) and tokens[index][0] == "comma":
                    index += 1
            expect("close")
            return items
        if kind == "open" and text_ == "{":
            index += 1
            mapping: dict[str, Any] = {}
            while index < len(tokens) and tokens[index][0] != "close":
                key = _unquote(tokens[index][1])
                index += 1
                expect("arrow")
                mapping[key] = value()
                if index < len(tokens) and tokens[index][0] == "comma":
                    index += 1
            expect("close")
            return mapping
        if kind in {"string", "word"}:
            index += 1
            return _unquote(text_)
        raise ImportRefused(Origin(file, tokens[index][2] if index < len(tokens) else line), "expected a value")

    def block() -> list[tuple[str, Setting, int]]:
        """Plugins of a section (or conditional branch) body, up to its closing brace."""
        nonlocal index
        plugins: list[tuple[str, Setting, int]] = []
        while index < len(tokens) and tokens[index][0] != "close":
            kind, word, at = tokens[index]
            if kind == "word" and word in {"if", "else"}:
                # Skip the condition up to the branch's brace, then read the branch's plugins.
                while index < len(tokens) and tokens[index][1] != "{":
                    index += 1
                expect("open")
                plugins += block()
                expect("close")
                continue
            if kind != "word":
                raise ImportRefused(Origin(file, at), f"Logstash pipeline: expected a plugin name, found {word!r}")
            index += 1
            expect("open")
            settings: Setting = {}
            while index < len(tokens) and tokens[index][0] != "close":
                key = _unquote(tokens[index][1])
                index += 1
                expect("arrow")
                settings[key] = value()
            expect("close")
            plugins.append((word, settings, at))
        return plugins

    while index < len(tokens):
        _, name, at = expect("word")
        if name not in {"input", "filter", "output"}:
            raise ImportRefused(Origin(file, at), f"Logstash pipeline: unknown section {name!r}")
        expect("open")
        sections.setdefault(name, []).extend(block())
        expect("close")
    return sections


def _first(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return "" if value is None else str(value)


def import_logstash(data: bytes, file: str, *, node: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """Read a pipeline into a Logstash node (``node``, default the file's stem) and a flow per plugin.

    ``kafka`` inputs and outputs are ``logstash-kafka`` flows (topics as stores), ``elasticsearch`` outputs
    ``logstash-elasticsearch`` (the index), ``jdbc`` inputs ``logstash-jdbc`` (the table of the statement),
    ``s3`` ``logstash-s3`` (bucket prefix), any other input ``logstash-input`` from an event source.
    """
    text = decode_text(data, file, limits)
    sections = parse_pipeline(text, file)
    ident = node_id(node or file.rsplit("/", 1)[-1].rsplit(".", 1)[0], prefix="logstash")
    partial = Partial()
    partial.node(ident, "logstash", Origin(file, 1), name=ident)
    for section, reading in (("input", True), ("output", False)):
        for position, (plugin, settings, line) in enumerate(sections.get(section, [])):
            origin = Origin(file, line, f"{section}.{plugin}")
            flow_id = node_id(f"{ident}-{section}-{position}-{plugin}")
            other, store, kind, mechanism, service = "", "", "", "", ""
            if plugin == "kafka":
                other = host_of(_first(settings.get("bootstrap_servers", "localhost:9092")))
                store = _first(settings.get("topics") if reading else settings.get("topic_id"))
                kind, mechanism, service = "topic", "logstash-kafka", "kafka"
            elif plugin == "elasticsearch":
                other = host_of(_first(settings.get("hosts", "localhost")))
                store = _first(settings.get("index"))
                kind, mechanism, service = "index", "logstash-elasticsearch", "elasticsearch"
            elif plugin == "jdbc" and reading:
                other = host_of(_first(settings.get("jdbc_connection_string", "")).removeprefix("jdbc:"))
                found = _FROM.search(_first(settings.get("statement")))
                store = found.group(1) if found else ""
                kind, mechanism, service = "table", "logstash-jdbc", "jdbc"
            elif plugin == "s3":
                other = (
                    host_of(_first(settings.get("endpoint")))
                    if settings.get("endpoint")
                    else _first(settings.get("bucket"))
                )
                store = _first(settings.get("prefix")).strip("/") + "/" if settings.get("prefix") else ""
                kind, mechanism, service = "prefix", "logstash-s3", "s3"
            elif reading:
                other, mechanism, service = f"{ident}-{plugin}", "logstash-input", "event-source"
            else:
                partial.note(origin, f"output plugin '{plugin}' is not imported")
                continue
            if not other:
                partial.problem(origin, f"{plugin} {section} names no host")
                continue
            target = partial.node(node_id(other), service, origin)
            if store and kind:
                partial.store(target["id"], store, kind, origin)
            end = f"{target['id']}/{store}" if store and kind else target["id"]
            if reading:
                partial.flow(flow_id, end, ident, mechanism, origin)
            else:
                partial.flow(flow_id, ident, end, mechanism, origin)
    if sections.get("filter"):
        partial.note(Origin(file, sections["filter"][0][2], "filter"), "filters are not imported")
    return partial
