"""Speaker tokens: who says the words a cue reports, as the spaCy token heading them.

``speaker_of`` finds the subject of a cue verb, climbing to the verb it depends on when it
has none of its own and falling back on a name written right next to it; media verbs
("TASS quoted X as saying") give a medium as well. ``according_source`` does the same for
"according to X", and ``is_source_noun`` tells unnamed sources ("officials") apart.
Resolving these tokens to people is ``attribute``'s job, not this module's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from presslens.quotes.cues import MEDIUM_VERBS, SOURCE_NOUNS, WORD_NOUNS

RELATIVE = frozenset({"who", "that", "which"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_MAX_NAME = 6  # tokens of a name read after an inverted cue
_MAX_CLIMB = 3  # verbs climbed to find the subject of a participle or infinitive


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
    if subject is not None and subject.lower_ in RELATIVE and verb.dep_ == "relcl":
        return verb.head, None
    current = verb
    for _ in range(_MAX_CLIMB):
        if subject is not None:
            break
        current = _governor(current)
        if current is None:
            break
        subject = _subject(current, quoted)
        if subject is not None and subject.lower_ in RELATIVE and current.dep_ == "relcl":
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
    if token.pos_ not in {"PROPN", "NOUN", "PRON"} or token.lower_ in RELATIVE:
        return None
    if quoted(token.idx) or "\n" in token.whitespace_:
        return None
    return token


def _agent(verb: Any) -> Any:
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None


def according_source(token: Any) -> Any:
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


def is_source_noun(token: Any) -> bool:
    """True for the head of "an unnamed diplomatic source", "officials", ..."""
    return bool(token is not None and token.lemma_.lower() in SOURCE_NOUNS)
