"""The fast schema check gives the same verdict and the same problems as plain jsonschema.

Documents are generated valid, then mutated the ways users and clients get them wrong: wrong types,
missing and unknown keys, bad ids and endpoints, duplicate ids, strings out of bounds.
"""

from __future__ import annotations

import copy
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import explorer.engine.document as document
from explorer.engine.document import Limits, load_schema, parse_document, structural_problems
from explorer.engine.validate_fast import compile_check

PLAIN = Draft202012Validator(load_schema())
FAST = compile_check(load_schema())
LIMITS = Limits(max_nodes=100, max_flows=400)

ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
text = st.text(max_size=12)
optional_text = st.none() | text
free = st.dictionaries(st.text(max_size=5), st.none() | st.booleans() | st.integers() | text, max_size=3)
#: Valid values for the documented load keys; mutations (below) then put values out of bounds or of a wrong type.
positive = st.integers(min_value=1, max_value=5) | st.floats(0.1, 5)
share = st.floats(0, 1)
count = st.integers(min_value=1, max_value=50)
VALID = {
    "events_per_second": positive,
    "record_bytes": positive,
    "partitions": count,
    "replication_factor": count,
    "retention.ms": st.integers(min_value=-1, max_value=10**9),
    "retention.bytes": st.integers(min_value=-1, max_value=10**9),
    "fan_out": positive,
    "selectivity": share,
    "tasks": count,
    "max_bytes_per_second": positive,
    "latency_seconds": positive,
}
profile = st.fixed_dictionaries(
    {"shape": st.sampled_from(["steady", "daily", "spike"])},
    optional={"factor": positive, "minutes": positive, "peak_hour": st.floats(0, 24)},
)


def load_properties(*keys: str) -> st.SearchStrategy[dict[str, Any]]:
    """Free-form properties mixed with documented load keys (whose bounds the schema checks)."""
    documented = st.fixed_dictionaries({}, optional={key: VALID[key] for key in keys})
    return st.builds(lambda a, b: {**a, **b}, free, documented)


node_properties = st.builds(
    lambda props, shape: {**props, **({"profile": shape} if shape is not None else {})},
    load_properties("events_per_second", "record_bytes"),
    st.none() | profile,
)
store_properties = st.builds(
    lambda props, replication: {**props, **({"replication": replication} if replication is not None else {})},
    load_properties("partitions", "replication_factor", "retention.ms", "retention.bytes"),
    st.none() | st.dictionaries(st.sampled_from(["dc1", "dc2"]), count, max_size=2),
)
flow_properties = load_properties("fan_out", "selectivity", "tasks", "max_bytes_per_second", "latency_seconds")

#: Values a mutation puts where something else belongs; "a\n" is a valid id to jsonschema ("$" in re).
ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -2,
    1.5,
    "",
    "x",
    "Bad Id",
    "a\n",
    "-a",
    "/store",
    "a" * 70,
    "a" * 600,
    [],
    [1],
    {},
    {"x": 1},
]


def location() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": ids},
        optional={"name": text, "provider": optional_text, "region": optional_text, "zone": optional_text},
    )


def store() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"name": st.text(min_size=1, max_size=10), "kind": st.sampled_from(["topic", "table", "index"])},
        optional={"properties": store_properties},
    )


def node() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"id": ids, "service": st.sampled_from(["kafka", "cassandra", "s3", "spark-batch"])},
        optional={
            "name": text,
            "location": st.none() | ids,
            "group": st.none() | st.text(min_size=1, max_size=10),
            "properties": node_properties,
            "stores": st.lists(store(), max_size=3),
        },
    )


def flow() -> st.SearchStrategy[dict[str, Any]]:
    endpoint = st.builds(
        lambda n, s: n if s is None else f"{n}/{s}",
        ids,
        st.none() | st.text(st.characters(exclude_characters="\n"), min_size=1, max_size=6),
    )
    return st.fixed_dictionaries(
        {"id": ids, "from": endpoint, "to": endpoint},
        optional={"mechanism": st.none() | ids, "properties": flow_properties},
    )


position = st.fixed_dictionaries(
    {"x": st.integers() | st.floats(allow_nan=False, allow_infinity=False), "y": st.integers()},
    optional={"pinned": st.booleans()},
)

designs = st.fixed_dictionaries(
    {"format": st.just("kafkaesque.design/v1"), "name": st.text(min_size=1, max_size=20)},
    optional={
        "description": text,
        "locations": st.lists(location(), max_size=3),
        "nodes": st.lists(node(), max_size=6),
        "flows": st.lists(flow(), max_size=6),
        "layout": st.dictionaries(ids, position, max_size=3),
        "extensions": free,
    },
)


def slots(value: object, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) in ``value``, so a mutation can land anywhere."""
    if isinstance(value, dict):
        for key, item in value.items():
            out.append((value, key))
            slots(item, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.append((value, index))
            slots(item, out)
    return out


def mutate(data: dict[str, Any], draw: st.DrawFn) -> None:
    """Apply one random mistake somewhere in ``data``."""
    places = slots(data, [])
    containers = [data] + [c[k] for c, k in places if isinstance(c[k], (dict, list))]
    kind = draw(st.sampled_from(["replace", "delete", "add-key", "duplicate", "endpoint"]))
    if kind == "replace" and places:
        container, key = draw(st.sampled_from(places))
        container[key] = copy.deepcopy(draw(st.sampled_from(ODD_VALUES)))
    elif kind == "delete" and places:
        container, key = draw(st.sampled_from(places))
        del container[key]
    elif kind == "add-key":
        targets = [c for c in containers if isinstance(c, dict)]
        target = draw(st.sampled_from(targets))
        target[draw(st.sampled_from(["colour", "id", "x", "stores", "from"]))] = copy.deepcopy(
            draw(st.sampled_from(ODD_VALUES))
        )
    elif kind == "duplicate":
        lists = [c for c in containers if isinstance(c, list) and c]
        if lists:
            target = draw(st.sampled_from(lists))
            target.append(copy.deepcopy(draw(st.sampled_from(target))))
    elif kind == "endpoint":
        items = data.get("flows")
        flows = [f for f in items if isinstance(f, dict)] if isinstance(items, list) else []
        if flows:
            target = draw(st.sampled_from(flows))
            target[draw(st.sampled_from(["from", "to"]))] = draw(st.sampled_from(["", "/x", "A/b", "a/", "a b", "a\n"]))


def plain_structural_problems(data: object, limits: Limits | None = None) -> list[Any]:
    """The structural problems with the fast check switched off: jsonschema's iter_errors on everything."""
    with mock.patch.object(document, "_fast_check", return_value=None):
        return structural_problems(data, limits or Limits())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=designs, mistakes=st.integers(min_value=0, max_value=3), draw=st.data())
def test_fast_check_agrees_with_jsonschema_on_generated_documents(
    data: dict[str, Any], mistakes: int, draw: st.DataObject
) -> None:
    # given: a copy, since mutating what the strategy drew (or one of its shared constants) makes replays differ
    data = copy.deepcopy(data)
    for _ in range(mistakes):
        mutate(data, draw.draw)
    # when
    verdict = FAST(data) if FAST is not None else None
    problems = structural_problems(data, LIMITS)
    # then: "valid" from the fast check is jsonschema's verdict too (it may be stricter, never laxer), and the
    # reported problems are exactly jsonschema's
    if verdict:
        assert PLAIN.is_valid(data)
    assert problems == plain_structural_problems(data, LIMITS)


@settings(max_examples=50, deadline=None)
@given(data=designs)
def test_structural_problems_confirms_valid_documents_without_jsonschema(data: dict[str, Any]) -> None:
    # given: a valid document
    with mock.patch.object(document, "_validator", side_effect=AssertionError("jsonschema was run")):
        # when
        problems = structural_problems(data, LIMITS)
    # then: only what is no schema matter can be reported: duplicate ids, and text that is not
    # valid Unicode (a lone surrogate the strategy may draw, refused before any schema check)
    assert all(problem.message.startswith("duplicate") or "surrogate" in problem.message for problem in problems)


def test_compile_check_compiles_the_design_schema() -> None:
    # given / when / then: a schema change the fast check cannot follow would silently make parsing slow again
    assert FAST is not None


def test_compile_check_gives_none_for_a_schema_it_cannot_compile_and_fetches_nothing() -> None:
    # given: a reference outside the schema (offline: never fetched) and a broken schema
    schemas = [{"$ref": "https://example.com/other.json"}, {"type": 12}]
    # when / then: None, so every document goes through jsonschema
    assert [compile_check(schema) for schema in schemas] == [None, None]


@pytest.mark.parametrize(
    "layout",
    [
        {"n": {"x": 2**70, "y": 1}},  # beyond 64 bits
        {"n": {"x": float("nan"), "y": 1}},  # json.loads refuses it, a caller may not
        {"n": {"x": 1, "y": 2, 3: 4}},  # a key that is no string
    ],
)
def test_structural_problems_for_values_outside_plain_json_are_jsonschemas(layout: dict[Any, Any]) -> None:
    # given
    data: dict[str, Any] = {"format": "kafkaesque.design/v1", "name": "x", "layout": layout}
    # when
    problems = structural_problems(data)
    # then
    assert problems == plain_structural_problems(data)


def test_fast_check_is_stricter_than_python_re_on_a_trailing_newline_and_jsonschema_decides() -> None:
    # given: Python's "$" matches before a final newline, so jsonschema accepts the id "a\n"
    data: dict[str, Any] = {"format": "kafkaesque.design/v1", "name": "x", "nodes": [{"id": "a\n", "service": "s"}]}
    # when / then: the fast check does not confirm it, jsonschema runs and finds nothing
    assert FAST is not None and FAST(data) is False
    assert PLAIN.is_valid(data)
    assert structural_problems(data) == plain_structural_problems(data) == []


def test_fast_check_bounds_agree_with_jsonschema() -> None:
    # given: a minimum, an exclusive minimum and a maximum on the documented load keys
    def doc(**properties: Any) -> dict[str, Any]:
        return {
            "format": "kafkaesque.design/v1",
            "name": "x",
            "flows": [{"id": "f", "from": "a", "to": "b", "properties": properties}],
        }

    cases = [doc(selectivity=0.5), doc(selectivity=1.5), doc(tasks=0), doc(max_bytes_per_second=0), doc(fan_out=0)]
    # when
    verdicts = [FAST(item) if FAST is not None else None for item in cases]
    # then
    assert verdicts == [PLAIN.is_valid(item) for item in cases] == [True, False, False, False, True]


def test_parse_document_reports_the_same_problems_as_before_for_a_broken_large_design() -> None:
    # given: 200 valid nodes with one mistake deep inside
    data: dict[str, Any] = {
        "format": "kafkaesque.design/v1",
        "name": "large",
        "nodes": [{"id": f"n{i}", "service": "kafka", "stores": [{"name": "t", "kind": "topic"}]} for i in range(200)],
        "flows": [{"id": f"f{i}", "from": f"n{i}/t", "to": f"n{i + 1}"} for i in range(199)],
    }
    data["nodes"][150]["stores"][0]["kind"] = ""
    data["flows"][7]["to"] = "N8"
    # when
    problems = structural_problems(data)
    # then
    assert [p.path for p in problems] == ["$.flows[7].to", "$.nodes[150].stores[0].kind"]
    assert problems == plain_structural_problems(data)
    assert parse_document({**data, "flows": [], "nodes": data["nodes"][:150]}).node("n149") is not None
