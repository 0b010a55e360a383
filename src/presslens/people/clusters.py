"""People and entities of a page from spaCy's named entities.

One cluster per person: full names first ("John Kerry"), then short forms are attached
to the cluster they fit ("Kerry", "Mr Kerry", "Secretary Kerry"), preferring the person
mentioned most recently when two share a surname. Names in comments join the article's
people where they match; a full name found only in comments becomes a person of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from presslens.model import Entity, Person, Span
from presslens.people.names import NameKey, fold, looks_like_name, name_key, tidy, trim_name
from presslens.people.roles import roles_of_mention

#: spaCy entity labels kept as entities, and the type presslens reports for each.
ENTITY_TYPES: dict[str, str] = {
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "DATE": "date",
    "WORK_OF_ART": "work",
    "LAW": "law",
    "PRODUCT": "product",
}


@dataclass(frozen=True, slots=True)
class ParsedPart:
    """A spaCy Doc of a stretch of the page that starts at ``offset``."""

    doc: Any
    offset: int
    in_comment: bool = False


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    text: str
    key: NameKey
    in_comment: bool
    roles: list[str] = field(default_factory=list)
    weak: bool = False  # in a headline: Title Case fools NER, so it only joins known people


@dataclass(slots=True)
class _Cluster:
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def surnames(self) -> set[str]:
        return {s for m in self.mentions if m.key.is_full for s in m.key.surnames} or {
            s for m in self.mentions for s in m.key.surnames
        }

    @property
    def first_names(self) -> set[str]:
        return {m.key.first for m in self.mentions if m.key.is_full}

    def last_before(self, offset: int) -> int:
        return max((m.start for m in self.mentions if m.start < offset), default=-1)


def _first_names_agree(a: NameKey, b: NameKey) -> bool:
    x, y = a.first, b.first
    return x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y))


def _person_mentions(part: ParsedPart) -> list[_Mention]:
    doc, found = part.doc, []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        trimmed = trim_name(ent.text, ent.start_char)
        if trimmed is None:
            continue
        start, end = trimmed
        text = doc.text[start:end]
        if not looks_like_name(text):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        roles = []
        if not part.in_comment and span is not None:
            roles = roles_of_mention(doc, span.start, span.end)
        found.append(
            _Mention(start + part.offset, end + part.offset, text, name_key(text), part.in_comment)
        )
        found[-1].roles = roles
    return found


def _best(clusters: list[_Cluster], offset: int) -> _Cluster:
    """The cluster mentioned most recently before ``offset`` (else the first one)."""
    return max(clusters, key=lambda c: (c.last_before(offset), -clusters.index(c)))


def _match_full(mention: _Mention, clusters: list[_Cluster]) -> _Cluster | None:
    same_surname = [c for c in clusters if mention.key.surnames & c.surnames]
    agreeing = [
        c
        for c in same_surname
        if any(m.key.is_full and _first_names_agree(m.key, mention.key) for m in c.mentions)
        or not c.first_names
    ]
    if agreeing:
        return _best(agreeing, mention.start)
    if mention.in_comment and same_surname:
        # Readers nickname people ("Lurch Kerry"): a known surname is the better guess.
        return _best(same_surname, mention.start)
    return None


def _match_short(mention: _Mention, clusters: list[_Cluster]) -> _Cluster | None:
    word = mention.key.words[0] if mention.key.words else ""
    by_surname = [c for c in clusters if mention.key.surnames & c.surnames]
    if by_surname:
        return _best(by_surname, mention.start)
    by_first = [c for c in clusters if word in c.first_names]
    return by_first[0] if len(by_first) == 1 else None


def _cluster(mentions: list[_Mention]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    article = [m for m in mentions if not m.in_comment and not m.weak]
    headline = [m for m in mentions if m.weak]
    comments = [m for m in mentions if m.in_comment]
    groups = ((article, True, True), (headline, False, False), (comments, True, False))
    for group, allow_new_full, allow_new_short in groups:
        for mention in (m for m in group if m.key.is_full):
            cluster = _match_full(mention, clusters)
            if cluster is None:
                if not allow_new_full:
                    continue
                cluster = _Cluster()
                clusters.append(cluster)
            cluster.mentions.append(mention)
        for mention in (m for m in group if not m.key.is_full):
            cluster = _match_short(mention, clusters)
            if cluster is None:
                if not allow_new_short:
                    continue
                cluster = _Cluster()
                clusters.append(cluster)
            cluster.mentions.append(mention)
    return clusters


def _unlabelled_mentions(
    parts: Sequence[ParsedPart], clusters: list[_Cluster], taken: list[tuple[int, int]]
) -> None:
    """Add surname mentions that spaCy's NER missed or labelled as something else."""
    by_surname: dict[str, list[_Cluster]] = {}
    for cluster in clusters:
        for surname in cluster.surnames:
            if " " not in surname and "-" not in surname:
                by_surname.setdefault(surname, []).append(cluster)
    covered: set[int] = set()
    for start, end in taken:
        covered.update(range(start, end))
    for part in parts:
        for token in part.doc:
            if not token.text[:1].isupper() or token.ent_type_ == "PERSON":
                continue
            candidates = by_surname.get(fold(token.text))
            start = token.idx + part.offset
            if not candidates or start in covered:
                continue
            if token.ent_type_ and len(_entity_of(token).text.split()) > 1:
                continue
            mention = _Mention(
                start, start + len(token.text), token.text, name_key(token.text), part.in_comment
            )
            _best(candidates, start).mentions.append(mention)
            covered.update(range(mention.start, mention.end))


def _entity_of(token: Any) -> Any:
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return ent
    return token.doc[token.i : token.i + 1]


def _canonical(cluster: _Cluster) -> str:
    def rank(m: _Mention) -> tuple[bool, bool, int, int, int]:
        clean = not any(ch in '[](){}<>"“”' for ch in m.text)
        return (not m.in_comment, clean, len(m.key.words), counts[tidy(m.text)], -m.start)

    counts = Counter(tidy(m.text) for m in cluster.mentions)
    return tidy(max(cluster.mentions, key=rank).text)


def _to_people(text: str, clusters: list[_Cluster]) -> tuple[Person, ...]:
    clusters = [c for c in clusters if c.mentions]
    clusters.sort(key=lambda c: min(m.start for m in c.mentions))
    people = []
    for number, cluster in enumerate(clusters, start=1):
        mentions = sorted(cluster.mentions, key=lambda m: m.start)
        roles = _distinct_roles(role for mention in mentions for role in mention.roles)
        people.append(
            Person(
                id=f"p{number}",
                name=_canonical(cluster),
                roles=tuple(roles),
                mentions=tuple(Span.of(text, m.start, m.end) for m in mentions),
            )
        )
    return tuple(people)


def _distinct_roles(found: Iterable[str]) -> tuple[str, ...]:
    """Roles in order of appearance, without repeats or ones a longer role contains.

    "President" is dropped when "Syrian President" is also given.
    """
    unique: dict[str, str] = {}
    for role in found:
        unique.setdefault(role.casefold(), role)
    keys = list(unique)
    return tuple(
        unique[key]
        for key in keys
        if not any(other != key and other.endswith(" " + key) for other in keys)
    )


def _entity_key(text: str) -> str:
    words = fold(tidy(text)).removesuffix("'s").split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _to_entities(
    text: str, parts: Sequence[ParsedPart], person_spans: list[tuple[int, int]]
) -> tuple[Entity, ...]:
    person_chars: set[int] = set()
    for start, end in person_spans:
        person_chars.update(range(start, end))
    groups: dict[str, list[tuple[Span, str]]] = {}
    for part in parts:
        for ent in part.doc.ents:
            kind = ENTITY_TYPES.get(ent.label_)
            start, end = ent.start_char + part.offset, ent.end_char + part.offset
            if kind is None or start in person_chars or (end - 1) in person_chars:
                continue
            key = _entity_key(ent.text)
            if key:
                groups.setdefault(key, []).append((Span.of(text, start, end), kind))
    # One entity per name; NER may label the same name differently: the majority wins.
    ordered = sorted(groups.values(), key=lambda found: found[0][0].start)
    entities = []
    for number, found in enumerate(ordered, start=1):
        spans = tuple(span for span, _kind in found)
        name = Counter(tidy(s.text) for s in spans).most_common(1)[0][0]
        kind = Counter(kind for _span, kind in found).most_common(1)[0][0]
        entities.append(Entity(id=f"e{number}", name=name, type=kind, mentions=spans))
    return tuple(entities)


def find_people_and_entities(
    text: str, parts: Sequence[ParsedPart], headline: tuple[int, int] | None = None
) -> tuple[tuple[Person, ...], tuple[Entity, ...]]:
    """Cluster the page's person mentions and group its other named entities.

    ``parts`` are the parsed article and comments; offsets in the result point into ``text``.
    Names found only in the ``headline`` span are not made people of their own: spaCy's
    NER takes Title Case headline words for names ("Minister Defends Rail Cuts").
    """
    mentions = [m for part in parts for m in _person_mentions(part)]
    if headline is not None:
        for mention in mentions:
            mention.weak = headline[0] <= mention.start < headline[1]
    clusters = _cluster(mentions)
    taken = [(m.start, m.end) for m in mentions]
    _unlabelled_mentions(parts, clusters, taken)
    people = _to_people(text, clusters)
    person_spans = [(m.start, m.end) for p in people for m in p.mentions]
    return people, _to_entities(text, parts, person_spans)
