"""Floating quotes and the final merge of candidates.

A quotation with no cue that opens a sentence continues the previous quote's speaker (a
floating quote) when at most one paragraph break lies between them, and otherwise stays
without a speaker at a low confidence; a short one inside a
sentence is a scare quote, a title or a nickname, and is dropped; so is a Title Case
quotation run into a phrase, even with a cue after it ("on CNN’s “State of the Union,”
Fallin said"). ``floating`` then merges all candidates in text order, keeping the first
of any that overlap.
"""

from __future__ import annotations

from dataclasses import replace

from presslens.quotes._candidates import (
    EDGE,
    MIN_FLOATING_WORDS,
    SENTENCE_END,
    Candidate,
    FinderBase,
    is_speech_verb,
    overlap,
)
from presslens.quotes.marks import QuotedSpan

_MAX_TITLE_WORDS = 6  # words of a quoted show, book or slogan title
_SMALL_WORDS = frozenset("a an and at by for from in of on or the to with".split())


class FloatingQuotes(FinderBase):
    """The last pass: floating quotes, titles left out, candidates merged."""

    def _opens_sentence(self, mark: QuotedSpan) -> bool:
        before = self.text[self._paragraph_start(mark.open) : mark.open].rstrip()
        return not before or before[-1] in SENTENCE_END or before[-1] in '”"»:'

    def _is_title(self, mark: QuotedSpan) -> bool:
        """A short Title Case quotation inside a phrase: a show, book or slogan.

        "on CNN’s “State of the Union,” Fallin said", "author of “Going Viral,” said":
        the words before the mark run on into it, and the cue after it is not its own.
        """
        words = self.text[mark.start : mark.end].split()
        if not words or len(words) > _MAX_TITLE_WORDS:
            return False
        if not all(_title_word(w) for w in words) or not any(w[:1].isupper() for w in words):
            return False
        before = self.text[self._paragraph_start(mark.open) : mark.open].rstrip()
        if not before or not (before[-1].isalnum() or before[-1] in "’'"):
            return False
        previous = self.doc.char_span(mark.open, mark.open + 1, alignment_mode="expand")
        if previous is not None and previous.start > 0:
            token = self.doc[previous.start - 1]
            return not is_speech_verb(token) and token.pos_ != "AUX"
        return True

    def floating(self) -> list[Candidate]:
        """All candidates in order, floating quotes taking the previous speaker's place."""
        direct = {i: c for i, c in self.cue_of.items() if not self._is_title(self.marks[i])}
        for i, mark in enumerate(self.marks):
            if i in direct or i in self.consumed:
                continue
            words = len(self.text[mark.start : mark.end].split())
            if words < MIN_FLOATING_WORDS or not self._opens_sentence(mark):
                continue  # scare quotes, titles, nicknames
            direct[i] = Candidate(
                "direct", mark.start, mark.end, None, None, floating=True, confidence=0.7
            )
        ordered = sorted([*direct.values(), *self.found], key=lambda c: c.start)
        out: list[Candidate] = []
        for candidate in ordered:
            if any(overlap(c.start, c.end, candidate.start, candidate.end) for c in out):
                continue
            if candidate.floating:
                previous = out[-1] if out else None
                near = previous is not None and self._near(previous.end, candidate.start)
                if previous is not None and near:
                    candidate = replace(candidate, speaker=previous.speaker, via=previous.via)
                else:
                    candidate = replace(candidate, confidence=0.3)
            out.append(candidate)
        return out

    def _near(self, end: int, start: int) -> bool:
        """At most one paragraph break between the previous quote and this one."""
        return self.text.count("\n\n", end, start) <= 1


def _title_word(word: str) -> bool:
    """A word of a title: capitalised, a small function word, or no letters at all."""
    letters = word.strip(EDGE + "?!")
    return not letters or letters[0].isupper() or letters.casefold() in _SMALL_WORDS
