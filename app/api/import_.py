from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from app.importers.keras_json import spec_from_keras_json
from app.spec.validate import validate_spec

router = APIRouter(prefix="/api/import", tags=["import"])


@router.post("/keras-json")
def keras_json(raw: Annotated[Any, Body()]) -> dict:
    """A playground spec (the model part) from the output of Keras's `model.to_json()`."""
    spec = spec_from_keras_json(raw)
    return validate_spec(spec).model_dump(mode="json", include={"model"})
