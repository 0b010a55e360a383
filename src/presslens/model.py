"""The presslens data model: immutable results that serialise to ``presslens/analysis/v1``.

Every class is a frozen dataclass with ``as_dict()`` (plain JSON-ready values) and
``from_dict()`` (the inverse). Offsets are character offsets into ``Analysis.text``,
the page text as presslens read it, so ``text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_ID = "presslens/analysis/v1"

QuoteKind = Literal["direct", "indirect", "mixed"]
TargetKind = Literal["person", "entity"]

SCORE_ATTRIBUTES: tuple[str, ...] = (
    "toxicity",
    "severe_toxicity",
    "insult",
    "identity_attack",
    "threat",
    "profanity",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the page text: ``text == page_text[start:end]``."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        return cls(start=int(data["start"]), end=int(data["end"]), text=str(data["text"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``[start, end)`` of ``text``."""
        return cls(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class WeightedSpan:
    """A stretch of text that pushed a toxicity score up: ``text == source[start:end]``.

    ``weight`` is its contribution to the score's logit (log-odds before calibration). In a
    comment of an :class:`Analysis`, offsets are into the page text, like every span.
    """

    start: int
    end: int
    text: str
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "weight": round(self.weight, 4),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WeightedSpan:
        return cls(
            start=int(data["start"]),
            end=int(data["end"]),
            text=str(data["text"]),
            weight=float(data["weight"]),
        )


def _span_or_none(data: Mapping[str, Any] | None) -> Span | None:
    return Span.from_dict(data) if data is not None else None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a page came from. Exactly one of ``path``, ``url`` or ``id`` is usually set."""

    format: str = "text"
    path: str | None = None
    url: str | None = None
    id: str | None = None
    encoding: str | None = None
    date: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"format": self.format}
        for key in ("path", "url", "id", "encoding", "date"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        return cls(
            format=str(data.get("format", "text")),
            path=data.get("path"),
            url=data.get("url"),
            id=data.get("id"),
            encoding=data.get("encoding"),
            date=data.get("date"),
        )

    @property
    def label(self) -> str:
        """A short human name for the source, for messages and reports."""
        return self.path or self.url or self.id or "<text>"


@dataclass(frozen=True, slots=True)
class Article:
    """The article part of a page: headline and body paragraphs."""

    headline: str | None
    paragraphs: tuple[Span, ...] = ()
    headline_span: Span | None = None
    byline: str | None = None
    published: str | None = None

    @property
    def start(self) -> int | None:
        """Offset of the first article character (headline included), or None if empty."""
        firsts = [s.start for s in (self.headline_span, *self.paragraphs[:1]) if s is not None]
        return min(firsts) if firsts else None

    @property
    def end(self) -> int | None:
        """Offset just past the last body paragraph (or the headline), or None if empty."""
        if self.paragraphs:
            return self.paragraphs[-1].end
        return self.headline_span.end if self.headline_span else None

    @property
    def body_chars(self) -> int:
        return sum(len(p.text) for p in self.paragraphs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "headline": self.headline,
            "headline_span": self.headline_span.as_dict() if self.headline_span else None,
            "byline": self.byline,
            "published": self.published,
            "paragraphs": [p.as_dict() for p in self.paragraphs],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        return cls(
            headline=data.get("headline"),
            paragraphs=tuple(Span.from_dict(p) for p in data.get("paragraphs", ())),
            headline_span=_span_or_none(data.get("headline_span")),
            byline=data.get("byline"),
            published=data.get("published"),
        )


@dataclass(frozen=True, slots=True)
class Person:
    """One person of the page: a cluster of the mentions that name them."""

    id: str
    name: str
    roles: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "roles": list(self.roles),
            "mentions": [m.as_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Person:
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            roles=tuple(data.get("roles", ())),
            mentions=tuple(Span.from_dict(m) for m in data.get("mentions", ())),
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """A named thing other than a person: organisation, place, group, date, ..."""

    id: str
    name: str
    type: str
    mentions: tuple[Span, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "mentions": [m.as_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entity:
        return cls(
            id=str(data["id"]),
            name=str(data["name"]),
            type=str(data["type"]),
            mentions=tuple(Span.from_dict(m) for m in data.get("mentions", ())),
        )


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to. ``person``/``name`` stay None when unknown."""

    person: str | None = None
    name: str | None = None
    mention: Span | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "name": self.name,
            "mention": self.mention.as_dict() if self.mention else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Speaker:
        return cls(
            person=data.get("person"),
            name=data.get("name"),
            mention=_span_or_none(data.get("mention")),
        )


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation of the article with its speaker."""

    id: str
    kind: QuoteKind
    content: Span
    speaker: Speaker = field(default_factory=Speaker)
    cue: Span | None = None
    via: str | None = None
    confidence: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "content": self.content.as_dict(),
            "speaker": self.speaker.as_dict(),
            "cue": self.cue.as_dict() if self.cue else None,
            "via": self.via,
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quote:
        return cls(
            id=str(data["id"]),
            kind=data["kind"],
            content=Span.from_dict(data["content"]),
            speaker=Speaker.from_dict(data.get("speaker") or {}),
            cue=_span_or_none(data.get("cue")),
            via=data.get("via"),
            confidence=float(data.get("confidence", 0.0)),
        )


@dataclass(frozen=True, slots=True)
class Scores:
    """Six toxicity probabilities in [0, 1]."""

    toxicity: float
    severe_toxicity: float
    insult: float
    identity_attack: float
    threat: float
    profanity: float

    def as_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in SCORE_ATTRIBUTES}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scores:
        return cls(**{name: float(data[name]) for name in SCORE_ATTRIBUTES})


@dataclass(frozen=True, slots=True)
class Target:
    """A person or entity a comment refers to, with the polarity aimed at it."""

    kind: TargetKind
    ref: str
    name: str
    polarity: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {self.kind: self.ref, "name": self.name, "polarity": self.polarity}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Target:
        kind: TargetKind = "person" if "person" in data else "entity"
        return cls(
            kind=kind,
            ref=str(data[kind]),
            name=str(data["name"]),
            polarity=float(data.get("polarity", 0.0)),
        )


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader comment. ``reply_to`` is the id of its parent comment, if known.

    ``scores`` and ``sentiment`` are None when they were not computed. ``spans`` are the
    words that drove ``toxicity`` to 0.5 or more (empty below that).
    """

    id: str
    author: str | None
    start: int
    end: int
    text: str
    reply_to: str | None = None
    author_span: Span | None = None
    published: str | None = None
    scores: Scores | None = None
    sentiment: float | None = None
    targets: tuple[Target, ...] = ()
    spans: tuple[WeightedSpan, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "author": self.author,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reply_to": self.reply_to,
            "author_span": self.author_span.as_dict() if self.author_span else None,
            "published": self.published,
            "scores": self.scores.as_dict() if self.scores else None,
            "sentiment": self.sentiment,
            "targets": [t.as_dict() for t in self.targets],
            "spans": [s.as_dict() for s in self.spans],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Comment:
        scores = data.get("scores")
        sentiment = data.get("sentiment")
        return cls(
            id=str(data["id"]),
            author=data.get("author"),
            start=int(data["start"]),
            end=int(data["end"]),
            text=str(data["text"]),
            reply_to=data.get("reply_to"),
            author_span=_span_or_none(data.get("author_span")),
            published=data.get("published"),
            scores=Scores.from_dict(scores) if scores is not None else None,
            sentiment=float(sentiment) if sentiment is not None else None,
            targets=tuple(Target.from_dict(t) for t in data.get("targets", ())),
            spans=tuple(WeightedSpan.from_dict(s) for s in data.get("spans", ())),
        )


@dataclass(frozen=True, slots=True)
class Reaction:
    """How readers answered one person: quotes of theirs, comments aimed at them.

    ``mean_polarity`` is None when no comment targets the person; ``toxic_share`` is the
    share of those comments whose toxicity is at least 0.5 (None when not scored).
    """

    person: str
    name: str
    quoted: int = 0
    targeted_by: int = 0
    positive: int = 0
    negative: int = 0
    mean_polarity: float | None = None
    toxic_share: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "name": self.name,
            "quoted": self.quoted,
            "targeted_by": self.targeted_by,
            "positive": self.positive,
            "negative": self.negative,
            "mean_polarity": self.mean_polarity,
            "toxic_share": self.toxic_share,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Reaction:
        return cls(**{key: data[key] for key in _REACTION_FIELDS if key in data})

    def summary(self) -> str:
        """One line: "John Kerry — quoted 12 times; targeted by 3 comments, all negative"."""
        quoted = f"quoted {self.quoted} time{'s' if self.quoted != 1 else ''}"
        if not self.targeted_by:
            return f"{self.name} — {quoted}; no comment targets them"
        n = self.targeted_by
        if self.negative == n:
            tone = "all negative" if n > 1 else "negative"
        elif self.positive == n:
            tone = "all positive" if n > 1 else "positive"
        elif not self.negative and not self.positive:
            tone = "all neutral" if n > 1 else "neutral"
        else:
            neutral = n - self.negative - self.positive
            tone = f"{self.negative} negative, {self.positive} positive"
            tone += f", {neutral} neutral" if neutral else ""
        line = f"{self.name} — {quoted}; targeted by {n} comment{'s' if n != 1 else ''}, {tone}"
        if self.toxic_share and n == 1:
            line += ", toxic"
        elif self.toxic_share:
            line += f"; {self.toxic_share:.0%} of them toxic"
        return line


_REACTION_FIELDS = (
    "person",
    "name",
    "quoted",
    "targeted_by",
    "positive",
    "negative",
    "mean_polarity",
    "toxic_share",
)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything presslens found on one page."""

    source: Source
    text: str
    article: Article
    people: tuple[Person, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    comments: tuple[Comment, ...] = ()
    reactions: tuple[Reaction, ...] = ()
    warnings: tuple[str, ...] = ()
    schema: str = SCHEMA_ID

    def person(self, person_id: str) -> Person | None:
        """The person with this id, or None."""
        return next((p for p in self.people if p.id == person_id), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "source": self.source.as_dict(),
            "text": self.text,
            "article": self.article.as_dict(),
            "people": [p.as_dict() for p in self.people],
            "entities": [e.as_dict() for e in self.entities],
            "quotes": [q.as_dict() for q in self.quotes],
            "comments": [c.as_dict() for c in self.comments],
            "reactions": [r.as_dict() for r in self.reactions],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Analysis:
        return cls(
            schema=str(data.get("schema", SCHEMA_ID)),
            source=Source.from_dict(data.get("source") or {}),
            text=str(data["text"]),
            article=Article.from_dict(data["article"]),
            people=_tuple(Person.from_dict, data.get("people", ())),
            entities=_tuple(Entity.from_dict, data.get("entities", ())),
            quotes=_tuple(Quote.from_dict, data.get("quotes", ())),
            comments=_tuple(Comment.from_dict, data.get("comments", ())),
            reactions=_tuple(Reaction.from_dict, data.get("reactions", ())),
            warnings=tuple(str(w) for w in data.get("warnings", ())),
        )


def _tuple(make: Any, items: Sequence[Mapping[str, Any]]) -> tuple[Any, ...]:
    return tuple(make(item) for item in items)
