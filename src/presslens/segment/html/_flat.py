"""Comment sections without per-comment markup.

``section_roots`` finds elements named as a comment section (``#comments``,
``.comment-list``, ``.responses``, ...). Inside one, ``says_comments`` reads the
"NAME says:" layout: each line that is a name followed by "says:" (or "wrote:") opens a
comment, a date may follow on the same or the next line, and the lines up to the next
such header are its text; indentation of the header's block (margins, nested lists or
quotes, ``depth-N`` classes) gives replies. ``repeated_children`` finds the element whose
children repeat one shape (same tag and classes) and reads each child as one comment.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from presslens.segment.html._dom import El, ancestors, block_lines, elements, names, tag_of, tokens
from presslens.segment.html._fields import clean_author, find_date_text
from presslens.segment.html._items import is_excluded, parents_from_depths, widen

_SECTION = re.compile(
    r"^(?:[a-z0-9]+[-_])*(?:comments|commentlist|commentslist|comment[-_]?(?:list|section|area|"
    r"stream|thread|threads|wrap|wrapper|container|block|holder|region|s)|responses|discussion|"
    r"talkback|reader[-_]?comments|user[-_]?comments|readercomments|usercomments)"
    r"(?:[-_](?:list|section|area|wrap|wrapper|container|block|holder|inner|main|box|\d+))*$"
)
_NOT_SECTION = re.compile(r"form|respond|count|link|number|num|rss|feed|closed|nav|icon|bubble")
_HEADER = re.compile(
    r"^(?P<name>[^:!?]{1,60}?)\s+(?:says|said|wrote|writes)\s*[:.…]+\s*(?P<rest>.*)$", re.IGNORECASE
)
_INDENT = re.compile(r"(?:margin|padding)-left\s*:\s*(\d+(?:\.\d+)?)\s*(px|em|rem)?", re.I)
_DEPTH = re.compile(r"^(?:depth|level|lvl|indent|nest)[-_]?(\d+)$")
_NESTING_TAGS = frozenset({"blockquote", "ul", "ol", "dl"})
_NOT_SECTION_TAGS = frozenset(
    "body html form a span b i strong em img input button label select textarea".split()
)
_MIN_RECORD_WORDS = 3
_NOT_RECORDS = frozenset(
    "a span img input option script style br dd b i strong em link meta noscript".split()
)


@dataclass(frozen=True, slots=True)
class FlatComment:
    author: str | None
    date_text: str | None
    body: tuple[str, ...]
    parent: int | None
    meta: tuple[str, ...] = ()


def is_section(el: El) -> bool:
    return any(_SECTION.match(n) and not _NOT_SECTION.search(n) for n in names(el))


def section_roots(tree: El) -> list[El]:
    """Outermost elements named as a comment section, outside sidebars and forms."""
    found: list[El] = []
    for el in elements(tree):
        if tag_of(el) in _NOT_SECTION_TAGS or not is_section(el):
            continue
        if any(a in found for a in ancestors(el)) or is_excluded(el):
            continue
        found.append(el)
    return found


def _indent(block: El, root: El) -> float:
    """How far a block is indented inside ``root``: margins in px/16, nesting levels."""
    depth = 0.0
    for node in (block, *ancestors(block)):
        if node is root:
            break
        match = _INDENT.search(node.get("style") or "")
        if match:
            amount = float(match.group(1))
            depth += amount / 16.0 if (match.group(2) or "px").lower() == "px" else amount
        if tag_of(node) in _NESTING_TAGS:
            depth += 1.0
        for token in tokens(node):
            level = _DEPTH.match(token)
            if level:
                depth += float(level.group(1))
    return depth


def says_comments(root: El) -> list[FlatComment]:
    """Comments of a "NAME says:" layout under ``root`` (empty if it has no such header)."""
    found = block_lines([root])
    heads: list[tuple[int, str, str]] = []
    for i, (line, _) in enumerate(found):
        match = _HEADER.match(line)
        rest = match.group("rest") if match else ""
        if match and len(match.group("name").split()) <= 6 and (not rest or find_date_text([rest])):
            name = clean_author(match.group("name"))
            if name:
                heads.append((i, name, match.group("rest")))
    comments: list[FlatComment] = []
    depths: list[float] = []
    for k, (i, name, rest) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(found)
        body = [line for line, _ in found[i + 1 : end]]
        meta = [found[i][0]]
        date = find_date_text([rest]) if rest else None
        if date is None and body and len(body[0]) < 60:
            date = find_date_text(body[:1])
            if date:
                meta.append(body.pop(0))
        if body:
            comments.append(FlatComment(name, date, tuple(body), None, tuple(meta)))
            depths.append(_indent(found[i][1], root))
    parents = parents_from_depths(depths)
    return [
        FlatComment(c.author, c.date_text, c.body, p, c.meta)
        for c, p in zip(comments, parents, strict=True)
    ]


def _shape(el: El) -> tuple[str, tuple[str, ...]]:
    masked = (re.sub(r"\d+", "N", t) for t in tokens(el))
    return tag_of(el) or "", tuple(sorted(t for t in masked if not _DEPTH.match(t)))


def repeated_children(root: El) -> tuple[list[tuple[El, ...]], list[int | None], int] | None:
    """The children of one element under ``root`` that repeat one shape, as comments.

    Returns each comment's elements (a ``<dt>`` with its ``<dd>``s), its parent (from
    indentation) and the words they hold, or None when no element has two such children
    with a few words each.
    """
    best: tuple[int, list[tuple[El, ...]]] | None = None
    for el in elements(root):
        if tag_of(el) in ("form", "select", "script", "style", "head"):
            continue
        shapes = Counter(
            _shape(child) for child in el if tag_of(child) not in _NOT_RECORDS and tag_of(child)
        )
        if not shapes:
            continue
        shape, count = shapes.most_common(1)[0]
        if count < 2:
            continue
        children = [c for c in el if tag_of(c) and _shape(c) == shape]
        members = set(children)
        runs = [widen(c, members) for c in children]
        words = [sum(len(line.split()) for line, _ in block_lines(list(run))) for run in runs]
        good = [r for r, w in zip(runs, words, strict=True) if w >= _MIN_RECORD_WORDS]
        if len(good) < 2:
            continue
        score = sum(words) * (len(good) - 1) // len(good)  # a wrapper of two is not a thread
        if best is None or score > best[0]:
            best = (score, good)
    if best is None:
        return None
    score, items = best
    raw = [_indent(item[0], root) for item in items]
    return items, parents_from_depths(raw), score
