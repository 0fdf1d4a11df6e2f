"""Real-parser checks of generated artefacts: every file is parsed back and compared with what was meant.

Used by the tests and by the bundle job. The compose schema and the Strimzi CRD schemas are passed in (the
engine reads no project files); the CQL grammar comes from ``cqlshlib`` when it is installed, else CQL is
reported unchecked.
"""

from __future__ import annotations

import ast
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import yaml
from jproperties import Properties
from jsonschema import Draft201909Validator

from catalog import Catalog

from .coherence import coherence_problems
from .compose import unescape_strings
from .configdefs import DefinitionReport, check_connector_config, check_properties
from .k8s_checks import CrdValidators, crd_validators, document_problems, reference_problems
from .names import unquote_cql_identifier
from .plan import Artefact

__all__ = ["CheckReport", "check_artefact", "check_artefacts", "cql_available"]


# libyaml's parser when PyYAML has it (same safe constructors, several times faster on a large bundle).
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class CheckReport:
    """Per-file outcome: ``checked`` maps path -> parser used; ``problems`` maps path -> messages."""

    checked: Mapping[str, str]
    unchecked: tuple[str, ...]
    problems: Mapping[str, tuple[str, ...]]

    @property
    def ok(self) -> bool:
        """True when no file has a problem."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form (stored in the job result)."""
        return {
            "ok": self.ok,
            "checked": dict(self.checked),
            "unchecked": list(self.unchecked),
            "problems": {k: list(v) for k, v in self.problems.items()},
        }


def cql_available() -> bool:
    """Whether the cqlsh grammar can be imported."""
    try:
        from cqlshlib.cql3handling import CqlRuleSet  # noqa: F401
    except ImportError:  # pragma: no cover - cqlsh is a dev dependency
        return False
    return True


def _properties(data: bytes) -> dict[str, str]:
    props = Properties()
    props.load(io.BytesIO(data), "iso-8859-1")
    return {key: value.data for key, value in props.items()}


def _python_literals(text: str) -> dict[str, Any]:
    tree = ast.parse(text)
    found: dict[str, Any] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name) and target.id.isupper():
                try:
                    found[target.id] = ast.literal_eval(statement.value)
                except ValueError:
                    continue
    return found


def _cql(text: str, intended: Any) -> list[str]:
    from cqlshlib.cql3handling import CqlRuleSet

    problems: list[str] = []
    statements, _ = CqlRuleSet.cql_split_statements(text)
    statements = [s for s in statements if s]
    identifiers: list[str] = []
    for tokens in statements:
        if CqlRuleSet.cql_whole_parse_tokens(tokens, startsymbol="Start") is None:
            problems.append("invalid CQL: " + " ".join(str(t[1]) for t in tokens)[:200])
        identifiers += [unquote_cql_identifier(t[1]) for t in tokens if t[0] == "quotedName"]
    if isinstance(intended, dict):
        if len(statements) != intended.get("statements"):
            problems.append(f"{len(statements)} statements, expected {intended.get('statements')}")
        if identifiers != intended.get("identifiers"):
            problems.append("identifiers differ from the design's names")
    return problems


# Keys a minimal config must set, per connector class (integrations.md section 2); ``<x>`` is any text.
# Only used for classes the catalog records no configuration definition for (and when no catalog is given);
# such files are reported as not checked against a definition.
REQUIRED_KEYS: dict[str, tuple[str, ...]] = {
    "com.datastax.oss.kafka.sink.CassandraSinkConnector": (
        "topics",
        "contactPoints",
        "loadBalancing.localDc",
        "topic.<t>.<ks>.<table>.mapping",
    ),
    "io.lenses.streamreactor.connect.cassandra.source.CassandraSourceConnector": (
        "connect.cassandra.contact.points",
        "connect.cassandra.key.space",
        "connect.cassandra.kcql",
    ),
    "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector": ("topics", "connection.url"),
    "com.github.dariobalinzo.ElasticSourceConnector": (
        "es.host",
        "es.port",
        "index.prefix",
        "topic.prefix",
        "incrementing.field.name",
    ),
    "io.confluent.connect.s3.S3SinkConnector": (
        "topics",
        "s3.bucket.name",
        "s3.region",
        "flush.size",
        "storage.class",
        "format.class",
    ),
    "io.lenses.streamreactor.connect.aws.s3.source.S3SourceConnector": ("connect.s3.kcql",),
    "io.confluent.connect.jdbc.JdbcSourceConnector": ("connection.url", "table.whitelist", "mode", "topic.prefix"),
    "io.confluent.connect.jdbc.JdbcSinkConnector": ("connection.url", "topics"),
    "io.confluent.connect.mqtt.MqttSourceConnector": ("mqtt.server.uri", "mqtt.topics", "kafka.topic"),
}


_BY_REQUIRED_KEYS = "json + required connector keys (not checked against a configuration definition)"


def _definition_label(base: str, report: DefinitionReport, catalog: Catalog) -> str:
    """The parser label of a file checked against a definition, naming it and saying when it is unverified."""
    definition = catalog.configdef(report.definition) if report.definition is not None else None
    if definition is None:
        return base
    label = f"{base} + configuration definition {definition.id} {definition.version}"
    return label if definition.verified else f"{label} (unverified)"


def connector_check(body: Any, catalog: Catalog | None) -> tuple[str, list[str]]:
    """Parser label and problems of a connector document.

    With a catalog that records a definition for the ``connector.class``, the flat config is checked
    against it (unknown keys, required keys, types, allowed values, ranges, transforms and converters);
    otherwise only the hand-kept ``REQUIRED_KEYS`` are looked for and the label says so.
    """
    if not isinstance(body, dict) or not isinstance(body.get("config"), dict) or not body.get("name"):
        return "json", ["not a {name, config} connector document"]
    config = body["config"]
    strings = [] if all(isinstance(v, str) for v in config.values()) else ["connector config values must be strings"]
    if catalog is not None and catalog.configdef_for_connector(str(config.get("connector.class", ""))) is not None:
        report = check_connector_config(config, catalog, name=str(body["name"]))
        return _definition_label("json", report, catalog), [*report.problems, *strings]
    return _BY_REQUIRED_KEYS, connector_problems(body)


def connector_problems(body: Any) -> list[str]:
    """What a connector file lacks: name, a known class, and every required key of that class."""
    if not isinstance(body, dict) or not isinstance(body.get("config"), dict) or not body.get("name"):
        return ["not a {name, config} connector document"]
    config = body["config"]
    connector_class = config.get("connector.class")
    if connector_class not in REQUIRED_KEYS:
        return [f"unknown connector class {connector_class!r}"]
    problems = []
    for key in REQUIRED_KEYS[connector_class]:
        pattern = re.escape(key).replace(re.escape("<t>"), ".+").replace(re.escape("<ks>"), ".+")
        pattern = pattern.replace(re.escape("<table>"), ".+")
        if not any(re.fullmatch(pattern, k) and str(v) != "" for k, v in config.items()):
            problems.append(f"missing required key {key}")
    if any(not isinstance(v, str) for v in config.values()):
        problems.append("connector config values must be strings")
    return problems


_LOGSTASH_STRING = re.compile(r'"([^"]*)"|\'([^\']*)\'')


def _logstash(text: str, intended: Any) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    values = [m.group(1) if m.group(1) is not None else m.group(2) for m in _LOGSTASH_STRING.finditer(body)]
    stripped = _LOGSTASH_STRING.sub("", body)
    problems = []
    if stripped.count("{") != stripped.count("}") or stripped.count("[") != stripped.count("]"):
        problems.append("unbalanced braces or brackets")
    if intended is not None and values != list(intended):
        problems.append("string values differ from the intended ones")
    return problems


def _maven(text: str, intended: Any) -> list[str]:
    """A POM parses as XML and pins exactly the intended ``group:artifact -> version`` coordinates."""
    root = ElementTree.fromstring(text)
    namespace = {"m": "http://maven.apache.org/POM/4.0.0"}
    pinned: dict[str, str] = {}
    for element in [*root.iterfind(".//m:dependency", namespace), *root.iterfind(".//m:plugin", namespace)]:
        group = element.findtext("m:groupId", default="", namespaces=namespace)
        artifact = element.findtext("m:artifactId", default="", namespaces=namespace)
        pinned[f"{group}:{artifact}"] = element.findtext("m:version", default="", namespaces=namespace)
    problems = [f"{coordinate} has no pinned version" for coordinate, version in pinned.items() if not version]
    if isinstance(intended, dict) and pinned != intended:
        problems.append(f"pinned coordinates differ: {sorted(pinned.items())}")
    return problems


def _java(text: str, path: str) -> list[str]:
    """The source parses as Java and declares the public class its path names."""
    import javalang

    try:
        unit = javalang.parse.parse(text)
    except (javalang.parser.JavaSyntaxError, javalang.tokenizer.LexerError) as exc:
        return [f"does not parse as Java: {exc!r}"]
    expected = path.rsplit("/", 1)[-1].removesuffix(".java")
    names = [t.name for t in unit.types if "public" in t.modifiers]
    package = unit.package.name if unit.package is not None else ""
    problems = [] if names == [expected] else [f"public classes {names}, expected [{expected!r}]"]
    folder = path.rsplit("/", 1)[0]
    if not folder.endswith("/".join(package.split("."))):
        problems.append(f"package {package!r} does not match the folder {folder!r}")
    return problems


def check_artefact(
    artefact: Artefact,
    compose_schema: Mapping[str, Any] | None = None,
    *,
    crd_schemas: Mapping[str, Mapping[str, Any]] | None = None,
    catalog: Catalog | None = None,
) -> tuple[str | None, list[str]]:
    """Parse one artefact back; returns (parser used or ``None`` when unchecked, problems).

    ``crd_schemas`` maps a Strimzi kind to its CRD's ``openAPIV3Schema``; Kubernetes files (kind ``k8s``) are
    validated against them, and reported with "CRD schemas not provided" without them. With ``catalog``,
    connector files and properties files that name a ``definition`` are also checked against the catalog's
    configuration definitions.
    """
    prepared = crd_validators(crd_schemas) if crd_schemas is not None and artefact.kind == "k8s" else None
    return _check(artefact, compose_schema, prepared, catalog)


def _check(
    artefact: Artefact,
    compose_schema: Mapping[str, Any] | None,
    prepared: CrdValidators | None,
    catalog: Catalog | None = None,
) -> tuple[str | None, list[str]]:
    kind = artefact.kind
    try:
        text = artefact.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return "utf-8", [f"not UTF-8: {exc}"]
    try:
        if kind == "json":
            parsed = json.loads(text)
            ok = artefact.intended is None or parsed == artefact.intended
            return "json", [] if ok else ["parsed JSON differs from the intended data"]
        if kind == "connector":
            parsed = json.loads(text)
            label, problems = connector_check(parsed, catalog)
            if artefact.intended is not None and parsed != artefact.intended:
                problems.append("parsed JSON differs from the intended data")
            return label, problems
        if kind == "ndjson":
            records = [json.loads(line) for line in text.splitlines() if line.strip()]
            ok = artefact.intended is None or records == list(artefact.intended)
            return "json (ndjson)", [] if ok else ["parsed NDJSON differs from the intended data"]
        if kind == "yaml":
            documents = list(yaml.safe_load_all(text))
            ok = artefact.intended is None or documents == list(artefact.intended)
            return "yaml", [] if ok else ["parsed YAML differs from the intended data"]
        if kind == "k8s":
            documents = list(yaml.load_all(text, Loader=_SAFE_LOADER))
            problems = []
            if artefact.intended is not None and documents != list(artefact.intended):
                problems.append("parsed YAML differs from the intended data")
            if prepared is None:
                return "yaml", [*problems, "CRD schemas not provided"]
            return "yaml + Strimzi v1 CRD schemas", problems + document_problems(documents, prepared)
        if kind == "compose":
            parsed = yaml.safe_load(text)
            problems = []
            if artefact.intended is not None and unescape_strings(parsed) != artefact.intended:
                problems.append("parsed compose file differs from the intended data")
            if compose_schema is None:
                return "yaml", [*problems, "compose schema not provided"]
            validator = Draft201909Validator(compose_schema)
            problems += [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(parsed)]
            return "yaml + compose-spec schema", problems
        if kind == "properties":
            parsed = _properties(artefact.data)
            problems = []
            if artefact.intended is not None and parsed != artefact.intended:
                keys = sorted(
                    set(parsed) ^ set(artefact.intended) | {k for k in parsed if parsed[k] != artefact.intended.get(k)}
                )
                problems.append(f"keys differ: {keys[:5]}")
            if artefact.definition is None or catalog is None:
                return "jproperties", problems
            report = check_properties(parsed, artefact.definition, catalog)
            return _definition_label("jproperties", report, catalog), [*problems, *report.problems]
        if kind == "python":
            literals = _python_literals(text)
            compile(text, artefact.path, "exec")
            problems = []
            if isinstance(artefact.intended, dict):
                problems = [f"{k} differs" for k, v in artefact.intended.items() if literals.get(k) != v]
            return "ast", problems
        if kind == "cql":
            if not cql_available():  # pragma: no cover
                return None, []
            return "cqlshlib", _cql(text, artefact.intended)
        if kind == "tsv":
            rows = [line.split("\t") for line in text.splitlines()]
            ok = artefact.intended is None or rows == artefact.intended
            return "tsv", [] if ok else ["rows differ"]
        if kind == "logstash":
            return None, _logstash(text, artefact.intended)
        if kind == "maven":
            return "xml (ElementTree)", _maven(text, artefact.intended)
        if kind == "java":
            return "javalang", _java(text, artefact.path)
    except (ValueError, SyntaxError, yaml.YAMLError, ElementTree.ParseError) as exc:
        return kind, [f"does not parse: {exc}"]
    return None, []


def check_artefacts(
    artefacts: Iterable[Artefact],
    compose_schema: Mapping[str, Any] | None = None,
    *,
    crd_schemas: Mapping[str, Mapping[str, Any]] | None = None,
    catalog: Catalog | None = None,
) -> CheckReport:
    """Check every artefact; the report says which parser checked which file and what failed.

    With ``crd_schemas`` the Kubernetes files are also checked together: unique names, labels that name a
    Kafka/KafkaConnect of the bundle, bootstrap addresses that reach a Kafka of the bundle. ``catalog``
    enables the configuration-definition checks of connector, worker and ``mm2.properties`` files.
    """
    checked: dict[str, str] = {}
    unchecked: list[str] = []
    problems: dict[str, list[str]] = {}
    ordered = sorted(artefacts, key=lambda a: a.path)
    prepared = crd_validators(crd_schemas) if crd_schemas is not None else None
    resources: dict[str, list[Any]] = {}
    for artefact in ordered:
        parser, found = _check(artefact, compose_schema, prepared, catalog)
        if parser is None:
            unchecked.append(artefact.path)
        else:
            checked[artefact.path] = parser
        if found:
            problems[artefact.path] = found
        elif artefact.kind == "k8s" and prepared is not None:
            resources[artefact.path] = list(artefact.intended or [])
    for path, found in reference_problems(resources).items():
        problems.setdefault(path, []).extend(found)
    for path, found in coherence_problems(ordered).items():
        problems.setdefault(path, []).extend(f"cross-file: {item}" for item in found)
    return CheckReport(checked, tuple(unchecked), {path: tuple(found) for path, found in problems.items()})
