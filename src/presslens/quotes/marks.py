"""Quotation marks: the stretches of text a page puts between them.

Handles curly (“…”), straight ("…"), low-high („…“), guillemets («…», »…«), doubled
apostrophes (''…'', as wire and archive copies of some papers write them) and, on pages
that use them as their primary marks, single quotes (‘…’, '…'). Follows the newspaper
convention for quotes that run over several paragraphs: each paragraph opens the mark
again and only the last one closes it. An opening mark that is never closed still gives
a quote (to the end of its paragraph) flagged ``closed=False``; stray closing marks are
ignored. Linear in the length of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DOUBLE_OPEN = {"“": "”", "„": "“", "«": "»", "»": "«", "‟": "”"}
_SINGLE_OPEN = {"‘": "’", "‚": "‘", "‹": "›", "›": "‹"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_OPENERS_BEFORE = frozenset(" \t\n([{—–-/:;,")
_DOUBLED = "''"
_DOUBLED_OPENING = re.compile(r"(?:^|[\s(:,—–-])''[^\s']")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """Offsets of one quotation: ``open``/``close`` are the marks, ``start``/``end`` the words.

    ``open`` is the first character of the opening mark and ``close`` the last character
    of the closing one (marks such as ``''`` take two characters).
    """

    open: int
    close: int | None
    start: int
    end: int
    closed: bool = True
    paragraphs: int = 1


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (blocks separated by blank lines), whitespace cut."""
    ranges, pos = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        ranges.append((pos, match.start()))
        pos = match.end()
    ranges.append((pos, len(text)))
    out = []
    for start, end in ranges:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def _uses_single_quotes(text: str) -> bool:
    """True when the page quotes with single marks: it has no double ones but opens singles."""
    if any(mark in text for mark in '“”„«»"') or _DOUBLED_OPENING.search(text):
        return False
    return bool(re.search(r"(?:^|[\s(])[‘'][A-Z]", text))


def _scan_paragraph(text: str, start: int, end: int, singles: bool) -> list[tuple[int, int | None]]:
    """(open, close) pairs of mark offsets in one paragraph; close None when left open.

    ``close`` is the last character of the closing mark.
    """
    pairs: list[tuple[int, int | None]] = []
    opened: int | None = None
    expected = ""
    i = start
    while i < end:
        ch = text[i]
        doubled = ch == "'" and text.startswith(_DOUBLED, i)
        if opened is None:
            if doubled:
                if _can_open(text, i, start, width=2) and i + 2 < end:
                    opened, expected = i, _DOUBLED
                i += 2
                continue
            if ch in _DOUBLE_OPEN and (ch not in "“»" or _can_open(text, i, start)):
                opened, expected = i, _DOUBLE_OPEN[ch]
            elif ch == '"' and _can_open(text, i, start) and i + 1 < end:
                opened, expected = i, '"'
            elif singles and ch in _SINGLE_OPEN and _can_open(text, i, start):
                opened, expected = i, _SINGLE_OPEN[ch]
            elif singles and ch == "'" and _can_open(text, i, start):
                opened, expected = i, "'"
        elif expected == _DOUBLED:
            if doubled:
                pairs.append((opened, i + 1))
                opened = None
                i += 2
                continue
        elif ch == expected:
            if expected in "'’" and _is_apostrophe(text, i, end):
                i += 1
                continue
            pairs.append((opened, i))
            opened = None
        elif ch == '"' and expected in "”»«“":
            # a straight mark closing a curly one: sloppy but common in scraped text
            pairs.append((opened, i))
            opened = None
        i += 1
    if opened is not None:
        pairs.append((opened, None))
    return pairs


def _can_open(text: str, i: int, paragraph_start: int, width: int = 1) -> bool:
    before = text[i - 1] if i > paragraph_start else " "
    after = text[i + width] if i + width < len(text) else " "
    return (before in _OPENERS_BEFORE or before in "“‘\"'") and not after.isspace()


def _is_apostrophe(text: str, i: int, end: int) -> bool:
    """A ’ or ' between two letters (don’t, O’Neill) or after a plural s is no closing mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    return before.isalpha() and after.isalpha()


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quotation in ``text``, in order, merged across paragraphs where they run on."""
    singles = _uses_single_quotes(text)
    spans: list[QuotedSpan] = []
    pending: tuple[int, int] | None = None  # (open mark, paragraphs so far) of a run-on quote
    previous_end = 0
    for p_start, p_end in paragraph_ranges(text):
        pairs = _scan_paragraph(text, p_start, p_end, singles)
        if pending is not None:
            if pairs and pairs[0][0] == p_start:
                _, close_at = pairs.pop(0)
                if close_at is None:
                    pending = (pending[0], pending[1] + 1)
                    previous_end = p_end
                    continue
                spans.append(_make(text, pending[0], close_at, pending[1] + 1))
            else:
                spans.append(_unclosed(text, pending[0], previous_end))
            pending = None
        for open_at, close_at in pairs:
            if close_at is not None:
                spans.append(_make(text, open_at, close_at, 1))
            else:
                pending = (open_at, 1)
        previous_end = p_end
    if pending is not None:
        spans.append(_unclosed(text, pending[0], previous_end))
    return [s for s in spans if s.end > s.start]


def _mark_width(text: str, at: int) -> int:
    return 2 if text.startswith(_DOUBLED, at) else 1


def _make(text: str, open_at: int, close_at: int, paragraphs: int) -> QuotedSpan:
    start = open_at + _mark_width(text, open_at)
    end = close_at - 1 if close_at > 0 and text.startswith(_DOUBLED, close_at - 1) else close_at
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuotedSpan(open_at, close_at, start, end, True, paragraphs)


def _unclosed(text: str, open_at: int, end: int) -> QuotedSpan:
    start = open_at + _mark_width(text, open_at)
    while end > start and text[end - 1].isspace():
        end -= 1
    return QuotedSpan(open_at, None, start, end, False, 1)
