"""Hand-built analyses for the report tests: a small page with a hostile comment, and an empty one.

The page (an invented story) has three named speakers and one unknown, a quote in the
headline, a quote nested inside another, a reply chain two levels deep, an anonymous
comment, scores on some comments only, and a comment (and author) full of markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from presslens.model import (
    Analysis,
    Article,
    Comment,
    Person,
    Quote,
    Scores,
    Source,
    Span,
    Speaker,
    Target,
)

HEADLINE = "Mayor Okafor: “The harbour is not for sale”"
PARAGRAPHS = (
    "Riverton’s council votes on Thursday on a plan to lease the old harbour to a shipping "
    "firm. Mayor Adaeze Okafor said the city would never hand the waterfront to a single "
    "company.",
    "“We have listened to the fishermen, and they are right,” Okafor told reporters. "
    "Harbour master Tomas Lind agreed: “The lease is dead, and the ferry stays.”",
    "Councillor Bea Marsh was not convinced: “Okafor keeps saying ‘the harbour is not for "
    "sale’ while the budget has a hole in it.”",
    "A spokesperson for the firm said the offer “remains on the table”.",
)
MARSH_QUOTE = "Okafor keeps saying ‘the harbour is not for sale’ while the budget has a hole in it."
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> click [here](javascript:alert(1)) "
    'or <a href="javascript:alert(1)">this</a>. *Okafor* is a # clown | ~~fake~~ & '
    "[bold red]shout[/] \x1b[2J\u202eevil"
)
HOSTILE_AUTHOR = 'troll<b onmouseover="alert(1)">'


@dataclass
class _Page:
    """Appends text and hands back the span of what it appended."""

    text: str = ""
    spans: list[Span] = field(default_factory=list)

    def add(self, part: str) -> Span:
        span = Span(len(self.text), len(self.text) + len(part), part)
        self.text += part
        return span

    def find(self, needle: str, within: Span) -> Span:
        start = self.text.index(needle, within.start, within.end)
        return Span.of(self.text, start, start + len(needle))


def _scores(toxicity: float) -> Scores:
    return Scores(toxicity, toxicity / 4, toxicity / 2, 0.01, 0.02, toxicity / 3)


def _comment(page: _Page, cid: str, author: str | None, body: str, **kw: Any) -> Comment:
    if author:
        page.add(author + "\n")
    span = page.add(body)
    page.add("\n\n")
    return Comment(cid, author, span.start, span.end, span.text, **kw)


def build_page() -> Analysis:
    page = _Page()
    headline = page.add(HEADLINE)
    page.add("\n\n")
    paragraphs = []
    for text in PARAGRAPHS:
        paragraphs.append(page.add(text))
        page.add("\n\n")
    p1, p2, p3, p4 = paragraphs
    okafor = Person(
        "p1",
        "Adaeze Okafor",
        ("mayor",),
        (page.find("Okafor", headline), page.find("Adaeze Okafor", p1), page.find("Okafor", p2)),
    )
    lind = Person("p2", "Tomas Lind", ("harbour master",), (page.find("Tomas Lind", p2),))
    marsh = Person("p3", "Bea Marsh", ("councillor",), (page.find("Bea Marsh", p3),))
    speak = {p.id: Speaker(p.id, p.name) for p in (okafor, lind, marsh)}
    quotes = (
        Quote("q1", "direct", page.find("The harbour is not for sale", headline), speak["p1"]),
        Quote(
            "q2",
            "indirect",
            page.find("the city would never hand the waterfront to a single company", p1),
            speak["p1"],
        ),
        Quote(
            "q3",
            "direct",
            page.find("We have listened to the fishermen, and they are right,", p2),
            speak["p1"],
        ),
        Quote(
            "q4", "direct", page.find("The lease is dead, and the ferry stays.", p2), speak["p2"]
        ),
        Quote(
            "q5",
            "direct",
            page.find(MARSH_QUOTE, p3),
            speak["p3"],
        ),
        Quote("q6", "direct", page.find("the harbour is not for sale", p3), speak["p1"]),
        Quote("q7", "direct", page.find("remains on the table", p4), Speaker()),
    )
    page.add("Comments\n\n")
    comments = (
        _comment(
            page,
            "c1",
            "harbour_watcher",
            "Finally someone stands up for the fishermen. Okafor has my vote.",
            scores=_scores(0.04),
            sentiment=0.62,
            targets=(Target("person", "p1", "Adaeze Okafor", 0.7),),
        ),
        _comment(
            page,
            "c2",
            "dockhand_42",
            "Lind too: he has kept that ferry running for twenty years.",
            reply_to="c1",
            targets=(Target("person", "p2", "Tomas Lind", 0.5),),
        ),
        _comment(
            page,
            "c3",
            None,
            "Marsh is right, the budget is a mess.",
            scores=_scores(0.41),
            sentiment=-0.4,
        ),
        _comment(
            page,
            "c4",
            HOSTILE_AUTHOR,
            HOSTILE,
            scores=_scores(0.91),
            sentiment=-0.7,
            targets=(Target("person", "p1", "Adaeze Okafor", -0.8),),
        ),
        _comment(page, "c5", "harbour_watcher", "Twenty-two years, actually.", reply_to="c2"),
    )
    return Analysis(
        source=Source(format="text", path="examples/riverton-harbour.txt"),
        text=page.text,
        article=Article(HEADLINE, tuple(paragraphs), headline, "By R. Reporter", "2024-05-02"),
        people=(okafor, lind, marsh),
        quotes=quotes,
        comments=comments,
        warnings=("comment authors were guessed from the line layout",),
    )


def build_empty() -> Analysis:
    return Analysis(source=Source(), text="", article=Article(headline=None))
