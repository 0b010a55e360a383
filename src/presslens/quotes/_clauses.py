"""Clause cues: a verb or noun of saying and the clause it reports.

``ClauseCues.clauses`` walks the parse for verbs of saying with a clausal complement
("Kerry said that ..."; "..., Kerry said"), promises and requests ("vowed to ...",
"urged Congress to ..."), "As X said, ..." and a cue set into its clause ("The plan, he
said, is dead"); then for "According to X, ..." and nouns of saying with an owner ("his
claim that ..."). Each reported clause goes to ``classify``, which makes it an indirect or
mixed quote or the cue of a direct one. Verbs of saying that report nobody's words ("did
not say", "That said,", "it should be noted that") are passed over.
"""

from __future__ import annotations

import re
from typing import Any

from presslens.quotes._candidates import is_speech_verb, trim
from presslens.quotes._naming import NamingCues
from presslens.quotes._speaker_tokens import RELATIVE, according_source, speaker_of
from presslens.quotes.cues import (
    ADJACENT_ONLY_VERBS,
    FRAMING_VERBS,
    NAMING_VERBS,
    PROMISE_VERBS,
    REQUEST_VERBS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
)

_MAX_PARENTHETICAL = 12  # tokens of "X said" set into a clause ("officials said on Monday")
_TELL = frozenset({"tell", "inform", "assure"})
_MIN_CLAUSE = 5  # tokens of a clause reported by a parenthetical cue
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_NOT_REPORTED = frozenset(
    "as because while since when although though after before until once unless".split()
)
_REFUSALS = frozenset({"decline", "refuse", "fail"})
_ASK = frozenset({"ask", "wonder", "question", "inquire"})
_RELATIVE_START = re.compile(r"(?:whose|which|who|whom)\b", re.IGNORECASE)


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


def complement(verb: Any) -> Any:
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
    return trim(text, tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))


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


class ClauseCues(NamingCues):
    """The clause pass: cues that govern the clause they report."""

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
            if not is_speech_verb(token) or lemma in ADJACENT_ONLY_VERBS:
                continue
            cue = (token.idx, token.idx + len(token.text))
            speaker, via = speaker_of(token, self.inside_mark)
            comp = complement(token)
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
        return trim(self.text, first.idx, xcomp.right_edge.idx + len(xcomp.right_edge.text))

    def _parenthetical(self, verb: Any, speaker: Any) -> bool:
        """A short "X said" set into the clause it reports (spaCy's parataxis)."""
        if verb.dep_ != "parataxis" or speaker is None or speaker.lower_ in RELATIVE:
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
        self.classify(start, end, cue, according_source(token))
