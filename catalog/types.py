"""Frozen value types of the service catalog.

Pure Python: no Django, no I/O. The loader (``catalog.loader``) builds these from the YAML files in
``fixtures/catalog``; everything else only reads them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any

__all__ = [
    "CONFIG_TYPES",
    "MODES",
    "PROPERTY_TYPES",
    "Catalog",
    "CatalogError",
    "ConfigDefinition",
    "ConfigKey",
    "ConfigPattern",
    "Mechanism",
    "NamingRule",
    "Pair",
    "PropertySpec",
    "Service",
    "UnverifiedNote",
    "VersionConstraint",
    "version_key",
]

MODES: tuple[str, ...] = ("stream", "batch")
PROPERTY_TYPES: tuple[str, ...] = ("string", "integer", "number", "boolean", "enum", "regex-list")
SERVICE_CATEGORIES: tuple[str, ...] = ("stream", "store", "compute", "search", "visualise", "notebook", "external")
MECHANISM_KINDS: tuple[str, ...] = (
    "connect-sink",
    "connect-source",
    "replicator",
    "cdc",
    "spark",
    "native",
    "client",
    "kibana",
    "zeppelin",
    "logstash",
)
PAIR_STATUSES: tuple[str, ...] = ("documented", "inferred")
CONSTRAINT_SIDES: tuple[str, ...] = ("source", "sink", "both")
# Kafka's ConfigDef.Type names in lower case (fixtures/catalog/configdefs/README.md).
CONFIG_TYPES: tuple[str, ...] = ("boolean", "string", "int", "short", "long", "double", "list", "class", "password")
# What a configuration definition applies to; exactly one per definition.
CONFIG_TARGETS: tuple[str, ...] = ("connector_class", "transform", "converter", "file", "fragment")


class CatalogError(Exception):
    """A catalog file is unreadable or inconsistent.

    ``problems`` lists every problem found, each starting with the file and the key path
    (``fixtures/catalog/connect.yaml: mechanisms[3].pairs[0].evidence: ...``).
    """

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


@lru_cache(maxsize=1024)
def version_key(version: str) -> tuple[int, ...]:
    """Numeric components of a version string: ``"3.9.1"`` -> ``(3, 9, 1)``, ``"6.8.4.13"`` -> ``(6, 8, 4, 13)``.

    Non-numeric suffixes of a component are ignored (``"8.15.0-rc1"`` -> ``(8, 15, 0)``); a component
    without leading digits ends the key. Cached: a design names a handful of versions, checked once per flow.
    """
    parts: list[int] = []
    for chunk in version.strip().split("."):
        match = re.match(r"\d+", chunk)
        if match is None:
            break
        parts.append(int(match.group()))
    return tuple(parts)


def _compare_at_precision(version: str, bound: str) -> int:
    """Compare ``version`` with ``bound`` at the bound's precision (``3.9.1`` equals bound ``3.9``)."""
    bound_key = version_key(bound)
    key = version_key(version)[: len(bound_key)]
    key = key + (0,) * (len(bound_key) - len(key))
    return (key > bound_key) - (key < bound_key)


@dataclass(frozen=True)
class PropertySpec:
    """A typed setting of a service or mechanism (what a node or flow may carry in ``properties``)."""

    name: str
    type: str
    default: object | None
    choices: tuple[str, ...]
    description: str
    required: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "name": self.name,
            "type": self.type,
            "default": self.default,
            "choices": list(self.choices),
            "description": self.description,
            "required": self.required,
        }


@dataclass(frozen=True)
class NamingRule:
    """How a store of one kind may be named (Kafka topic, Cassandra ``keyspace.table``, ES index, ...).

    ``pattern`` must match the whole name; ``max_length`` counts UTF-8 bytes (the unit Elasticsearch and S3
    use, identical to characters for the ASCII-only kinds); ``reserved`` lists names that are refused outright.
    """

    kind: str
    pattern: str
    max_length: int | None
    reserved: tuple[str, ...]
    description: str
    evidence: tuple[str, ...]

    def problems(self, name: str) -> list[str]:
        """Human messages for what is wrong with ``name``; ``[]`` when it is valid."""
        found: list[str] = []
        if name == "":
            return [f"a {self.kind} name cannot be empty"]
        if name in self.reserved:
            found.append(f"'{name}' is a reserved {self.kind} name")
        size = len(name.encode("utf-8"))
        if self.max_length is not None and size > self.max_length:
            found.append(f"'{name}' is {size} characters long; a {self.kind} name allows at most {self.max_length}")
        if re.fullmatch(self.pattern, name) is None:
            found.append(f"'{name}' is not a valid {self.kind} name: {self.description}")
        return found

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "kind": self.kind,
            "pattern": self.pattern,
            "max_length": self.max_length,
            "reserved": list(self.reserved),
            "description": self.description,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Service:
    """A kind of node in a design: a Kafka cluster, a Cassandra cluster, a Spark application, ..."""

    id: str
    name: str
    category: str
    description: str
    store_kinds: tuple[str, ...]
    naming: tuple[NamingRule, ...]
    properties: tuple[PropertySpec, ...]
    image: str | None
    default_version: str | None
    docs: tuple[str, ...]
    legacy: bool
    #: Every version a bundle can run for this service, the default first. The analysis picks among them
    #: when a design leaves a node's version open and the default breaks a mechanism's version constraint.
    versions: tuple[str, ...] = ()

    def candidate_versions(self) -> tuple[str, ...]:
        """The versions a node left open may run: the default first, then the others as the catalog lists them."""
        ordered = ((self.default_version,) if self.default_version else ()) + self.versions
        return tuple(dict.fromkeys(ordered))

    def naming_rule(self, kind: str) -> NamingRule | None:
        """The naming rule for stores of ``kind``, or ``None`` when this service has no such store kind."""
        for rule in self.naming:
            if rule.kind == kind:
                return rule
        return None

    def property(self, name: str) -> PropertySpec | None:
        """The property called ``name``, or ``None``."""
        for spec in self.properties:
            if spec.name == name:
                return spec
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "id": self.id,
            "name": self.name,
            "category": self.category,
            "description": self.description,
            "store_kinds": list(self.store_kinds),
            "naming": [rule.to_dict() for rule in self.naming],
            "properties": [spec.to_dict() for spec in self.properties],
            "image": self.image,
            "default_version": self.default_version,
            "docs": list(self.docs),
            "legacy": self.legacy,
            "versions": list(self.candidate_versions()),
        }


@dataclass(frozen=True)
class Pair:
    """One direction a mechanism connects: ``source`` service feeds ``sink`` service in ``modes``."""

    source: str
    sink: str
    modes: tuple[str, ...]
    evidence: tuple[str, ...]
    status: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "source": self.source,
            "sink": self.sink,
            "modes": list(self.modes),
            "evidence": list(self.evidence),
            "status": self.status,
            "note": self.note,
        }


@dataclass(frozen=True)
class VersionConstraint:
    """A version limit a mechanism puts on the nodes it connects.

    ``side`` says which end of the flow is checked. ``services`` narrows the check to endpoints of those
    services (empty: any service on that side) - needed because one mechanism, e.g. the Spark Cassandra
    Connector, has Spark on the source side of some pairs and on the sink side of others.
    ``same_version`` asks both ends to run the same version (Kibana and Elasticsearch); bounds compare at
    their own precision, so ``max_version "3.9"`` allows ``3.9.1`` and refuses ``4.0``.
    """

    side: str
    max_version: str | None
    min_version: str | None
    message: str
    evidence: tuple[str, ...]
    services: tuple[str, ...] = ()
    same_version: bool = False

    def applies_to(self, service: str) -> bool:
        """Whether an endpoint of ``service`` on a checked side is subject to the bounds."""
        return not self.services or service in self.services

    def allows(self, version: str) -> bool:
        """Whether ``version`` lies within ``min_version`` .. ``max_version``."""
        if self.min_version is not None and _compare_at_precision(version, self.min_version) < 0:
            return False
        return not (self.max_version is not None and _compare_at_precision(version, self.max_version) > 0)

    def problems(
        self,
        *,
        source_service: str,
        source_version: str | None,
        sink_service: str,
        sink_version: str | None,
    ) -> list[str]:
        """Messages for the ends of one flow that break this constraint; unknown versions are not judged."""
        found: list[str] = []
        if self.same_version:
            if source_version is not None and sink_version is not None:
                shorter = min(len(version_key(source_version)), len(version_key(sink_version)))
                if version_key(source_version)[:shorter] != version_key(sink_version)[:shorter]:
                    found.append(f"{self.message} ({source_service} {source_version}, {sink_service} {sink_version})")
            return found
        ends = []
        if self.side in ("source", "both"):
            ends.append((source_service, source_version))
        if self.side in ("sink", "both"):
            ends.append((sink_service, sink_version))
        for service, version in ends:
            if version is not None and self.applies_to(service) and not self.allows(version):
                found.append(f"{self.message} ({service} {version})")
        return found

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "side": self.side,
            "max_version": self.max_version,
            "min_version": self.min_version,
            "message": self.message,
            "evidence": list(self.evidence),
            "services": list(self.services),
            "same_version": self.same_version,
        }


@dataclass(frozen=True)
class Mechanism:
    """How one service feeds another: a connector, a replicator, a Spark data source, a client, ..."""

    id: str
    name: str
    kind: str
    description: str
    pairs: tuple[Pair, ...]
    renames: bool
    properties: tuple[PropertySpec, ...]
    required_properties: tuple[str, ...]
    version_constraints: tuple[VersionConstraint, ...]
    generates: Mapping[str, str]
    legacy: bool
    short_label: str
    # The pinned plugin download (``generates.plugin_artifact``): ``{type: zip, url}`` or
    # ``{type: maven, group, artifact, version, repository}``; ``None`` for mechanisms without a plugin.
    plugin_artifact: Mapping[str, str] | None = None

    def pair(self, source: str, sink: str) -> Pair | None:
        """The pair ``source -> sink`` this mechanism connects, or ``None``."""
        for candidate in self.pairs:
            if candidate.source == source and candidate.sink == sink:
                return candidate
        return None

    def property(self, name: str) -> PropertySpec | None:
        """The property called ``name``, or ``None``."""
        for spec in self.properties:
            if spec.name == name:
                return spec
        return None

    def version_problems(
        self,
        *,
        source_service: str,
        source_version: str | None,
        sink_service: str,
        sink_version: str | None,
    ) -> list[str]:
        """Messages for every version constraint a flow between these endpoints breaks."""
        found: list[str] = []
        for constraint in self.version_constraints:
            found.extend(
                constraint.problems(
                    source_service=source_service,
                    source_version=source_version,
                    sink_service=sink_service,
                    sink_version=sink_version,
                )
            )
        return found

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "pairs": [pair.to_dict() for pair in self.pairs],
            "renames": self.renames,
            "properties": [spec.to_dict() for spec in self.properties],
            "required_properties": list(self.required_properties),
            "version_constraints": [constraint.to_dict() for constraint in self.version_constraints],
            "generates": dict(sorted(self.generates.items())),
            "plugin_artifact": dict(sorted(self.plugin_artifact.items())) if self.plugin_artifact else None,
            "legacy": self.legacy,
            "short_label": self.short_label,
        }


def _frozen_map(items: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(items))


_INTEGER_BITS = {"short": 16, "int": 32, "long": 64}
_JAVA_INTEGER = re.compile(r"[+-]?\d+")
_JAVA_DOUBLE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?")
_JAVA_CLASS = re.compile(r"[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*")


def _number_text(number: int | float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def config_value_problems(name: str, type: str, value: str, key: ConfigKey | None = None) -> list[str]:
    """Check ``value`` the way Kafka's ``ConfigDef.parseType`` and the key's validator would.

    Booleans are ``true``/``false`` in any case, short/int/long integral and within their Java width,
    double a decimal number, class a Java binary class name; lists are split on commas and every element is
    checked against ``allowed``. Surrounding white space is ignored, as Kafka trims these values.
    """
    text = value.strip()
    if type == "boolean" and text.lower() not in ("true", "false"):
        return [f"{name}: expected boolean, got '{value}'"]
    number: int | float | None = None
    if type in _INTEGER_BITS:
        bits = _INTEGER_BITS[type]
        if _JAVA_INTEGER.fullmatch(text) is None or not -(2 ** (bits - 1)) <= int(text) < 2 ** (bits - 1):
            return [f"{name}: expected {type}, got '{value}'"]
        number = int(text)
    if type == "double":
        if _JAVA_DOUBLE.fullmatch(text) is None:
            return [f"{name}: expected double, got '{value}'"]
        number = float(text.rstrip("dDfF"))
    if type == "class" and _JAVA_CLASS.fullmatch(text) is None:
        return [f"{name}: expected class, got '{value}'"]
    if key is None:
        return []
    found: list[str] = []
    if key.allowed:
        items = [item.strip() for item in text.split(",") if item.strip()] if type == "list" else [text]
        allowed = {a.lower() for a in key.allowed} if key.case_insensitive else set(key.allowed)
        for item in items:
            if (item.lower() if key.case_insensitive else item) not in allowed:
                found.append(f"{name}: '{item}' is not one of [{', '.join(key.allowed)}]")
    if number is not None and key.minimum is not None and number < key.minimum:
        found.append(f"{name}: {text} is below the minimum {_number_text(key.minimum)}")
    if number is not None and key.maximum is not None and number > key.maximum:
        found.append(f"{name}: {text} is above the maximum {_number_text(key.maximum)}")
    return found


@dataclass(frozen=True)
class ConfigKey:
    """One key of a Kafka ``ConfigDef`` as read from the source: type, whether it has no default, validator.

    ``default`` is the text a properties file would hold; ``allowed``/``minimum``/``maximum`` come from the
    key's validator (``ValidString.in``, ``Range.between``, ...) and are empty/``None`` when it has none.
    """

    name: str
    type: str
    required: bool = False
    default: str | None = None
    allowed: tuple[str, ...] = ()
    case_insensitive: bool = False
    minimum: int | float | None = None
    maximum: int | float | None = None
    doc: str = ""

    def problems(self, value: str) -> list[str]:
        """What is wrong with ``value`` (a properties-file string) as Kafka would parse this key; ``[]`` if fine."""
        return config_value_problems(self.name, self.type, value, self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "name": self.name,
            "type": self.type,
            "required": self.required,
            "default": self.default,
            "allowed": list(self.allowed),
            "case_insensitive": self.case_insensitive,
            "min": self.minimum,
            "max": self.maximum,
            "doc": self.doc,
        }


@dataclass(frozen=True)
class ConfigPattern:
    """A family of keys (``re.fullmatch`` on the key), e.g. per-topic mappings or client prefixes.

    ``type`` checks the values like a key's type; ``doc`` says which keys the family stands for and why
    they are accepted by pattern rather than recorded one by one.
    """

    regex: str
    type: str
    doc: str = ""
    #: The family's validator facts (default, allowed values, bounds), when the source gives any.
    key: ConfigKey | None = None

    def matches(self, key: str) -> bool:
        """Whether ``key`` belongs to this family."""
        return re.fullmatch(self.regex, key) is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"regex": self.regex, "type": self.type, "doc": self.doc}


@dataclass(frozen=True)
class UnverifiedNote:
    """A key (or ``*`` for the whole definition) whose definition could not be read in source, and why."""

    key: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"key": self.key, "reason": self.reason}


@dataclass(frozen=True)
class ConfigDefinition:
    """A configuration definition recorded from a connector's, transform's, converter's or file's source.

    ``target`` is one of ``CONFIG_TARGETS`` and ``applies_to`` the class name (or file name, or fragment id)
    it is for. ``includes`` names fragments whose keys also apply; ``keys`` are the definition's own keys.
    """

    id: str
    title: str
    target: str
    applies_to: str
    plugin: str | None
    version: str
    source: tuple[str, ...]
    includes: tuple[str, ...]
    keys: Mapping[str, ConfigKey]
    patterns: tuple[ConfigPattern, ...]
    unverified: tuple[UnverifiedNote, ...] = ()
    notes: str = ""

    @property
    def verified(self) -> bool:
        """False when the whole definition is marked unverified (``key: '*'``)."""
        return not any(note.key == "*" for note in self.unverified)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {
            "id": self.id,
            "title": self.title,
            "applies_to": {self.target: self.applies_to},
            "plugin": self.plugin,
            "version": self.version,
            "source": list(self.source),
            "includes": list(self.includes),
            "keys": [self.keys[name].to_dict() for name in sorted(self.keys)],
            "patterns": [pattern.to_dict() for pattern in self.patterns],
            "unverified": [note.to_dict() for note in self.unverified],
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Catalog:
    """Every service and mechanism, plus the default mechanism of each pair served by several.

    ``defaults`` maps ``(source, sink)`` to the mechanism a flow gets when it names none; pairs served by a
    single mechanism need no entry.
    """

    services: Mapping[str, Service]
    mechanisms: Mapping[str, Mechanism]
    version: str
    defaults: Mapping[tuple[str, str], str] = field(default_factory=lambda: _frozen_map({}))
    configdefs: Mapping[str, ConfigDefinition] = field(default_factory=lambda: _frozen_map({}))

    def configdef(self, id: str) -> ConfigDefinition | None:
        """The configuration definition with this id, or ``None``."""
        return self.configdefs.get(id)

    def _configdef_for(self, target: str, name: str) -> ConfigDefinition | None:
        for definition in self.configdefs.values():
            if definition.target == target and definition.applies_to == name:
                return definition
        return None

    def configdef_for_connector(self, class_name: str) -> ConfigDefinition | None:
        """The definition of the connector class ``class_name``, or ``None`` when none is recorded."""
        return self._configdef_for("connector_class", class_name)

    def configdef_for_transform(self, class_name: str) -> ConfigDefinition | None:
        """The definition of the single message transform ``class_name``, or ``None``."""
        return self._configdef_for("transform", class_name)

    def configdef_for_converter(self, class_name: str) -> ConfigDefinition | None:
        """The definition of the converter ``class_name``, or ``None``."""
        return self._configdef_for("converter", class_name)

    def configdef_for_file(self, name: str) -> ConfigDefinition | None:
        """The definition of a whole properties file (``connect-worker``, ``mm2``, ...), or ``None``."""
        return self._configdef_for("file", name)

    def configdef_chain(self, id: str) -> tuple[ConfigDefinition, ...]:
        """The definition ``id`` followed by every fragment it includes, depth first, each once.

        A key is looked up along the chain: the definition's own keys win over its fragments'.
        """
        chain: list[ConfigDefinition] = []
        pending = [id]
        while pending:
            current = self.configdefs.get(pending.pop(0))
            if current is None or current in chain:
                continue
            chain.append(current)
            pending = [*current.includes, *pending]
        return tuple(chain)

    def service(self, id: str) -> Service | None:
        """The service with this id, or ``None``."""
        return self.services.get(id)

    def mechanism(self, id: str) -> Mechanism | None:
        """The mechanism with this id, or ``None``."""
        return self.mechanisms.get(id)

    def mechanisms_between(self, source: str, sink: str) -> tuple[tuple[Mechanism, Pair], ...]:
        """Every mechanism connecting ``source -> sink`` with its pair: the default first, then current
        mechanisms by id, then legacy ones by id."""
        found = [(m, p) for m in self.mechanisms.values() if (p := m.pair(source, sink)) is not None]
        default_id = self.defaults.get((source, sink))

        def order(item: tuple[Mechanism, Pair]) -> tuple[bool, bool, str]:
            mechanism = item[0]
            return (mechanism.id != default_id, mechanism.legacy, mechanism.id)

        return tuple(sorted(found, key=order))

    def default_mechanism(self, source: str, sink: str) -> Mechanism | None:
        """The mechanism a flow ``source -> sink`` gets when it names none, or ``None`` if nothing connects them."""
        found = self.mechanisms_between(source, sink)
        return found[0][0] if found else None

    def pairs(self) -> list[tuple[str, str]]:
        """Every ``(source, sink)`` connected by at least one mechanism, sorted."""
        return sorted({(p.source, p.sink) for m in self.mechanisms.values() for p in m.pairs})

    def matrix(self) -> list[dict[str, Any]]:
        """One row per connected ``(source, sink)``, sorted, with its mechanisms (default first)."""
        rows: list[dict[str, Any]] = []
        for source, sink in self.pairs():
            between = self.mechanisms_between(source, sink)
            rows.append(
                {
                    "source": source,
                    "sink": sink,
                    "default": between[0][0].id,
                    "mechanisms": [
                        {
                            "id": mechanism.id,
                            "name": mechanism.name,
                            "short_label": mechanism.short_label,
                            "modes": list(pair.modes),
                            "status": pair.status,
                            "evidence": list(pair.evidence),
                            "renames": mechanism.renames,
                            "legacy": mechanism.legacy,
                            "note": pair.note,
                        }
                        for mechanism, pair in between
                    ],
                }
            )
        return rows

    def content_dict(self) -> dict[str, Any]:
        """The catalog's content without its version (what the version hash is computed over)."""
        return {
            "services": [self.services[key].to_dict() for key in sorted(self.services)],
            "mechanisms": [self.mechanisms[key].to_dict() for key in sorted(self.mechanisms)],
            "defaults": [
                {"source": source, "sink": sink, "mechanism": self.defaults[(source, sink)]}
                for source, sink in sorted(self.defaults)
            ],
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form, sorted by id, including ``version``."""
        return {"version": self.version, **self.content_dict()}
