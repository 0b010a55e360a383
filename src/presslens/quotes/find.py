"""Find quotations in a parsed article: direct, indirect and mixed, with cue and speaker.

Offsets here are character offsets into ``doc.text``. Four passes:

1. Verbs of saying (``cues.SPEECH_VERBS``) with a clausal complement give indirect quotes
   ("Kerry said that ..."; "..., Kerry said"); when the clause is a quotation it is the cue
   of that direct quote, when it holds a quoted fragment the quote is mixed. "According to
   X, ...", "As X said, ..." and a cue set into its clause ("The plan, he said, is dead")
   work the same way on the clause they govern; so do promises and requests ("vowed to
   ...", "urged Congress to ..."), names put in quotation marks ("called the plan “a
   disgrace”") and nouns of saying with an owner ("his claim that ...").
2. A paragraph opening with a person's name and a colon ("Rubio: ...", "TAPPER: ...") is
   that person's words.
3. Quotations (``marks.find_quoted_spans``) still without a cue look for one right after
   the closing mark ("...," the minister said) or right before the opening one
   (he added: "...", also at the end of the paragraph before).
4. A quotation with no cue that opens a sentence continues the previous quote's speaker
   (a floating quote); a short one inside a sentence is a scare quote, a title or a
   nickname, and is dropped.

Verbs of saying that report nobody's words ("did not say", "That said,", "it should be
noted that") are passed over.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from presslens.people.names import fold
from presslens.quotes.cues import (
    ADJACENT_ONLY_VERBS,
    FRAMING_VERBS,
    MEDIUM_VERBS,
    NAMING_VERBS,
    PROMISE_VERBS,
    REQUEST_VERBS,
    SOURCE_NOUNS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    WORD_NOUNS,
)
from presslens.quotes.marks import QuotedSpan, find_quoted_spans, paragraph_ranges

_SENTENCE_END = frozenset(".!?")
_LINE_END = frozenset(".!?…\"”’'»")
_EDGE = " \t\n,;:.—–-\"“”‘’'«»()"
_CUE_WINDOW = 10  # tokens searched after a closing mark or before an opening one
_MIN_FLOATING_WORDS = 4
_MAX_PARENTHETICAL = 12  # tokens of "X said" set into a clause ("officials said on Monday")
_TELL = frozenset({"tell", "inform", "assure"})
_MAX_LABEL = 5  # words of a "Name:" label opening a paragraph
_MIN_CLAUSE = 5  # tokens of a clause reported by a parenthetical cue
_RELATIVE = frozenset({"who", "that", "which"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_NOT_REPORTED = frozenset(
    "as because while since when although though after before until once unless".split()
)
_REFUSALS = frozenset({"decline", "refuse", "fail"})
_ASK = frozenset({"ask", "wonder", "question", "inquire"})
_RELATIVE_START = re.compile(r"(?:whose|which|who|whom)\b", re.IGNORECASE)
_NAMING_GAP = 3  # words between an object and the quoted words naming it ("as a")
_MAX_TITLE_WORDS = 6  # words of a quoted show, book or slogan title
_SMALL_WORDS = frozenset("a an and at by for from in of on or the to with".split())
_OPENING_MARKS = frozenset("“\"'‘«„")
_MAX_NAME = 6  # tokens of a name read after an inverted cue
_MAX_CLIMB = 3  # verbs climbed to find the subject of a participle or infinitive
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


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in " \t\n,;:—–-(":
        end -= 1
    return start, end


def _is_speech_verb(token: Any) -> bool:
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


def _subject(verb: Any, quoted: Callable[[int], bool]) -> Any:
    """The subject of ``verb``, passing over subjects the parser found inside quotations."""
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    outside = [c for c in subjects if not quoted(c.idx)]
    return (outside or subjects or [None])[-1 if outside else 0]


def speaker_of(verb: Any, quoted: Callable[[int], bool] = lambda _: False) -> tuple[Any, Any]:
    """The tokens heading the speaker and (for "TASS quoted X") the medium of a cue verb.

    ``quoted(offset)`` tells whether a character offset lies inside a quotation. A verb
    without a subject of its own takes that of the verb it depends on ("..., arguing
    that", "pivoted to arguing that", "survived and says", "was asked to say"); failing
    that, a finite verb takes a noun phrase written right before it, which the parser
    may have hung elsewhere ("her adviser, Jake Sullivan, said:").
    """
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_ in MEDIUM_VERBS:
        verb = verb.head.head  # "TASS quoted a source as saying ..."
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None and _subject(verb, quoted) is None:
            return passive, _agent(verb)  # "X was quoted by TASS as saying ..."
    if verb.lemma_.lower() in MEDIUM_VERBS:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lemma_.lower() in WORD_NOUNS:
            prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        if obj is not None:
            return obj, _subject(verb, quoted)
    subject = _subject(verb, quoted)
    if subject is not None and subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
        return verb.head, None
    current = verb
    for _ in range(_MAX_CLIMB):
        if subject is not None:
            break
        current = _governor(current)
        if current is None:
            break
        subject = _subject(current, quoted)
        if subject is not None and subject.lower_ in _RELATIVE and current.dep_ == "relcl":
            subject = current.head
    if subject is None and verb.tag_ in _FINITE:
        subject = _inverted_subject(verb, quoted) or _left_neighbour(verb, quoted)
    return subject, None


def _governor(verb: Any) -> Any:
    """The verb whose subject ``verb`` shares, or None."""
    head = verb.head
    if head is verb:
        return None
    if verb.dep_ == "pcomp" and head.pos_ == "ADP" and head.dep_ == "prep":
        head = head.head  # "by saying", "after saying", "pivoted to arguing"
    elif verb.dep_ == "advcl":
        having = any(c.lower_ == "having" for c in verb.children)
        if verb.tag_ != "VBG" and not having:
            return None
    elif verb.dep_ not in {"conj", "xcomp"}:
        return None
    return head if head.pos_ in {"VERB", "AUX"} else None


def _inverted_subject(verb: Any, quoted: Callable[[int], bool]) -> Any:
    """The name right after a verb that follows a quotation ("...,” said Rick Wilson, ...")."""
    doc = verb.doc
    if verb.i == 0 or verb.i + 1 >= len(doc) or not doc[verb.i - 1].is_punct:
        return None
    name = None
    for token in doc[verb.i + 1 : verb.i + 1 + _MAX_NAME]:
        if token.pos_ != "PROPN" or quoted(token.idx):
            break
        name = token
    return name


def _left_neighbour(verb: Any, quoted: Callable[[int], bool]) -> Any:
    """A noun or pronoun right before ``verb`` ("Christie added", "Jake Sullivan, said")."""
    doc, i = verb.doc, verb.i - 1
    if i >= 0 and doc[i].pos_ == "ADV":
        i -= 1
    if i >= 1 and doc[i].text == "," and doc[i - 1].pos_ == "PROPN":
        i -= 1
    if i < 0:
        return None
    token = doc[i]
    if token.pos_ not in {"PROPN", "NOUN", "PRON"} or token.lower_ in _RELATIVE:
        return None
    if quoted(token.idx) or "\n" in token.whitespace_:
        return None
    return token


def _agent(verb: Any) -> Any:
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def _not_reporting(verb: Any) -> bool:
    """A verb of saying that reports nobody's words here.

    "did not say", "declined to say", "That said, ...", "It should be noted that",
    "it is worth noting", "there is no denying".
    """
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _REFUSALS:
        return True
    if verb.head.lemma_.lower() == "worth" or (verb.i > 0 and verb.doc[verb.i - 1].lower_ == "no"):
        return True
    subjects = [c for c in children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
    if any(c.lower_ in {"it", "there"} for c in subjects) and any(
        c.dep_ == "auxpass" for c in children
    ):
        return True
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return (
        verb.lower_ == "said"
        and any(c.lower_ == "that" for c in subjects)
        and following is not None
        and following.text == ","
    )


def _complement(verb: Any) -> Any:
    """The clause a verb of saying reports (its ccomp), or None.

    With two, the one after the verb when its subject comes first ("CLAUSE — he told the
    AP that CLAUSE"); in the inverted order ("CLAUSE, said X, who ...") the first one.
    """
    comps = [
        c
        for c in verb.children
        if c.dep_ == "ccomp"
        and (c.pos_ in {"VERB", "AUX"} or any(g.dep_ in _SUBJECTS for g in c.children))
        and not any(m.dep_ == "mark" and m.lower_ in _NOT_REPORTED for m in c.children)
    ]
    if len(comps) > 1 and any(c.dep_ in _SUBJECTS and c.i < verb.i for c in verb.children):
        return next((c for c in comps if c.i > verb.i), comps[0])
    return comps[0] if comps else None


def _clause_span(text: str, clause: Any, exclude: Any = None, verb: Any = None) -> tuple[int, int]:
    """Offsets of the clause headed by ``clause``, without the cue phrase ``exclude``.

    A cue phrase at either edge ("According to X, ...", "..., according to X.") is left
    out together with the punctuation beyond it; one in the middle stays inside. So does
    a leading "that" or "as", a leading conjunction, and a participle of saying that
    closes the clause ("..., adding that ...", "..., referring to ..."). A clause reported
    by ``verb`` keeps to its side of the verb ("the letter that he said was drafted").
    """
    tokens = list(clause.subtree)
    if verb is not None:
        after = clause.i > verb.i
        tokens = [t for t in tokens if (t.i > verb.i) == after]
    if exclude is not None:
        low, high = exclude.left_edge.i, exclude.right_edge.i
        before = [t for t in tokens if t.i < low]
        after = [t for t in tokens if t.i > high]
        if all(t.is_punct or t.is_space for t in after):
            tokens = before
        elif all(t.is_punct or t.is_space for t in before):
            tokens = after
        else:
            tokens = before + after
    framing = _framing_participle(clause)
    if framing is not None:
        tokens = [t for t in tokens if t.i < framing.left_edge.i]
    while tokens and (
        (tokens[0].dep_ == "mark" and tokens[0].lower_ in {"that", "as"})
        or (tokens[0].dep_ == "cc" and tokens[0].i < clause.i)
        or tokens[0].is_punct
        or tokens[0].is_space
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]  # the full stop (a closing mark is put back by ``classify``)
    if not tokens:
        return clause.idx, clause.idx
    return _trim(text, tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


def _reported_clause(token: Any) -> bool:
    """A clause hung on a noun that gives its content: "that ..." or "to ..."."""
    return token.dep_ == "acl" and any(
        (c.dep_ == "mark" and c.lower_ == "that") or (c.dep_ == "aux" and c.lower_ == "to")
        for c in token.children
    )


def _framing_participle(clause: Any) -> Any:
    """A participle of saying after a comma that ends ``clause`` (", saying ...")."""
    for child in clause.rights:
        if (
            child.dep_ == "advcl"
            and child.tag_ == "VBG"
            and child.lemma_.lower() in FRAMING_VERBS
            and child.left_edge.i > 0
            and child.doc[child.left_edge.i - 1].text in {",", "—", "–", "--"}
        ):
            return child
    return None


class _Finder:
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
        start, end = _trim(self.text, max(start, p_start), min(end, p_end))
        if end - start < 3:
            return
        inside = self.marks_within(start, end)
        for i, mark in inside:
            if _overlap(start, end, mark.start, mark.end) < 0.6 * (end - start):
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
            if _overlap(start, end, mark.start, mark.end) > 0:
                out.append((index, mark))
            index += 1
        return out

    def clauses(self) -> None:
        for token in self.doc:
            if self.inside_mark(token.idx):
                continue
            lemma = token.lemma_.lower()
            if lemma not in SPEECH_VERBS and lemma not in NAMING_VERBS and lemma != "put":
                continue  # cheap test first: most tokens are no cue
            if _not_reporting(token):
                continue
            if lemma in NAMING_VERBS and self.naming(token):
                continue
            if not _is_speech_verb(token) or lemma in ADJACENT_ONLY_VERBS:
                continue
            cue = (token.idx, token.idx + len(token.text))
            speaker, via = speaker_of(token, self.inside_mark)
            comp = _complement(token)
            if comp is not None:
                span = _clause_span(self.text, comp, verb=token)
                if speaker is not None and span[0] <= speaker.idx < span[1]:
                    continue  # the parser took the speaker's own phrase for the clause
                if lemma in _ASK or not _RELATIVE_START.match(self.text, span[0]):
                    self.classify(*span, cue, speaker, via)
            elif (infinitive := self._infinitive(token)) is not None:
                # "vowed to block ...", "urged Congress to act": a promise or a request
                self.classify(*infinitive, cue, speaker, via)
            elif (
                token.dep_ == "advcl"
                and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)
                and not any(
                    c.dep_ == "xcomp" or (c.dep_ == "dobj" and c.lower_ != "it")
                    for c in token.children
                )
            ):
                # "As X said yesterday, CLAUSE": the clause is the head of the verb
                span = _clause_span(self.text, token.head, exclude=token)
                self.classify(*span, cue, speaker, via)
            elif self._parenthetical(token, speaker):
                # "CLAUSE, X said, CLAUSE" / "CLAUSE, X said.": the clause is the head
                span = _clause_span(self.text, token.head, exclude=token)
                if not self._split_quote(span, cue):
                    self.classify(*span, cue, speaker, via)
        for token in self.doc:
            if token.lower_ == "according" and not self.inside_mark(token.idx):
                self.according(token)
            elif token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_NOUNS:
                self.noun_cue(token)

    def noun_cue(self, noun: Any) -> None:
        """ "Santilli's insistence that ...", "his pledge to ...": a noun of saying with
        the clause it reports; only with an owner named, who is the speaker."""
        if self.inside_mark(noun.idx):
            return
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            owner = next(
                (c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None
            )
        clause = next((c for c in noun.children if c.i > noun.i and _reported_clause(c)), None)
        if owner is None or clause is None or owner.lower_ in {"its", "their"}:
            return
        cue = (noun.idx, noun.idx + len(noun.text))
        self.classify(*_clause_span(self.text, clause, verb=noun), cue, owner)

    def _infinitive(self, verb: Any) -> tuple[int, int] | None:
        """The words of "vowed to ..." / "urged X to ..." (active voice only), or None."""
        lemma = verb.lemma_.lower()
        if lemma not in PROMISE_VERBS and lemma not in REQUEST_VERBS:
            return None
        children = list(verb.children)
        if any(c.dep_ in {"auxpass", "nsubjpass"} for c in children):
            return None  # "was asked to comment": the asker is someone else
        xcomp = next((c for c in children if c.dep_ == "xcomp" and c.i > verb.i), None)
        if xcomp is None or not any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children):
            return None
        first = xcomp.left_edge
        if lemma in REQUEST_VERBS:
            obj = next((c for c in children if c.dep_ == "dobj" and c.i < xcomp.i), None)
            if obj is None:
                return None  # "asked to ...": asking leave, not asking someone
            first = obj.left_edge
        return _trim(self.text, first.idx, xcomp.right_edge.idx + len(xcomp.right_edge.text))

    def naming(self, verb: Any) -> bool:
        """ "X called Y “a disgrace”", "described the move as a “breach of trust”".

        The object and the quoted words that name it make a mixed quote; only with a
        quotation, so that "called the meeting" or "described the plan" give none.
        """
        if verb.pos_ != "VERB":
            return False
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
        if obj is None or self.inside_mark(obj.idx):
            return False
        last = self.doc[min(obj.right_edge.i + _NAMING_GAP, verb.right_edge.i)]
        limit = last.idx + len(last.text)
        marks = [(i, m) for i, m in self.marks_within(obj.idx, limit) if obj.idx < m.open < limit]
        if not marks or marks[0][0] in self.cue_of or marks[0][0] in self.consumed:
            return False
        index, mark = marks[0]
        if self.text.count(" ", obj.right_edge.idx, mark.open) > _NAMING_GAP:
            return False
        speaker, via = speaker_of(verb, self.inside_mark)
        cue = (verb.idx, verb.idx + len(verb.text))
        end = mark.close + 1 if mark.close is not None else mark.end
        self.consumed.add(index)
        self.found.append(
            Candidate("mixed", obj.left_edge.idx, end, cue, speaker, via, confidence=0.75)
        )
        return True

    def _parenthetical(self, verb: Any, speaker: Any) -> bool:
        """A short "X said" set into the clause it reports (spaCy's parataxis)."""
        if verb.dep_ != "parataxis" or speaker is None or speaker.lower_ in _RELATIVE:
            return False
        head = verb.head
        if head.pos_ not in {"VERB", "AUX"} or head.dep_ in {"aux", "auxpass"}:
            return False
        if head.right_edge.i - head.left_edge.i < _MIN_CLAUSE:
            return False
        if verb.right_edge.i - verb.left_edge.i > _MAX_PARENTHETICAL:
            return False
        allowed = {"dobj"} if verb.lemma_.lower() in _TELL else set()
        return not any(c.dep_ in {"xcomp", "dobj", "ccomp"} - allowed for c in verb.children)

    def _split_quote(self, span: tuple[int, int], cue: tuple[int, int]) -> bool:
        """True when quotations stand on both sides of the cue (left to the direct pass)."""
        marks = [m for _i, m in self.marks_within(*span)]
        return any(m.end <= cue[0] for m in marks) and any(m.start >= cue[1] for m in marks)

    def according(self, token: Any) -> None:
        """ "According to X, CLAUSE" / "CLAUSE, according to X" (also the slip "According X")."""
        head = token.head if token.head is not token else None
        nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        cue_end = nxt.idx + len(nxt.text) if nxt is not None and nxt.lower_ == "to" else None
        cue = (token.idx, cue_end or token.idx + len(token.text))
        if head is None:
            return
        if token.i > head.i:
            while head.dep_ == "conj" and head.head.i < head.i:
                head = head.head  # "A rose, B fell and C held, according to X": all of it
        start, end = _clause_span(self.text, head, exclude=token)
        self.classify(start, end, cue, _according_source(token))

    def labels(self) -> None:
        """ "Name: words" opening a paragraph: a headline quote or a transcript line.

        The label is one to a few capitalised words ending in the surname of a person the
        parser named somewhere in the article ("Rubio:", "Gov. Mary Fallin:", "TAPPER:"),
        so that "UPDATE:", "Poll:" or a dateline are no speakers.
        """
        surnames = {fold(ent[-1].text) for ent in self.doc.ents if ent.label_ == "PERSON"}
        if not surnames:
            return
        starts = [t.idx for t in self.doc]
        for p_start, p_end in self.paragraphs:
            first = bisect.bisect_left(starts, p_start)
            label = []
            for token in self.doc[first : first + _MAX_LABEL + 1]:
                if token.text == ":" or not (token.text[:1].isupper() or token.text == "."):
                    break
                label.append(token)
            colon = first + len(label)
            if not label or len(label) > _MAX_LABEL or colon >= len(self.doc):
                continue
            mark = self.doc[colon]
            if mark.text != ":" or fold(label[-1].text) not in surnames:
                continue
            if "\n" in self.text[label[0].idx : mark.idx] or self.inside_mark(mark.idx):
                continue
            start = mark.idx + 1
            if len(self.text[start:p_end].split()) >= _MIN_FLOATING_WORDS:
                self.classify(start, p_end, (mark.idx, mark.idx + 1), label[-1])

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
            if token.text in '“"«„' or self._line_ends(mark.close + 1, token.idx):
                return None
            if _is_speech_verb(token):
                return None if self._reports_other(token) else token
            if token.pos_ in {"VERB", "AUX"}:
                return None  # another verb first: the words after the quote are not its cue
        return None

    def _reports_other(self, verb: Any) -> bool:
        """A participle after a quotation that reports words of its own: ``a “bad
        earpiece,” claiming he had ...``, ``the CNN “reporter,” saying, “...”``."""
        if verb.tag_ != "VBG":
            return False
        if _complement(verb) is not None:
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
            if token.idx < paragraph_start or token.text in _SENTENCE_END:
                return None
            if token.text in '”"»' or self.inside_mark(token.idx):
                return None
            if self._line_ends(token.idx, mark.open):
                return None
            if _is_speech_verb(token):
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

    def _opens_sentence(self, mark: QuotedSpan) -> bool:
        before = self.text[self._paragraph_start(mark.open) : mark.open].rstrip()
        return not before or before[-1] in _SENTENCE_END or before[-1] in '”"»:'

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
            return not _is_speech_verb(token) and token.pos_ != "AUX"
        return True

    def floating(self) -> list[Candidate]:
        """All candidates in order, floating quotes taking the previous speaker's place."""
        direct = {i: c for i, c in self.cue_of.items() if not self._is_title(self.marks[i])}
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


def _title_word(word: str) -> bool:
    """A word of a title: capitalised, a small function word, or no letters at all."""
    letters = word.strip(_EDGE + "?!")
    return not letters or letters[0].isupper() or letters.casefold() in _SMALL_WORDS


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
    finder.labels()
    finder.adjacent_cues()
    return finder.floating()


def is_source_noun(token: Any) -> bool:
    """True for the head of "an unnamed diplomatic source", "officials", ..."""
    return bool(token is not None and token.lemma_.lower() in SOURCE_NOUNS)
