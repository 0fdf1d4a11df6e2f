"""Check generated Connect, worker and MirrorMaker 2 settings against the catalog's configuration definitions.

The definitions (``fixtures/catalog/configdefs``) record each ConfigDef as read in source at a pinned version:
keys, types, required keys, allowed values and ranges. A flat settings map is checked the way Kafka would
parse it: an unknown key, a missing required key, a value of the wrong type, outside the allowed set or out
of range is a problem. Key families Kafka resolves at run time are followed to their own definition:
``transforms.<alias>.*`` to the transform's class, ``key.converter.*``/``value.converter.*``/
``header.converter.*`` to the converter's class. An ``mm2.properties`` map is split as MirrorMakerConfig
splits it (top level, ``<alias>.`` cluster keys, ``<source>-><target>.`` flow keys).

Pure: the catalog is passed in; nothing is read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from catalog import Catalog, ConfigDefinition, ConfigKey, ConfigPattern
from catalog.types import config_value_problems

__all__ = [
    "MM2_WORKER_PREFIXES",
    "DefinitionReport",
    "check_connector_config",
    "check_properties",
]

# Top-level mm2.properties keys MirrorMakerConfig.workerConfig forwards to every worker (by key prefix).
MM2_WORKER_PREFIXES: tuple[str, ...] = (
    "offset.storage",
    "config.storage",
    "status.storage",
    "key.converter",
    "value.converter",
    "header.converter",
    "task",
    "worker",
    "replication.policy",
)
_MM2_CLIENT = re.compile(r"(producer|consumer|admin)\..+")
_CONVERTER_FAMILIES: tuple[str, ...] = ("key.converter", "value.converter", "header.converter")
# Every transform and predicate alias takes these besides its class's own keys (ConnectorConfig).
_TRANSFORM_FRAMEWORK = {
    "type": ConfigKey("type", "class", required=True),
    "predicate": ConfigKey("predicate", "string"),
    "negate": ConfigKey("negate", "boolean", default="false"),
}


@dataclass(frozen=True)
class DefinitionReport:
    """Outcome of one definition check.

    ``definition`` is the id of the definition the settings were checked against (``None`` when the catalog
    has none for them); ``problems`` are what Kafka would refuse; ``notes`` say what was not checked and why.
    """

    definition: str | None
    problems: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def verified(self) -> bool:
        """Whether a definition applied at all."""
        return self.definition is not None


class _Checker:
    """Collects problems and notes of one settings map; unknown keys become notes when ``lenient``."""

    def __init__(self, catalog: Catalog, *, lenient: bool = False) -> None:
        self.catalog = catalog
        self.lenient = lenient
        self.problems: list[str] = []
        self.notes: list[str] = []

    def unknown(self, key: str, where: str = "") -> None:
        message = f"unknown key {key}" + (f" ({where})" if where else "")
        if self.lenient:
            self.notes.append(f"{message}: not in the recorded (unverified) definition")
        else:
            self.problems.append(message)

    def value(self, shown: str, spec: ConfigKey | ConfigPattern, value: str) -> None:
        if isinstance(spec, ConfigKey):
            self.problems.extend(config_value_problems(shown, spec.type, value, spec))
        else:
            self.problems.extend(config_value_problems(shown, spec.type, value, spec.key))

    def report(self, definition: str | None) -> DefinitionReport:
        return DefinitionReport(definition, tuple(self.problems), tuple(sorted(set(self.notes))))


def _find(chain: tuple[ConfigDefinition, ...], key: str) -> ConfigKey | ConfigPattern | None:
    """The key's definition along ``chain`` (a definition's own keys before its fragments'), then patterns."""
    for definition in chain:
        if key in definition.keys:
            return definition.keys[key]
    for definition in chain:
        for pattern in definition.patterns:
            if pattern.matches(key):
                return pattern
    return None


def _unverified_reason(chain: tuple[ConfigDefinition, ...], key: str) -> str | None:
    """Why ``key`` is listed as unverified along ``chain`` (its definition could not be read), else ``None``."""
    for definition in chain:
        for note in definition.unverified:
            if note.key == key:
                return note.reason
    return None


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _alias_of(key: str, family: str, aliases: list[str]) -> tuple[str, str] | None:
    """``(alias, rest)`` when ``key`` is ``<family>.<alias>.<rest>`` for one of ``aliases`` (longest first)."""
    for alias in sorted(aliases, key=len, reverse=True):
        prefix = f"{family}.{alias}."
        if key.startswith(prefix) and len(key) > len(prefix):
            return alias, key[len(prefix) :]
    return None


def _check_plugin_keys(
    checker: _Checker,
    shown_prefix: str,
    definition: ConfigDefinition,
    settings: Mapping[str, str],
) -> None:
    """Check ``rest -> value`` settings of one transform/converter instance against its definition."""
    chain = checker.catalog.configdef_chain(definition.id)
    for rest, value in sorted(settings.items()):
        spec = _find(chain, rest)
        if spec is None:
            checker.unknown(shown_prefix + rest, f"not a key of {definition.applies_to}")
        else:
            checker.value(shown_prefix + rest, spec, value)
    for item in chain:
        for name, spec in item.keys.items():
            if spec.required and name not in settings:
                checker.problems.append(f"missing required key {shown_prefix}{name}")


def _check_families(checker: _Checker, settings: Mapping[str, str]) -> set[str]:
    """Check transform, predicate and converter key families; returns the keys they account for."""
    handled: set[str] = set()
    for family, list_key, finder in (
        ("transforms", "transforms", checker.catalog.configdef_for_transform),
        ("predicates", "predicates", None),
    ):
        aliases = _list(settings.get(list_key))
        per_alias: dict[str, dict[str, str]] = {alias: {} for alias in aliases}
        for key, value in settings.items():
            found = _alias_of(key, family, aliases)
            if found is not None:
                per_alias[found[0]][found[1]] = value
                handled.add(key)
        for alias in aliases:
            own = per_alias[alias]
            shown = f"{family}.{alias}."
            framework = _TRANSFORM_FRAMEWORK if family == "transforms" else {"type": _TRANSFORM_FRAMEWORK["type"]}
            for name, spec in framework.items():
                if name in own:
                    checker.value(shown + name, spec, own.pop(name))
                elif spec.required:
                    checker.problems.append(f"missing required key {shown}{name}")
            class_name = settings.get(shown + "type", "").strip()
            definition = finder(class_name) if finder is not None and class_name else None
            if definition is not None:
                _check_plugin_keys(checker, shown, definition, own)
            elif own or class_name:
                what = class_name or "(no type)"
                checker.notes.append(f"{shown}*: no configuration definition for {what}; its keys are not checked")
    for family in _CONVERTER_FAMILIES:
        prefix = family + "."
        own = {key[len(prefix) :]: value for key, value in settings.items() if key.startswith(prefix)}
        if not own:
            continue
        handled.update(prefix + rest for rest in own)
        class_name = settings.get(family, "").strip()
        converter = checker.catalog.configdef_for_converter(class_name) if class_name else None
        if converter is not None:
            _check_plugin_keys(checker, prefix, converter, own)
        elif class_name:
            checker.notes.append(f"{prefix}*: no configuration definition for {class_name}; its keys are not checked")
        else:
            checker.notes.append(f"{prefix}*: {family} is not set here, so the worker's converter applies; not checked")
    return handled


def _check_flat(
    checker: _Checker,
    chain: tuple[ConfigDefinition, ...],
    settings: Mapping[str, str],
    *,
    required_from: tuple[ConfigDefinition, ...] | None = None,
) -> None:
    """Check a flat map against ``chain``: key families, then every other key, then the required keys."""
    handled = _check_families(checker, settings)
    for key, value in sorted(settings.items()):
        if key in handled:
            continue
        spec = _find(chain, key)
        reason = _unverified_reason(chain, key) if spec is None else None
        if reason is not None:
            checker.notes.append(f"{key}: not checked, its definition could not be read ({reason})")
        elif spec is None:
            checker.unknown(key)
        else:
            checker.value(key, spec, value)
    missing = {
        name
        for item in (chain if required_from is None else required_from)
        for name, spec in item.keys.items()
        if spec.required and name not in settings
    }
    checker.problems.extend(f"missing required key {name}" for name in sorted(missing))


def check_connector_config(config: Mapping[str, str], catalog: Catalog, *, name: str | None = None) -> DefinitionReport:
    """Check a flat connector config (the ``config`` of ``{name, config}``) against its class's definition.

    ``name`` is the connector's name, which Connect adds to the config from the request. The report's
    ``definition`` is ``None`` when the catalog records no definition for ``connector.class``.
    """
    connector_class = str(config.get("connector.class", "")).strip()
    definition = catalog.configdef_for_connector(connector_class)
    if definition is None:
        note = f"no configuration definition for connector class {connector_class or '(none)'}; not checked"
        return DefinitionReport(None, (), (note,))
    settings = {str(k): str(v) for k, v in config.items()}
    if name is not None:
        settings.setdefault("name", name)
    checker = _Checker(catalog, lenient=not definition.verified)
    _check_flat(checker, catalog.configdef_chain(definition.id), settings)
    if not definition.verified:
        checker.notes.append(f"{definition.id} is unverified: {'; '.join(n.reason for n in definition.unverified)}")
    return checker.report(definition.id)


def check_properties(properties: Mapping[str, str], definition_id: str, catalog: Catalog) -> DefinitionReport:
    """Check a whole properties file (a Connect worker, ``mm2.properties``, ...) against ``definition_id``.

    The ``mm2`` definition is checked with MirrorMakerConfig's split; any other file definition as one flat
    map. An id the catalog does not hold is itself a problem (the artefact names a definition that is missing).
    """
    definition = catalog.configdef(definition_id)
    if definition is None:
        return DefinitionReport(None, (f"unknown configuration definition {definition_id!r}",), ())
    checker = _Checker(catalog, lenient=not definition.verified)
    if definition.target == "file" and definition.applies_to == "mm2":
        _check_mm2(checker, definition, properties)
    else:
        _check_flat(checker, catalog.configdef_chain(definition.id), properties)
    return checker.report(definition.id)


def _check_mm2(checker: _Checker, definition: ConfigDefinition, properties: Mapping[str, str]) -> None:
    """MirrorMakerConfig's split: flow keys, cluster keys, worker-forwarded keys, then top-level keys."""
    catalog = checker.catalog
    top_chain = catalog.configdef_chain(definition.id)
    connector_chain = tuple(item for item in top_chain if item.id != definition.id)
    worker = catalog.configdef_for_file("connect-worker")
    worker_chain = catalog.configdef_chain(worker.id) if worker is not None else ()
    clusters = _list(properties.get("clusters"))
    pairs = [(a, b) for a in clusters for b in clusters if a != b]
    forwarded: dict[str, str] = {}
    for key, value in sorted(properties.items()):
        flow = next((f"{a}->{b}." for a, b in pairs if key.startswith(f"{a}->{b}.")), None)
        if flow is not None:
            spec = _find(connector_chain, key[len(flow) :])
            if spec is None:
                checker.unknown(key, "not a MirrorMaker connector key")
            else:
                checker.value(key, spec, value)
            continue
        alias = next((a for a in sorted(clusters, key=len, reverse=True) if key.startswith(a + ".")), None)
        if alias is not None:
            rest = key[len(alias) + 1 :]
            if _MM2_CLIENT.fullmatch(rest):
                continue  # the cluster's producer/consumer/admin client settings, accepted by pattern
            spec = _find(worker_chain, rest)
            if spec is None:
                checker.unknown(key, f"not a worker or client key of cluster {alias}")
            else:
                checker.value(key, spec, value)
            continue
        if "->" in key:
            checker.unknown(key, f"no cluster pair of clusters=[{', '.join(clusters)}] matches")
            continue
        spec = _find(top_chain, key)
        if spec is not None:
            checker.value(key, spec, value)
        elif key.startswith(MM2_WORKER_PREFIXES):
            forwarded[key] = value
        else:
            checker.unknown(key)
    if forwarded:
        # Worker keys are checked as the worker reads them; MirrorMaker fills in the worker's required keys.
        _check_flat(checker, worker_chain, forwarded, required_from=())
    missing = sorted(name for name, spec in definition.keys.items() if spec.required and name not in properties)
    checker.problems.extend(f"missing required key {name}" for name in missing)
