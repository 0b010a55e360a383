"""Segmentation of a page known to hold only an article (no comment thread)."""

from __future__ import annotations

from presslens.model import Span
from presslens.quotes.marks import paragraph_ranges
from presslens.segment.text import PageSegments, Region


def segment_article(text: str) -> PageSegments:
    """Every blank-line separated block of ``text`` is an article paragraph; no headline."""
    paragraphs = tuple(Span.of(text, start, end) for start, end in paragraph_ranges(text))
    regions: list[Region] = []
    position = 0
    for paragraph in paragraphs:
        if paragraph.start > position:
            regions.append(Region("separator", position, paragraph.start))
        regions.append(Region("article", paragraph.start, paragraph.end))
        position = paragraph.end
    if position < len(text):
        regions.append(Region("separator", position, len(text)))
    return PageSegments(text, None, paragraphs, (), tuple(regions))
