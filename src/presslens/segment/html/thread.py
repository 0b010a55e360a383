"""Find the comment thread of an HTML page: each comment's author, date, text and parent.

``find_thread(tree)`` tries, in order, and keeps the first that finds comments:

1. comment elements (``_items``): WordPress ``ol.commentlist > li.comment`` with nested
   ``ul.children``, Disqus' server-rendered ``li.dsq-comment``, Blogger ``dt``/``dd``
   pairs, generic blocks classed or id'd as comments, schema.org ``Comment`` and
   ``UserComments`` microdata; fields are read by ``_fields``;
2. inside an element named as the comment section (``#comments``, ``.responses``, ...):
   the "NAME says:" layout, then children that repeat one shape (``_flat``);
3. schema.org JSON-LD ``comment`` arrays (``_jsonld``);
4. Blogger's threaded comments, a script data island (``_blogger``).

When none finds a comment and the page embeds a comment system that loads its thread by
script (Disqus, Facebook, Coral, ...), ``CommentThread.provider`` names it, so the caller
can warn instead of inventing comments. ``CommentThread.prune`` lists the elements that
hold the thread, to remove before the article is extracted, so comment text never leaks
into the article.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from presslens.segment.html._blogger import blogger_comments
from presslens.segment.html._dom import El, ancestors, block_lines, tag_of
from presslens.segment.html._fields import item_fields
from presslens.segment.html._flat import (
    is_section,
    repeated_children,
    says_comments,
    section_roots,
)
from presslens.segment.html._items import (
    Group,
    build_group,
    candidate_groups,
    choose_group,
    item_key,
)
from presslens.segment.html._jsonld import jsonld_comments
from presslens.segment.html._scripted import scripted_provider

_ARTICLE_MARKS = ("articlebody", "entry-content", "post-content", "article-body", "story-body")
_LIST_TAGS = frozenset({"ol", "ul", "dl"})


@dataclass(frozen=True, slots=True)
class HtmlComment:
    """One comment read from the DOM. ``parent`` is the index of the comment it answers."""

    body: tuple[str, ...]
    author: str | None = None
    date_text: str | None = None
    published: str | None = None
    parent: int | None = None
    meta: tuple[str, ...] = ()  # the lines around the body as shown: author, date, ...

    @property
    def text(self) -> str:
        return "\n".join(self.body)


@dataclass(frozen=True, slots=True)
class CommentThread:
    """The comments of a page, the elements holding them, and how they were found."""

    comments: tuple[HtmlComment, ...] = ()
    prune: tuple[El, ...] = ()
    method: str = "none"  # "elements", "says", "records", "json-ld", "blogger" or "none"
    provider: str | None = None  # a script-loaded comment system, when no comment was found


def find_thread(tree: El) -> CommentThread:
    """The comment thread of the page ``tree`` (an lxml HTML document)."""
    body = tree.find("body")
    root = body if body is not None else tree
    thread = _from_elements(root)
    if thread is None:
        thread = _from_sections(root)
    if thread is None:
        thread = _from_jsonld(tree, root)
    if thread is None:
        thread = _from_blogger(root)
    if thread is None:
        return CommentThread(provider=scripted_provider(tree))
    return thread


def _comment(parts: Sequence[El], other_heads: Collection[El], parent: int | None) -> HtmlComment:
    """The comment whose elements are ``parts``, read by ``item_fields``."""
    fields = item_fields(parts, other_heads)
    return HtmlComment(
        fields.body, fields.author, fields.date_text, fields.published, parent, fields.meta
    )


def _from_elements(root: El) -> CommentThread | None:
    groups = [build_group(key, members) for key, members in candidate_groups(root).items()]
    groups = [g for g in groups if _plausible(g)]
    chosen = choose_group(groups)
    if chosen is None:
        return None
    heads = {item.parts[0] for item in chosen.items}
    comments: list[HtmlComment] = []
    for item in chosen.items:
        comments.append(_comment(item.parts, heads - {item.parts[0]}, item.parent))
    found = _drop_empty(comments)
    if not found:
        return None
    tops = [item.parts for item in chosen.items if item.parent is None]
    return CommentThread(tuple(found), _section(tops), "elements")


def _plausible(group: Group) -> bool:
    """A comment never holds the page's main heading or the article body."""
    return not any(
        _holds_article(part) for item in group.items if item.parent is None for part in item.parts
    )


def _holds_article(el: El) -> bool:
    for node in el.iterdescendants():
        tag = tag_of(node)
        if tag == "h1" or (tag == "article" and item_key(node) is None):
            return True
        marks = ((node.get("itemprop") or "") + " " + (node.get("class") or "")).lower()
        if any(m in marks for m in _ARTICLE_MARKS):
            return True
    return False


def _section(tops: Sequence[tuple[El, ...]]) -> tuple[El, ...]:
    """The elements to remove: the comments and the section (list, ``#comments``) around them."""
    prune: list[El] = [p for parts in tops for p in parts]
    common = _common_ancestor([parts[0] for parts in tops])
    if common is None:
        return tuple(prune)
    outer = None
    if tag_of(common) in _LIST_TAGS or is_section(common):
        outer = common
    for node in (common, *ancestors(common)):
        if tag_of(node) in ("body", "html"):
            break
        if is_section(node):
            outer = node
    if outer is None or _holds_article(outer):
        return tuple(prune)
    return (outer,)


def _common_ancestor(nodes: Sequence[El]) -> El | None:
    if not nodes:
        return None
    chain = list(ancestors(nodes[0]))
    for node in nodes[1:]:
        mine = set(ancestors(node))
        chain = [a for a in chain if a in mine]
    return chain[0] if chain else None


def _drop_empty(comments: list[HtmlComment]) -> list[HtmlComment]:
    """Leave out comments without text; their replies answer their nearest kept ancestor."""
    index: dict[int, int] = {}
    kept: list[HtmlComment] = []
    for i, comment in enumerate(comments):
        parent = comment.parent
        while parent is not None and parent not in index:
            parent = comments[parent].parent
        if not comment.body:
            continue
        index[i] = len(kept)
        kept.append(replace(comment, parent=index[parent] if parent is not None else None))
    return kept


def _from_sections(root: El) -> CommentThread | None:
    roots = section_roots(root)
    for section in roots:
        flat = says_comments(section)
        if flat:
            comments = [
                HtmlComment(c.body, c.author, c.date_text, c.date_text, c.parent, c.meta)
                for c in flat
            ]
            return CommentThread(tuple(comments), (section,), "says")
    found = [records for section in roots if (records := repeated_children(section))]
    if found:
        items, parents, _ = max(found, key=lambda records: records[2])
        comments = [
            _comment(parts, (), parent) for parts, parent in zip(items, parents, strict=True)
        ]
        kept = _drop_empty(comments)
        signed = sum(1 for c in kept if c.author or c.date_text)
        if len(kept) >= 2 and signed >= max(2, len(kept) // 2):  # they read like comments
            return CommentThread(tuple(kept), _section(items), "records")
    return None


def _from_blogger(root: El) -> CommentThread | None:
    found = blogger_comments(root)
    if not found:
        return None
    comments = tuple(
        HtmlComment(c.body, c.author, c.date_text, c.date_text, c.parent) for c in found
    )
    sections = [el for el in section_roots(root) if tag_of(el) not in ("a", "span")]
    return CommentThread(comments, tuple(sections), "blogger")


def _from_jsonld(tree: El, root: El) -> CommentThread | None:
    found = jsonld_comments(tree)
    if not found:
        return None
    comments = tuple(
        HtmlComment(c.body, c.author, c.published, c.published, c.parent) for c in found
    )
    # The same comments may be visible in the page, drawn in markup we did not recognise:
    # remove the blocks that show their lines so they do not leak into the article.
    wanted = {line for c in comments for line in c.body if len(line) >= 20}
    copies = {block for line, block in block_lines([root]) if line in wanted}
    prune = tuple(b for b in copies if not any(a in copies for a in ancestors(b)))
    return CommentThread(comments, prune, "json-ld")
