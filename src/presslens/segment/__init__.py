"""Separate a page into headline, article paragraphs and the comment thread."""

from presslens.segment.text import CommentSegment, PageSegments, Region, segment_text

__all__ = ["CommentSegment", "PageSegments", "Region", "segment_text"]
