"""Schemathesis hooks for the live run (loaded through ``SCHEMATHESIS_HOOKS``).

Schema-valid requests must be accepted, except for the rules JSON Schema cannot state and the schema
states in words (see ``api/openapi.py``, ``DESIGN_RULES``): ids unique within their list and references
to declared elements. A generated design breaks those easily (two nodes drawn with one id, a flow to a
node that was never drawn). This check is schemathesis' own ``positive_data_acceptance`` but lets a 400
pass when every problem it lists is one of those rules - and nothing else. It also skips a case that
the generator wrongly labels schema-valid (see ``_headers_match_their_patterns``).
"""

from __future__ import annotations

import json
import re
from typing import Any

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance


def _only_rules_beyond_json_schema(body: Any) -> bool:
    """Whether an error body lists problems, all of them duplicate ids or dangling references."""
    error = body.get("error") if isinstance(body, dict) else None
    details = error.get("details") if isinstance(error, dict) else None
    if not isinstance(details, list) or not details:
        return False
    return all(
        isinstance(problem, dict)
        and (problem.get("code") == "unknown-reference" or str(problem.get("message", "")).startswith("duplicate "))
        for problem in details
    )


def _names_what_the_design_lacks(body: Any) -> bool:
    """A simulation refused because its outage names a location or node the design does not have (documented)."""
    error = body.get("error") if isinstance(body, dict) else None
    return (
        isinstance(error, dict)
        and error.get("code") == "invalid-simulation"
        and str(error.get("message", "")).startswith("outage")
    )


def _headers_match_their_patterns(case: Any) -> bool:
    """Whether every header sent matches its declared ``pattern``.

    The coverage phase draws header values from letters and digits only, and so sends ``If-Match: 0``
    as "schema-valid" although the schema's pattern wants ``"r<N>"``: such a case is not schema-valid.
    """
    for parameter in case.operation.headers:
        pattern = parameter.definition.get("schema", {}).get("pattern")
        value = (case.headers or {}).get(parameter.name)
        if isinstance(pattern, str) and isinstance(value, str) and re.search(pattern, value) is None:
            return False
    return True


@schemathesis.check
def positive_data_acceptance_beyond_json_schema(ctx: Any, response: Any, case: Any) -> bool | None:
    """``positive_data_acceptance``, letting pass only the refusals the schema describes in words."""
    if not _headers_match_their_patterns(case):
        return None
    try:
        return positive_data_acceptance(ctx, response, case)
    except AssertionError:
        if response.status_code == 400:
            try:
                body = json.loads(response.content)
            except ValueError:
                raise
            if _only_rules_beyond_json_schema(body) or _names_what_the_design_lacks(body):
                return None
        raise
