"""Attribute quotes to the page's people: names, pronouns, role nouns, organisations.

A speaker mention resolves to a person when it overlaps one of that person's mentions;
a pronoun to the most recently mentioned person of a compatible gender (mentions inside
quotations do not count: they are the speaker's words, not the narrative); a role noun
("the minister", "the US Secretary of State", "the diplomat") to the person whose role it
names, the most recent one if several do. Organisations speak under their own name, and
unnamed sources ("an unnamed diplomatic source") are named by their description. When
none of this works the speaker stays unknown: a wrong name is worse than none.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from presslens.model import Entity, Person, Quote, Span, Speaker
from presslens.people.lexicon import HONORIFICS, ROLE_NOUNS
from presslens.people.names import fold, tidy
from presslens.quotes.cues import (
    FEMALE_HONORIFICS,
    FEMALE_ROLES,
    MALE_HONORIFICS,
    MALE_ROLES,
    PRONOUNS_FEMALE,
    PRONOUNS_MALE,
    ROLE_HYPERNYMS,
    SOURCE_NOUNS,
)
from presslens.quotes.find import Candidate

_SPEAKING_ENTITIES = frozenset({"organization", "place", "group"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her"})


@lru_cache(maxsize=1)
def _gender_detector() -> Any:
    """gender-guesser's first-name table when installed (optional extra ``gender``)."""
    try:
        import gender_guesser.detector as detector  # type: ignore[import-untyped]
    except ImportError:
        return None
    return detector.Detector(case_sensitive=False)


def name_gender(first_name: str) -> str | None:
    """ "m", "f" or None from a first name."""
    detector = _gender_detector()
    if detector is None or not first_name.isalpha():
        return None
    guess = detector.get_gender(first_name)
    if guess in {"male", "mostly_male"}:
        return "m"
    if guess in {"female", "mostly_female"}:
        return "f"
    return None


@dataclass(frozen=True, slots=True)
class _Known:
    person: Person
    gender: str | None


def _gender_of(person: Person, text: str) -> str | None:
    for mention in person.mentions:
        before = text[max(0, mention.start - 6) : mention.start].split()
        if before:
            word = fold(before[-1])
            if word in MALE_HONORIFICS:
                return "m"
            if word in FEMALE_HONORIFICS:
                return "f"
    for role in person.roles:
        words = {fold(w) for w in role.split()}
        if words & MALE_ROLES:
            return "m"
        if words & FEMALE_ROLES:
            return "f"
    first = person.name.split()[0] if " " in person.name else ""
    return name_gender(first) if first else None


class SpeakerResolver:
    """Resolves speaker tokens of one article Doc to people, in text order."""

    def __init__(
        self,
        doc: Any,
        offset: int,
        text: str,
        people: Sequence[Person],
        entities: Sequence[Entity],
        quoted: Sequence[tuple[int, int]],
    ) -> None:
        self.doc, self.offset, self.text = doc, offset, text
        self.known = {p.id: _Known(p, _gender_of(p, text)) for p in people}
        end = offset + len(doc.text)
        self.mentions = sorted(
            (m.start, m.end, p.id) for p in people for m in p.mentions if offset <= m.start < end
        )
        self.entity_mentions = sorted(
            (m.start, m.end, e) for e in entities for m in e.mentions if offset <= m.start < end
        )

        def outside(pos: int) -> bool:
            return not any(s <= pos < e for s, e in quoted)

        self.events: list[tuple[int, str]] = sorted(
            (s, pid) for s, _e, pid in self.mentions if outside(s - offset)
        )

    def _remember(self, position: int, person_id: str) -> None:
        bisect.insort(self.events, (position, person_id))

    def _recent(self, position: int) -> list[str]:
        """Person ids by recency of their last mention before ``position``."""
        index = bisect.bisect_left(self.events, (position, ""))
        seen: list[str] = []
        for _pos, pid in reversed(self.events[:index]):
            if pid not in seen:
                seen.append(pid)
        return seen

    def mention_span(self, token: Any) -> Span:
        """The words of the speaker mention headed by ``token``, in page offsets."""
        start = token.idx + self.offset
        for s, e, _pid in self.mentions:
            if s <= start < e:
                return Span.of(self.text, s, e)
        if token.pos_ == "PRON":
            return Span.of(self.text, start, start + len(token.text))
        skip = {"appos", "relcl", "acl", "punct", "advcl", "cc", "conj"}
        tokens = [token]
        stack = [c for c in token.children if c.dep_ not in skip]
        while stack:
            child = stack.pop()
            tokens.append(child)
            stack.extend(c for c in child.children if c.dep_ not in skip)
        first = min(t.idx for t in tokens)
        last = max(t.idx + len(t.text) for t in tokens)
        return Span.of(self.text, first + self.offset, last + self.offset)

    def resolve(self, token: Any) -> tuple[str | None, str | None, Span | None]:
        """``(person id, name, mention)`` for a speaker token; ids and names may be None."""
        if token is None:
            return None, None, None
        mention = self.mention_span(token)
        for s, e, pid in self.mentions:
            if s < mention.end and mention.start < e:
                return pid, self.known[pid].person.name, mention
        # "Her opponent Mark Feld", "The minister, Clara Voss,": a name within the phrase
        first, last = self._subtree_range(token)
        head = token.idx + self.offset
        inside = [(abs(s - head), s, e, pid) for s, e, pid in self.mentions if first <= s < last]
        if inside and token.pos_ != "PRON":
            _d, s, e, pid = min(inside)
            return pid, self.known[pid].person.name, Span.of(self.text, s, e)
        low = token.lower_
        if low in PRONOUNS_MALE or low in PRONOUNS_FEMALE:
            gender = "m" if low in PRONOUNS_MALE else "f"
            for pid in self._recent(mention.start):
                if self.known[pid].gender in (gender, None):
                    return pid, self.known[pid].person.name, mention
            return None, None, mention
        if token.pos_ == "PRON":
            return None, None, mention
        holder = self._by_role(token, mention)
        if holder is not None:
            return holder, self.known[holder].person.name, mention
        entity = self._entity(mention)
        if entity is not None:
            return None, entity.name, mention
        if token.lemma_.lower() in SOURCE_NOUNS:
            return None, _describe(mention.text), mention
        return None, None, mention

    def via(self, token: Any) -> str | None:
        """The name of the medium a quote was passed on by ("TASS")."""
        if token is None:
            return None
        first, last = self._subtree_range(token)
        entity = self._entity(Span(first, last, ""))
        return entity.name if entity is not None else _describe(self.mention_span(token).text)

    def _subtree_range(self, token: Any) -> tuple[int, int]:
        """Page offsets covering the whole phrase headed by ``token``."""
        left, right = token.left_edge, token.right_edge
        return left.idx + self.offset, right.idx + len(right.text) + self.offset

    def _entity(self, mention: Span) -> Entity | None:
        for s, e, entity in self.entity_mentions:
            if s < mention.end and mention.start < e and entity.type in _SPEAKING_ENTITIES:
                return entity
        return None

    def _by_role(self, token: Any, mention: Span) -> str | None:
        head = fold(token.text)
        if head not in ROLE_NOUNS and head not in ROLE_HYPERNYMS and head not in SOURCE_NOUNS:
            return None
        phrase = _describe(mention.text).casefold()
        wanted = (*ROLE_HYPERNYMS.get(head, ()), head)
        holders = [
            pid
            for pid, known in self.known.items()
            if any(
                phrase in role.casefold() or any(w in role.casefold() for w in wanted)
                for role in known.person.roles
            )
        ]
        if not holders:
            return None
        recent = [pid for pid in self._recent(mention.start) if pid in holders]
        return recent[0] if recent else holders[0]

    def speaker(self, candidate: Candidate) -> Speaker:
        pid, name, mention = self.resolve(candidate.speaker)
        if pid is not None and mention is not None:
            self._remember(mention.start, pid)
        return Speaker(person=pid, name=name, mention=mention)


def _describe(text: str) -> str:
    """A noun phrase without determiner or honorific: "an unnamed source" -> "unnamed source"."""
    words = tidy(text).split()
    while words and (fold(words[0]) in _DETERMINERS or fold(words[0]) in HONORIFICS):
        words = words[1:]
    return " ".join(words)


def attribute(
    doc: Any,
    offset: int,
    text: str,
    candidates: Sequence[Candidate],
    people: Sequence[Person],
    entities: Sequence[Entity],
) -> list[Quote]:
    """Turn candidates of an article Doc (at ``offset`` in ``text``) into ``Quote``s."""
    resolver = SpeakerResolver(
        doc, offset, text, people, entities, [(c.start, c.end) for c in candidates]
    )
    quotes: list[Quote] = []
    for number, candidate in enumerate(candidates, start=1):
        speaker = resolver.speaker(candidate)
        cue = (
            Span.of(text, candidate.cue[0] + offset, candidate.cue[1] + offset)
            if candidate.cue
            else None
        )
        confidence = candidate.confidence * (1.0 if speaker.name else 0.6)
        quotes.append(
            Quote(
                id=f"q{number}",
                kind=candidate.kind,  # type: ignore[arg-type]
                content=Span.of(text, candidate.start + offset, candidate.end + offset),
                speaker=speaker,
                cue=cue,
                via=resolver.via(candidate.via),
                confidence=round(confidence, 3),
            )
        )
    return quotes
