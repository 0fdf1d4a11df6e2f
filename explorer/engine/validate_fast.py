"""A fast yes/no JSON Schema check for the well-formed case, compiled from the schema itself.

jsonschema's validator is exact but slow on large documents (about 2.6 s for a 10,000-node design, most of it
in ``$ref`` resolution and per-keyword dispatch). :func:`compile_check` turns a schema into one plain Python
predicate per subschema, so a valid document is confirmed in one walk. The predicate is *sound* rather than
complete: ``True`` means jsonschema (Draft 2020-12, default type checker, no format assertion) would report
no error; ``False`` means "not confirmed", and the caller must run jsonschema to learn what is wrong (or that
nothing is, in the rare cases the predicate is stricter, such as ``Decimal`` numbers or ``1`` against
``const: 1.0``). The schema file stays the single source of truth: the predicate is derived from it, and a
schema using any keyword this module does not implement compiles to ``None`` so that every document goes
through jsonschema.

Pure: no Django.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Check", "compile_check"]

#: A compiled subschema: ``True`` when the value certainly satisfies it.
Check = Callable[[object], bool]

#: Keywords that never affect validity under Draft 2020-12 without a format checker.
_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$comment",
        "$defs",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)
_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "$ref",
        "pattern",
        "minLength",
        "maxLength",
        "const",
        "enum",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
    }
)
_SCALARS = (str, bool, int, float, type(None))


class _Unsupported(Exception):
    """The schema uses something the fast check does not implement; use jsonschema for everything."""


def _is_string(value: object) -> bool:
    return isinstance(value, str)


def _is_object(value: object) -> bool:
    return isinstance(value, dict)


def _is_array(value: object) -> bool:
    return isinstance(value, list)


def _is_null(value: object) -> bool:
    return value is None


def _is_boolean(value: object) -> bool:
    return isinstance(value, bool)


def _is_number(value: object) -> bool:
    # Stricter than jsonschema (which accepts any numbers.Number): other number types take the slow path.
    return type(value) is int or type(value) is float


def _is_integer(value: object) -> bool:
    # Stricter than jsonschema (which also accepts 1.0): integral floats take the slow path.
    return type(value) is int


_TYPES: dict[str, Check] = {
    "string": _is_string,
    "object": _is_object,
    "array": _is_array,
    "null": _is_null,
    "boolean": _is_boolean,
    "number": _is_number,
    "integer": _is_integer,
}


def _always(value: object) -> bool:
    return True


def _never(value: object) -> bool:
    return False


def _same(value: object, expected: object) -> bool:
    """Equality that jsonschema's ``equal`` also grants: same scalar type and equal value."""
    return type(value) is type(expected) and value == expected


def _bound(value: object) -> int | float:
    if type(value) is not int and type(value) is not float:
        raise _Unsupported("numeric bounds must be plain numbers")
    return value


def _bounds_check(schema: Mapping[str, Any]) -> Callable[[int | float], bool] | None:
    """One predicate for the numeric bounds of ``schema``, or None when it has none."""
    tests: list[Callable[[int | float], bool]] = []
    if "minimum" in schema:
        low = _bound(schema["minimum"])
        tests.append(lambda value: value >= low)
    if "exclusiveMinimum" in schema:
        floor = _bound(schema["exclusiveMinimum"])
        tests.append(lambda value: value > floor)
    if "maximum" in schema:
        high = _bound(schema["maximum"])
        tests.append(lambda value: value <= high)
    if "exclusiveMaximum" in schema:
        ceiling = _bound(schema["exclusiveMaximum"])
        tests.append(lambda value: value < ceiling)
    if not tests:
        return None
    return lambda value: all(test(value) for test in tests)


def _length(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Unsupported("length bounds must be non-negative integers")
    return value


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, ref: object) -> Check:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise _Unsupported(f"only local references are supported: {ref!r}")
        if ref in self.refs:
            return self.refs[ref]
        # A trampoline in the table first, so a recursive schema compiles instead of looping.
        cell: list[Check] = []
        self.refs[ref] = lambda value: cell[0](value)
        target: object = self.root
        pointer = ref[1:]
        if pointer:
            if not pointer.startswith("/"):
                raise _Unsupported(f"anchors are not supported: {ref!r}")
            for token in pointer[1:].split("/"):
                token = token.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, Mapping) or token not in target:
                    raise _Unsupported(f"unresolvable reference {ref!r}")
                target = target[token]
        compiled = self.compile(target, root=target is self.root)
        cell.append(compiled)
        self.refs[ref] = compiled
        return compiled

    def compile(self, schema: object, *, root: bool = False) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, Mapping):
            raise _Unsupported("a schema must be an object or a boolean")
        for key in schema:
            if key == "$id" and root:
                continue
            if key not in _KEYWORDS and key not in _ANNOTATIONS:
                raise _Unsupported(f"keyword {key!r} is not implemented")

        type_checks: tuple[Check, ...] | None = None
        if "type" in schema:
            names = schema["type"]
            names = [names] if isinstance(names, str) else names
            if not isinstance(names, list) or not names or any(name not in _TYPES for name in names):
                raise _Unsupported(f"type {schema['type']!r}")
            type_checks = tuple(_TYPES[name] for name in names)

        pattern_search: Callable[[str], object] | None = None
        if "pattern" in schema:
            if not isinstance(schema["pattern"], str):
                raise _Unsupported("pattern must be a string")
            # The same engine and call jsonschema uses (re.search), so "$" etc. mean exactly the same.
            pattern_search = re.compile(schema["pattern"]).search
        min_length = _length(schema["minLength"]) if "minLength" in schema else None
        in_bounds = _bounds_check(schema)
        max_length = _length(schema["maxLength"]) if "maxLength" in schema else None

        properties: dict[str, Check] = {}
        if "properties" in schema:
            if not isinstance(schema["properties"], Mapping):
                raise _Unsupported("properties must be an object")
            properties = {name: self.compile(sub) for name, sub in schema["properties"].items()}
        required: frozenset[str] = frozenset()
        if "required" in schema:
            names = schema["required"]
            if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
                raise _Unsupported("required must be a list of strings")
            required = frozenset(names)
        additional: Check | None = None
        closed = False
        if "additionalProperties" in schema:
            if schema["additionalProperties"] is False:
                closed = True
            else:
                additional = self.compile(schema["additionalProperties"])
        allowed = frozenset(properties)
        object_keys = bool(properties) or bool(required) or closed or additional is not None

        items: Check | None = self.compile(schema["items"]) if "items" in schema else None

        expected: tuple[object, ...] | None = None
        if "const" in schema:
            expected = (schema["const"],)
        if "enum" in schema:
            if not isinstance(schema["enum"], list):
                raise _Unsupported("enum must be a list")
            choices = tuple(schema["enum"])
            expected = choices if expected is None else tuple(c for c in expected if any(_same(c, e) for e in choices))
        if expected is not None and not all(isinstance(item, _SCALARS) for item in expected):
            raise _Unsupported("only scalar const and enum values are implemented")

        reference: Check | None = self.ref(schema["$ref"]) if "$ref" in schema else None
        if reference is not None and all(key in _ANNOTATIONS or key == "$ref" for key in schema):
            # A bare reference (the common ``{"$ref": "#/$defs/id"}``): no wrapper call per value.
            return reference
        # One type is the usual case; testing it directly saves a generator per value.
        single_type = type_checks[0] if type_checks is not None and len(type_checks) == 1 else None

        def check(value: object) -> bool:
            if single_type is not None:
                if not single_type(value):
                    return False
            elif type_checks is not None and not any(test(value) for test in type_checks):
                return False
            if isinstance(value, str):
                if min_length is not None and len(value) < min_length:
                    return False
                if max_length is not None and len(value) > max_length:
                    return False
                if pattern_search is not None and pattern_search(value) is None:
                    return False
            elif isinstance(value, dict):
                if object_keys:
                    keys = value.keys()
                    if not keys >= required:
                        return False
                    if closed and not keys <= allowed:
                        return False
                    for key, item in value.items():
                        sub = properties.get(key)
                        if sub is not None:
                            if not sub(item):
                                return False
                        elif additional is not None and not additional(item):
                            return False
            elif in_bounds is not None and (type(value) is int or type(value) is float):
                if not in_bounds(value):
                    return False
            elif in_bounds is not None and isinstance(value, numbers.Number) and not isinstance(value, bool):
                # Other number types (Decimal, numpy scalars) are numbers to jsonschema too: not confirmed here.
                return False
            elif items is not None and isinstance(value, list):
                for item in value:
                    if not items(item):
                        return False
            if expected is not None and not any(_same(value, item) for item in expected):
                return False
            return reference is None or reference(value)

        return check


def compile_check(schema: Mapping[str, Any]) -> Check | None:
    """Compile ``schema`` into a sound validity predicate, or return None when it uses anything unsupported.

    Parameters
    ----------
    schema
        A Draft 2020-12 JSON Schema whose ``$ref``s are local JSON pointers (``#/$defs/...``).

    Returns
    -------
    Check | None
        A function that returns True only for values jsonschema finds valid (False means: ask jsonschema),
        or None when the schema needs a keyword this module does not implement.
    """
    try:
        return _Compiler(schema).compile(schema, root=True)
    except (_Unsupported, re.error):
        return None
