"""The API's OpenAPI schema: valid OpenAPI 3.1, every operation documented, and no breaking
change against the published snapshot docs/api/openapi-v1.json.

Version 1 only grows compatibly (docs/api.md, "Versioning and deprecation"). The snapshot is
the contract clients were given: a path, an operation, a success status or a field of an
answer that disappears, a parameter that goes or becomes required, or a request field that
becomes required, is a breaking change and fails here — it belongs in /api/v2/. Anything
else that differs (new operations, new optional parameters, new answer fields, reworded
documentation) only asks for the snapshot to be refreshed with REFRESH_COMMAND, so the
change is reviewed as a diff of the snapshot in the same commit.
"""

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from ninja.responses import NinjaJSONEncoder
from openapi_spec_validator import OpenAPIV31SpecValidator

from lrba.api.api import api
from lrba.api.errors import DOCUMENTED_ERRORS

SNAPSHOT = Path(settings.BASE_DIR) / "docs" / "api" / "openapi-v1.json"
REFRESH_COMMAND = (
    ".venv/bin/python manage.py export_openapi_schema --api lrba.api.api.api "
    "--sorted --indent 2 --output docs/api/openapi-v1.json"
)
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def live_schema() -> dict[str, Any]:
    """The schema as the app serves it, as JSON (status codes as strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


# The schema itself ---------------------------------------------------------------------------


def test_schema_is_valid_openapi_3_1() -> None:
    schema = live_schema()
    assert schema["openapi"].startswith("3.1."), schema["openapi"]
    errors = [error.message for error in OpenAPIV31SpecValidator(schema).iter_errors()]
    assert errors == []


@pytest.mark.django_db
def test_the_served_schema_is_the_api_schema(client: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == live_schema()


def test_every_operation_is_documented() -> None:
    schema = live_schema()
    problems: list[str] = []
    seen_ids: set[str] = set()
    for path, method, operation in _operations(schema):
        label = f"{method.upper()} {path}"
        operation_id = operation.get("operationId", "")
        if not operation_id:
            problems.append(f"{label}: no operationId")
        elif operation_id in seen_ids:
            problems.append(f"{label}: operationId {operation_id} is used twice")
        seen_ids.add(operation_id)
        if not operation.get("summary", "").strip():
            problems.append(f"{label}: no summary")
        if not operation.get("description", "").strip():
            problems.append(f"{label}: no description (the view's docstring)")
        if not operation.get("tags"):
            problems.append(f"{label}: no tag")
        responses = operation.get("responses", {})
        successes = [status for status in responses if status.startswith("2")]
        if not successes:
            problems.append(f"{label}: no documented 2xx answer")
        for status in successes:
            if status != "204" and "application/json" not in responses[status].get("content", {}):
                problems.append(f"{label}: its {status} answer has no JSON schema")
        for status in DOCUMENTED_ERRORS:
            error = responses.get(str(status), {})
            reference = (
                error.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
            )
            if reference != "#/components/schemas/ErrorOut":
                problems.append(f"{label}: the {status} error is not documented as ErrorOut")
        if operation.get("deprecated") and "Sunset" not in operation.get("description", ""):
            problems.append(f"{label}: deprecated without saying when it goes (Sunset)")
    assert problems == [], "\n".join(problems)


def test_the_refresh_command_writes_the_snapshot_format(tmp_path: Path) -> None:
    """REFRESH_COMMAND (the one docs/api.md gives) runs and writes the live schema."""
    output = tmp_path / "openapi-v1.json"
    call_command(
        "export_openapi_schema",
        api="lrba.api.api.api",
        sort_keys=True,
        indent=2,
        output=str(output),
    )
    assert json.loads(output.read_text()) == live_schema()


# Compatibility against the snapshot ----------------------------------------------------------


def _resolve(node: Any, components: dict[str, Any]) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = components.get(node["$ref"].rsplit("/", 1)[-1], {})
    return node


def _types(node: Any, components: dict[str, Any], seen: frozenset[str] = frozenset()) -> set[str]:
    """The JSON types a schema allows (through references and anyOf/oneOf)."""
    if not isinstance(node, dict):
        return set()
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return (
            set() if name in seen else _types(_resolve(node, components), components, seen | {name})
        )
    found: set[str] = set()
    kind = node.get("type")
    if isinstance(kind, str):
        found.add(kind)
    elif isinstance(kind, list):
        found.update(kind)
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            found |= _types(branch, components, seen)
    if "integer" in found:
        found.add("number")  # an integer is also a number
    return found


def _fields(
    node: Any, components: dict[str, Any], prefix: str = "", seen: frozenset[str] = frozenset()
) -> dict[str, dict[str, Any]]:
    """Every field of a schema by its dotted path (`items[].name`), with whether it is
    required and which types it may have."""
    out: dict[str, dict[str, Any]] = {}
    if not isinstance(node, dict):
        return out
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return out
        return _fields(_resolve(node, components), components, prefix, seen | {name})
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(key, []):
            for path, field in _fields(branch, components, prefix, seen).items():
                merged = out.setdefault(path, {"required": field["required"], "types": set()})
                merged["required"] = merged["required"] and field["required"]
                merged["types"] |= field["types"]
    required = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        out[path] = {"required": name in required, "types": _types(child, components, seen)}
        out.update(_fields(child, components, path, seen))
    if "items" in node:
        out.update(_fields(node["items"], components, f"{prefix}[]", seen))
    return out


def _body_schema(container: dict[str, Any]) -> Any:
    return container.get("content", {}).get("application/json", {}).get("schema")


def _parameters(operation: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    return {
        (parameter["in"], parameter["name"]): {
            "required": parameter.get("required", False),
            "types": _types(parameter.get("schema", {}), components),
        }
        for parameter in operation.get("parameters", [])
    }


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What a client written against `old` would find broken in `new`."""
    old_components = old.get("components", {}).get("schemas", {})
    new_components = new.get("components", {}).get("schemas", {})
    changes: list[str] = []
    new_paths = new.get("paths", {})
    for path, method, old_operation in _operations(old):
        label = f"{method.upper()} {path}"
        if path not in new_paths:
            changes.append(f"{path}: the path was removed")
            continue
        new_operation = new_paths[path].get(method)
        if new_operation is None:
            changes.append(f"{label}: the operation was removed")
            continue

        old_parameters = _parameters(old_operation, old_components)
        new_parameters = _parameters(new_operation, new_components)
        for key, parameter in old_parameters.items():
            where = f"{label}: {key[0]} parameter {key[1]}"
            if key not in new_parameters:
                changes.append(f"{where} was removed")
            elif parameter["types"] - new_parameters[key]["types"]:
                changes.append(f"{where} no longer takes {sorted(parameter['types'])}")
        for key, parameter in new_parameters.items():
            if parameter["required"] and not old_parameters.get(key, {}).get("required"):
                changes.append(f"{label}: {key[0]} parameter {key[1]} is newly required")

        old_request = old_operation.get("requestBody")
        new_request = new_operation.get("requestBody")
        if new_request and new_request.get("required") and not old_request:
            changes.append(f"{label}: a request body is newly required")
        if old_request and new_request:
            old_in = _fields(_body_schema(old_request), old_components)
            new_in = _fields(_body_schema(new_request), new_components)
            for name, field in new_in.items():
                if field["required"] and not old_in.get(name, {}).get("required"):
                    changes.append(f"{label}: request field {name} is newly required")
            for name, field in old_in.items():
                if name not in new_in:
                    changes.append(f"{label}: request field {name} was removed")
                elif field["types"] - new_in[name]["types"]:
                    changes.append(
                        f"{label}: request field {name} no longer takes {sorted(field['types'])}"
                    )
        elif old_request and not new_request:
            changes.append(f"{label}: the request body is no longer read")

        old_responses = old_operation.get("responses", {})
        new_responses = new_operation.get("responses", {})
        for status, old_response in old_responses.items():
            if not status.startswith("2"):
                continue
            if status not in new_responses:
                changes.append(f"{label}: the {status} answer was removed")
                continue
            old_out = _fields(_body_schema(old_response), old_components)
            new_out = _fields(_body_schema(new_responses[status]), new_components)
            for name, field in old_out.items():
                where = f"{label}: {status} answer field {name}"
                if name not in new_out:
                    changes.append(f"{where} was removed")
                elif field["required"] and not new_out[name]["required"]:
                    changes.append(f"{where} may now be missing")
                elif new_out[name]["types"] - field["types"]:
                    changes.append(
                        f"{where} may now be {sorted(new_out[name]['types'] - field['types'])}"
                    )
    return changes


def _snapshot() -> dict[str, Any]:
    assert SNAPSHOT.exists(), f"{SNAPSHOT} is missing: create it with\n    {REFRESH_COMMAND}"
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_no_breaking_change_against_the_snapshot() -> None:
    changes = breaking_changes(_snapshot(), live_schema())
    assert changes == [], (
        "Breaking changes to API v1 (docs/api.md: v1 only grows compatibly; breaking "
        "changes go to /api/v2/):\n" + "\n".join(f"- {change}" for change in changes)
    )


def test_the_snapshot_is_current() -> None:
    old, new = _snapshot(), live_schema()
    if breaking_changes(old, new):
        pytest.skip("breaking changes: see test_no_breaking_change_against_the_snapshot")
    added = sorted(
        f"{method.upper()} {path}"
        for path, method, _operation in _operations(new)
        if method not in old.get("paths", {}).get(path, {})
    )
    assert old == new, (
        "The API schema changed compatibly"
        + (f" (new operations: {', '.join(added)})" if added else "")
        + f": refresh the snapshot and commit it with the change:\n    {REFRESH_COMMAND}"
    )


# The comparison itself -----------------------------------------------------------------------

TOY: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/things/": {
            "get": {
                "parameters": [
                    {"in": "query", "name": "q", "required": False, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Paged"}}
                        }
                    }
                },
            },
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ThingIn"}}
                    },
                },
                "responses": {"201": {"description": "Created"}},
            },
        }
    },
    "components": {
        "schemas": {
            "Paged": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                },
                "required": ["count", "items"],
            },
            "Thing": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
                "required": ["id", "name", "note"],
            },
            "ThingIn": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "note": {"type": "string"}},
                "required": ["name"],
            },
        }
    },
}
OPTIONAL_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}]}


def _changed(edit: Any) -> list[str]:
    """The breaking changes `edit` (a function changing a copy of TOY) makes."""
    new = copy.deepcopy(TOY)
    edit(new, new["paths"]["/things/"], new["components"]["schemas"])
    return breaking_changes(TOY, new)


def test_the_same_schema_has_no_breaking_change() -> None:
    assert breaking_changes(TOY, copy.deepcopy(TOY)) == []


BREAKING = {
    "the path was removed": lambda s, ops, c: s["paths"].clear(),
    "POST /things/: the operation was removed": lambda s, ops, c: ops.pop("post"),
    "200 answer field items[].name was removed": (
        lambda s, ops, c: c["Thing"]["properties"].pop("name")
    ),
    "200 answer field items[].name may now be missing": (
        lambda s, ops, c: c["Thing"]["required"].remove("name")
    ),
    "200 answer field items[].name may now be ['null']": (
        lambda s, ops, c: c["Thing"]["properties"].update(name=OPTIONAL_STRING)
    ),
    "200 answer field count was removed": lambda s, ops, c: c["Paged"]["properties"].pop("count"),
    "request field note is newly required": (
        lambda s, ops, c: c["ThingIn"]["required"].append("note")
    ),
    "request field note was removed": lambda s, ops, c: c["ThingIn"]["properties"].pop("note"),
    "request field name no longer takes ['string']": (
        lambda s, ops, c: c["ThingIn"]["properties"].update(name={"type": "integer"})
    ),
    "query parameter q was removed": lambda s, ops, c: ops["get"]["parameters"].clear(),
    "query parameter q is newly required": (
        lambda s, ops, c: ops["get"]["parameters"][0].update(required=True)
    ),
    "query parameter page is newly required": (
        lambda s, ops, c: ops["get"]["parameters"].append(
            {"in": "query", "name": "page", "required": True, "schema": {"type": "integer"}}
        )
    ),
    "the 201 answer was removed": (
        lambda s, ops, c: ops["post"].update(responses={"200": {"description": "OK"}})
    ),
}


@pytest.mark.parametrize("expected", BREAKING)
def test_breaking_changes_are_found(expected: str) -> None:
    found = _changed(BREAKING[expected])
    assert any(expected in line for line in found), found


COMPATIBLE = {
    "a new answer field": (
        lambda s, ops, c: c["Thing"]["properties"].update(colour={"type": "string"})
    ),
    "a new optional request field": (
        lambda s, ops, c: c["ThingIn"]["properties"].update(colour={"type": "string"})
    ),
    "a request field taking more": (
        lambda s, ops, c: c["ThingIn"]["properties"].update(note=OPTIONAL_STRING)
    ),
    "a new optional parameter": (
        lambda s, ops, c: ops["get"]["parameters"].append(
            {"in": "query", "name": "page", "required": False, "schema": {"type": "integer"}}
        )
    ),
    "a new operation": (
        lambda s, ops, c: ops.update(delete={"responses": {"204": {"description": "Gone"}}})
    ),
    "a new path": lambda s, ops, c: s["paths"].update({"/others/": {"get": {"responses": {}}}}),
    "a reworded description": lambda s, ops, c: ops["get"].update(description="Things."),
}


@pytest.mark.parametrize("change", COMPATIBLE)
def test_compatible_changes_are_not_breaking(change: str) -> None:
    assert _changed(COMPATIBLE[change]) == []
