"""Segment a raw plain-text page (headline, article, appended comments).

INTERFACE (fixed; the rest of presslens builds on it):

    segment_text(text: str) -> PageSegments

``PageSegments.regions`` partitions ``[0, len(text))`` exactly: every character belongs
to one region whose kind is "headline", "article", "comment", "meta" (author lines,
timestamps, "Reply" links, comment markers) or "separator" (whitespace between blocks).

How it works: the text is cut into non-blank lines (``_lines``), each line is classified
as comment furniture or text (``_meta``), the comment thread is looked for at the end of
the page (``_thread``: threads marked by headers in ``_marked``, threads of bare name
lines in ``_plain``) and replies are inferred from what the comments say (``replies``).
Everything before the thread is the article; its first line is the headline when it
reads like one. Each step is linear in the page size and total: any string, however
odd, gets a valid segmentation. ``evaluate`` scores it on pages with marked comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from presslens.model import Span
from presslens.segment._lines import Line, paragraph_ends, split_lines
from presslens.segment._meta import LineInfo, classify_line, is_headline_like
from presslens.segment._thread import Thread, find_thread
from presslens.segment.replies import infer_replies

RegionKind = Literal["headline", "article", "comment", "meta", "separator"]


@dataclass(frozen=True, slots=True)
class Region:
    kind: RegionKind
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CommentSegment:
    """One comment: body offsets, author (None if anonymous), parent index (or None)."""

    start: int
    end: int
    text: str
    author: str | None = None
    author_span: Span | None = None
    reply_to: int | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class PageSegments:
    text: str
    headline: Span | None
    paragraphs: tuple[Span, ...]
    comments: tuple[CommentSegment, ...]
    regions: tuple[Region, ...]
    byline: str | None = None
    published: str | None = None


_BYLINE_KINDS = frozenset({"by", "time", "nametime"})


def segment_text(text: str) -> PageSegments:
    """Split ``text`` into headline, article paragraphs and comments."""
    lines = split_lines(text)
    infos = [classify_line(line.text) for line in lines]
    thread = find_thread(lines, infos) if lines else None
    article_end = thread.start if thread is not None else len(lines)

    headline: Span | None = None
    first_article = 0
    if article_end and _opens_with_headline(lines, infos):
        headline = Span.of(text, lines[0].start, lines[0].end)
        first_article = 1
    paragraphs = tuple(
        Span.of(text, lines[a].start, lines[b].end)
        for a, b in paragraph_ends(lines, first_article, article_end - 1)
    )
    comments: tuple[CommentSegment, ...] = ()
    if thread is not None:
        article = "\n\n".join(p.text for p in paragraphs)
        comments = _comments(text, lines, thread, article)

    pieces: list[tuple[int, int, RegionKind]] = []
    if headline is not None:
        pieces.append((headline.start, headline.end, "headline"))
    pieces.extend((p.start, p.end, "article") for p in paragraphs)
    pieces.extend((c.start, c.end, "comment") for c in comments)
    if thread is not None:
        pieces.extend((lines[i].start, lines[i].end, "meta") for i in _meta_lines(lines, thread))
    return PageSegments(text, headline, paragraphs, comments, _partition(text, pieces))


def _meta_lines(lines: list[Line], thread: Thread) -> list[int]:
    """Thread lines outside every comment body: header lines and any stray furniture."""
    in_body = [False] * len(lines)
    for draft in thread.drafts:
        if draft.body is not None:
            for i in range(draft.body[0], draft.body[1] + 1):
                in_body[i] = True
    return [i for i in range(thread.start, len(lines)) if not in_body[i]]


def _opens_with_headline(lines: list[Line], infos: list[LineInfo]) -> bool:
    """The first line is a headline if it reads like one and stands apart from the text.

    It must be alone in its paragraph, or followed in it by a byline or dateline only.
    """
    if not is_headline_like(lines[0].text):
        return False
    if len(lines) == 1 or lines[1].blanks_before:
        return True
    return infos[1].kind in _BYLINE_KINDS


def _comments(
    text: str, lines: list[Line], thread: Thread, article: str
) -> tuple[CommentSegment, ...]:
    bodies: list[tuple[int, int, str | None, Span | None]] = []
    for draft in thread.drafts:
        if draft.body is None:
            continue
        start, end = lines[draft.body[0]].start, lines[draft.body[1]].end
        author_span = None
        if draft.author is not None and draft.author_at is not None:
            author_span = Span.of(text, draft.author_at, draft.author_at + len(draft.author))
        bodies.append((start, end, draft.author, author_span))
    texts = [text[start:end] for start, end, _, _ in bodies]
    parents = infer_replies([author for _, _, author, _ in bodies], texts, article)
    return tuple(
        CommentSegment(start, end, body, author, span, parent)
        for (start, end, author, span), body, parent in zip(bodies, texts, parents, strict=True)
    )


def _partition(text: str, pieces: list[tuple[int, int, RegionKind]]) -> tuple[Region, ...]:
    """Regions for ``pieces`` (disjoint, non-empty), with separators filling the gaps."""
    regions: list[Region] = []
    pos = 0
    for start, end, kind in sorted(pieces):
        if start > pos:
            regions.append(Region("separator", pos, start))
        regions.append(Region(kind, start, end))
        pos = end
    if pos < len(text):
        regions.append(Region("separator", pos, len(text)))
    return tuple(regions)
