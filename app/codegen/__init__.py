"""Code export: a spec as a standalone Python script (plain Keras, no app)."""

from app.codegen.script import python_script

__all__ = ["python_script"]
