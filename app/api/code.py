from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import HTMLResponse, PlainTextResponse
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from app.api.bodies import SPEC_EXAMPLE
from app.api.openapi import Documented, errors
from app.codegen import python_script
from app.spec.models import Spec
from app.spec.validate import validate_spec

router = APIRouter(prefix="/api", tags=["code"])


@router.post(
    "/code", response_class=PlainTextResponse, response_model=None,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}} | errors(422, by_ref=True),
)  # fmt: skip
def code(raw: Annotated[Documented[Spec], Body(examples=[SPEC_EXAMPLE])], format: str = "text") -> PlainTextResponse | HTMLResponse:
    """The spec as a standalone Python script that trains the same model with plain Keras (`?format=html`: highlighted)."""
    script = python_script(validate_spec(raw))
    if format == "html":
        return HTMLResponse(highlight(script, PythonLexer(), HtmlFormatter(nowrap=True)))
    return PlainTextResponse(script, headers={"Content-Disposition": 'inline; filename="model.py"'})
