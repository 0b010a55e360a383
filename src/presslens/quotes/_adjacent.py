"""Adjacent cues: a verb of saying right next to a quotation's marks.

For each quotation the clause pass left without a cue, ``adjacent_cues`` looks right
after the closing mark (``"...," the minister said``) and then right before the opening
one (``he added: "..."``, ``said, "..."``, or a paragraph ending in a colon before the
quotation's own). The search stops at the end of a sentence, a paragraph, another
quotation or another verb, so that words further off are not taken for the cue.
"""

from __future__ import annotations

from typing import Any

from presslens.quotes._candidates import SENTENCE_END, Candidate, FinderBase, is_speech_verb
from presslens.quotes._clauses import complement
from presslens.quotes._speaker_tokens import speaker_of
from presslens.quotes.marks import QuotedSpan

_LINE_END = frozenset(".!?…\"”’'»")
_CUE_WINDOW = 10  # tokens searched after a closing mark or before an opening one
_OPENING_MARKS = frozenset("“\"'‘«„")


class AdjacentCues(FinderBase):
    """The adjacent pass: cues next to the marks of a quotation."""

    def adjacent_cues(self) -> None:
        """Cues right after a closing mark or right before an opening one."""
        for i, mark in enumerate(self.marks):
            if i in self.cue_of or i in self.consumed:
                continue
            verb = self._cue_after(mark) or self._cue_before(mark)
            if verb is None:
                continue
            speaker, via = speaker_of(verb, self.inside_mark)
            cue = (verb.idx, verb.idx + len(verb.text))
            self.cue_of[i] = Candidate(
                "direct", mark.start, mark.end, cue, speaker, via, confidence=0.85
            )

    def _cue_after(self, mark: QuotedSpan) -> Any:
        """``"...," the minister said``: the quote ends in punctuation, then the cue follows."""
        if mark.close is None:
            return None
        inner = self.text[mark.start : mark.end].rstrip()
        after = self.text[mark.close + 1 : mark.close + 3].lstrip(" ")
        if not (inner[-1:] in ",.?!…—–-" or after[:1] in {",", "—", "–"}):
            return None
        span = self.doc.char_span(mark.close, mark.close + 1, alignment_mode="expand")
        if span is None:
            return None
        paragraph_end = self._paragraph_end(mark.close)
        for token in self.doc[span.end : span.end + _CUE_WINDOW]:
            if token.idx >= paragraph_end or token.text in SENTENCE_END:
                return None
            if token.text in '“"«„' or self._line_ends(mark.close + 1, token.idx):
                return None
            if is_speech_verb(token):
                return None if self._reports_other(token) else token
            if token.pos_ in {"VERB", "AUX"}:
                return None  # another verb first: the words after the quote are not its cue
        return None

    def _reports_other(self, verb: Any) -> bool:
        """A participle after a quotation that reports words of its own: ``a “bad
        earpiece,” claiming he had ...``, ``the CNN “reporter,” saying, “...”``."""
        if verb.tag_ != "VBG":
            return False
        if complement(verb) is not None:
            return True
        rest = self.text[verb.idx + len(verb.text) : verb.idx + len(verb.text) + 4].lstrip()
        return rest[:1] in {",", ":"} and rest[1:].lstrip()[:1] in _OPENING_MARKS

    def _cue_before(self, mark: QuotedSpan) -> Any:
        """``he added: "..."`` / ``said, "..."``: a speech verb just before the opening mark.

        A paragraph that ends in a colon is the cue of a quotation opening the next one
        ("She went on to say:" then the quote).
        """
        paragraph_start = self._paragraph_start(mark.open)
        before = self.text[paragraph_start : mark.open].rstrip()
        if not before:
            previous = self._previous_paragraph(paragraph_start)
            if previous is None or not self.text[previous[0] : previous[1]].endswith(":"):
                return None
            paragraph_start, before = previous[0], ":"
        if before[-1] not in ":,":
            return None
        span = self.doc.char_span(mark.open, mark.open + 1, alignment_mode="expand")
        if span is None:
            return None
        first = max(0, span.start - _CUE_WINDOW)
        for token in reversed(self.doc[first : span.start]):
            if token.is_space:
                continue
            if token.idx < paragraph_start or token.text in SENTENCE_END:
                return None
            if token.text in '”"»' or self.inside_mark(token.idx):
                return None
            if self._line_ends(token.idx, mark.open):
                return None
            if is_speech_verb(token):
                return token
        return None

    def _line_ends(self, start: int, end: int) -> bool:
        """A line that ends a sentence lies between ``start`` and ``end`` (a new line of
        text in a page that breaks paragraphs with single newlines)."""
        newline = self.text.find("\n", start, end)
        while newline != -1:
            line = self.text[start:newline].rstrip()
            if not line or line[-1] in _LINE_END:
                return True
            newline = self.text.find("\n", newline + 1, end)
        return False
