"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "harbour-vote.txt"


@pytest.fixture(scope="session")
def nlp() -> Any:
    from presslens.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared data directory; tests that need it skip when it is missing."""
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED} (CI always has it)")
    return SHARED


@pytest.fixture(scope="session")
def example_analysis() -> Any:
    import presslens

    return presslens.analyze(EXAMPLE)
