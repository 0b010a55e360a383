"""Threads that print only the author's name on a line of its own before each comment.

A run of at least three such name lines reaching the end of the page, with short bodies
between them, is a thread when the names look like user names or repeat and the text
under them does not name them (as the text under a section title does). Inside it, an
extra blank line (a gap wider than the page's usual one) starts an anonymous comment.
"""

from __future__ import annotations

import re
from statistics import median

from presslens.segment._drafts import Draft, Thread, lead_in, usual_gap
from presslens.segment._lines import Line
from presslens.segment._meta import LineInfo

PLAIN_MAX_BODY = 3000  # longest body a plain (name-line only) comment may have
PLAIN_MIN_NAMES = 3  # name lines a plain thread needs

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = frozenset('.!?…"”’)')


def plain_thread(lines: list[Line], infos: list[LineInfo]) -> Thread | None:
    """The plain thread at the end of the page, or None (see the module docstring)."""
    n = len(lines)
    candidates = [
        i
        for i in range(1, n - 1)
        if _is_name_line(infos[i]) and lines[i + 1].blanks_before and _stands_apart(lines, i)
    ]
    if len(candidates) < PLAIN_MIN_NAMES:
        return None
    chosen: list[int] = []
    end = n
    for i in reversed(candidates):
        if i + 1 >= end:
            continue  # two name lines in a row: the lower one heads the comment
        if lines[end - 1].end - lines[i + 1].start > PLAIN_MAX_BODY:
            break
        chosen.append(i)
        end = i
    chosen.reverse()
    if len(chosen) < PLAIN_MIN_NAMES or not _names_convince(lines, infos, chosen):
        return None
    if median(_words(lines, i + 1, j) for i, j in zip(chosen, [*chosen[1:], n], strict=True)) < 4:
        return None  # cells of a flattened table, not comments

    wide = max(2, usual_gap(lines, chosen[0]) + 1)
    drafts: list[Draft] = []
    start = chosen[0]
    lead = lead_in(lines, start)
    if lead is not None:
        drafts.append(Draft((), (lead, start - 1)))
        start = lead
    for k, i in enumerate(chosen):
        last = chosen[k + 1] - 1 if k + 1 < len(chosen) else n - 1
        author: str | None = infos[i].name
        at: int | None = lines[i].start + infos[i].name_start
        meta: tuple[int, ...] = (i,)
        first = i + 1
        for j in range(i + 2, last + 1):
            if lines[j].blanks_before >= wide:  # an extra blank line: anonymous comment
                drafts.append(Draft(meta, (first, j - 1), author, at))
                meta, first, author, at = (), j, None, None
        drafts.append(Draft(meta, (first, last), author, at))
    return Thread(start, tuple(drafts))


def _stands_apart(lines: list[Line], i: int) -> bool:
    """Whether name line ``i`` starts a block: after a blank line or a finished sentence.

    Some comment widgets print the next author right under the last line of a comment.
    """
    return bool(lines[i].blanks_before) or lines[i - 1].text[-1] in _SENTENCE_END


def _is_name_line(info: LineInfo) -> bool:
    """A bare name; a numbered one ("2. Ana Lee") is a list item unless a header vouches."""
    return info.kind == "author" and info.name_start == 0


def _words(lines: list[Line], first: int, end: int) -> int:
    """Number of words on lines ``first`` to ``end - 1`` (counting stops at 50)."""
    count = 0
    for i in range(first, end):
        count += len(lines[i].text.split())
        if count >= 50:
            break
    return count


def _names_convince(lines: list[Line], infos: list[LineInfo], chosen: list[int]) -> bool:
    """Whether the name lines of a plain thread look like commenters rather than subheads.

    Evidence adds up: a repeated name or a handle (lower case, digits, underscores) counts
    one, a two- or three-word capitalised name three quarters, any other name a quarter.
    Section titles give themselves away when the text under them names them ("Potato
    Puree" over "serve up potato puree"): commenters seldom name themselves.
    """
    names = [infos[i].name or "" for i in chosen]
    score = float(len(names) - len(set(names)))
    for name in names:
        tokens = name.split()
        if name.islower() or any(c.isdigit() or c == "_" for c in name):
            score += 1
        elif 2 <= len(tokens) <= 3:
            score += 0.75
        else:
            score += 0.25
    if score < PLAIN_MIN_NAMES:
        return False
    self_named = 0
    for i, name in zip(chosen, names, strict=True):
        opening = lines[i + 1].text[:300].lower()
        words = [w for w in _WORD.findall(name.lower()) if len(w) >= 4]
        self_named += any(re.search(rf"\b{re.escape(w)}\b", opening) for w in words)
    return 3 * self_named < len(chosen)
