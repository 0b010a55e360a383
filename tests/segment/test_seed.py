"""The seed page (aleppo-2016) against its hand annotation in ../shared/gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from presslens.segment import PageSegments, segment_text
from tests.segment._checks import assert_consistent

SHARED = Path(__file__).parents[2].parent / "shared"
PAGE = SHARED / "seeds" / "aleppo-2016.txt"
GOLD = SHARED / "gold" / "aleppo-2016.json"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(
        not (PAGE.is_file() and GOLD.is_file()),
        reason=f"seed page and gold not found under {SHARED} (CI always has ../shared)",
    ),
]


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def seg() -> PageSegments:
    text = PAGE.read_text(encoding="utf-8")
    result = segment_text(text)
    assert_consistent(result, text)
    return result


def test_headline(seg: PageSegments, gold: dict[str, Any]) -> None:
    assert seg.headline is not None
    assert seg.headline.text == gold["headline"]


def test_article_span(seg: PageSegments, gold: dict[str, Any]) -> None:
    assert seg.paragraphs[0].start == gold["article"]["start"]
    assert seg.paragraphs[-1].end == gold["article"]["end"]
    assert len(seg.paragraphs) == gold["article"]["paragraphs"]


def test_comments_authors_and_boundaries(seg: PageSegments, gold: dict[str, Any]) -> None:
    expected = [(c["author"], c["start"], c["end"]) for c in gold["comments"]]
    assert [(c.author, c.start, c.end) for c in seg.comments] == expected
    assert [c.text for c in seg.comments] == [c["text"] for c in gold["comments"]]


def test_replies(seg: PageSegments, gold: dict[str, Any]) -> None:
    assert [c.reply_to for c in seg.comments] == [c["reply_to"] for c in gold["comments"]]
