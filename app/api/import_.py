from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from app.api.bodies import KerasModelJSON
from app.api.openapi import Documented, errors
from app.api.schemas import ImportedModel
from app.importers.keras_json import spec_from_keras_json
from app.spec.validate import validate_spec

router = APIRouter(prefix="/api/import", tags=["import"])


@router.post("/keras-json", response_model=ImportedModel, responses=errors(422))
def keras_json(raw: Annotated[Documented[KerasModelJSON] | str, Body()]) -> dict:
    """A playground spec (the model part) from the output of Keras's `model.to_json()`."""
    spec = spec_from_keras_json(raw)
    return validate_spec(spec).model_dump(mode="json", include={"model"})
