"""From an HTML page to presslens' page text and its segments.

``segment_html(html)`` parses the page with lxml (which recovers from any malformed
markup), finds the comment thread (``thread.find_thread``), removes the thread's elements
and gives the pruned tree to trafilatura for the article: headline, byline, date and body
paragraphs. The page text is then written out as::

    Headline

    First paragraph

    ...last paragraph

    author · date          <- a "meta" region; author_span points at the author
    first comment, line 1  <- the "comment" region
    line 2

    second comment ...

so every offset (headline, paragraphs, comments, authors) points into that text, and the
regions partition it exactly, as they do for a plain-text page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from presslens.model import Span
from presslens.segment.html._dom import El, clean, text
from presslens.segment.html.thread import CommentThread, HtmlComment, find_thread
from presslens.segment.text import CommentSegment, PageSegments, Region, RegionKind

META_SEPARATOR = " · "
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class EmptyHtmlError(ValueError):
    """The page has no element to parse (only whitespace, comments or a doctype)."""


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """The page text presslens writes out for an HTML page, its segments and warnings."""

    text: str
    segments: PageSegments
    warnings: tuple[str, ...] = ()
    thread: CommentThread | None = None


def parse_html(html: str) -> El:
    """An lxml document for ``html``, however malformed.

    Raises:
        EmptyHtmlError: nothing in it to parse.
    """
    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        raise EmptyHtmlError("the page is empty")
    try:
        parser = lxml_html.HTMLParser(recover=True, remove_comments=False, huge_tree=True)
        tree = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise EmptyHtmlError(str(err)) from err
    if tree is None:
        raise EmptyHtmlError("the page has no elements")
    return tree


@contextmanager
def quiet_logs(name: str) -> Iterator[None]:
    """Silence a library's log while it runs: its failures come back to us as warnings."""
    logger = logging.getLogger(name)
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


def _extract_article(tree: El, url: str | None) -> tuple[Any, str | None]:
    """trafilatura's document for ``tree`` (None if it found no article) and a warning."""
    try:
        with quiet_logs("trafilatura"), quiet_logs("htmldate"):
            document = trafilatura.bare_extraction(
                tree,
                url=url,
                include_comments=False,
                with_metadata=True,
                date_extraction_params=_DATE_PARAMS,
            )
    except Exception as err:
        return None, f"the article could not be extracted ({err.__class__.__name__})"
    return document, None


def segment_html(html: str | El, *, url: str | None = None, find_comments: bool = True) -> HtmlPage:
    """The text, segments and warnings of an HTML page (a string or a parsed document).

    A parsed document is changed: the comment thread's elements are removed from it.

    Raises:
        EmptyHtmlError: the string holds nothing to parse.
    """
    tree = parse_html(html) if isinstance(html, str) else html
    thread = find_thread(tree) if find_comments else CommentThread()
    headline_fallback = _first_heading(tree)
    for el in thread.prune:
        if el.getparent() is not None:
            el.drop_tree()
    document, problem = _extract_article(tree, url)
    warnings: list[str] = [problem] if problem else []
    if thread.provider and not thread.comments:
        warnings.append(
            f"comments on this page are loaded by script ({thread.provider}); "
            "they are not in the saved HTML"
        )
    headline = clean(document.title or "") if document is not None else ""
    headline = headline or headline_fallback
    paragraphs = _paragraphs(document.text if document is not None else "")
    comment_lines = {line for c in thread.comments for line in c.body if len(line) >= 20}
    paragraphs = [p for p in paragraphs if p not in comment_lines]
    if paragraphs and headline and paragraphs[0] == headline:
        paragraphs = paragraphs[1:]
    segments = _compose(
        headline or None,
        paragraphs,
        thread.comments,
        byline=clean(document.author or "") or None if document is not None else None,
        published=document.date if document is not None else None,
    )
    return HtmlPage(segments.text, segments, tuple(warnings), thread)


def _first_heading(tree: El) -> str:
    heading = tree.find(".//h1")
    return text(heading) if heading is not None else ""


def _paragraphs(extracted: str) -> list[str]:
    return [line for line in (clean(raw) for raw in extracted.splitlines()) if line]


class _Writer:
    """Appends blocks to the page text, recording each piece's region."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.regions: list[Region] = []

    def gap(self, separator: str) -> None:
        if self.pos:
            self.parts.append(separator)
            self.regions.append(Region("separator", self.pos, self.pos + len(separator)))
            self.pos += len(separator)

    def write(self, piece: str, kind: RegionKind) -> tuple[int, int]:
        start = self.pos
        self.parts.append(piece)
        self.pos += len(piece)
        self.regions.append(Region(kind, start, self.pos))
        return start, self.pos

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _meta_text(comment: HtmlComment) -> str:
    """The comment's meta lines as shown, with its author and date added when missing."""
    meta = "\n".join(comment.meta)
    if comment.date_text and comment.date_text not in meta:
        meta = META_SEPARATOR.join(m for m in (meta, comment.date_text) if m)
    if comment.author and comment.author not in meta:
        meta = META_SEPARATOR.join(m for m in (comment.author, meta) if m)
    return meta


def _compose(
    headline: str | None,
    paragraphs: list[str],
    comments: tuple[HtmlComment, ...],
    *,
    byline: str | None,
    published: str | None,
) -> PageSegments:
    out = _Writer()
    head: tuple[int, int] | None = None
    if headline:
        head = out.write(headline, "headline")
    spans: list[tuple[int, int]] = []
    for paragraph in paragraphs:
        out.gap("\n\n")
        spans.append(out.write(paragraph, "article"))
    drafts: list[tuple[int, int, HtmlComment, tuple[int, int] | None]] = []
    for comment in comments:
        out.gap("\n\n")
        author_at = None
        meta = _meta_text(comment)
        if meta:
            start = out.pos
            out.write(meta, "meta")
            if comment.author:
                at = start + meta.find(comment.author)
                author_at = (at, at + len(comment.author))
            out.gap("\n")
        start, end = out.write(comment.text, "comment")
        drafts.append((start, end, comment, author_at))
    page = out.text
    segments = tuple(
        CommentSegment(
            start,
            end,
            page[start:end],
            author=comment.author,
            author_span=Span.of(page, *author_at) if author_at else None,
            reply_to=comment.parent,
            published=comment.published,
        )
        for start, end, comment, author_at in drafts
    )
    return PageSegments(
        text=page,
        headline=Span.of(page, *head) if head else None,
        paragraphs=tuple(Span.of(page, s, e) for s, e in spans),
        comments=segments,
        regions=tuple(out.regions),
        byline=byline,
        published=published,
    )
