"""presslens as spaCy pipeline components, for use in your own pipelines.

    >>> nlp = spacy.load("en_core_web_sm")
    >>> nlp.add_pipe("presslens_quotes_v1")      # adds presslens_people_v1's work if missing
    >>> doc = nlp(article_text)
    >>> doc._.presslens_quotes[0].speaker.name

Factories (declared as ``spacy_factories`` entry points, so no import is needed):

``presslens_people_v1``
    sets ``doc._.presslens_people`` and ``doc._.presslens_entities`` (tuples of
    ``presslens.Person`` / ``presslens.Entity``, offsets into ``doc.text``).
``presslens_quotes_v1``
    sets ``doc._.presslens_quotes`` (a tuple of ``presslens.Quote``), resolving speakers
    against ``doc._.presslens_people`` (found on the spot if that component did not run).

spaCy does not allow dots in factory names (error E853), so the version is a suffix.
The ``Doc`` extensions are registered when a component is created, not at import.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from presslens.people import ParsedPart, find_people_and_entities
from presslens.quotes import find_quotes

EXTENSIONS = ("presslens_people", "presslens_entities", "presslens_quotes")


def register_extensions() -> None:
    """Add presslens' ``Doc._`` attributes (idempotent)."""
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class PeopleComponent:
    """Clusters the people of a Doc and groups its other entities."""

    def __init__(self, name: str = "presslens_people_v1") -> None:
        self.name = name
        register_extensions()

    def __call__(self, doc: Any) -> Any:
        people, entities = find_people_and_entities(doc.text, [ParsedPart(doc, 0)])
        doc._.presslens_people = people
        doc._.presslens_entities = entities
        return doc


class QuotesComponent:
    """Finds the quotes of a Doc and attributes them to its people."""

    def __init__(self, name: str = "presslens_quotes_v1", min_confidence: float = 0.0) -> None:
        self.name = name
        self.min_confidence = min_confidence
        self.people = PeopleComponent()

    def __call__(self, doc: Any) -> Any:
        if doc._.presslens_people is None:
            self.people(doc)
        quotes = find_quotes(doc, 0, doc.text, doc._.presslens_people, doc._.presslens_entities)
        doc._.presslens_quotes = tuple(q for q in quotes if q.confidence >= self.min_confidence)
        return doc


@Language.factory(
    "presslens_people_v1",
    requires=["doc.ents", "token.dep", "token.pos"],
    assigns=["doc._.presslens_people", "doc._.presslens_entities"],
)
def make_people(nlp: Language, name: str) -> PeopleComponent:
    return PeopleComponent(name)


@Language.factory(
    "presslens_quotes_v1",
    default_config={"min_confidence": 0.0},
    requires=["doc.ents", "token.dep", "token.pos", "token.lemma"],
    assigns=["doc._.presslens_quotes"],
)
def make_quotes(nlp: Language, name: str, min_confidence: float) -> QuotesComponent:
    return QuotesComponent(name, min_confidence)
