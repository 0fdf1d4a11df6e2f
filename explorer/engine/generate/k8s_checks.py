"""Check generated Kubernetes resources against the Strimzi CRD schemas (``openAPIV3Schema``, passed in).

What a resource must satisfy to apply and to do what it says:

- ``apiVersion``/``kind`` name one of the CRDs given (``kafka.strimzi.io/v1`` for Strimzi 1.x);
- the document validates against that CRD's ``openAPIV3Schema``. Fields the schema does not declare are
  refused (``kubectl apply`` validates strictly by default, and a pruned field would be silently lost), unless
  the schema keeps unknown fields (``x-kubernetes-preserve-unknown-fields``, the free ``config`` maps). Other
  ``x-kubernetes-*`` extensions and the CEL ``x-kubernetes-validations`` rules are not evaluated;
- keys a ``config`` map may not hold, read from the CRD's own description ("Properties with the following
  prefixes cannot be set: ...", "The following properties cannot be set: ..."): the operator drops them
  with a warning, so ``group.id`` in a KafkaConnect's config would never reach the worker;
- ``metadata`` has a DNS-1123 ``name`` (a label of at most 63 characters; a subdomain of at most 253 for
  KafkaTopic), string labels and annotations, and label values Kubernetes accepts.

Across the documents of a bundle: names are unique per kind; every KafkaNodePool and KafkaTopic is labelled
with a Kafka of the bundle, every KafkaConnector with a KafkaConnect that uses connector resources, and
every ``bootstrapServers`` names the bootstrap service of a Kafka of the bundle.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from jsonschema import Draft4Validator, ValidationError, validators

__all__ = ["CrdValidators", "crd_validators", "document_problems", "reference_problems"]

CrdValidators = Mapping[str, tuple[str, Any]]
"""kind -> (apiVersion, prepared validator)."""

_API = "kafka.strimzi.io/v1"
_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_LABEL_VALUE = re.compile(r"([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?")
_METADATA_KEYS = frozenset({"name", "namespace", "labels", "annotations"})
_PREFIXES = re.compile(r"following prefixes cannot be set: (.*?)(?: \(with the exception of: (.*?)\))?\.?$", re.S)
_KEYS = re.compile(r"The following properties cannot be set: (.*?)\.?$", re.S)
_FORBIDDEN = "x-kafkaesque-forbidden"
_BOOTSTRAP = re.compile(r"(.+)-kafka-bootstrap:([0-9]+)")


def _forbidden(validator: Any, rule: Mapping[str, list[str]], instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    for key in sorted(instance):
        lowered = str(key).lower()
        if key in rule["keys"] or (
            any(lowered.startswith(p) for p in rule["prefixes"]) and key not in rule["exceptions"]
        ):
            yield ValidationError(f"{key!r} cannot be set here (Strimzi drops it: {schema.get('description', '')})")


_Validator: Any = validators.extend(Draft4Validator, {_FORBIDDEN: _forbidden})  # type: ignore[no-untyped-call]


def _items(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _strict(node: Any) -> Any:
    """Copy of an openAPIV3Schema as JSON Schema: undeclared fields refused, forbidden config keys attached."""
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _strict(value) for key, value in node.items() if key != "properties"}
    if "properties" in node:
        out["properties"] = {name: _strict(sub) for name, sub in node["properties"].items()}
    closed = "properties" in node and "additionalProperties" not in node
    if closed and node.get("type") == "object" and not node.get("x-kubernetes-preserve-unknown-fields"):
        out["additionalProperties"] = False
    description = str(node.get("description", ""))
    if node.get("x-kubernetes-preserve-unknown-fields") and "cannot be set" in description:
        prefixes = _PREFIXES.search(description)
        keys = _KEYS.search(description)
        out[_FORBIDDEN] = {
            "prefixes": _items(prefixes.group(1)) if prefixes else [],
            "exceptions": _items(prefixes.group(2)) if prefixes else [],
            "keys": _items(keys.group(1)) if keys else [],
        }
    return out


def crd_validators(crd_schemas: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[str, Any]]:
    """Prepare one validator per kind from ``kind -> openAPIV3Schema`` (all ``kafka.strimzi.io/v1``)."""
    prepared: dict[str, tuple[str, Any]] = {}
    for kind, schema in sorted(crd_schemas.items()):
        strict = _strict(copy.deepcopy(dict(schema)))
        # metadata is ``type: object`` in every CRD; it is checked by _metadata_problems instead.
        strict.setdefault("properties", {})["metadata"] = {"type": "object"}
        prepared[kind] = (_API, _Validator(strict))
    return prepared


def _where(error: ValidationError) -> str:
    return "/".join(str(part) for part in error.absolute_path) or "(document)"


def _metadata_problems(kind: str, metadata: Any) -> list[str]:
    if not isinstance(metadata, dict):
        return ["metadata: must be a mapping"]
    problems = [f"metadata: unexpected key {key!r}" for key in sorted(set(metadata) - _METADATA_KEYS)]
    name = metadata.get("name")
    limit, pattern, what = (253, _SUBDOMAIN, "subdomain") if kind == "KafkaTopic" else (63, _LABEL, "label")
    if not isinstance(name, str) or len(name) > limit or not pattern.fullmatch(name):
        problems.append(f"metadata/name: {name!r} is not a DNS-1123 {what} of at most {limit} characters")
    for field in ("labels", "annotations"):
        values = metadata.get(field, {})
        if not isinstance(values, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in values.items()
        ):
            problems.append(f"metadata/{field}: keys and values must be strings")
        elif field == "labels":
            problems += [
                f"metadata/labels/{k}: {v!r} is not a valid label value"
                for k, v in sorted(values.items())
                if len(v) > 63 or not _LABEL_VALUE.fullmatch(v)
            ]
    return problems


def document_problems(documents: Iterable[Any], prepared: CrdValidators) -> list[str]:
    """Problems of each YAML document of one file, prefixed with its position, kind and name."""
    problems: list[str] = []
    for index, document in enumerate(documents):
        if not isinstance(document, dict):
            problems.append(f"document {index}: not a mapping")
            continue
        kind = document.get("kind")
        label = f"document {index} ({kind} {(document.get('metadata') or {}).get('name')})"
        if kind not in prepared or document.get("apiVersion") != prepared[str(kind)][0]:
            known = ", ".join(sorted(prepared))
            problems.append(f"{label}: {document.get('apiVersion')}/{kind} is not a CRD served here ({_API}: {known})")
            continue
        validator = prepared[str(kind)][1]
        errors = sorted(validator.iter_errors(document), key=lambda e: (_where(e), e.message))
        problems += [f"{label}: {_where(e)}: {e.message}" for e in errors]
        problems += [f"{label}: {p}" for p in _metadata_problems(str(kind), document.get("metadata"))]
    return problems


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def reference_problems(files: Mapping[str, list[Any]]) -> dict[str, list[str]]:
    """Cross-document problems for ``path -> documents``: duplicate names, labels and bootstrap addresses."""
    resources = [(path, d) for path, docs in sorted(files.items()) for d in docs if isinstance(d, dict)]
    kafkas: dict[str, set[Any]] = {}
    connects: dict[str, bool] = {}
    for _path, document in resources:
        name, kind = str(_mapping(document.get("metadata")).get("name")), str(document.get("kind"))
        if kind == "Kafka":
            listeners = _mapping(_mapping(document.get("spec")).get("kafka")).get("listeners") or []
            kafkas[name] = {lst.get("port") for lst in listeners if isinstance(lst, dict) and not lst.get("tls")}
        if kind == "KafkaConnect":
            annotations = _mapping(_mapping(document.get("metadata")).get("annotations"))
            connects[name] = annotations.get("strimzi.io/use-connector-resources") == "true"
    seen: dict[tuple[str, str], str] = {}
    out: dict[str, list[str]] = {}
    for path, document in resources:
        metadata, spec = _mapping(document.get("metadata")), _mapping(document.get("spec"))
        name, kind = str(metadata.get("name")), str(document.get("kind"))
        problems: list[str] = []
        if (kind, name) in seen:
            problems.append(f"{kind} {name}: name already used in {seen[(kind, name)]}")
        seen[(kind, name)] = path
        cluster = _mapping(metadata.get("labels")).get("strimzi.io/cluster")
        if kind in {"KafkaNodePool", "KafkaTopic"} and cluster not in kafkas:
            problems.append(f"{kind} {name}: label strimzi.io/cluster={cluster!r} names no Kafka of the bundle")
        if kind == "KafkaConnector" and not connects.get(str(cluster)):
            problems.append(
                f"{kind} {name}: label strimzi.io/cluster={cluster!r} names no KafkaConnect of the bundle "
                "with strimzi.io/use-connector-resources: 'true'"
            )
        addresses: list[Any] = []
        if kind == "KafkaConnect":
            addresses = [spec.get("bootstrapServers")]
        if kind == "KafkaMirrorMaker2":
            addresses = [_mapping(spec.get("target")).get("bootstrapServers")]
            addresses += [
                _mapping(_mapping(m).get("source")).get("bootstrapServers") for m in spec.get("mirrors") or []
            ]
        problems += [
            f"{kind} {name}: {address!r} is no plain listener of a Kafka of the bundle"
            for address in addresses
            if not _bootstraps_a_kafka(address, kafkas)
        ]
        if problems:
            out.setdefault(path, []).extend(problems)
    return out


def _bootstraps_a_kafka(address: Any, kafkas: Mapping[str, set[Any]]) -> bool:
    match = _BOOTSTRAP.fullmatch(str(address))
    return match is not None and int(match.group(2)) in kafkas.get(match.group(1), set())
