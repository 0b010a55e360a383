"""Small DOM helpers over lxml: class tokens, visible text by lines, safe walks.

Every walk here is iterative, so a page nested thousands of levels deep (malformed
markup does that) cannot overflow Python's stack.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Any, TypeAlias

from lxml import html as lxml_html

#: An lxml ``HtmlElement``; lxml ships no type hints, so to mypy it is ``Any``.
El: TypeAlias = Any

#: Elements whose text is never visible page text.
SKIP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas button input select "
    "textarea option datalist head title meta link map audio video source track".split()
)
#: Elements that start and end a line of text.
BLOCK_TAGS = frozenset(
    "p div li dd dt dl ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr thead tbody tfoot "
    "section article header footer aside nav main form fieldset hr figure figcaption address "
    "details summary center body html caption legend".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_SPACES = re.compile(r"\s+")
# Zero-width characters and soft hyphens: invisible, and they break word matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def tag_of(el: object) -> str | None:
    """The element's tag name, or None for comments and processing instructions."""
    tag = getattr(el, "tag", None)
    return tag.lower() if isinstance(tag, str) else None


def tokens(el: El) -> list[str]:
    """The element's class tokens, lowercased."""
    return (el.get("class") or "").lower().split()


def ident(el: El) -> str:
    return (el.get("id") or "").strip().lower()


def names(el: El) -> list[str]:
    """Class tokens and id together: what an element says it is."""
    found = tokens(el)
    if name := ident(el):
        found.append(name)
    return found


def clean(text: str) -> str:
    """Collapse whitespace to single spaces and drop invisible characters."""
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


def elements(root: El) -> Iterator[El]:
    """Every element under ``root`` (itself included), in document order, no comments."""
    for el in root.iter():
        if isinstance(el.tag, str):
            yield el


def ancestors(el: El) -> Iterator[El]:
    parent = el.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def is_inside(el: El, others: Collection[El]) -> bool:
    """Whether ``el`` is a descendant of one of ``others`` (not counting itself)."""
    return any(a in others for a in ancestors(el))


def lines(roots: Sequence[El], skip: Collection[El] = ()) -> list[str]:
    """The visible text of ``roots`` as non-empty lines, block elements breaking lines.

    Subtrees in ``skip`` and invisible elements (scripts, forms' inputs, ...) are left out;
    the tails of skipped elements (text after them) are kept.
    """
    return [line for line, _ in block_lines(roots, skip)]


def block_lines(roots: Sequence[El], skip: Collection[El] = ()) -> list[tuple[str, El]]:
    """Like ``lines``, each line with the innermost block element it starts in."""
    out: list[tuple[str, El]] = []
    buf: list[str] = []
    blocks: list[El] = []
    start: list[El | None] = [None]

    def newline() -> None:
        if buf:
            line = clean("".join(buf))
            if line and start[0] is not None:
                out.append((line, start[0]))
            buf.clear()
        start[0] = None

    def add(piece: str) -> None:
        if not buf and not piece.strip():
            return
        if start[0] is None:
            start[0] = blocks[-1]
        buf.append(piece)

    for root in roots:
        blocks[:] = [root]
        stack: list[tuple[El, bool]] = [(root, False)]
        while stack:
            el, closing = stack.pop()
            tag = tag_of(el)
            tail = el.tail if el is not root else None
            if closing:
                if tag in BLOCK_TAGS:
                    newline()
                    if el is not root:
                        blocks.pop()
                elif tag in _CELL_TAGS:
                    add(" ")
                if tail:
                    add(tail)
                continue
            if tag is None or tag in SKIP_TAGS or el in skip:
                if tag in BLOCK_TAGS:
                    newline()
                if tail:
                    add(tail)
                continue
            if tag == "br":
                newline()
                if tail:
                    add(tail)
                continue
            if tag in BLOCK_TAGS:
                newline()
                if el is not root:
                    blocks.append(el)
            if el.text:
                add(el.text)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))
        newline()
    return out


def text(roots: Sequence[El] | El, skip: Collection[El] = ()) -> str:
    """The visible text of ``roots`` on one line."""
    seq = [roots] if isinstance(roots, lxml_html.HtmlElement) else roots
    return " ".join(lines(seq, skip))


def first(found: Iterable[El]) -> El | None:
    return next(iter(found), None)
