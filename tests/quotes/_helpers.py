"""Helpers shared by the quote tests: analyse a bare article and pick its quotes."""

from __future__ import annotations

import presslens
from presslens.options import Options


def quotes_of(text: str) -> list[presslens.Quote]:
    """The quotes of ``text`` read as a bare article; every span is checked against it."""
    analysis = presslens.analyze(text, options=Options(find_comments=False))
    for quote in analysis.quotes:
        assert analysis.text[quote.content.start : quote.content.end] == quote.content.text
    return list(analysis.quotes)


def one_quote(text: str, fragment: str) -> presslens.Quote:
    """The single quote of ``text`` whose content contains ``fragment``."""
    found = [q for q in quotes_of(text) if fragment in q.content.text]
    assert len(found) == 1, [q.content.text for q in quotes_of(text)]
    return found[0]
