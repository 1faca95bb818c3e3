from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from app.api.bodies import SPEC_EXAMPLE
from app.api.deps import LangDep, StateDep, in_fast_lane
from app.api.openapi import Documented, errors
from app.api.schemas import Inspection
from app.spec.models import Spec
from app.spec.validate import validate_spec

router = APIRouter(prefix="/api", tags=["inspect"])


@router.post("/inspect", response_model=Inspection, responses=errors(422, 503))
async def inspect(raw: Annotated[Documented[Spec], Body(examples=[SPEC_EXAMPLE])], state: StateDep, lang: LangDep) -> dict:
    """Keras's own summary of a spec's model, and any way it does not fit its data and loss."""
    spec = validate_spec(raw)
    return await in_fast_lane(state.inspector.inspect, spec, lang)
