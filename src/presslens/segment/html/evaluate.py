"""Score article and comment extraction from HTML on the dragnet pages.

Each page of ``shared/data/pages/dragnet-dev`` has its HTML (``html/ID.html``) and its
gold text (``gold/ID.txt``, read by ``presslens.segment.evaluate.load_marked_page``):
the article, then, after a ``!@#$%^&*()  COMMENTS`` line, the comments (with the
author and date lines a reader sees).

Scores are bag-of-words: a text becomes the multiset of its lowercased ``\\w+`` tokens
(Unicode letters, digits and underscore; punctuation dropped), the overlap of two texts is
the size of their multiset intersection, and precision, recall and F1 are micro-averaged
over pages (overlaps and sizes summed first). For presslens the article is the body
paragraphs (no headline) and the comments are every comment and meta (author · date)
region; for trafilatura alone, run with ``include_comments=True``, they are its ``text``
and its ``comments``. ``benchmarks/html_dragnet.py`` prints the numbers; a test pins
presslens' floors on a fixed subset.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
from trafilatura.settings import Document

from presslens.errors import InputError
from presslens.model import Source
from presslens.readers.html import read_html
from presslens.segment.evaluate import MarkedPage, marked_page
from presslens.segment.html.page import quiet_logs

DRAGNET = Path("data/pages/dragnet-dev")
_TOKEN = re.compile(r"\w+")

#: A system reads a page's bytes and returns (article body text, comment text).
System = Callable[[bytes], tuple[str, str]]


def bag(text: str) -> Counter[str]:
    """The bag of lowercased word tokens of ``text``."""
    return Counter(_TOKEN.findall(text.lower()))


@dataclass(slots=True)
class Counts:
    """Summed token counts: overlap, predicted and gold sizes."""

    overlap: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: Counter[str], gold: Counter[str]) -> None:
        self.overlap += sum((predicted & gold).values())
        self.predicted += sum(predicted.values())
        self.gold += sum(gold.values())

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.overlap / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class SystemScore:
    """One system's article and comment counts over the pages, and its time."""

    name: str
    article: Counts = field(default_factory=Counts)
    comments: Counts = field(default_factory=Counts)
    pages: int = 0
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "system": self.name,
            "pages": self.pages,
            "article_precision": self.article.precision,
            "article_recall": self.article.recall,
            "article_f1": self.article.f1,
            "comment_precision": self.comments.precision,
            "comment_recall": self.comments.recall,
            "comment_f1": self.comments.f1,
            "pages_per_second": self.pages_per_second,
        }


def presslens_system(data: bytes) -> tuple[str, str]:
    """presslens' HTML reader: body paragraphs, and every comment and meta region."""
    try:
        page = read_html(data, Source(format="html", path="page.html"))
    except InputError:
        return "", ""
    segments = page.segments
    assert segments is not None
    article = "\n".join(p.text for p in segments.paragraphs)
    thread = "\n".join(
        page.text[r.start : r.end] for r in segments.regions if r.kind in ("comment", "meta")
    )
    return article, thread


def trafilatura_system(data: bytes) -> tuple[str, str]:
    """trafilatura alone with ``include_comments=True``: its text and its comments."""
    with quiet_logs("trafilatura"):
        document = trafilatura.bare_extraction(data, include_comments=True)
    if not isinstance(document, Document):
        return "", ""
    return document.text or "", document.comments or ""


SYSTEMS: dict[str, System] = {"presslens": presslens_system, "trafilatura": trafilatura_system}


def load_gold(path: Path) -> MarkedPage:
    """A gold page, decoded as UTF-8 when its bytes are valid UTF-8, else as cp1252.

    Most dragnet gold files (480 of 683) are UTF-8 despite the corpus' cp1252 label;
    reading them as cp1252 would turn every curly quote into three letters of mojibake
    and cost both systems words they extracted right.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return marked_page(path.name, text)


def page_ids(folder: Path) -> list[str]:
    """Ids of the pages that have both HTML and gold text, sorted."""
    gold = {p.stem for p in (folder / "gold").glob("*.txt")}
    return sorted(p.stem for p in (folder / "html").glob("*.html") if p.stem in gold)


def evaluate(
    folder: Path, ids: Iterable[str], systems: dict[str, System] | None = None
) -> list[SystemScore]:
    """Score each system on the pages ``ids`` of ``folder``; systems run in turn per page."""
    systems = systems if systems is not None else SYSTEMS
    scores = [SystemScore(name) for name in systems]
    for page_id in ids:
        page = load_gold(folder / "gold" / f"{page_id}.txt")
        cut = page.comment_start if page.comment_start is not None else len(page.text)
        gold_article, gold_comments = bag(page.text[:cut]), bag(page.text[cut:])
        data = (folder / "html" / f"{page_id}.html").read_bytes()
        for score, system in zip(scores, systems.values(), strict=True):
            started = time.perf_counter()
            article, comments = system(data)
            score.seconds += time.perf_counter() - started
            score.pages += 1
            score.article.add(bag(article), gold_article)
            score.comments.add(bag(comments), gold_comments)
    return scores
