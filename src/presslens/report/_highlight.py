"""Cut a stretch of text into runs at every quote boundary, so overlapping quotes can be marked.

HTML elements must nest, quotes need not: "A said B said C" can hold two quotes that
overlap without one containing the other. Instead of opening and closing tags at each
quote's ends, the stretch is cut at every boundary of every quote inside it; each run
between two cuts is covered by a fixed set of quotes and becomes one flat element.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class Run:
    """``[start, end)`` of the text and the indices of the spans covering it.

    ``covering`` is ordered innermost first (shortest span, then earliest given), so
    ``covering[0]`` is the span a run is drawn with. It is empty for unquoted text.
    """

    start: int
    end: int
    covering: tuple[int, ...] = ()


def split_runs(start: int, end: int, spans: Sequence[tuple[int, int]]) -> list[Run]:
    """Cut ``[start, end)`` at the boundaries of ``spans`` (``(start, end)`` pairs).

    Spans are clipped to the stretch; empty or inverted ones are ignored. The runs are
    contiguous, non-empty and cover ``[start, end)`` exactly, in order.
    """
    if end <= start:
        return []
    clipped = [
        (index, max(s, start), min(e, end))
        for index, (s, e) in enumerate(spans)
        if max(s, start) < min(e, end)
    ]
    cuts = sorted({start, end, *(s for _, s, _ in clipped), *(e for _, _, e in clipped)})
    runs: list[Run] = []
    for left, right in pairwise(cuts):
        covering = sorted((e - s, index) for index, s, e in clipped if s <= left and right <= e)
        runs.append(Run(left, right, tuple(index for _, index in covering)))
    return runs
