"""Import an SQL schema script (a database's init file): the tables it creates, as stores of a JDBC node.

The CQL tokenizer serves: SQL shares its comments, string literals and double-quoted identifiers. Only
``CREATE TABLE [IF NOT EXISTS] [schema.]name`` is interpreted; a schema-qualified name keeps its schema.
"""

from __future__ import annotations

from explorer.engine.document import Limits

from .base import DEFAULT_LIMITS, Origin, Partial, decode_text, node_id
from .cql import _statements, _tokens

__all__ = ["import_sql"]


def import_sql(data: bytes, file: str, *, node: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Partial:
    """Tables created by an SQL script, as ``table`` stores of the JDBC node ``node`` (default: file stem)."""
    text = decode_text(data, file, limits)
    ident = node_id(node or file.rsplit("/", 1)[-1].split(".", 1)[0], prefix="database")
    partial = Partial()
    partial.node(ident, "jdbc", Origin(file, 1))
    for statement in _statements(_tokens(text, file)):
        words = [t.value for t in statement[:6] if t.kind == "word"]
        if words[:2] != ["create", "table"]:
            continue
        index = 5 if words[2:5] == ["if", "not", "exists"] else 2
        if index >= len(statement):
            partial.problem(Origin(file, statement[0].line), "CREATE TABLE without a name")
            continue
        name = statement[index].value
        if index + 2 < len(statement) and statement[index + 1].text == ".":
            name = f"{name}.{statement[index + 2].value}"
        partial.store(ident, name, "table", Origin(file, statement[0].line, name))
    return partial
