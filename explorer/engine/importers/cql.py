"""Import a CQL schema file: keyspaces with their replication per data centre, and tables.

A small tokenizer (comments ``--``, ``//`` and ``/* */``, string literals with doubled quotes, quoted
identifiers with doubled double quotes) splits statements at top-level semicolons; only
``CREATE KEYSPACE``, ``CREATE TABLE`` and ``USE`` are interpreted, the rest is skipped. A full CQL grammar
is not needed to learn which tables exist and where each keyspace keeps replicas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from explorer.engine.document import Limits

from .base import DEFAULT_LIMITS, ImportRefused, Origin, Partial, decode_text, node_id

__all__ = ["CqlSchema", "import_cql", "parse_cql"]

_TOKEN = re.compile(
    r"""(?P<space>\s+)|(?P<comment>--[^\n]*|//[^\n]*|/\*.*?\*/)|(?P<string>'(?:[^']|'')*')"""
    r"""|(?P<quoted>"(?:[^"]|"")*")|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<number>-?\d+(?:\.\d+)?)"""
    r"""|(?P<symbol>[{}()\[\];:,.=<>*?+-])""",
    re.S,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    line: int

    @property
    def value(self) -> str:
        """An identifier's name (unquoted names fold to lower case, as Cassandra does) or a literal's text."""
        if self.kind == "quoted":
            return self.text[1:-1].replace('""', '"')
        if self.kind == "string":
            return self.text[1:-1].replace("''", "'")
        if self.kind == "word":
            return self.text.lower()
        return self.text


@dataclass(frozen=True)
class CqlSchema:
    """Keyspaces (name -> replication map, line) and tables (``keyspace.table`` -> line)."""

    keyspaces: dict[str, tuple[dict[str, str], int]]
    tables: dict[str, int]


def _tokens(text: str, file: str) -> list[_Token]:
    tokens: list[_Token] = []
    position, line = 0, 1
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ImportRefused(Origin(file, line), f"unexpected character {text[position]!r} in CQL")
        kind = match.lastgroup or ""
        chunk = match.group()
        if kind not in {"space", "comment"}:
            tokens.append(_Token(kind, chunk, line))
        line += chunk.count("\n")
        position = match.end()
    return tokens


def _statements(tokens: list[_Token]) -> list[list[_Token]]:
    statements: list[list[_Token]] = [[]]
    for token in tokens:
        if token.kind == "symbol" and token.text == ";":
            statements.append([])
        else:
            statements[-1].append(token)
    return [statement for statement in statements if statement]


def _words(statement: list[_Token], count: int) -> list[str]:
    return [t.value for t in statement[:count] if t.kind == "word"]


def _name(statement: list[_Token], start: int) -> tuple[str | None, str, int]:
    """``(keyspace or None, name, next index)`` of a possibly qualified name at ``start``."""
    first = statement[start].value
    if start + 2 < len(statement) and statement[start + 1].text == ".":
        return first, statement[start + 2].value, start + 3
    return None, first, start + 1


def _map(statement: list[_Token], start: int, file: str) -> dict[str, str]:
    """The ``{'k': v, ...}`` literal starting at ``start`` (a ``{`` token)."""
    out: dict[str, str] = {}
    index = start + 1
    while index < len(statement) and statement[index].text != "}":
        if index + 2 >= len(statement) or statement[index + 1].text != ":":
            raise ImportRefused(Origin(file, statement[index].line), "malformed replication map")
        out[statement[index].value] = statement[index + 2].value
        index += 3
        if index < len(statement) and statement[index].text == ",":
            index += 1
    return out


def parse_cql(text: str, file: str) -> CqlSchema:
    """Keyspaces with replication and tables of a CQL script (``USE`` sets the keyspace of bare names)."""
    keyspaces: dict[str, tuple[dict[str, str], int]] = {}
    tables: dict[str, int] = {}
    current: str | None = None
    for statement in _statements(_tokens(text, file)):
        head = _words(statement, 3)
        if head[:1] == ["use"] and len(statement) > 1:
            current = statement[1].value
            continue
        if head[:1] != ["create"] or len(head) < 2 or head[1] not in {"keyspace", "table", "columnfamily"}:
            continue
        index = 2
        if [t.value for t in statement[2:5] if t.kind == "word"][:3] == ["if", "not", "exists"]:
            index = 5
        if index >= len(statement):
            raise ImportRefused(Origin(file, statement[0].line), f"CREATE {head[1].upper()} without a name")
        keyspace, name, after = _name(statement, index)
        if head[1] == "keyspace":
            replication: dict[str, str] = {}
            for position in range(after, len(statement) - 2):
                if statement[position].value == "replication" and statement[position + 2].text == "{":
                    replication = _map(statement, position + 2, file)
                    break
            keyspaces[name] = (replication, statement[0].line)
        else:
            owner = keyspace or current
            if owner is None:
                raise ImportRefused(
                    Origin(file, statement[0].line), f"table '{name}' has no keyspace (qualify it or USE one first)"
                )
            tables[f"{owner}.{name}"] = statement[0].line
    return CqlSchema(keyspaces, tables)


def import_cql(data: bytes, file: str, *, cluster: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """Read a CQL schema into a Cassandra node per data centre the keyspaces replicate to.

    Tables belong to every data centre their keyspace lists under ``NetworkTopologyStrategy`` (one node per
    data centre, id ``<cluster>-<dc>`` unless a compose file names the host), else to one node named after
    ``cluster`` (default: the file's stem). The replication factors are kept as the store's
    ``replication`` property, so drift can tell when a data centre was dropped.
    """
    text = decode_text(data, file, limits)
    schema = parse_cql(text, file)
    stem = cluster or file.rsplit("/", 1)[-1].split(".", 1)[0]
    partial = Partial()
    partial.extras["cql_cluster"] = stem
    for table, line in sorted(schema.tables.items()):
        keyspace = table.split(".", 1)[0]
        replication, _ = schema.keyspaces.get(keyspace, ({}, 0))
        dcs = sorted(k for k in replication if k not in {"class", "replication_factor"})
        origin = Origin(file, line, table)
        factors = {dc: int(replication[dc]) if str(replication[dc]).isdigit() else replication[dc] for dc in dcs}
        properties: dict[str, Any] = {"replication": factors} if dcs else {}
        targets = [(node_id(f"{stem}-{dc}"), dc) for dc in dcs] or [(node_id(stem, prefix="cassandra"), "")]
        for target, dc in targets:
            node = partial.node(target, "cassandra", origin, properties={"data_centre": dc} if dc else None)
            node.setdefault("properties", {})["cluster_hint"] = stem
            partial.store(target, table, "table", origin, properties)
    return partial
