"""Which people and entities each comment is about, and the polarity aimed at each.

Mentions of a target in a comment are its names ("Kerry", "Mr Kerry", "Secretary
Kerry", from the page's person clusters), titles that only one person of the page holds
("the Secretary"), pronouns pointing back to a target earlier in the same comment, and
"this clown"-style phrases, which point at the comment's most mentioned target.

Polarity is computed from the words aimed at each mention, not from the comment's overall
mood: the predicate a target is the subject of ("X is delusional"), the words modifying
it ("serious diplomats like X", "this joker") and the verb it is the object of. Words are
scored with VADER's lexicon, overridden by ``lexicon.PERSON_VALENCE``, and negation flips
them. A target with no scored words gets half the sentiment of its sentences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from presslens.comments.lexicon import PERSON_VALENCE
from presslens.model import Entity, Person, Target, TargetKind
from presslens.people.lexicon import ROLE_NOUNS
from presslens.quotes.cues import PRONOUNS_FEMALE, PRONOUNS_MALE

_TARGET_ENTITY_TYPES = frozenset({"organization", "place", "group"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_OBJECTS = frozenset({"dobj", "attr", "acomp", "oprd", "xcomp", "ccomp"})
_MODIFIERS = frozenset({"amod", "appos", "compound", "acl", "relcl", "nmod"})
_NEGATION_SCALAR = -0.74  # VADER's factor for a negated word
_ALPHA = 15.0  # VADER's normalisation constant


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
        SentimentIntensityAnalyzer,
    )

    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float:
    """VADER's compound sentiment of ``text``, in [-1, 1]."""
    return float(_vader().polarity_scores(text)["compound"])


def _valence(token: Any) -> float:
    lexicon: dict[str, float] = _vader().lexicon
    for form in (token.lower_, token.lemma_.lower()):
        if form in PERSON_VALENCE:
            return PERSON_VALENCE[form]
        if form in lexicon:
            return float(lexicon[form])
    return 0.0


def _negated(token: Any) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or any(
        c.dep_ == "neg" for c in token.head.children
    )


def _normalise(score: float) -> float:
    return score / math.sqrt(score * score + _ALPHA) if score else 0.0


def aimed_words(head: Any) -> list[Any]:
    """The tokens that say something about the mention headed by ``head``."""
    words: list[Any] = []
    if head.dep_ in _SUBJECTS and head.head is not head:
        verb = head.head
        words.append(verb)
        for child in verb.children:
            if child.dep_ in _OBJECTS or child.dep_ in {"advmod", "prt", "prep"}:
                words.append(child)
                words.extend(c for c in child.children if c.dep_ in {"amod", "pobj", "dobj"})
    for child in head.children:
        if child.dep_ in _MODIFIERS:
            words.extend(t for t in child.subtree if t.i - child.i < 6)
    if head.dep_ == "pobj" and head.head.lower_ in {"like", "as"}:
        noun = head.head.head
        words.append(noun)
        words.extend(c for c in noun.children if c.dep_ in {"amod", "compound"})
    elif head.dep_ in {"dobj", "pobj", "npadvmod", "poss", "appos"} and head.head is not head:
        words.append(head.head)
        words.extend(c for c in head.head.children if c.dep_ in {"amod", "advmod", "prt"})
    return [w for w in words if w is not head]


def mention_polarity(head: Any, own_valence: float = 0.0) -> float | None:
    """Polarity aimed at one mention, or None when no word says anything about it."""
    total, scored = own_valence, bool(own_valence)
    for word in aimed_words(head):
        value = _valence(word)
        if value:
            total += value * (_NEGATION_SCALAR if _negated(word) else 1.0)
            scored = True
    return _normalise(total) if scored else None


@dataclass(slots=True)
class _Found:
    kind: str
    ref: str
    name: str
    scores: list[float] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    mentions: int = 0


class _CommentTargets:
    def __init__(self, doc: Any, offset: int, people: Sequence[Person]) -> None:
        self.doc, self.offset = doc, offset
        self.people = people
        self.found: dict[str, _Found] = {}
        self.order: list[tuple[int, str]] = []  # (token index, target key) of mentions

    def add(self, key: _Found, head: Any, own_valence: float = 0.0) -> None:
        found = self.found.setdefault(key.ref, key)
        found.mentions += 1
        score = mention_polarity(head, own_valence)
        if score is not None:
            found.scores.append(score)
        found.sentences.append(head.sent.text)
        self.order.append((head.i, key.ref))

    def span_head(self, start: int, end: int) -> Any:
        span = self.doc.char_span(start - self.offset, end - self.offset, alignment_mode="expand")
        return span.root if span is not None else None


def _person_key(person: Person) -> _Found:
    return _Found("person", person.id, person.name)


def find_targets(
    doc: Any,
    offset: int,
    people: Sequence[Person],
    entities: Sequence[Entity] = (),
) -> tuple[Target, ...]:
    """The targets of the comment parsed as ``doc``, which starts at ``offset`` of the page."""
    state = _CommentTargets(doc, offset, people)
    end = offset + len(doc.text)
    taken: set[int] = set()
    for person in people:
        for mention in person.mentions:
            if offset <= mention.start < end:
                head = state.span_head(mention.start, mention.end)
                if head is not None:
                    state.add(_person_key(person), head)
                    taken.update(range(head.left_edge.i, head.i + 1))
    for entity in entities:
        if entity.type not in _TARGET_ENTITY_TYPES:
            continue
        for mention in entity.mentions:
            if offset <= mention.start < end:
                head = state.span_head(mention.start, mention.end)
                if head is not None and head.i not in taken:
                    state.add(_Found("entity", entity.id, entity.name), head)
    _titles(state, taken)
    _anaphora(state, taken)
    targets = []
    for found in sorted(state.found.values(), key=lambda f: _first(state, f.ref)):
        if found.scores:
            polarity = sum(found.scores) / len(found.scores)
        else:
            mood = [sentiment(s) for s in dict.fromkeys(found.sentences)]
            polarity = 0.5 * sum(mood) / len(mood) if mood else 0.0
        kind: TargetKind = "person" if found.kind == "person" else "entity"
        polarity = round(max(-1.0, min(1.0, polarity)), 3)
        targets.append(Target(kind, found.ref, found.name, polarity))
    return tuple(targets)


def _first(state: _CommentTargets, ref: str) -> int:
    return min(i for i, key in state.order if key == ref)


def _titles(state: _CommentTargets, taken: set[int]) -> None:
    """ "the Secretary": a role noun naming exactly one person of the page."""
    for token in state.doc:
        if (
            token.i in taken
            or token.lower_ not in ROLE_NOUNS
            or token.pos_ not in {"NOUN", "PROPN"}
        ):
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            continue
        holders = [
            p for p in state.people if any(token.lower_ in r.casefold().split() for r in p.roles)
        ]
        if len(holders) == 1:
            state.add(_person_key(holders[0]), token)
            taken.add(token.i)


def _anaphora(state: _CommentTargets, taken: set[int]) -> None:
    """Pronouns and "this clown" phrases pointing back at people of the same comment."""
    people = {p.id: p for p in state.people}
    for token in state.doc:
        if token.i in taken or not state.order:
            continue
        low = token.lower_
        earlier = [key for i, key in state.order if i < token.i and key in people]
        if low in PRONOUNS_MALE or low in PRONOUNS_FEMALE:
            if earlier:
                state.add(_person_key(people[earlier[-1]]), token)
            continue
        valence = PERSON_VALENCE.get(low, 0.0)
        demonstrative = any(
            c.dep_ == "det" and c.lower_ in {"this", "that"} for c in token.children
        )
        if valence < 0 and demonstrative and token.pos_ == "NOUN":
            counts = {key: earlier.count(key) for key in set(earlier)}
            if counts:
                best = max(counts, key=lambda key: (counts[key], -earlier[::-1].index(key)))
                state.add(_person_key(people[best]), token, own_valence=valence)
