"""Find quotations in a parsed article: direct, indirect and mixed, with cue and speaker.

Offsets here are character offsets into ``doc.text``. Three passes:

1. Verbs of saying (``cues.SPEECH_VERBS``) with a clausal complement give indirect quotes
   ("Kerry said that ..."; "..., Kerry said"); when the clause is a quotation it is the cue
   of that direct quote, when it holds a quoted fragment the quote is mixed. "According to
   X, ..." and "As X said, ..." work the same way on the clause they govern.
2. Quotations (``marks.find_quoted_spans``) still without a cue look for one right after
   the closing mark ("...," the minister said) or right before the opening one
   (he added: "...").
3. A quotation with no cue that opens a sentence continues the previous quote's speaker
   (a floating quote); a short one inside a sentence is a scare quote, a title or a
   nickname, and is dropped.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from presslens.quotes.cues import MEDIUM_VERBS, SOURCE_NOUNS, SPEECH_VERBS, WORD_NOUNS
from presslens.quotes.marks import QuotedSpan, find_quoted_spans, paragraph_ranges

_SENTENCE_END = frozenset(".!?")
_EDGE = " \t\n,;:.—–-\"“”‘’'«»()"
_CUE_WINDOW = 10  # tokens searched after a closing mark or before an opening one
_MIN_FLOATING_WORDS = 4
_RELATIVE = frozenset({"who", "that", "which"})


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


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in " \t\n,;:—–-(":
        end -= 1
    return start, end


def _is_speech_verb(token: Any) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in SPEECH_VERBS


def _subject(verb: Any, quoted: Callable[[int], bool]) -> Any:
    """The subject of ``verb``, passing over subjects the parser found inside quotations."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    outside = [c for c in subjects if not quoted(c.idx)]
    return (outside or subjects or [None])[-1 if outside else 0]


def speaker_of(verb: Any, quoted: Callable[[int], bool] = lambda _: False) -> tuple[Any, Any]:
    """The tokens heading the speaker and (for "TASS quoted X") the medium of a cue verb.

    ``quoted(offset)`` tells whether a character offset lies inside a quotation.
    """
    subject = _subject(verb, quoted)
    if subject is None and verb.dep_ == "conj" and _is_speech_verb(verb.head):
        subject = _subject(verb.head, quoted)
    if subject is None and verb.dep_ in {"advcl", "xcomp"} and verb.tag_ == "VBG":
        subject = _subject(verb.head, quoted)
    if subject is not None and subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
        subject = verb.head
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_ in MEDIUM_VERBS:
        verb = verb.head.head  # "TASS quoted a source as saying ..."
        subject = _subject(verb, quoted)
    if verb.lemma_.lower() in MEDIUM_VERBS:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lemma_.lower() in WORD_NOUNS:
            prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if obj is not None:
            return obj, subject
    return subject, None


def _clause_span(text: str, clause: Any, exclude: Any = None) -> tuple[int, int]:
    tokens = [t for t in clause.subtree if exclude is None or t not in set(exclude.subtree)]
    while tokens and (tokens[0].dep_ == "mark" and tokens[0].lower_ in {"that", "as"}):
        tokens = tokens[1:]
    if not tokens:
        return clause.idx, clause.idx
    return _trim(text, tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


class _Finder:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.marks = find_quoted_spans(self.text)
        self._starts = [m.start for m in self.marks]
        self.paragraphs = paragraph_ranges(self.text)
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
        """Record the clause ``[start, end)`` said by ``speaker`` as a quote."""
        if end - start < 3:
            return
        inside = [
            (i, m) for i, m in enumerate(self.marks) if _overlap(start, end, m.start, m.end) > 0
        ]
        for i, mark in inside:
            if _overlap(start, end, mark.start, mark.end) >= 0.6 * (end - start):
                if i not in self.cue_of:
                    self.cue_of[i] = Candidate(
                        "direct", mark.start, mark.end, cue, speaker, via, confidence=0.9
                    )
                return
        kind = "mixed" if inside else "indirect"
        self.consumed.update(i for i, _ in inside)
        self.found.append(Candidate(kind, start, end, cue, speaker, via, confidence=0.75))

    def clauses(self) -> None:
        for token in self.doc:
            if self.inside_mark(token.idx):
                continue
            if not _is_speech_verb(token):
                continue
            cue = (token.idx, token.idx + len(token.text))
            speaker, via = speaker_of(token, self.inside_mark)
            comp = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if comp is not None:
                self.classify(*_clause_span(self.text, comp), cue, speaker, via)
            elif token.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "as" for c in token.children
            ):
                # "As X said yesterday, CLAUSE": the clause is the head of the verb
                span = _clause_span(self.text, token.head, exclude=token)
                self.classify(*span, cue, speaker, via)
        for token in self.doc:
            if token.lower_ == "according" and not self.inside_mark(token.idx):
                self.according(token)

    def according(self, token: Any) -> None:
        """ "According to X, CLAUSE" / "CLAUSE, according to X" (also the slip "According X")."""
        head = token.head if token.head is not token else None
        nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        cue_end = nxt.idx + len(nxt.text) if nxt is not None and nxt.lower_ == "to" else None
        cue = (token.idx, cue_end or token.idx + len(token.text))
        if head is None:
            return
        start, end = _clause_span(self.text, head, exclude=token)
        self.classify(start, end, cue, _according_source(token))

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
            if token.idx >= paragraph_end or token.text in _SENTENCE_END:
                return None
            if token.text in '“"«„':
                return None
            if _is_speech_verb(token):
                return token
            if token.pos_ in {"VERB", "AUX"}:
                return None  # another verb first: the words after the quote are not its cue
        return None

    def _cue_before(self, mark: QuotedSpan) -> Any:
        """``he added: "..."`` / ``said, "..."``: a speech verb just before the opening mark."""
        before = self.text[self._paragraph_start(mark.open) : mark.open].rstrip()
        if not before or before[-1] not in ":,":
            return None
        span = self.doc.char_span(mark.open, mark.open + 1, alignment_mode="expand")
        if span is None:
            return None
        paragraph_start = self._paragraph_start(mark.open)
        first = max(0, span.start - _CUE_WINDOW)
        for token in reversed(self.doc[first : span.start]):
            if token.idx < paragraph_start or token.text in _SENTENCE_END:
                return None
            if token.text in '”"»' or self.inside_mark(token.idx):
                return None
            if _is_speech_verb(token):
                return token
        return None

    def _paragraph_end(self, offset: int) -> int:
        return next((e for s, e in self.paragraphs if s <= offset < e), len(self.text))

    def _paragraph_start(self, offset: int) -> int:
        return next((s for s, e in self.paragraphs if s <= offset < e), 0)

    def _opens_sentence(self, mark: QuotedSpan) -> bool:
        before = self.text[self._paragraph_start(mark.open) : mark.open].rstrip()
        return not before or before[-1] in _SENTENCE_END or before[-1] in '”"»:'

    def floating(self) -> list[Candidate]:
        """All candidates in order, floating quotes taking the previous speaker's place."""
        direct = dict(self.cue_of)
        for i, mark in enumerate(self.marks):
            if i in direct or i in self.consumed:
                continue
            words = len(self.text[mark.start : mark.end].split())
            if words < _MIN_FLOATING_WORDS or not self._opens_sentence(mark):
                continue  # scare quotes, titles, nicknames
            direct[i] = Candidate(
                "direct", mark.start, mark.end, None, None, floating=True, confidence=0.7
            )
        ordered = sorted([*direct.values(), *self.found], key=lambda c: c.start)
        out: list[Candidate] = []
        for candidate in ordered:
            if any(_overlap(c.start, c.end, candidate.start, candidate.end) for c in out):
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


def _according_source(token: Any) -> Any:
    """The source of "according to X" (or of the slip "according X")."""
    for child in token.children:
        if child.dep_ == "prep":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if child.dep_ in {"pobj", "dobj", "npadvmod", "nsubj"}:
            return child
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        nxt = token.doc[nxt.i + 1] if nxt.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.pos_ in {"PROPN", "PRON", "NOUN", "DET"}:
        return nxt.head if nxt.dep_ in {"compound", "det", "amod"} else nxt
    return None


def find_candidates(doc: Any) -> list[Candidate]:
    """Quotes of a parsed article in text order, speakers still as tokens."""
    finder = _Finder(doc)
    finder.clauses()
    finder.adjacent_cues()
    return finder.floating()


def is_source_noun(token: Any) -> bool:
    """True for the head of "an unnamed diplomatic source", "officials", ..."""
    return bool(token is not None and token.lemma_.lower() in SOURCE_NOUNS)
