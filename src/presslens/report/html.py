"""The report as one self-contained HTML page: the article with its quotes highlighted.

Each quote's words are marked in the colour of their speaker, found from the character
offsets of the analysis (so the page shows exactly what was extracted); the speakers,
people and the comment thread sit beside the article. The page has no script and loads
nothing: its CSS is inline. It is rendered by Jinja2 with autoescaping on, and the only
link made from page data is the source URL, and only when it is ``http(s)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from presslens.model import SCORE_ATTRIBUTES, Analysis, Comment, Quote, Span, WeightedSpan
from presslens.report._common import (
    PALETTE,
    UNKNOWN_COLOUR,
    SpeakerGroup,
    ThreadNode,
    article_sizes,
    comment_thread,
    count_replies,
    people_rows,
    plural,
    sentiment_label,
    shorten_middle,
    spans_that_fit,
    speaker_groups,
    strip_quote_marks,
    toxicity_level,
)
from presslens.report._highlight import split_runs

TEMPLATE = "analysis.html.j2"
STYLESHEET = "presslens.css.j2"
#: Longest quote (in characters) listed whole under a speaker in the legend.
LEGEND_QUOTE_CHARS = 220
_SAFE_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f]+\Z", re.IGNORECASE)
# Control characters other than tab and newline: invisible at best, garbage glyphs at worst.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class TextRun:
    """A piece of a paragraph or headline; ``css`` is empty for text outside quotes."""

    text: str
    css: str = ""
    quote_ids: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class Badge:
    """A toxicity badge: the score, its level (low/medium/high) and all six scores."""

    score: float
    level: str
    detail: str


@dataclass(frozen=True, slots=True)
class CommentView:
    """One comment as the template shows it, with its replies."""

    comment: Comment
    number: int
    badge: Badge | None
    sentiment: str | None
    replies: tuple[CommentView, ...]
    runs: tuple[TextRun, ...] = ()  # the text, with the words behind a high toxicity marked


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("presslens.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["visible"] = visible
    return environment


def visible(text: str) -> str:
    """``text`` without control characters (tab and newline are kept); for reader text."""
    return _INVISIBLE.sub("", text)


def render_html(analysis: Analysis) -> str:
    """The report of ``analysis`` as one self-contained HTML5 page."""
    return _environment().get_template(TEMPLATE).render(**analysis_context(analysis))


def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescape on), for other front ends."""
    return _environment()


def stylesheet() -> str:
    """The report's CSS, which the web app serves as a file instead of inlining it."""
    return _stylesheet()


@cache
def _stylesheet() -> str:
    return _environment().get_template(STYLESHEET).render(**_palette())


def _palette() -> dict[str, Any]:
    return {"palette": list(enumerate(PALETTE)), "unknown_colour": UNKNOWN_COLOUR}


def analysis_context(analysis: Analysis) -> dict[str, Any]:
    """What the analysis templates (``_analysis.html.j2``) need to show ``analysis``."""
    groups = speaker_groups(analysis)
    owner = {quote: group for group in groups for quote in group.quotes}
    article = analysis.article
    counter = iter(range(1, len(analysis.comments) + 1))
    return {
        "analysis": analysis,
        "article": article,
        "headline": _headline_runs(analysis, owner),
        "paragraphs": [_span_runs(analysis.text, p, owner) for p in article.paragraphs],
        "source_href": _safe_url(analysis.source.url),
        "sizes": article_sizes(analysis),
        "groups": groups,
        "legend_quote": _legend_quote,
        "people": people_rows(analysis),
        "thread": tuple(_comment_view(n, counter) for n in comment_thread(analysis.comments)),
        "replies": plural(count_replies(analysis.comments), "reply", "replies"),
        "sentiment_label": sentiment_label,
        **_palette(),
    }


def _headline_runs(analysis: Analysis, owner: dict[Quote, SpeakerGroup]) -> list[TextRun]:
    article = analysis.article
    span = article.headline_span
    if span is not None and (article.headline is None or article.headline == span.text):
        return _span_runs(analysis.text, span, owner)
    return [TextRun(article.headline)] if article.headline else []


def _span_runs(text: str, span: Span, owner: dict[Quote, SpeakerGroup]) -> list[TextRun]:
    """``span`` of the page text as runs, each quoted run marked with its innermost quote.

    When the span's offsets do not match the page text, its own text is shown unmarked
    rather than highlighting the wrong words.
    """
    if text[span.start : span.end] != span.text:
        return [TextRun(span.text)]
    quotes = [q for q in owner if q.content.start < span.end and span.start < q.content.end]
    runs: list[TextRun] = []
    for run in split_runs(span.start, span.end, [(q.content.start, q.content.end) for q in quotes]):
        piece = text[run.start : run.end]
        if not run.covering:
            runs.append(TextRun(piece))
            continue
        covering = [quotes[i] for i in run.covering]
        css = owner[covering[0]].css_class + (" overlap" if len(covering) > 1 else "")
        title = "; ".join(f"{owner[q].name} · {q.kind}" for q in covering)
        runs.append(TextRun(piece, css, " ".join(q.id for q in covering), title))
    return runs


def _legend_quote(quote: Quote) -> str:
    words = shorten_middle(strip_quote_marks(quote.content.text), LEGEND_QUOTE_CHARS)
    return words if quote.kind == "indirect" else f"“{words}”"


def _safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) URL, else None (no ``javascript:`` or ``data:``)."""
    return url if url is not None and _SAFE_URL.match(url) else None


def _comment_view(node: ThreadNode, counter: Iterator[int]) -> CommentView:
    comment = node.comment
    badge = None
    if comment.scores is not None:
        scores = comment.scores.as_dict()
        detail = " · ".join(f"{n.replace('_', ' ')} {scores[n]:.2f}" for n in SCORE_ATTRIBUTES)
        badge = Badge(comment.scores.toxicity, toxicity_level(comment.scores.toxicity), detail)
    sentiment = sentiment_label(comment.sentiment) if comment.sentiment is not None else None
    number = next(counter)
    replies = tuple(_comment_view(reply, counter) for reply in node.replies)
    return CommentView(comment, number, badge, sentiment, replies, _comment_runs(comment))


def _toxic_title(spans: tuple[WeightedSpan, ...], covering: tuple[int, ...]) -> str:
    if not covering:
        return ""
    return f"raised toxicity: {spans[covering[0]].weight:+.2f} log-odds"


def _comment_runs(comment: Comment) -> tuple[TextRun, ...]:
    """The comment's text as runs, its toxic spans marked (unmarked if they do not fit it)."""
    text, base = comment.text, comment.start
    spans = spans_that_fit(comment)
    return tuple(
        TextRun(
            text[run.start - base : run.end - base],
            "toxic" if run.covering else "",
            title=_toxic_title(spans, run.covering),
        )
        for run in split_runs(base, base + len(text), [(s.start, s.end) for s in spans])
    )
