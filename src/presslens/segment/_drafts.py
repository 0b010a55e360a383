"""Comment drafts (line ranges before they become spans) and the gaps that bound threads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from presslens.segment._lines import Line

LONG_BODY = 2000  # chars between two headers beyond which a stretch reads as article text
LEAD_IN_PARAGRAPHS = 4  # paragraphs searched before the first header for the thread's gap


@dataclass(frozen=True, slots=True)
class Draft:
    """One comment (or a header left without a body) as line indices.

    ``meta`` are header lines; ``body`` is the inclusive range of body lines or None.
    """

    meta: tuple[int, ...]
    body: tuple[int, int] | None
    author: str | None = None
    author_at: int | None = None


@dataclass(frozen=True, slots=True)
class Thread:
    """The comment thread: lines from ``start`` on; earlier lines are the article."""

    start: int
    drafts: tuple[Draft, ...]


def usual_gap(lines: list[Line], first: int) -> int:
    """The most common blank-line gap between paragraphs from line ``first`` on."""
    counts = Counter(ln.blanks_before for ln in lines[first:] if ln.blanks_before)
    return counts.most_common(1)[0][0] if counts else 1


def lead_in(lines: list[Line], first: int) -> int | None:
    """Where the thread really starts when a wider blank gap shortly precedes line ``first``.

    Scraped pages often leave extra blank lines where the comment section begins; the text
    between that gap and the first header is then a comment, not article.
    """
    wide = max(2, usual_gap(lines, first) + 1)
    if first <= 1 or lines[first].blanks_before >= wide:
        return None
    paragraphs = 0
    for i in range(first - 1, 0, -1):
        if lines[i].blanks_before >= wide:
            return i if lines[first].start - lines[i].start <= LONG_BODY else None
        if lines[i].blanks_before:
            paragraphs += 1
            if paragraphs >= LEAD_IN_PARAGRAPHS:
                return None
    return None
