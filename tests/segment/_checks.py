"""Invariants every segmentation must satisfy, shared by the segment tests."""

from __future__ import annotations

from presslens.segment import PageSegments

KINDS = {"headline", "article", "comment", "meta", "separator"}


def assert_consistent(seg: PageSegments, text: str) -> None:
    """Regions partition the text; spans, paragraphs and comments agree with them."""
    assert seg.text == text
    pos = 0
    for region in seg.regions:
        assert region.kind in KINDS
        assert region.start == pos and region.end > region.start
        pos = region.end
    assert pos == len(text)
    for region in seg.regions:
        piece = text[region.start : region.end]
        if region.kind == "separator":
            assert not piece.strip()
        else:
            assert piece == piece.strip() and piece

    articles = [(r.start, r.end) for r in seg.regions if r.kind == "article"]
    assert articles == [(p.start, p.end) for p in seg.paragraphs]
    comments = [(r.start, r.end) for r in seg.regions if r.kind == "comment"]
    assert comments == [(c.start, c.end) for c in seg.comments]
    headlines = [(r.start, r.end) for r in seg.regions if r.kind == "headline"]
    assert headlines == ([(seg.headline.start, seg.headline.end)] if seg.headline else [])

    for span in (*seg.paragraphs, *((seg.headline,) if seg.headline else ())):
        assert span.text == text[span.start : span.end]
    for i, comment in enumerate(seg.comments):
        assert comment.text == text[comment.start : comment.end]
        assert comment.text == comment.text.strip()
        if comment.author_span is not None:
            span = comment.author_span
            assert span.text == text[span.start : span.end] == comment.author
        assert comment.reply_to is None or 0 <= comment.reply_to < i
