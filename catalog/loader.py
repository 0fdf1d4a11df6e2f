"""Load and validate the catalog files (``fixtures/catalog/*.yaml``) into frozen ``catalog.types`` values.

Every problem names the file and the key path, e.g.
``fixtures/catalog/connect.yaml: mechanisms[3].pairs[0].evidence: at least one evidence URL is required``.
All problems of a catalog are collected and raised together in one ``CatalogError``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from catalog.types import (
    CONFIG_TARGETS,
    CONFIG_TYPES,
    CONSTRAINT_SIDES,
    MECHANISM_KINDS,
    MODES,
    PAIR_STATUSES,
    PROPERTY_TYPES,
    SERVICE_CATEGORIES,
    Catalog,
    CatalogError,
    ConfigDefinition,
    ConfigKey,
    ConfigPattern,
    Mechanism,
    NamingRule,
    Pair,
    PropertySpec,
    Service,
    UnverifiedNote,
    VersionConstraint,
    _frozen_map,
    config_value_problems,
)

__all__ = ["CATALOG_DIR", "default_catalog", "load_catalog"]

REPO_ROOT = Path(__file__).resolve().parents[1]
CATALOG_DIR = REPO_ROOT / "fixtures" / "catalog"

_ID = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
_PROPERTY_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(:\d+)?(/\S*)?$")
_VERSION = re.compile(r"^\d+(\.\d+)*$")

_SERVICE_KEYS = {
    "id",
    "name",
    "category",
    "description",
    "store_kinds",
    "naming",
    "properties",
    "image",
    "default_version",
    "versions",
    "docs",
    "legacy",
}
_MECHANISM_KEYS = {
    "id",
    "name",
    "kind",
    "short_label",
    "description",
    "renames",
    "legacy",
    "properties",
    "version_constraints",
    "generates",
    "pairs",
}
_PAIR_KEYS = {"source", "sink", "modes", "status", "evidence", "note"}
_RULE_KEYS = {"kind", "pattern", "max_length", "reserved", "description", "evidence"}
_PROPERTY_KEYS = {"name", "type", "default", "choices", "description", "required"}
_CONSTRAINT_KEYS = {"side", "max_version", "min_version", "message", "evidence", "services", "same_version"}
_DEFAULT_KEYS = {"source", "sink", "mechanism", "reason"}
_TOP_KEYS = {"services", "mechanisms", "defaults"}
_CONFIGDEF_KEYS = {
    "id",
    "title",
    "applies_to",
    "plugin",
    "version",
    "source",
    "includes",
    "keys",
    "patterns",
    "unverified",
    "notes",
}
_CONFIGKEY_KEYS = {"type", "required", "default", "allowed", "case_insensitive", "min", "max", "doc"}
# A key family may carry the same validator facts as a single key (default, allowed values, bounds).
_CONFIGPATTERN_KEYS = {"regex", *_CONFIGKEY_KEYS}
_UNVERIFIED_KEYS = {"key", "reason"}
CONFIGDEFS_SUBDIR = "configdefs"


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses duplicate mapping keys instead of silently keeping the last one."""


def _construct_unique_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark, f"found duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping)


def _label(path: Path) -> str:
    """The file name shown in messages: relative to the repository when inside it."""
    resolved = path.resolve()
    for base in (REPO_ROOT, Path.cwd()):
        try:
            return resolved.relative_to(base).as_posix()
        except ValueError:
            continue
    return resolved.as_posix()


class _Problems:
    """Collects problems, each prefixed with the file label and key path."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, file: str, where: str, message: str) -> None:
        self.items.append(f"{file}: {where}: {message}" if where else f"{file}: {message}")


class _Reader:
    """Typed access to one YAML mapping, reporting problems against its key path."""

    def __init__(self, problems: _Problems, file: str, where: str, data: dict[str, Any]) -> None:
        self.problems = problems
        self.file = file
        self.where = where
        self.data = data

    def at(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def report(self, key: str | None, message: str) -> None:
        self.problems.add(self.file, self.at(key) if key else self.where, message)

    def check_keys(self, allowed: set[str]) -> None:
        for key in sorted(set(self.data) - allowed, key=str):
            self.report(str(key), f"unknown key (allowed: {', '.join(sorted(allowed))})")

    def string(self, key: str, *, required: bool = True, default: str | None = None) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.report(key, "is required")
            return default
        if not isinstance(value, str) or not value.strip():
            self.report(key, f"must be a non-empty string, got {value!r}")
            return default
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.report(key, f"must be true or false, got {value!r}")
            return default
        return value

    def items(self, key: str, *, required: bool = False) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.report(key, "is required")
            return []
        if not isinstance(value, list):
            self.report(key, f"must be a list, got {type(value).__name__}")
            return []
        return value

    def strings(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        out: list[str] = []
        for index, value in enumerate(self.items(key, required=required)):
            if isinstance(value, str) and value:
                out.append(value)
            else:
                self.problems.add(self.file, f"{self.at(key)}[{index}]", f"must be a non-empty string, got {value!r}")
        return tuple(out)

    def urls(self, key: str, *, at_least_one: bool) -> tuple[str, ...]:
        urls = self.strings(key)
        for index, url in enumerate(urls):
            if _URL.match(url) is None:
                self.problems.add(self.file, f"{self.at(key)}[{index}]", f"'{url}' is not an http(s) URL")
        if at_least_one and not urls:
            self.report(key, "at least one evidence URL is required")
        return urls

    def child(self, key: str, index: int, value: Any) -> _Reader | None:
        where = f"{self.at(key)}[{index}]"
        if not isinstance(value, dict):
            self.problems.add(self.file, where, f"must be a mapping, got {type(value).__name__}")
            return None
        return _Reader(self.problems, self.file, where, value)

    def children(self, key: str, *, required: bool = False) -> list[_Reader]:
        readers = []
        for index, value in enumerate(self.items(key, required=required)):
            reader = self.child(key, index, value)
            if reader is not None:
                readers.append(reader)
        return readers


def _load_yaml(path: Path, label: str, problems: _Problems) -> tuple[bool, Any]:
    """``(True, data)`` for a readable YAML file (duplicate keys refused); ``(False, None)`` after reporting why not."""
    try:
        return True, yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problems.add(label, where, f"could not parse YAML: {error.problem}")
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.add(label, "", f"could not read: {error}")
    return False, None


def _read_files(directory: Path, problems: _Problems) -> list[tuple[str, dict[str, Any]]]:
    files = sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])
    if not files:
        problems.add(_label(directory), "", "no catalog files (*.yaml) found")
    loaded = []
    for path in files:
        label = _label(path)
        parsed, data = _load_yaml(path, label, problems)
        if not parsed:
            continue
        if data is None:
            data = {}
        if not isinstance(data, dict):
            problems.add(label, "", f"must hold a mapping with keys {', '.join(sorted(_TOP_KEYS))}")
            continue
        top = _Reader(problems, label, "", data)
        top.check_keys(_TOP_KEYS)
        loaded.append((label, data))
    return loaded


def _check_id(reader: _Reader) -> str | None:
    value = reader.string("id")
    if value is not None and _ID.match(value) is None:
        reader.report("id", f"'{value}' must match {_ID.pattern}")
        return None
    return value


def _type_ok(spec_type: str, value: object, choices: tuple[str, ...]) -> str | None:
    """Why ``value`` is not a valid value of ``spec_type``, or ``None`` when it is."""
    checks: dict[str, Callable[[object], bool]] = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "enum": lambda v: isinstance(v, str) and v in choices,
        "regex-list": lambda v: isinstance(v, str),
    }
    if not checks[spec_type](value):
        if spec_type == "enum":
            return f"{value!r} is not one of {', '.join(choices)}"
        return f"{value!r} is not a valid {spec_type}"
    if spec_type == "regex-list":
        assert isinstance(value, str)
        for part in value.split(","):
            try:
                re.compile(part.strip())
            except re.error as error:
                return f"'{part.strip()}' is not a valid regular expression ({error})"
    return None


def _properties(reader: _Reader) -> tuple[PropertySpec, ...]:
    specs: list[PropertySpec] = []
    seen: set[str] = set()
    for spec in reader.children("properties"):
        spec.check_keys(_PROPERTY_KEYS)
        name = spec.string("name")
        spec_type = spec.string("type")
        description = spec.string("description") or ""
        required = spec.boolean("required", False)
        choices = spec.strings("choices")
        if name is not None:
            if _PROPERTY_NAME.match(name) is None:
                spec.report("name", f"'{name}' must match {_PROPERTY_NAME.pattern}")
            if name in seen:
                spec.report("name", f"duplicate property '{name}'")
            seen.add(name)
        if spec_type is not None and spec_type not in PROPERTY_TYPES:
            spec.report("type", f"'{spec_type}' is not one of {', '.join(PROPERTY_TYPES)}")
            spec_type = None
        if spec_type == "enum" and not choices:
            spec.report("choices", "an enum property needs choices")
        if spec_type not in (None, "enum") and choices:
            spec.report("choices", "only enum properties take choices")
        default = spec.data.get("default")
        if default is not None and spec_type is not None:
            why = _type_ok(spec_type, default, choices)
            if why is not None:
                spec.report("default", why)
        if name is not None and spec_type is not None:
            specs.append(PropertySpec(name, spec_type, default, choices, description, required))
    return tuple(specs)


def _naming(reader: _Reader, store_kinds: tuple[str, ...]) -> tuple[NamingRule, ...]:
    rules: list[NamingRule] = []
    for rule in reader.children("naming"):
        rule.check_keys(_RULE_KEYS)
        kind = rule.string("kind")
        pattern = rule.string("pattern")
        description = rule.string("description") or ""
        evidence = rule.urls("evidence", at_least_one=True)
        reserved = rule.strings("reserved")
        max_length = rule.data.get("max_length")
        valid_length = isinstance(max_length, int) and not isinstance(max_length, bool) and max_length > 0
        if max_length is not None and not valid_length:
            rule.report("max_length", f"must be a positive integer, got {max_length!r}")
            max_length = None
        if kind is not None and kind not in store_kinds:
            rule.report("kind", f"unknown store kind '{kind}' (this service holds: {', '.join(store_kinds) or 'none'})")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as error:
                rule.report("pattern", f"not a valid regular expression: {error}")
                pattern = None
        if kind is not None and pattern is not None:
            if any(existing.kind == kind for existing in rules):
                rule.report("kind", f"duplicate naming rule for store kind '{kind}'")
            rules.append(NamingRule(kind, pattern, max_length, reserved, description, evidence))
    return tuple(rules)


def _service(reader: _Reader) -> Service | None:
    reader.check_keys(_SERVICE_KEYS)
    service_id = _check_id(reader)
    name = reader.string("name")
    category = reader.string("category")
    description = reader.string("description") or ""
    if category is not None and category not in SERVICE_CATEGORIES:
        reader.report("category", f"'{category}' is not one of {', '.join(SERVICE_CATEGORIES)}")
    store_kinds = reader.strings("store_kinds")
    naming = _naming(reader, store_kinds)
    for kind in store_kinds:
        if not any(rule.kind == kind for rule in naming):
            reader.report("naming", f"store kind '{kind}' has no naming rule")
    properties = _properties(reader)
    default_version = reader.string("default_version", required=False)
    if default_version is not None:
        if _VERSION.match(default_version) is None:
            reader.report("default_version", f"'{default_version}' is not a dotted version number")
        version_spec = next((spec for spec in properties if spec.name == "version"), None)
        if version_spec is not None and version_spec.default != default_version:
            reader.report("default_version", f"'{default_version}' differs from the version property's default")
    versions = reader.strings("versions")
    for index, version in enumerate(versions):
        if _VERSION.match(version) is None:
            reader.report(f"versions[{index}]", f"'{version}' is not a dotted version number")
    if versions and default_version not in versions:
        reader.report("versions", f"does not list the default version {default_version!r}")
    docs = reader.urls("docs", at_least_one=False)
    if service_id is None or name is None or category is None:
        return None
    return Service(
        id=service_id,
        name=name,
        category=category,
        description=description,
        store_kinds=store_kinds,
        naming=naming,
        properties=properties,
        image=reader.string("image", required=False),
        default_version=default_version,
        docs=docs,
        legacy=reader.boolean("legacy", False),
        versions=versions,
    )


def _modes(reader: _Reader) -> tuple[str, ...]:
    modes = reader.strings("modes", required=True)
    for mode in modes:
        if mode not in MODES:
            reader.report("modes", f"'{mode}' is not a mode (use {' or '.join(MODES)})")
    if len(set(modes)) != len(modes):
        reader.report("modes", "lists a mode twice")
    if not modes and "modes" in reader.data:
        reader.report("modes", "at least one mode is required")
    return tuple(mode for mode in MODES if mode in modes)


def _pairs(reader: _Reader) -> tuple[Pair, ...]:
    pairs: list[Pair] = []
    for pair in reader.children("pairs", required=True):
        pair.check_keys(_PAIR_KEYS)
        source = pair.string("source")
        sink = pair.string("sink")
        modes = _modes(pair)
        status = pair.string("status")
        if status is not None and status not in PAIR_STATUSES:
            pair.report("status", f"'{status}' is not one of {', '.join(PAIR_STATUSES)}")
        evidence = pair.urls("evidence", at_least_one=True)
        note = pair.string("note", required=False, default="") or ""
        if source is None or sink is None or status is None:
            continue
        if any(p.source == source and p.sink == sink for p in pairs):
            pair.report(None, f"duplicate pair {source} -> {sink}")
        pairs.append(Pair(source, sink, modes, evidence, status, note))
    if "pairs" in reader.data and not reader.items("pairs"):
        reader.report("pairs", "at least one pair is required")
    return tuple(pairs)


def _constraints(reader: _Reader) -> tuple[VersionConstraint, ...]:
    constraints: list[VersionConstraint] = []
    for item in reader.children("version_constraints"):
        item.check_keys(_CONSTRAINT_KEYS)
        side = item.string("side")
        if side is not None and side not in CONSTRAINT_SIDES:
            item.report("side", f"'{side}' is not one of {', '.join(CONSTRAINT_SIDES)}")
        bounds = {}
        for key in ("max_version", "min_version"):
            value = item.string(key, required=False)
            if value is not None and _VERSION.match(value) is None:
                item.report(key, f"'{value}' is not a dotted version number")
            bounds[key] = value
        same_version = item.boolean("same_version", False)
        if bounds["max_version"] is None and bounds["min_version"] is None and not same_version:
            item.report(None, "needs max_version, min_version or same_version")
        message = item.string("message") or ""
        evidence = item.urls("evidence", at_least_one=True)
        services = item.strings("services")
        if side is not None:
            constraints.append(
                VersionConstraint(
                    side=side,
                    max_version=bounds["max_version"],
                    min_version=bounds["min_version"],
                    message=message,
                    evidence=evidence,
                    services=services,
                    same_version=same_version,
                )
            )
    return tuple(constraints)


_ARTIFACT_FIELDS = {"zip": ("url",), "maven": ("group", "artifact", "version", "repository")}


def _plugin_artifact(reader: _Reader, value: object) -> dict[str, str] | None:
    """``generates.plugin_artifact``: a pinned download, ``{type: zip, url}`` or a Maven coordinate."""
    where = reader.at("generates.plugin_artifact")
    if not isinstance(value, dict):
        reader.problems.add(reader.file, where, f"must be a mapping, got {type(value).__name__}")
        return None
    artifact = _Reader(reader.problems, reader.file, where, value)
    kind = artifact.string("type")
    if kind is None:
        return None
    if kind not in _ARTIFACT_FIELDS:
        artifact.report("type", f"'{kind}' is not one of {', '.join(sorted(_ARTIFACT_FIELDS))}")
        return None
    artifact.check_keys({"type", *_ARTIFACT_FIELDS[kind]})
    out = {"type": kind}
    for field_name in _ARTIFACT_FIELDS[kind]:
        text = artifact.string(field_name)
        if text is not None:
            out[field_name] = text
    for field_name in ("url", "repository"):
        if field_name in out and _URL.match(out[field_name]) is None:
            artifact.report(field_name, f"'{out[field_name]}' is not an http(s) URL")
    if len(out) != 1 + len(_ARTIFACT_FIELDS[kind]):
        return None
    return out


def _generates(reader: _Reader) -> dict[str, str]:
    value = reader.data.get("generates", {})
    if not isinstance(value, dict):
        reader.report("generates", "must be a mapping of strings")
        return {}
    out: dict[str, str] = {}
    for key, item in value.items():
        if key == "plugin_artifact":
            continue  # read by _plugin_artifact
        if not isinstance(key, str) or not isinstance(item, str):
            reader.problems.add(reader.file, reader.at(f"generates.{key}"), f"must be a string, got {item!r}")
            continue
        out[key] = item
    return out


def _mechanism(reader: _Reader) -> Mechanism | None:
    reader.check_keys(_MECHANISM_KEYS)
    mechanism_id = _check_id(reader)
    name = reader.string("name")
    kind = reader.string("kind")
    if kind is not None and kind not in MECHANISM_KINDS:
        reader.report("kind", f"'{kind}' is not one of {', '.join(MECHANISM_KINDS)}")
    description = reader.string("description") or ""
    short_label = reader.string("short_label") or ""
    pairs = _pairs(reader)
    properties = _properties(reader)
    constraints = _constraints(reader)
    generates = _generates(reader)
    raw_generates = reader.data.get("generates")
    artifact = None
    if isinstance(raw_generates, dict) and "plugin_artifact" in raw_generates:
        artifact = _plugin_artifact(reader, raw_generates["plugin_artifact"])
    renames = reader.boolean("renames", False)
    legacy = reader.boolean("legacy", False)
    if mechanism_id is None or name is None or kind is None:
        return None
    return Mechanism(
        id=mechanism_id,
        name=name,
        kind=kind,
        description=description,
        pairs=pairs,
        renames=renames,
        properties=properties,
        required_properties=tuple(spec.name for spec in properties if spec.required),
        version_constraints=constraints,
        generates=_frozen_map(generates),
        legacy=legacy,
        short_label=short_label,
        plugin_artifact=_frozen_map(artifact) if artifact is not None else None,
    )


def _properties_text(value: object) -> str | None:
    """A YAML scalar as the text a properties file would hold (``true`` for YAML ``true``), else ``None``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _number(reader: _Reader, key: str) -> int | float | None:
    value = reader.data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        reader.report(key, f"must be a number, got {value!r}")
        return None
    number: int | float = value
    return number


def _config_key(reader: _Reader, name: str) -> ConfigKey | None:
    reader.check_keys(_CONFIGKEY_KEYS)
    key_type = reader.string("type")
    if key_type is not None and key_type not in CONFIG_TYPES:
        reader.report("type", f"'{key_type}' is not one of {', '.join(CONFIG_TYPES)}")
        key_type = None
    required = reader.boolean("required", False)
    case_insensitive = reader.boolean("case_insensitive", False)
    allowed: list[str] = []
    for index, item in enumerate(reader.items("allowed")):
        text = _properties_text(item)
        if text is None:
            reader.problems.add(reader.file, f"{reader.at('allowed')}[{index}]", f"must be a scalar, got {item!r}")
        else:
            allowed.append(text)
    minimum, maximum = _number(reader, "min"), _number(reader, "max")
    bounded = minimum is not None or maximum is not None
    if bounded and key_type is not None and key_type not in ("short", "int", "long", "double"):
        reader.report(None, f"min/max apply to numeric types only, not {key_type}")
    if minimum is not None and maximum is not None and minimum > maximum:
        reader.report("min", f"{minimum} is above max {maximum}")
    default: str | None = None
    if "default" in reader.data and reader.data["default"] is not None:
        default = _properties_text(reader.data["default"])
        if default is None:
            reader.report("default", f"must be a scalar, got {reader.data['default']!r}")
    if required and default is not None:
        reader.report("default", "a required key has no default")
    doc = reader.string("doc", required=False, default="") or ""
    if key_type is None:
        return None
    key = ConfigKey(
        name=name,
        type=key_type,
        required=required,
        default=default,
        allowed=tuple(allowed),
        case_insensitive=case_insensitive,
        minimum=minimum,
        maximum=maximum,
        doc=doc,
    )
    # An empty default stands for "not set" in many ConfigDefs (no validator runs on it), so only real
    # defaults must satisfy the key's own type and validator.
    if default is not None and default != "":
        for problem in config_value_problems(name, key_type, default, key):
            reader.report("default", f"the default fails the key's own definition ({problem})")
    return key


def _config_keys(reader: _Reader) -> dict[str, ConfigKey]:
    value = reader.data.get("keys", {})
    if value is None:
        return {}
    if not isinstance(value, dict):
        reader.report("keys", f"must be a mapping of key name to definition, got {type(value).__name__}")
        return {}
    keys: dict[str, ConfigKey] = {}
    for name, body in value.items():
        where = reader.at(f"keys.{name}")
        if not isinstance(name, str) or not name.strip():
            reader.problems.add(reader.file, where, "a key name must be a non-empty string")
            continue
        if not isinstance(body, dict):
            reader.problems.add(reader.file, where, f"must be a mapping, got {type(body).__name__}")
            continue
        key = _config_key(_Reader(reader.problems, reader.file, where, body), name)
        if key is not None:
            keys[name] = key
    return keys


def _config_patterns(reader: _Reader) -> tuple[ConfigPattern, ...]:
    patterns: list[ConfigPattern] = []
    for item in reader.children("patterns"):
        item.check_keys(_CONFIGPATTERN_KEYS)
        regex = item.string("regex")
        pattern_type = item.string("type")
        doc = item.string("doc", required=False, default="") or ""
        if pattern_type is not None and pattern_type not in CONFIG_TYPES:
            item.report("type", f"'{pattern_type}' is not one of {', '.join(CONFIG_TYPES)}")
            pattern_type = None
        if regex is not None:
            try:
                re.compile(regex)
            except re.error as error:
                item.report("regex", f"not a valid regular expression: {error}")
                regex = None
        if regex is not None and pattern_type is not None:
            body = {k: v for k, v in item.data.items() if k != "regex"}
            spec = _config_key(_Reader(item.problems, item.file, item.where, body), regex)
            patterns.append(ConfigPattern(regex, pattern_type, doc, spec))
    return tuple(patterns)


def _unverified(reader: _Reader) -> tuple[UnverifiedNote, ...]:
    notes: list[UnverifiedNote] = []
    for index, item in enumerate(reader.items("unverified")):
        if isinstance(item, str) and item.strip():
            # A plain sentence: "key: why" for one key, or a note about the whole definition.
            head, sep, tail = item.partition(": ")
            notes.append(UnverifiedNote(head.strip(), tail.strip()) if sep else UnverifiedNote("*", item.strip()))
            continue
        child = reader.child("unverified", index, item)
        if child is None:
            continue
        child.check_keys(_UNVERIFIED_KEYS)
        note_key = child.string("key")
        reason = child.string("reason")
        if note_key is not None and reason is not None:
            notes.append(UnverifiedNote(note_key, reason))
    return tuple(notes)


def _configdef(reader: _Reader, stem: str) -> ConfigDefinition | None:
    reader.check_keys(_CONFIGDEF_KEYS)
    definition_id = _check_id(reader)
    if definition_id is not None and definition_id != stem:
        reader.report("id", f"'{definition_id}' differs from the file name '{stem}'")
    title = reader.string("title")
    target: str | None = None
    applies_to: str | None = None
    value = reader.data.get("applies_to")
    if not isinstance(value, dict) or len(value) != 1:
        reader.report("applies_to", f"must be a mapping with exactly one of {', '.join(CONFIG_TARGETS)}")
    else:
        ((target_key, target_value),) = value.items()
        if target_key not in CONFIG_TARGETS:
            reader.report("applies_to", f"'{target_key}' is not one of {', '.join(CONFIG_TARGETS)}")
        elif not isinstance(target_value, str) or not target_value.strip():
            reader.report(f"applies_to.{target_key}", f"must be a non-empty string, got {target_value!r}")
        else:
            target, applies_to = str(target_key), target_value
    plugin = reader.string("plugin", required=False)
    if plugin is not None and re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", plugin) is None:
        reader.report("plugin", f"'{plugin}' is not a Confluent Hub owner/name")
    version = _properties_text(reader.data.get("version"))
    if version is None or not version.strip():
        reader.report("version", "is required (the exact release read, as a string)")
    source = reader.urls("source", at_least_one=True)
    includes = reader.strings("includes")
    keys = _config_keys(reader)
    patterns = _config_patterns(reader)
    unverified = _unverified(reader)
    raw_notes = reader.data.get("notes")
    if isinstance(raw_notes, list) and all(isinstance(n, str) and n.strip() for n in raw_notes):
        notes = "\n".join(raw_notes)
    else:
        notes = reader.string("notes", required=False, default="") or ""
    if definition_id is None or title is None or target is None or applies_to is None or version is None:
        return None
    return ConfigDefinition(
        id=definition_id,
        title=title,
        target=target,
        applies_to=applies_to,
        plugin=plugin,
        version=version,
        source=source,
        includes=includes,
        keys=_frozen_map(dict(sorted(keys.items()))),
        patterns=patterns,
        unverified=unverified,
        notes=notes,
    )


def _load_configdefs(directory: Path, problems: _Problems) -> dict[str, ConfigDefinition]:
    """Read ``<catalog>/configdefs/*.yaml``; check ids, targets and includes across files."""
    folder = directory / CONFIGDEFS_SUBDIR
    definitions: dict[str, ConfigDefinition] = {}
    labels: dict[str, str] = {}
    targets: dict[tuple[str, str], str] = {}
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []:
        label = _label(path)
        parsed, data = _load_yaml(path, label, problems)
        if not parsed:
            continue
        if not isinstance(data, dict):
            problems.add(label, "", "must hold a mapping (a configuration definition)")
            continue
        reader = _Reader(problems, label, "", data)
        definition = _configdef(reader, path.stem)
        if definition is None:
            continue
        if definition.id in definitions:
            reader.report("id", f"duplicate definition id '{definition.id}' (first defined in {labels[definition.id]})")
            continue
        target = (definition.target, definition.applies_to)
        if definition.target != "fragment" and target in targets:
            reader.report("applies_to", f"{definition.applies_to} already has a definition ({targets[target]})")
        targets.setdefault(target, label)
        definitions[definition.id] = definition
        labels[definition.id] = label
    for definition in definitions.values():
        for name in definition.includes:
            included = definitions.get(name)
            if included is None:
                problems.add(labels[definition.id], "includes", f"unknown definition '{name}'")
            elif included.target != "fragment":
                problems.add(labels[definition.id], "includes", f"'{name}' is not a fragment")
        seen: list[str] = []
        pending = list(definition.includes)
        while pending:
            name = pending.pop()
            if name == definition.id:
                problems.add(labels[definition.id], "includes", "includes itself (a cycle)")
                break
            if name in seen or name not in definitions:
                continue
            seen.append(name)
            pending.extend(definitions[name].includes)
    return dict(sorted(definitions.items()))


def _version_hash(catalog: Catalog) -> str:
    # Configuration definitions are not part of ``content_dict`` (the API's catalog body) but they are
    # catalog content: a changed definition changes what bundles are checked against, hence the version.
    content = {
        **catalog.content_dict(),
        "configdefs": [catalog.configdefs[key].to_dict() for key in sorted(catalog.configdefs)],
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def load_catalog(directory: Path) -> Catalog:
    """Load every ``*.yaml`` file in ``directory`` into a validated ``Catalog``.

    Parameters
    ----------
    directory
        A folder of catalog files. Each holds a mapping with any of ``services``, ``mechanisms`` and
        ``defaults`` (lists); files are read in name order. Its ``configdefs`` folder, when present, holds
        one configuration definition per file (``fixtures/catalog/configdefs/README.md``).

    Raises
    ------
    CatalogError
        Listing every problem, each naming the file and the key path.
    """
    problems = _Problems()
    services: dict[str, Service] = {}
    mechanisms: dict[str, Mechanism] = {}
    where_defined: dict[str, str] = {}
    # Reference checks need every file read first, so remember where each item came from.
    pair_sites: list[tuple[_Reader, Mechanism]] = []
    constraint_sites: list[tuple[_Reader, Mechanism]] = []
    default_sites: list[_Reader] = []

    for label, data in _read_files(Path(directory), problems):
        top = _Reader(problems, label, "", data)
        for reader in top.children("services"):
            service = _service(reader)
            if service is None:
                continue
            if service.id in services:
                first = where_defined[service.id]
                reader.report("id", f"duplicate service id '{service.id}' (first defined in {first})")
                continue
            services[service.id] = service
            where_defined[service.id] = label
        for reader in top.children("mechanisms"):
            mechanism = _mechanism(reader)
            if mechanism is None:
                continue
            key = f"mechanism:{mechanism.id}"
            if mechanism.id in mechanisms:
                reader.report("id", f"duplicate mechanism id '{mechanism.id}' (first defined in {where_defined[key]})")
                continue
            mechanisms[mechanism.id] = mechanism
            where_defined[key] = label
            pair_sites.append((reader, mechanism))
            constraint_sites.append((reader, mechanism))
        default_sites.extend(top.children("defaults"))

    for reader, mechanism in pair_sites:
        for index, pair in enumerate(mechanism.pairs):
            for end in ("source", "sink"):
                service_id = getattr(pair, end)
                if service_id not in services:
                    problems.add(reader.file, f"{reader.at('pairs')}[{index}].{end}", f"unknown service '{service_id}'")
    for reader, mechanism in constraint_sites:
        for index, constraint in enumerate(mechanism.version_constraints):
            for service_id in constraint.services:
                if service_id not in services:
                    problems.add(
                        reader.file,
                        f"{reader.at('version_constraints')}[{index}].services",
                        f"unknown service '{service_id}'",
                    )

    defaults: dict[tuple[str, str], str] = {}
    for reader in default_sites:
        reader.check_keys(_DEFAULT_KEYS)
        source = reader.string("source")
        sink = reader.string("sink")
        mechanism_id = reader.string("mechanism")
        reader.string("reason")
        if source is None or sink is None or mechanism_id is None:
            continue
        chosen = mechanisms.get(mechanism_id)
        if chosen is None:
            reader.report("mechanism", f"unknown mechanism '{mechanism_id}'")
        elif chosen.pair(source, sink) is None:
            reader.report("mechanism", f"'{mechanism_id}' does not connect {source} -> {sink}")
        elif (source, sink) in defaults:
            reader.report(None, f"a second default for {source} -> {sink}")
        else:
            defaults[(source, sink)] = mechanism_id

    served: dict[tuple[str, str], list[str]] = {}
    for mechanism in mechanisms.values():
        for pair in mechanism.pairs:
            served.setdefault((pair.source, pair.sink), []).append(mechanism.id)
    for (source, sink), ids in sorted(served.items()):
        if len(ids) > 1 and (source, sink) not in defaults:
            problems.add(
                _label(Path(directory)),
                "defaults",
                f"{source} -> {sink} is served by {', '.join(sorted(ids))}; name its default mechanism",
            )

    configdefs = _load_configdefs(Path(directory), problems)

    if problems.items:
        raise CatalogError(problems.items)
    draft = Catalog(
        services=_frozen_map(dict(sorted(services.items()))),
        mechanisms=_frozen_map(dict(sorted(mechanisms.items()))),
        version="",
        defaults=_frozen_map(dict(sorted(defaults.items()))),
        configdefs=_frozen_map(configdefs),
    )
    return Catalog(
        services=draft.services,
        mechanisms=draft.mechanisms,
        version=_version_hash(draft),
        defaults=draft.defaults,
        configdefs=draft.configdefs,
    )


@functools.lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The catalog shipped in ``<repo>/fixtures/catalog``, loaded once per process."""
    return load_catalog(CATALOG_DIR)
