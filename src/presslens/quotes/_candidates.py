"""Candidates and the state the finder's passes share.

``Candidate`` is a quote found in one Doc before its speaker is resolved to a person.
``FinderBase`` holds what every pass reads and writes: the quotation marks and paragraphs
of the text, the direct quote each mark has been given (``cue_of``), the marks taken into
a mixed quote (``consumed``) and the clause quotes found so far (``found``); ``classify``
turns a reported clause into one of these. The passes themselves are mixins on this base
(``_clauses``, ``_naming``, ``_adjacent``, ``_floating``), put together in ``find``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from presslens.quotes.cues import SPEECH_VERBS
from presslens.quotes.marks import QuotedSpan, find_quoted_spans, paragraph_ranges

SENTENCE_END = frozenset(".!?")
EDGE = " \t\n,;:.—–-\"“”‘’'«»()"
MIN_FLOATING_WORDS = 4
_LETTER = re.compile(r"[^\W\d_]")
_LEAD_WORDS = re.compile(r"\b(?:that|and|but|so)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A quote found in one Doc, before its speaker is resolved to a person."""

    kind: str
    start: int
    end: int
    cue: tuple[int, int] | None
    speaker: Any  # the spaCy Token heading the speaker mention, or None
    via: Any = None  # the Token heading the medium ("TASS"), or None
    floating: bool = False
    confidence: float = 0.8


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE:
        start += 1
    while end > start and text[end - 1] in " \t\n,;:—–-(":
        end -= 1
    return start, end


def is_speech_verb(token: Any) -> bool:
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = token.lemma_.lower()
    return lemma in SPEECH_VERBS or (lemma == "put" and _puts_it(token))


def _puts_it(verb: Any) -> bool:
    """ "As X put it": the idiom reports words like a verb of saying."""
    children = list(verb.children)
    return any(c.dep_ == "dobj" and c.lower_ == "it" for c in children) and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in children
    )


class FinderBase:
    """The text, its marks and paragraphs, and the candidates the passes have found."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.marks = find_quoted_spans(self.text)
        self._starts = [m.start for m in self.marks]
        self.paragraphs = paragraph_ranges(self.text)
        self._paragraph_starts = [start for start, _end in self.paragraphs]
        self.cue_of: dict[int, Candidate] = {}  # mark index -> direct candidate
        self.consumed: set[int] = set()
        self.found: list[Candidate] = []

    def inside_mark(self, offset: int) -> bool:
        """True when ``offset`` lies inside a quotation (marks are sorted, not nested)."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self.marks[index].end

    def classify(
        self, start: int, end: int, cue: tuple[int, int], speaker: Any, via: Any = None
    ) -> None:
        """Record the clause ``[start, end)`` said by ``speaker`` as a quote.

        The clause is cut to the paragraph of its cue (the parser sometimes runs a clause
        over a paragraph break). A clause that is (nearly) all one quotation, opening with
        it, is the cue of that direct quote; one with words of its own before a quotation
        ("he said the plan was “a disaster”") is a mixed quote of the whole clause.
        """
        p_start, p_end = self._paragraph_of(cue[0])
        start, end = trim(self.text, max(start, p_start), min(end, p_end))
        if end - start < 3:
            return
        inside = self.marks_within(start, end)
        for i, mark in inside:
            if overlap(start, end, mark.start, mark.end) < 0.6 * (end - start):
                continue
            if _LETTER.search(_LEAD_WORDS.sub("", self.text[start : mark.open])):
                break  # words of the reporter before the quotation: a mixed quote
            if i not in self.cue_of:
                self.cue_of[i] = Candidate(
                    "direct", mark.start, mark.end, cue, speaker, via, confidence=0.9
                )
            return
        kind = "mixed" if inside else "indirect"
        last = inside[-1][1] if inside else None
        if last is not None and last.close is not None and end <= last.end < end + 3:
            end = last.close + 1  # "... had “no intention of backing down.”"
        self.consumed.update(i for i, _ in inside)
        self.found.append(Candidate(kind, start, end, cue, speaker, via, confidence=0.75))

    def marks_within(self, start: int, end: int) -> list[tuple[int, QuotedSpan]]:
        """(index, mark) of the quotations that overlap ``[start, end)``."""
        index = max(0, bisect.bisect_right(self._starts, start) - 1)
        out = []
        while index < len(self.marks) and self.marks[index].start < end:
            mark = self.marks[index]
            if overlap(start, end, mark.start, mark.end) > 0:
                out.append((index, mark))
            index += 1
        return out

    def _previous_paragraph(self, start: int) -> tuple[int, int] | None:
        index = bisect.bisect_left(self._paragraph_starts, start) - 1
        return self.paragraphs[index] if index >= 0 else None

    def _paragraph_of(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the paragraph holding ``offset`` (the whole text if none)."""
        index = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if index >= 0 and offset < self.paragraphs[index][1]:
            return self.paragraphs[index]
        return 0, len(self.text)

    def _paragraph_end(self, offset: int) -> int:
        return self._paragraph_of(offset)[1]

    def _paragraph_start(self, offset: int) -> int:
        return self._paragraph_of(offset)[0]
