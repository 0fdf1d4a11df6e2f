"""A fast yes/no JSON Schema check for the well-formed case, compiled by jsonschema-rs.

jsonschema's validator is exact but slow on large documents (about 2.6 s for a 10,000-node design, most of it
in ``$ref`` resolution and per-keyword dispatch). jsonschema-rs compiles the same schema file once and
confirms a valid 10,000-node document in a few hundredths of a second. It only gives the verdict: the caller
runs jsonschema whenever the answer is not "valid", so every reported message and path stays jsonschema's.

The check is *sound* rather than complete: ``True`` means jsonschema (Draft 2020-12, default type checker,
no format assertion) reports no error; ``False`` means "not confirmed". jsonschema-rs is stricter in a few
corners, all of which only send a document to jsonschema: its regular expressions' ``$`` does not match
before a trailing newline (Python's ``re`` does, so ``"a\\n"`` is a valid id to jsonschema), and values
it cannot take (a non-string key, a NaN) count as "not confirmed". A schema it cannot compile gives
``None``: every document then goes through jsonschema.

Pure: no Django. References are resolved inside the schema only (``offline``: nothing is fetched).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import jsonschema_rs

__all__ = ["Check", "compile_check"]

#: A compiled schema: ``True`` when the value certainly satisfies it.
Check = Callable[[object], bool]


def compile_check(schema: Mapping[str, Any]) -> Check | None:
    """Compile ``schema`` (Draft 2020-12) into a :data:`Check`, or None when jsonschema-rs cannot compile it.

    Parameters
    ----------
    schema
        The JSON Schema, as loaded from its file.

    Returns
    -------
    Check | None
        ``check(value)`` is True only when ``value`` is valid; False when it is not, or not surely.
    """
    try:
        validator = jsonschema_rs.Draft202012Validator(dict(schema), validate_formats=False, offline=True)
    except (ValueError, jsonschema_rs.ReferencingError):
        # An invalid schema, or a reference outside it: jsonschema then validates (and reports) everything.
        return None

    def check(value: object) -> bool:
        try:
            return bool(validator.is_valid(value))
        except ValueError:
            # A value jsonschema-rs cannot convert (a dict key that is not a string): not confirmed.
            return False

    return check
