"""Score comment segmentation on pages whose comment section is marked by a line.

The dragnet corpus (``shared/data/pages/dragnet-dev/gold/*.txt``) stores each page as
cp1252 text with CRLF line ends: the article, then, on pages with comments, the line
``!@#$%^&*()  COMMENTS`` (a few pages mistype it) and the comments. Removing that line
gives a realistic page and its position gives the truth: every non-whitespace character
after it is comment text, every one before it is article (or headline).

``score_page`` labels a character as predicted comment when it lies in a "comment" or
"meta" region of ``segment_text``; ``evaluate_folder`` sums the counts over the corpus
(micro average) and also reports how often a page without comments gets some anyway.
``invented_on_articles`` checks the same on a second corpus of comment-free news articles
(PolNeAR), as a guard against heuristics that only fit the dragnet pages.
``benchmarks/segment_dragnet.py`` prints these numbers and a test pins floors on them.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from presslens.segment.text import PageSegments, segment_text

MARKER = "!@#$%^&*()  COMMENTS"
# The marker as typed on every page, including the hand-mistyped variants of some 15
# pages ("!@#$%^&*() COMMENTS", "!@#$%^&*   COMMENTS", "!@ $%^&*()  COMMNENTS", ...).
_MARKER_LINE = re.compile(
    r"^[^\S\n]*(?=[^\n]*(?:\$%\^|%\^&|\^&\*))[!@#$%^&*() \t]+(?:COMM[A-Z]*)?[^\S\n]*$",
    re.MULTILINE,
)
DRAGNET_GOLD = Path("data/pages/dragnet-dev/gold")
POLNEAR_TEXTS = Path("data/quotes/polnear")


@dataclass(frozen=True, slots=True)
class MarkedPage:
    """A page with its comment marker removed; ``comment_start`` is None without one."""

    name: str
    text: str
    comment_start: int | None


@dataclass(frozen=True, slots=True)
class PageScore:
    """Non-whitespace character counts of one page: true/false positives, false negatives."""

    name: str
    marked: bool
    tp: int
    fp: int
    fn: int
    invented: bool  # no marker, yet some text was labelled comment or meta


@dataclass(frozen=True, slots=True)
class Report:
    """Corpus totals: comment-character precision, recall and F1, and the invented rate."""

    pages: int
    marked_pages: int
    precision: float
    recall: float
    f1: float
    invented_pages: int
    invented_rate: float
    seconds: float
    pages_per_second: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_marked_page(path: Path) -> MarkedPage:
    """Read a dragnet gold page: decode cp1252, normalise line ends, cut out the marker."""
    return marked_page(path.name, path.read_bytes().decode("cp1252", errors="replace"))


def marked_page(name: str, text: str) -> MarkedPage:
    """A gold page from its decoded text: normalise line ends, cut out the marker."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    marker = _MARKER_LINE.search(text)
    if marker is None:
        return MarkedPage(name, text, None)
    line_start, line_end = marker.start(), marker.end()
    if line_end < len(text):
        line_end += 1  # the line's "\n"
    return MarkedPage(name, text[:line_start] + text[line_end:], line_start)


def _solid(s: str) -> int:
    """Number of non-whitespace characters of ``s``."""
    return sum(len(part) for part in s.split())


def score_page(page: MarkedPage, segments: PageSegments | None = None) -> PageScore:
    """Compare the comment/meta regions of ``segment_text(page.text)`` with the truth."""
    seg = segments if segments is not None else segment_text(page.text)
    text = page.text
    cut = len(text) if page.comment_start is None else page.comment_start
    tp = fp = 0
    for region in seg.regions:
        if region.kind not in ("comment", "meta"):
            continue
        before = max(region.start, min(region.end, cut))
        fp += _solid(text[region.start : before])
        tp += _solid(text[before : region.end])
    fn = _solid(text[cut:]) - tp
    invented = page.comment_start is None and (tp + fp) > 0
    return PageScore(page.name, page.comment_start is not None, tp, fp, fn, invented)


def summarise(scores: Iterable[PageScore], seconds: float) -> Report:
    """Micro-averaged totals over ``scores``; ``seconds`` is the time spent segmenting."""
    scores = list(scores)
    tp = sum(s.tp for s in scores)
    fp = sum(s.fp for s in scores)
    fn = sum(s.fn for s in scores)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    unmarked = [s for s in scores if not s.marked]
    invented = sum(s.invented for s in unmarked)
    return Report(
        pages=len(scores),
        marked_pages=len(scores) - len(unmarked),
        precision=precision,
        recall=recall,
        f1=f1,
        invented_pages=invented,
        invented_rate=invented / len(unmarked) if unmarked else 0.0,
        seconds=seconds,
        pages_per_second=len(scores) / seconds if seconds > 0 else 0.0,
    )


def evaluate_folder(folder: Path) -> tuple[Report, list[PageScore]]:
    """Segment and score every ``*.txt`` page of ``folder`` (sorted by name)."""
    pages = [load_marked_page(p) for p in sorted(folder.glob("*.txt"))]
    started = time.perf_counter()
    segmented = [segment_text(page.text) for page in pages]
    seconds = time.perf_counter() - started
    scores = [score_page(page, seg) for page, seg in zip(pages, segmented, strict=True)]
    return summarise(scores, seconds), scores


def invented_on_articles(folder: Path) -> tuple[int, list[str]]:
    """How many articles ``folder`` holds, and those given comments or meta regions anyway.

    ``folder`` holds UTF-8 news articles without comments, as ``**/*.txt``.
    """
    paths = sorted(folder.rglob("*.txt"))
    invented = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        if any(r.kind in ("comment", "meta") for r in segment_text(text).regions):
            invented.append(path.name)
    return len(paths), invented
