"""Fixtures of the report tests: the pages of ``_pages``, built once per session."""

from __future__ import annotations

import pytest

from presslens.model import Analysis

from ._pages import build_empty, build_page


@pytest.fixture(scope="session")
def page() -> Analysis:
    """The Riverton harbour page."""
    return build_page()


@pytest.fixture(scope="session")
def empty() -> Analysis:
    """A page in which nothing was found."""
    return build_empty()
