"""What the OpenAPI schema adds to drf-spectacular's output, so it says what the server does.

- **The design document** (``DesignV1`` and its parts) is the JSON Schema the server validates with,
  ``explorer/engine/schema/design-v1.schema.json``, read when the schema is built and written in
  OpenAPI 3.0's dialect (``const`` as a one-value ``enum``, ``[type, "null"]`` as ``nullable``, ``$defs``
  as components), with the node and flow limits of this deployment as ``maxItems``. Fields that carry a
  document use :data:`DESIGN_DOCUMENT` (see :class:`DesignDocumentField`).
- **401**: every operation that reads a token answers 401 to a bad one, even where signing in is optional.
- **Links**: from a created design to what can be done with it, and from a queued job to the job, so
  stateful testing (and a reader) can follow them.
- **What the serializers enforce and drf-spectacular does not write down**: strict input serializers
  refuse unknown keys (``additionalProperties: false``); bodies that must be sent are ``required``;
  a new design needs a ``document`` or a ``name``; a token request both credentials or none; reads of
  public designs need no sign-in.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from explorer.engine.document import load_schema
from explorer.services.designs import design_limits

__all__ = ["DESIGN_DOCUMENT", "DesignDocumentField", "StrictCharField", "postprocess_schema"]

DESIGN_COMPONENT = "DesignV1"
DESIGN_DOCUMENT = {"$ref": f"#/components/schemas/{DESIGN_COMPONENT}"}

# What JSON Schema cannot say, stated where the document is described.
DESIGN_RULES = (
    "\n\nBeyond this schema the server refuses (400, with every problem and its JSON path in `details`): "
    "a location, node or flow id used twice in its list, or a store name used twice in a node; a node "
    "`location`, or a flow end (`node` or `node/store`), that the document does not declare (code "
    "`unknown-reference`; `POST /api/analyze/` reports these as findings instead); JSON nested deeper than "
    "{depth} levels (413) and a body over {size} bytes (413); strings with NUL characters or lone surrogates."
)


def _component_name(definition: str) -> str:
    return DESIGN_COMPONENT + definition[:1].upper() + definition[1:]


def _openapi_30(node: Any) -> Any:
    """A JSON Schema (draft 2020-12) fragment in OpenAPI 3.0's schema dialect."""
    if isinstance(node, list):
        return [_openapi_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("$schema", "$id", "$defs"):
            continue
        if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
            out["$ref"] = f"#/components/schemas/{_component_name(value.removeprefix('#/$defs/'))}"
        elif key == "const":
            out["enum"] = [value]
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and not isinstance(value, bool):
            # 2020-12 gives the bound itself; OpenAPI 3.0 gives it as minimum/maximum plus a flag.
            out["minimum" if key == "exclusiveMinimum" else "maximum"] = value
            out[key] = True
        elif key == "type" and isinstance(value, list):
            kinds = [kind for kind in value if kind != "null"]
            if len(kinds) != 1:
                raise ValueError(f"cannot say type {value!r} in OpenAPI 3.0")
            out["type"] = kinds[0]
            if "null" in value:
                out["nullable"] = True
        else:
            out[key] = _openapi_30(value)
    return out


def design_components() -> dict[str, Any]:
    """The design document's schema as OpenAPI 3.0 components: ``DesignV1`` and one per definition."""
    schema = load_schema()
    limits = design_limits()
    components = {
        _component_name(name): _openapi_30(definition) for name, definition in sorted(schema["$defs"].items())
    }
    root = _openapi_30(schema)
    root["description"] = root.get("description", "") + DESIGN_RULES.format(
        depth=limits.max_depth, size=limits.max_bytes
    )
    root["properties"]["nodes"]["maxItems"] = limits.max_nodes
    root["properties"]["flows"]["maxItems"] = limits.max_flows
    components[DESIGN_COMPONENT] = root
    return components


@extend_schema_field(DESIGN_DOCUMENT)
class DesignDocumentField(serializers.JSONField):
    """A ``kafkaesque.design/v1`` document (validated by the service that stores or reads it)."""


# A character that ``str.strip()`` keeps, written so that Python and ECMA-262 read it alike: the text is
# not blank once trimmed. (ECMA's ``\\s`` and Python's whitespace differ, so no ``\\S`` here.)
NOT_BLANK = "[^\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"


class StrictCharField(serializers.CharField):
    """A text field that refuses numbers and booleans instead of turning them into text.

    Unless blank text is allowed, the schema says that the text must keep a character after trimming
    (DRF trims, then refuses the empty result).
    """

    default_error_messages = {"not_a_string": "Not a valid string."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not self.allow_blank and self.trim_whitespace:
            self.validators.append(RegexValidator(NOT_BLANK, message="This field may not be blank."))

    def to_internal_value(self, data: Any) -> str:
        """Only strings pass; DRF's ``CharField`` would accept ``7`` as ``"7"``."""
        if not isinstance(data, str):
            self.fail("not_a_string")
        return super().to_internal_value(data)


UNAUTHORIZED = {
    "description": "The token (or session) sent is not valid; send none to act anonymously where allowed.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}

# operationId of the operation that creates something -> (status, links) that follow from its answer.
_DESIGN_ID = "$response.body#/id"
_DESIGN_LINKS = {
    "GetDesign": ("designs_retrieve", {"design_id": _DESIGN_ID}),
    "UpdateDesign": ("designs_update", {"design_id": _DESIGN_ID}),
    "ChangeDesign": ("designs_partial_update", {"design_id": _DESIGN_ID}),
    "DeleteDesign": ("designs_destroy", {"design_id": _DESIGN_ID}),
    "ListRevisions": ("designs_revisions_list", {"design_id": _DESIGN_ID}),
    "GetRevision": ("designs_revisions_retrieve", {"design_id": _DESIGN_ID, "number": "$response.body#/revision"}),
    "RestoreRevision": (
        "designs_revisions_restore_create",
        {"design_id": _DESIGN_ID, "number": "$response.body#/revision"},
    ),
    "DuplicateDesign": ("designs_duplicate_create", {"design_id": _DESIGN_ID}),
    "GetDocument": ("designs_document_retrieve", {"design_id": _DESIGN_ID}),
    "DiffRevisions": ("designs_diff_retrieve", {"design_id": _DESIGN_ID}),
    "ExportDesign": ("designs_export_retrieve", {"design_id": _DESIGN_ID}),
    "AnalyseDesign": ("designs_analyses_create", {"design_id": _DESIGN_ID}),
    "BundleDesign": ("designs_bundles_create", {"design_id": _DESIGN_ID}),
}
_JOB_FROM_JOB_OUT = {
    "GetJob": ("jobs_retrieve", {"job_id": "$response.body#/id"}),
    "DownloadJob": ("jobs_download_retrieve", {"job_id": "$response.body#/id"}),
}
_JOB_FROM_ACCEPTED = {
    "GetJob": ("jobs_retrieve", {"job_id": "$response.body#/job"}),
    "DownloadJob": ("jobs_download_retrieve", {"job_id": "$response.body#/job"}),
}
LINKS: dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]] = {
    "designs_create": ("201", _DESIGN_LINKS),
    "designs_import_create": ("201", _DESIGN_LINKS),
    "designs_duplicate_create": ("201", _DESIGN_LINKS),
    "patterns_instantiate_create": ("201", _DESIGN_LINKS),
    "designs_revisions_restore_create": ("201", _DESIGN_LINKS),
    "designs_analyses_create": ("202", _JOB_FROM_JOB_OUT),
    "designs_bundles_create": ("202", _JOB_FROM_ACCEPTED),
    "designs_export_retrieve": ("202", _JOB_FROM_ACCEPTED),
}


# Operations whose body must be sent (an empty one is refused).
BODY_REQUIRED = {
    "analyze_create",
    "auth_login_create",
    "designs_create",
    "designs_import_create",
    "designs_update",
    "import_mm2",
}
# Reads that anyone may make of a public design (explorer.selectors.access, which drf-spectacular cannot read).
ANONYMOUS_READS = {
    "designs_retrieve",
    "designs_people_retrieve",
    "designs_activity_list",
    "designs_diff_retrieve",
    "designs_document_retrieve",
    "designs_revisions_list",
    "designs_revisions_retrieve",
}


def _strict_components() -> set[str]:
    """Component names of the input serializers that refuse unknown keys (with and without ``Request``)."""
    from api.serializers.designs import StrictSerializer

    names: set[str] = set()
    pending: list[type] = [StrictSerializer]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls is not StrictSerializer:
            # drf-spectacular names request components ``<Name>Request``, and PATCH ones ``Patched<Name>...``.
            names.update(f"{prefix}{cls.__name__}{suffix}" for prefix in ("", "Patched") for suffix in ("", "Request"))
    return names


def _operations(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        operation
        for path_item in result.get("paths", {}).values()
        for method, operation in path_item.items()
        if method in ("get", "put", "post", "patch", "delete")
    ]


def postprocess_schema(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: design components, 401 where a token is read, links."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(design_components())
    for name in _strict_components() & set(schemas):
        schemas[name]["additionalProperties"] = False
    for name in ("DesignCreateInput", "DesignCreateInputRequest"):
        if name in schemas:
            schemas[name]["anyOf"] = [{"required": ["document"]}, {"required": ["name"]}]
    for name in ("TokenInput", "TokenInputRequest"):
        if name in schemas:
            # Both credentials, or neither (then the signed-in user's token); `not: {}` means absent.
            schemas[name]["anyOf"] = [
                {"required": ["username", "password"]},
                {"properties": {"username": {"not": {}}, "password": {"not": {}}}},
            ]
    for name in ("UploadedFileIn", "UploadedFileInRequest"):
        if name in schemas:
            # Exactly one of the two contents: an object with both matches both branches, so oneOf refuses it.
            schemas[name]["oneOf"] = [{"required": ["content"]}, {"required": ["content_base64"]}]
    for name, schema in schemas.items():
        if name.startswith(("ConfigImportIn", "DriftIn", "DriftNowIn")):
            files = schema.get("properties", {}).get("files")
            if isinstance(files, dict):
                files["minItems"] = 1  # ``allow_empty=False`` on the serializer's list
    operations = _operations(result)
    by_id = {operation["operationId"]: operation for operation in operations}
    for operation in operations:
        reads_token = any("tokenAuth" in requirement for requirement in operation.get("security", []))
        if reads_token and "401" not in operation["responses"]:
            operation["responses"]["401"] = copy.deepcopy(UNAUTHORIZED)
        if operation["operationId"] in BODY_REQUIRED and "requestBody" in operation:
            operation["requestBody"]["required"] = True
        if operation["operationId"] in ANONYMOUS_READS and {} not in operation.get("security", [{}]):
            operation["security"].append({})
    for source, (status, links) in LINKS.items():
        response = by_id[source]["responses"][status]
        response["links"] = {
            name: {"operationId": target, "parameters": dict(parameters)}
            for name, (target, parameters) in links.items()
            if target in by_id
        }
    return result
