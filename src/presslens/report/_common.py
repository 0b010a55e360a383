"""What every report format shares: speaker colours, the comment tree, short text, labels.

The renderers (``text``, ``markdown``, ``html``) only lay out what these helpers compute,
so the three formats agree on who a quote belongs to, which colour a speaker gets and
how a thread nests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from presslens.model import Analysis, Comment, Person, Quote, WeightedSpan

ToxicityLevel = Literal["low", "medium", "high"]
SentimentLabel = Literal["positive", "neutral", "negative"]

#: Toxicity at or above this is "medium"; at or above ``HIGH_TOXICITY`` it is "high".
MEDIUM_TOXICITY = 0.3
HIGH_TOXICITY = 0.7
#: VADER's customary thresholds for calling a compound score positive or negative.
SENTIMENT_THRESHOLD = 0.05
#: Replies nested deeper than this are listed flat at this depth, so that a hostile or
#: broken ``reply_to`` chain cannot make a report arbitrarily deep.
MAX_THREAD_DEPTH = 24


@dataclass(frozen=True, slots=True)
class Colour:
    """One speaker colour: a light background (dark text stays readable) and a strong edge."""

    background: str
    edge: str


#: Ten speaker colours, in the order speakers are first quoted. Backgrounds are light tints
#: (contrast with the page's near-black text at least 10:1); edges pass WCAG AA (4.5:1) as
#: text on white.
PALETTE: tuple[Colour, ...] = (
    Colour("#fde68a", "#b45309"),  # amber
    Colour("#bfdbfe", "#1d4ed8"),  # blue
    Colour("#bbf7d0", "#15803d"),  # green
    Colour("#fecdd3", "#be123c"),  # rose
    Colour("#ddd6fe", "#6d28d9"),  # violet
    Colour("#a5f3fc", "#0e7490"),  # cyan
    Colour("#fed7aa", "#c2410c"),  # orange
    Colour("#f5d0fe", "#a21caf"),  # fuchsia
    Colour("#d9f99d", "#4d7c0f"),  # lime
    Colour("#e7d3b5", "#7c4a1e"),  # tan
)
#: The colour of quotes whose speaker is unknown.
UNKNOWN_COLOUR = Colour("#e5e7eb", "#4b5563")
UNKNOWN_SPEAKER = "unknown speaker"


@dataclass(frozen=True, slots=True)
class SpeakerGroup:
    """The quotes of one speaker, in text order.

    ``key`` is the person id, else ``"name:" + name``, else None for the unknown speaker;
    ``colour`` indexes ``PALETTE`` (None for the unknown speaker).
    """

    key: str | None
    name: str
    roles: tuple[str, ...]
    colour: int | None
    quotes: tuple[Quote, ...]

    @property
    def css_class(self) -> str:
        """``spk-0`` ... ``spk-9``, or ``spk-unknown``."""
        return "spk-unknown" if self.colour is None else f"spk-{self.colour}"


@dataclass(frozen=True, slots=True)
class ThreadNode:
    """A comment and the replies to it, in page order."""

    comment: Comment
    replies: tuple[ThreadNode, ...] = ()


def speaker_key(quote: Quote) -> str | None:
    """Who a quote belongs to, as a grouping key (None when the speaker is unknown)."""
    if quote.speaker.person:
        return quote.speaker.person
    if quote.speaker.name:
        return "name:" + quote.speaker.name
    return None


def speaker_groups(analysis: Analysis) -> tuple[SpeakerGroup, ...]:
    """Group quotes by speaker: known speakers in order of their first quote, unknown last.

    The n-th known speaker gets colour ``n % len(PALETTE)``, so colours are stable for a
    page and every format uses the same ones.
    """
    by_key: dict[str | None, list[Quote]] = {}
    for quote in sorted(analysis.quotes, key=lambda q: (q.content.start, q.content.end)):
        by_key.setdefault(speaker_key(quote), []).append(quote)
    groups: list[SpeakerGroup] = []
    for key, quotes in by_key.items():
        if key is None:
            continue
        first = quotes[0].speaker
        person = analysis.person(first.person) if first.person else None
        name = first.name or (person.name if person else None) or key
        roles = person.roles if person else ()
        colour = len(groups) % len(PALETTE)
        groups.append(SpeakerGroup(key, name, roles, colour, tuple(quotes)))
    if None in by_key:
        groups.append(SpeakerGroup(None, UNKNOWN_SPEAKER, (), None, tuple(by_key[None])))
    return tuple(groups)


def quote_counts(analysis: Analysis) -> dict[str, int]:
    """Number of quotes attributed to each person id."""
    counts: dict[str, int] = {}
    for quote in analysis.quotes:
        if quote.speaker.person:
            counts[quote.speaker.person] = counts.get(quote.speaker.person, 0) + 1
    return counts


def people_rows(analysis: Analysis) -> list[tuple[Person, int, int]]:
    """``(person, mentions, quotes)`` for each person, in the analysis' order."""
    counts = quote_counts(analysis)
    return [(p, len(p.mentions), counts.get(p.id, 0)) for p in analysis.people]


def comment_thread(comments: Sequence[Comment]) -> tuple[ThreadNode, ...]:
    """Nest comments under their parent by ``reply_to``.

    A reply whose parent is not on the page (or that replies to itself) becomes a top-level
    comment; so does the first comment of a ``reply_to`` cycle. Every comment appears
    exactly once and top-level comments keep page order.
    """
    known = {c.id for c in comments}
    children: dict[str, list[int]] = {}
    roots: list[int] = []
    for index, comment in enumerate(comments):
        parent = comment.reply_to
        if parent is None or parent == comment.id or parent not in known:
            roots.append(index)
        else:
            children.setdefault(parent, []).append(index)
    placed = [False] * len(comments)

    def descendants(index: int) -> list[int]:
        found: list[int] = []
        stack = [index]
        while stack:
            for child in children.get(comments[stack.pop()].id, ()):
                if not placed[child]:
                    placed[child] = True
                    found.append(child)
                    stack.append(child)
        return sorted(found)

    def build(index: int, depth: int) -> ThreadNode:
        placed[index] = True
        if depth >= MAX_THREAD_DEPTH:
            flat = (ThreadNode(comments[i]) for i in descendants(index))
            return ThreadNode(comments[index], tuple(flat))
        kids = [k for k in children.get(comments[index].id, ()) if not placed[k]]
        for kid in kids:
            placed[kid] = True
        return ThreadNode(comments[index], tuple(build(k, depth + 1) for k in kids))

    built = [(index, build(index, 0)) for index in roots]
    for index in range(len(comments)):
        if not placed[index]:
            built.append((index, build(index, 0)))
    return tuple(node for _, node in sorted(built, key=lambda pair: pair[0]))


def count_replies(comments: Sequence[Comment]) -> int:
    """Number of comments nested under another comment of the page."""
    return len(comments) - len(comment_thread(comments))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")
_QUOTE_MARKS = "\"'“”‘’„«»‹›「」"


#: Private-use characters that stand for the ends of a toxic span in a comment's text while
#: it is flattened, shortened or escaped (see :func:`with_span_marks`).
SPAN_OPEN, SPAN_CLOSE = "\ue000", "\ue001"


def spans_that_fit(comment: Comment) -> tuple[WeightedSpan, ...]:
    """The comment's toxic spans, or none when any of them does not fit its text.

    Offsets that do not match are a sign of a mismatched document: better unmarked than
    drawn in the wrong place.
    """
    base = comment.start
    if any(comment.text[s.start - base : s.end - base] != s.text for s in comment.spans):
        return ()
    return comment.spans


def with_span_marks(comment: Comment) -> str:
    """The comment's text with ``SPAN_OPEN``/``SPAN_CLOSE`` around the words behind a high
    toxicity, so they can be styled after the text is flattened or escaped.

    The text's own private-use marks become U+FFFD first; spans that do not fit the text
    (or overlap) are left out rather than drawn in the wrong place.
    """
    text = comment.text.replace(SPAN_OPEN, "\ufffd").replace(SPAN_CLOSE, "\ufffd")
    spans = sorted(spans_that_fit(comment), key=lambda s: s.start)
    if any(a.end > b.start for a, b in pairwise(spans)):
        return text
    for span in reversed(spans):
        start, end = span.start - comment.start, span.end - comment.start
        text = f"{text[:start]}{SPAN_OPEN}{text[start:end]}{SPAN_CLOSE}{text[end:]}"
    return text


def one_line(text: str) -> str:
    """Text on one line: control and bidi-override characters dropped, whitespace collapsed."""
    return _SPACE.sub(" ", _CONTROL.sub("", unicodedata.normalize("NFC", text))).strip()


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary with an ellipsis."""
    line = one_line(text)
    if len(line) <= limit:
        return line
    cut = line[: max(limit - 1, 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def shorten_middle(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters keeping the start and the end: ``a b … y z``."""
    line = one_line(text)
    if len(line) <= limit:
        return line
    head_limit = (limit * 2) // 3
    head = shorten(line, head_limit).rstrip("…")
    tail_room = max(limit - len(head) - 3, 1)
    tail = line[-tail_room:]
    space = tail.find(" ")
    if 0 <= space < len(tail) // 2:
        tail = tail[space + 1 :]
    return f"{head} … {tail}"


def strip_quote_marks(text: str) -> str:
    """``“words”`` -> ``words``: drop quotation marks only when they enclose the whole text."""
    if len(text) >= 2 and text[0] in _QUOTE_MARKS and text[-1] in _QUOTE_MARKS:
        return text[1:-1].strip()
    return text


def word_count(analysis: Analysis) -> int:
    """Words in the article body (whitespace-separated tokens)."""
    return sum(len(p.text.split()) for p in analysis.article.paragraphs)


def article_sizes(analysis: Analysis) -> tuple[str, ...]:
    """``("4 paragraphs", "230 words", "5 quotes", "6 comments")``."""
    return (
        plural(len(analysis.article.paragraphs), "paragraph"),
        plural(word_count(analysis), "word"),
        plural(len(analysis.quotes), "quote"),
        plural(len(analysis.comments), "comment"),
    )


def toxicity_level(score: float) -> ToxicityLevel:
    """``low`` below 0.3, ``medium`` below 0.7, else ``high``."""
    if score >= HIGH_TOXICITY:
        return "high"
    return "medium" if score >= MEDIUM_TOXICITY else "low"


def sentiment_label(value: float) -> SentimentLabel:
    """VADER-style label of a compound sentiment score in [-1, 1]."""
    if value >= SENTIMENT_THRESHOLD:
        return "positive"
    return "negative" if value <= -SENTIMENT_THRESHOLD else "neutral"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 quote``, ``2 quotes``."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"
