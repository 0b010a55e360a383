"""Quotes: finding quotations in an article and attributing them to speakers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from presslens.model import Entity, Person, Quote
from presslens.quotes.attribute import attribute
from presslens.quotes.find import Candidate, find_candidates
from presslens.quotes.marks import QuotedSpan, find_quoted_spans


def find_quotes(
    doc: Any,
    offset: int,
    text: str,
    people: Sequence[Person] = (),
    entities: Sequence[Entity] = (),
) -> list[Quote]:
    """Quotes of the article parsed as ``doc``, which starts at ``offset`` of ``text``.

    ``people`` and ``entities`` (from ``presslens.people``) are what speakers resolve to.
    """
    return attribute(doc, offset, text, find_candidates(doc), people, entities)


__all__ = ["Candidate", "QuotedSpan", "find_candidates", "find_quoted_spans", "find_quotes"]
