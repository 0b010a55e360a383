"""The JSON Schema of ``presslens/analysis/v1`` and a validator for it."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def analysis_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every analysis as_dict() follows."""
    text = resources.files(__package__).joinpath("analysis-v1.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_analysis(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``data`` does not follow the schema."""
    import jsonschema

    jsonschema.Draft202012Validator(analysis_schema()).validate(data)
