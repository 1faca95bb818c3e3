"""/openapi.json describes every operation: a body it takes and its 2xx answer
each name a model (STYLE.md #7), so a route added untyped fails here; its
links lead to operations that exist; the examples it offers are accepted."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest

from app import uploads
from app.api import admin
from app.api.bodies import CSV_EXAMPLE, SPEC_EXAMPLE, Cleanup, RunControl, RunCreate
from app.api.schemas import Catalog
from app.catalog import catalog_json
from app.main import create_app
from app.runs.control import ACTION
from app.spec.validate import validate_spec

OPENAPI = create_app().openapi()
OPERATIONS = {op["operationId"]: (method, path, op) for path, ops in OPENAPI["paths"].items() for method, op in ops.items()}
BODILESS = {"logout", "share_run", "cancel_run", "student_link"}  # the POSTs that take no body


def says_something(schema: dict[str, Any], media_type: str) -> bool:
    """JSON names a model (or lists its fields); anything else is a string (a file, a script)."""
    if media_type == "application/json":
        return "$ref" in json.dumps(schema) or "properties" in schema
    return schema.get("type") == "string"


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_a_body_and_an_answer_are_named(operation_id):
    method, path, op = OPERATIONS[operation_id]
    if method == "post" and operation_id not in BODILESS:
        content = op["requestBody"]["content"]
        assert content, f"{method.upper()} {path}: a body without a media type"
        for media_type, item in content.items():
            assert says_something(item.get("schema", {}), media_type), f"{method.upper()} {path}: untyped {media_type} body {item}"
    else:
        assert "requestBody" not in op, f"{method.upper()} {path}: a body not expected (add it to BODILESS's complement)"
    answers = {status: r for status, r in op["responses"].items() if status.startswith("2")}
    assert answers, f"{method.upper()} {path}: no 2xx answer documented"
    for status, response in answers.items():
        if status == "204":
            assert "content" not in response
            continue
        assert response.get("content"), f"{method.upper()} {path}: {status} without content"
        for media_type, item in response["content"].items():
            assert says_something(item.get("schema", {}), media_type), f"{method.upper()} {path}: untyped {status} {media_type} answer {item}"


def test_errors_are_problems():
    for operation_id, (_, _, op) in OPERATIONS.items():
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                schema = json.dumps(response["content"]["application/json"]["schema"])
                assert "/Problem" in schema or "/HTTPValidationError" in schema, f"{operation_id} {status}"


def test_every_reference_resolves():
    text = json.dumps(OPENAPI)
    for ref in {part.split('"')[0] for part in text.split('"$ref": "')[1:]}:
        assert ref.rsplit("/", 1)[-1] in OPENAPI["components"]["schemas"], ref


def test_operation_ids_are_unique_handler_names():
    ids = [op["operationId"] for ops in OPENAPI["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))


def test_links_lead_to_operations_and_their_parameters():
    found = 0
    for operation_id, (_, _, op) in OPERATIONS.items():
        for status, response in op["responses"].items():
            for name, link in response.get("links", {}).items():
                target = OPERATIONS[link["operationId"]][2]
                names = {p["name"] for p in target.get("parameters", [])}
                assert set(link["parameters"]) <= names, f"{operation_id} {status} {name}"
                found += 1
    assert found >= 20


def test_the_examples_are_accepted(tmp_path):
    RunCreate.model_validate(SPEC_EXAMPLE)
    validate_spec(SPEC_EXAMPLE, for_run=True)
    uploads.configure(tmp_path)
    assert uploads.store("example.csv", CSV_EXAMPLE.encode())["rows"] == 12


def test_the_catalog_is_as_documented():
    Catalog.model_validate(catalog_json())


def test_the_documented_bounds_are_the_checked_ones():
    days = {type(m).__name__: m for m in Cleanup.model_fields["days"].metadata}
    assert days["Le"].le == admin.MAX_DAYS
    assert get_args(RunControl.model_fields["action"].annotation) == ACTION.choices
