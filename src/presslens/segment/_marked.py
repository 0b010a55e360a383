"""Threads marked by comment-system furniture: "says:", "by NAME on DATE", timestamps.

Consecutive strong meta lines (see ``_meta``) form a *header*; a bare author line right
above or below a header joins it, on whichever side the page usually prints it. A thread
needs headers whose shape repeats (one comment template prints them all), naming at
least two different people, at a regular cadence up to the end of the page: a first
header followed by article-length text (a dateline over the article) is dropped, and a
last one followed by more text than the whole thread before it rejects the thread.

Headers usually open their comment. When the page ends on a named header they close it
("body / by NAME on DATE"), and the first comment is the text after the wide blank gap
before the first header, or else the last paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from presslens.segment._drafts import LONG_BODY, Draft, Thread, lead_in
from presslens.segment._lines import Line
from presslens.segment._meta import FURNITURE_KINDS, STRONG_KINDS, LineInfo

LONG_TAIL = 3000  # chars after the last header that may still be one comment

_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]+")
_SAYS = re.compile(r"\bsays\s*:?$", re.IGNORECASE)


@dataclass(slots=True)
class _Group:
    """A header in the making: its line indices and what they tell about the comment."""

    lines: list[int]
    anchored: bool = False
    name: str | None = None
    name_at: int | None = None
    name_line: int = -1
    forward: bool = False  # the name came from "NAME says:", which heads the next body
    names: int = 0  # strong lines with a name in the group
    shape: str = ""  # its named (else first) strong line, abstracted by ``_skeleton``


def _header_groups(lines: list[Line], infos: list[LineInfo]) -> list[_Group]:
    """Runs of strong and furniture lines, at most one blank line apart."""
    groups: list[_Group] = []
    timed: list[bool] = []  # whether the group holds a timestamp or a "by" line
    for i, info in enumerate(infos):
        if info.kind not in STRONG_KINDS and info.kind not in FURNITURE_KINDS:
            continue
        if groups and groups[-1].lines[-1] == i - 1 and lines[i].blanks_before <= 1:
            group = groups[-1]
            group.lines.append(i)
        else:
            group = _Group([i])
            groups.append(group)
            timed.append(False)
        if info.kind not in STRONG_KINDS:
            continue
        group.anchored = True
        group.names += info.name is not None
        shape = info.kind + ":" + _skeleton(lines[i].text, info)
        timed[-1] = timed[-1] or info.kind in ("time", "nametime", "by") or "0" in shape
        if not group.shape or (group.name is None and info.name is not None):
            group.shape = shape  # the named line gives the group its shape
        if group.name is None and info.name is not None:
            group.name = info.name
            group.name_at = lines[i].start + info.name_start
            group.name_line = i
            group.forward = info.kind == "says"
    for group, has_time in zip(groups, timed, strict=True):
        # "Ana says:" alone introduces quoted speech in articles; comment systems print
        # a timestamp beside it. "Ana said..." and "Ana wrote:" are comment-only forms.
        if group.forward and not has_time and _SAYS.search(lines[group.name_line].text):
            group.anchored = False
    # Several named lines in a row are a list (race results, reading lists), not a header.
    return [g for g in groups if g.names <= 1]


def _skeleton(text: str, info: LineInfo) -> str:
    """The shape of a header line: its name removed, digit and letter runs abstracted.

    Headers printed by one comment template share a shape; a dateline over the article
    or a stray date in the text rarely has the shape of the comment headers.
    """
    if info.name is not None:
        text = text[: info.name_start] + text[info.name_start + len(info.name) :]
    return _LETTERS.sub("a", _DIGITS.sub("0", text.lower())).replace(" ", "")


def _attach_authors(groups: list[_Group], lines: list[Line], infos: list[LineInfo]) -> None:
    """Give unnamed headers the bare author line beside them, on the page's usual side."""
    taken = {i for g in groups for i in g.lines}

    def author_line(i: int) -> bool:
        return 0 <= i < len(lines) and infos[i].kind == "author" and i not in taken

    votes: Counter[str] = Counter()
    for g in groups:
        if g.name is not None or not g.anchored:
            continue
        first, last = g.lines[0], g.lines[-1]
        if author_line(first - 1) and lines[first].blanks_before <= 1:
            votes["above"] += 2 - lines[first].blanks_before
        if author_line(last + 1) and lines[last + 1].blanks_before <= 1:
            votes["below"] += 2 - lines[last + 1].blanks_before
    if not votes:
        return
    side = "above" if votes["above"] >= votes["below"] else "below"
    for g in groups:
        if g.name is not None or not g.anchored:
            continue
        if side == "above":
            i, ok = g.lines[0] - 1, lines[g.lines[0]].blanks_before <= 1
        else:
            i = g.lines[-1] + 1
            ok = i < len(lines) and lines[i].blanks_before <= 1
        if ok and author_line(i):
            g.lines.insert(0, i) if side == "above" else g.lines.append(i)
            taken.add(i)
            g.name = infos[i].name
            g.name_at = lines[i].start + infos[i].name_start
            g.forward = side == "above"


def _gap(lines: list[Line], a: _Group, b: _Group) -> int:
    """Characters between the end of header ``a`` and the start of header ``b``."""
    return lines[b.lines[0]].start - lines[a.lines[-1]].end


def marked_thread(lines: list[Line], infos: list[LineInfo]) -> Thread | None:
    """The marked thread at the end of the page, or None (see the module docstring)."""
    groups = _header_groups(lines, infos)
    if sum(g.anchored for g in groups) < 2:
        return None
    _attach_authors(groups, lines, infos)
    # Only headers whose shape repeats mark comments; one-off datelines and bylines do not.
    shapes = Counter(g.shape for g in groups if g.anchored and g.name is not None)
    anchors = [g for g in groups if g.anchored and shapes[g.shape] >= 2]

    # The thread starts at the earliest named header after which named headers dominate.
    start_k: int | None = None
    named = 0
    for k in range(len(anchors) - 1, -1, -1):
        named += anchors[k].name is not None
        if anchors[k].name is not None and 2 * named >= len(anchors) - k:
            start_k = k
    if start_k is None:
        return None
    chosen = anchors[start_k:]
    tail = lines[-1].end - lines[chosen[-1].lines[-1]].end
    while len(chosen) >= 2:
        gaps = [_gap(lines, a, b) for a, b in pairwise(chosen)]
        if gaps[0] > max(LONG_BODY, 4 * median([*gaps[1:], tail])):
            chosen.pop(0)
        else:
            break
    if len({g.name for g in chosen if g.name is not None}) < 2:
        return None  # a conversation has at least two participants
    gaps = [_gap(lines, a, b) for a, b in pairwise(chosen)]
    if tail > max(LONG_TAIL, 6 * median(gaps), sum(gaps)):
        return None  # the last "comment" is longer than the rest of the thread: article

    first_line = chosen[0].lines[0]
    in_thread = [g for g in groups if g.lines[0] >= first_line]
    last = in_thread[-1]
    trailer = last.lines[-1] == len(lines) - 1 and last.name is not None and not last.forward
    if trailer:
        return _trailer_drafts(lines, in_thread)
    return _header_drafts(lines, infos, in_thread)


def _header_drafts(lines: list[Line], infos: list[LineInfo], groups: list[_Group]) -> Thread:
    drafts: list[Draft] = []
    start = groups[0].lines[0]
    lead = lead_in(lines, start)
    if lead is not None:
        drafts.append(_lead_draft(lines, infos, lead, start - 1))
        start = lead
    for k, g in enumerate(groups):
        first = g.lines[-1] + 1
        last = groups[k + 1].lines[0] - 1 if k + 1 < len(groups) else len(lines) - 1
        body = (first, last) if first <= last else None
        drafts.append(Draft(tuple(g.lines), body, g.name, g.name_at))
    return Thread(start, tuple(drafts))


def _trailer_drafts(lines: list[Line], groups: list[_Group]) -> Thread:
    first_header = groups[0].lines[0]
    lead = lead_in(lines, first_header)
    if lead is None:  # no wide gap: the first comment is the last paragraph before
        lead = first_header - 1
        while lead > 1 and lines[lead].blanks_before == 0:
            lead -= 1
    lead = max(lead, 1) if first_header > 1 else first_header
    drafts: list[Draft] = []
    body_first = lead
    pending: tuple[str | None, int | None] = (None, None)
    for g in groups:
        body_last = g.lines[0] - 1
        body = (body_first, body_last) if body_first <= body_last else None
        if g.forward:  # "NAME says:" among trailers still heads what follows
            drafts.append(Draft(tuple(g.lines), body, *pending))
            pending = (g.name, g.name_at)
        else:
            author = (g.name, g.name_at) if g.name is not None else pending
            drafts.append(Draft(tuple(g.lines), body, *author))
            pending = (None, None)
        body_first = g.lines[-1] + 1
    return Thread(lead, tuple(drafts))


def _lead_draft(lines: list[Line], infos: list[LineInfo], first: int, last: int) -> Draft:
    info = infos[first]
    if info.kind == "author" and first < last:
        at = lines[first].start + info.name_start
        return Draft((first,), (first + 1, last), info.name, at)
    return Draft((), (first, last))
