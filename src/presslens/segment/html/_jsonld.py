"""Comments given as schema.org JSON-LD (``"comment": [{"@type": "Comment", ...}]``).

Publishers put them in ``<script type="application/ld+json">`` for search engines; they
are in the saved page even when the visible thread is drawn by script. Replies are
comments nested in a comment's own ``comment`` list.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeGuard

from presslens.segment.html._dom import El, clean, elements, tag_of

_TEXT_KEYS = ("text", "commentText", "description", "articleBody")
_DATE_KEYS = ("dateCreated", "datePublished", "commentTime", "uploadDate")
_MAX_COMMENTS = 10_000


@dataclass(frozen=True, slots=True)
class LdComment:
    author: str | None
    published: str | None
    body: tuple[str, ...]
    parent: int | None


def _documents(tree: El) -> Iterator[Any]:
    for el in elements(tree):
        if tag_of(el) != "script" or "ld+json" not in (el.get("type") or "").lower():
            continue
        try:
            yield json.loads(el.text or "")
        except (ValueError, RecursionError):
            continue


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("alternateName")
    if isinstance(value, str) and clean(value):
        return clean(value)
    return None


def _body(node: dict[str, Any]) -> tuple[str, ...]:
    for key in _TEXT_KEYS:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return tuple(line for line in (clean(p) for p in value.splitlines()) if line)
    return ()


def _is_comment(node: Any) -> TypeGuard[dict[str, Any]]:
    if not isinstance(node, dict):
        return False
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] in ("Comment", "Answer") for k in kinds)


def jsonld_comments(tree: El) -> list[LdComment]:
    """Every JSON-LD comment of the page, replies after their parents, in page order."""
    found: list[LdComment] = []

    def add(node: dict[str, Any], parent: int | None) -> None:
        if len(found) >= _MAX_COMMENTS:
            return
        body = _body(node)
        index = parent
        if body:
            date = next((node[k] for k in _DATE_KEYS if isinstance(node.get(k), str)), None)
            found.append(LdComment(_name(node.get("author")), date, body, parent))
            index = len(found) - 1
        children = node.get("comment")
        for child in children if isinstance(children, list) else [children]:
            if _is_comment(child):
                add(child, index)

    stack: list[Any] = list(_documents(tree))[::-1]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if _is_comment(node):
                add(node, None)
                continue
            for key, value in reversed(list(node.items())):
                if isinstance(value, dict | list) and key != "comment":
                    stack.append(value)
            comments = node.get("comment")
            for child in comments if isinstance(comments, list) else [comments]:
                if _is_comment(child):
                    add(child, None)
    return found
