"""What /openapi.json says beyond a route's types: bodies a handler parses itself,
the errors it answers, and the links from what it creates to what reads it.

A handler that validates its own body (to say each problem at its field, in the
learner's language) takes `Documented[Model]`: the JSON it receives, untouched,
described in the OpenAPI as `Model`. Links name operations by their ids, which
are the handlers' names (`create_app`'s `generate_unique_id_function`).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, GetJsonSchemaHandler, GetPydanticSchema
from pydantic_core import core_schema

from app.api.schemas import Problem


class Documented:
    """`Documented[Model]`: any JSON value, passed to the handler as it came; the OpenAPI shows `Model`."""

    def __class_getitem__(cls, model: type[BaseModel]) -> Any:
        def describe(_schema: Any, handler: GetJsonSchemaHandler) -> dict[str, Any]:
            schema = model.__pydantic_core_schema__
            if schema["type"] != "definitions":  # a flat model: by reference too, so that components name it
                schema = core_schema.definitions_schema(core_schema.definition_reference_schema(schema["ref"]), [schema])
            return handler(schema)

        return Annotated[Any, GetPydanticSchema(lambda _type, _handler: core_schema.any_schema(), describe)]


WHY = {
    401: "Not signed in, or a wrong name or password.",
    403: "Signed in, but not allowed to do this.",
    404: "Nothing by that name, or not yours (both answer alike); or a classroom-only route in personal mode.",
    409: "The resource is not in a state that allows this.",
    413: "The body is larger than this route accepts.",
    422: "The request is wrong: each problem at its field (`loc`), in the learner's language.",
    429: "Too many: sign-ins, runs, upload storage or queued runs (see Retry-After).",
    503: "Keras is not available right now (an inspector is starting); try again (see Retry-After).",
}


def errors(*statuses: int, by_ref: bool = False) -> dict[int | str, dict[str, Any]]:
    """The error answers a route gives, each a `Problem` (`by_ref` on a route whose own
    answer is not JSON: FastAPI would file the model under that media type)."""
    if by_ref:
        problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        return {status: {"description": WHY[status], "content": problem} for status in statuses}
    return {status: {"model": Problem, "description": WHY[status]} for status in statuses}


def links(*operation_ids: str, **parameters: str) -> dict[str, Any]:
    """OpenAPI links from an answer to the operations that take what it names, each
    given `parameters` (runtime expressions such as `$response.body#/id`);
    Schemathesis's stateful phase follows them."""
    return {"links": {_name(op): {"operationId": op, "parameters": parameters} for op in operation_ids}}


def _name(operation_id: str) -> str:
    return "".join(part.capitalize() for part in operation_id.split("_"))


def body(media_type: str, schema: dict[str, Any], example: Any) -> dict[str, Any]:
    """`openapi_extra` for a body the handler reads itself, not JSON (a CSV file)."""
    return {"requestBody": {"required": True, "content": {media_type: {"schema": schema, "example": example}}}}


def json_body(model: type[BaseModel], *, required: bool) -> dict[str, Any]:
    """`openapi_extra` for a JSON body the handler reads from the request itself (so that
    even a body that is not JSON gets its 422); `model` must be flat (its schema inline)."""
    schema = model.model_json_schema()
    assert "$defs" not in schema, f"{model.__name__} refers to other models: take it as Documented[...]"
    return {"requestBody": {"required": required, "content": {"application/json": {"schema": schema}}}}


def required_body() -> dict[str, Any]:
    """`openapi_extra` for a JSON body the handler needs but parses itself (a missing one is its 422, not FastAPI's)."""
    return {"requestBody": {"required": True}}


def file(media_type: str, *, binary: bool = False) -> dict[int | str, dict[str, Any]]:
    """A 200 that is a file, not JSON."""
    schema = {"type": "string", "contentMediaType": media_type} if binary else {"type": "string"}
    return {200: {"content": {media_type: {"schema": schema}}, "description": "The file."}}
