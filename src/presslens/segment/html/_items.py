"""Find the elements that are single comments, and which comment each one answers.

An element is a comment *candidate* when it says so: an id like ``comment-123``,
``li-comment-7``, ``dsq-comment-9``, ``c4711`` (Blogger); a class token like ``comment``,
``dsq-comment``, ``comment-item``; schema.org ``Comment``/``UserComments`` microdata; a
``data-comment-id`` attribute. Candidates are grouped by that evidence with digits
masked (``li#comment-N``), and the group that best explains the thread wins: the one
covering most text, then the one with more members (a wrapper around the whole list is
not a comment), then the outermost (``li#li-comment-N`` over the ``div#comment-N`` it
wraps). ``<dt>``/``<dd>`` pairs and empty ``<a id="comment-N">`` anchors are widened to
the elements they label.

Replies: a comment nested in another's element answers it; in a flat list, depth comes
from ``depth-N``/``level-N`` classes, ``data-depth``, a left margin or padding, or a
``reply``/``child`` class, and a comment answers the nearest earlier one less deep.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from presslens.segment.html._dom import El, ancestors, elements, ident, lines, names, tag_of, tokens

_ITEM_ID = re.compile(
    r"(?:^|[-_])(?:comment|cmt|reply|kommentar|commentaire)[-_]?"
    r"(?:(?:id|item|entry|wrap|container|box|block|li|div|thread)[-_]?)?"
    r"[0-9a-f]*\d[0-9a-f]*$|^c\d{3,}$|^tree_\d+$|^(?:dsq|idc)-comment-\d+$",
)
_ITEM_CLASS = re.compile(
    r"^(?:[a-z0-9]+[-_]?)?comment(?:[-_]?(?:item|wrap|wrapper|single|block|box|node|entry|li|"
    r"container|holder|unit|card|post|thread-item))?$|^(?:single|user|reader)[-_]?comment$|"
    r"^comments?[-_](?:body|entry|item|post|block|box|content|text)$"
)
_INLINE_TAGS = frozenset(
    "a span img input button label time abbr cite b i strong em small sup sub font".split()
)
_ITEM_ATTRS = ("data-comment-id", "data-commentid", "data-comment")
_COMMENT_TYPES = ("schema.org/comment", "schema.org/usercomments")
# Places where comment-like markup is never the page's thread.
_OUTSIDE = re.compile(
    r"^(?:[\w-]*sidebar[\w-]*|widget-area|widgetarea|widgets|secondary|"
    r"[\w-]*recent[-_]?comments[\w-]*|most[-_]?(?:commented|popular|read)[\w-]*|popular[\w-]*|"
    r"related[\w-]*|footer-widgets|navigation|nav|menu|main-menu|breadcrumbs?)$"
)
# Layout wrappers named after the sidebar they sit beside ("content-sidebar-wrap").
_LAYOUT = re.compile(r"wrap|content|container|layout|main|page|column|^(?:no|has|with|without)[-_]")
_OUTSIDE_TAGS = frozenset({"nav", "aside", "head", "form", "script", "style", "noscript"})
_DIGITS = re.compile(r"[0-9a-f]*\d[0-9a-f]*")
_DEPTH_CLASS = re.compile(r"^(?:depth|level|lvl|indent|nest|nested|thread-level)[-_]?(\d+)$")
_REPLY_CLASS = re.compile(
    r"^(?:reply|child|children|response|answer|sub[-_]?comment|nested|comment[-_]reply|"
    r"is[-_]reply|reply[-_]comment)$"
)
_INDENT_STYLE = re.compile(r"(?:margin|padding)-left\s*:\s*(\d+(?:\.\d+)?)\s*(px|em|rem|%)?", re.I)


@dataclass(frozen=True, slots=True)
class Item:
    """One comment: the elements it is made of (usually one) and its parent's index."""

    parts: tuple[El, ...]
    parent: int | None
    depth: int


def item_key(el: El) -> str | None:
    """The kind of comment evidence ``el`` carries, digits masked; None if it has none."""
    itemtype = (el.get("itemtype") or "").lower()
    if itemtype and any(t in itemtype for t in _COMMENT_TYPES):
        return "itemtype:" + itemtype.rsplit("/", 1)[-1]
    if tag_of(el) in _INLINE_TAGS and (len(el) or (el.text or "").strip()):
        return None  # a link or label about comments, not a comment
    name = ident(el)
    if name and _ITEM_ID.search(name):
        return "id:" + _DIGITS.sub("N", name)
    for token in tokens(el):
        if _ITEM_CLASS.match(token):
            return "class:" + token
    if any(el.get(attr) for attr in _ITEM_ATTRS):
        return "attr"
    return None


def _names_comments(el: El) -> bool:
    return any("comment" in name for name in names(el))


def is_excluded(el: El) -> bool:
    """Whether ``el`` sits in a sidebar, widget, menu or form, where no thread is."""
    for node in (el, *ancestors(el)):
        tag = tag_of(node)
        if tag in ("body", "html"):
            return False
        if tag in _OUTSIDE_TAGS and not (tag == "aside" and _names_comments(node)):
            return True
        for name in names(node):
            if _OUTSIDE.search(name) and not _LAYOUT.search(name):
                return True
    return False


def candidate_groups(root: El) -> dict[tuple[str, str], list[El]]:
    """Candidates under ``root`` grouped by ``(tag, evidence)``, in document order."""
    groups: dict[tuple[str, str], list[El]] = {}
    for el in elements(root):
        key = item_key(el)
        if key is not None and not is_excluded(el):
            groups.setdefault((tag_of(el) or "", key), []).append(el)
    return groups


def widen(el: El, members: set[El]) -> tuple[El, ...]:
    """The elements one comment is made of: ``<dt>`` with its ``<dd>``s, an anchor's run."""
    tag = tag_of(el)
    if tag == "dd":
        prev = el.getprevious()
        while prev is not None and tag_of(prev) == "dd":
            prev = prev.getprevious()
        if prev is not None and tag_of(prev) == "dt":
            el, tag = prev, "dt"
    if tag == "dt":
        parts = [el]
        nxt = el.getnext()
        while nxt is not None and tag_of(nxt) in ("dd", None):
            if tag_of(nxt) == "dd":
                parts.append(nxt)
            nxt = nxt.getnext()
        return tuple(parts)
    if len(el) == 0 and not (el.text or "").strip():  # an empty anchor before its comment
        parts = [el]
        nxt = el.getnext()
        while (
            nxt is not None
            and nxt not in members
            and not any(d in members for d in nxt.iterdescendants())
        ):
            parts.append(nxt)
            nxt = nxt.getnext()
        return tuple(parts)
    return (el,)


@dataclass(frozen=True, slots=True)
class Group:
    """A candidate reading of the thread: its comments and how much text they cover."""

    key: tuple[str, str]
    items: tuple[Item, ...]
    coverage: int
    texts: int  # items with any text


def build_group(key: tuple[str, str], members: Sequence[El]) -> Group:
    member_set = set(members)
    seen: set[El] = set()
    parts_list: list[tuple[El, ...]] = []
    for el in members:
        parts = widen(el, member_set)
        if parts[0] in seen:
            continue
        seen.update(parts)
        parts_list.append(parts)
    heads = {parts[0]: i for i, parts in enumerate(parts_list)}
    all_parts = {p: i for i, parts in enumerate(parts_list) for p in parts}
    dom_parent: list[int | None] = []
    for parts in parts_list:
        dom_parent.append(next((all_parts[a] for a in ancestors(parts[0]) if a in all_parts), None))
    nested_heads = set(heads)
    coverage = texts = 0
    for parts in parts_list:
        chars = sum(len(line) for line in lines(list(parts), nested_heads - set(parts)))
        coverage += chars
        texts += chars > 0
    if any(p is not None for p in dom_parent):
        depths = _dom_depths(dom_parent)
        parents = dom_parent
    else:
        raw = [_depth_hint(parts[0]) for parts in parts_list]
        parents = parents_from_depths(raw)
        depths = depths_to_ranks(raw)
    items = tuple(
        Item(parts, parent, depth)
        for parts, parent, depth in zip(parts_list, parents, depths, strict=True)
    )
    return Group(key, items, coverage, texts)


def _dom_depths(parents: list[int | None]) -> list[int]:
    depths: list[int] = []
    for parent in parents:
        depths.append(0 if parent is None else depths[parent] + 1)
    return depths


def _depth_hint(el: El) -> float:
    """How deep a comment of a flat list sits, from classes, attributes or indentation."""
    for attr in ("data-depth", "data-level", "aria-level"):
        value = el.get(attr)
        if value and value.strip().isdigit():
            return float(value)
    reply = 0.0
    for token in tokens(el):
        match = _DEPTH_CLASS.match(token)
        if match:
            return float(match.group(1))
        if _REPLY_CLASS.match(token):
            reply = 1.0
    for node in (el, *el.iterchildren()):
        match = _INDENT_STYLE.search(node.get("style") or "") if tag_of(node) else None
        if match:
            amount = float(match.group(1))
            unit = (match.group(2) or "px").lower()
            return amount / (16.0 if unit == "px" else 1.0) + reply
        if node is not el:
            break  # only the first child counts: indentation wraps the whole comment
    return reply


def parents_from_depths(depths: Sequence[float]) -> list[int | None]:
    """Each comment answers the nearest earlier comment that sits less deep."""
    parents: list[int | None] = []
    for i, depth in enumerate(depths):
        parent = None
        for j in range(i - 1, -1, -1):
            if depths[j] < depth:
                parent = j
                break
        parents.append(parent)
    return parents


def depths_to_ranks(depths: Sequence[float]) -> list[int]:
    """Distinct depth values to 0, 1, 2, ... (indentation in pixels to levels)."""
    order = {value: rank for rank, value in enumerate(sorted(set(depths)))}
    return [order[d] for d in depths]


def choose_group(groups: Sequence[Group]) -> Group | None:
    """The group that best explains the thread (see the module docstring), or None."""
    usable = [g for g in groups if g.texts and not _is_wrapper(g, groups)]
    if not usable:
        return None
    best = max(g.coverage for g in usable)
    close = [g for g in usable if g.coverage >= 0.75 * best]
    most = max(g.texts for g in close)
    close = [g for g in close if g.texts >= 0.85 * most]
    close.sort(key=lambda g: -g.coverage)
    chosen = close[0]
    for other in close[1:]:
        if _contains(other, chosen):
            chosen = other
    return chosen


def _is_wrapper(group: Group, groups: Sequence[Group]) -> bool:
    """A group of few members each holding several comments of another group."""
    if len(group.items) > 3:
        return False
    for other in groups:
        if other is group or len(other.items) < 2 * len(group.items):
            continue
        inside = sum(
            1
            for item in other.items
            if any(a in group.items[0].parts for a in ancestors(item.parts[0]))
        )
        if inside >= 2:
            return True
    return False


def _contains(outer: Group, inner: Group) -> bool:
    """Whether ``outer``'s first comment element holds ``inner``'s first one."""
    first = inner.items[0].parts[0]
    return any(a in outer.items[0].parts for a in ancestors(first))
