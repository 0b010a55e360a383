"""Blogger's threaded comments: a JavaScript array in the page that a script draws.

Blogger pages carry their comments as ``var items = [{'id': ..., 'parentId': ...,
'body': '...', 'author': {'name': ...}, 'displayTime': ...}, ...]`` inside the comment
section; the visible thread is drawn from it in the browser. The data is in the saved
page, so it is read here (JavaScript string escapes decoded, the HTML of each body turned
into lines) rather than reported as missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from presslens.segment.html._dom import El, clean, elements, lines, tag_of

_STRING = r"'((?:[^'\\]|\\.)*)'"
_ITEM = re.compile(
    r"\{\s*'id'\s*:\s*'(?P<id>[^']+)'"
    r"(?:\s*,\s*'parentId'\s*:\s*'(?P<parent>[^']*)')?"
    r"\s*,\s*'body'\s*:\s*" + _STRING.replace("(", "(?P<body>", 1) + r".*?"
    r"'author'\s*:\s*\{\s*'name'\s*:\s*" + _STRING.replace("(", "(?P<name>", 1) + r".*?"
    r"'displayTime'\s*:\s*" + _STRING.replace("(", "(?P<time>", 1),
    re.DOTALL,
)
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|([0-7]{1,3})|(.))", re.DOTALL)
_SIMPLE = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": ""}


@dataclass(frozen=True, slots=True)
class BloggerComment:
    author: str | None
    date_text: str | None
    body: tuple[str, ...]
    parent: int | None


def _unescape(value: str) -> str:
    def one(match: re.Match[str]) -> str:
        hex2, hex4, octal, other = match.groups()
        if hex2 or hex4:
            return chr(int(hex2 or hex4, 16))
        if octal:
            return chr(int(octal, 8))
        return _SIMPLE.get(other, other)

    return _ESCAPE.sub(one, value)


def _body_lines(markup: str) -> tuple[str, ...]:
    if not markup.strip():
        return ()
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return tuple(line for line in (clean(p) for p in markup.splitlines()) if line)
    return tuple(lines([root]))


def blogger_comments(tree: El) -> list[BloggerComment]:
    """The comments of Blogger's script data island, parents before replies; or none."""
    found: list[BloggerComment] = []
    index: dict[str, int] = {}
    for el in elements(tree):
        code = el.text or "" if tag_of(el) == "script" else ""
        if "'displayTime'" not in code or "'body'" not in code:
            continue
        for match in _ITEM.finditer(code):
            body = _body_lines(_unescape(match.group("body")))
            if not body:
                continue
            parent = index.get(match.group("parent") or "")
            name = clean(_unescape(match.group("name"))) or None
            date = clean(_unescape(match.group("time"))) or None
            index[match.group("id")] = len(found)
            found.append(BloggerComment(name, date, body, parent))
    return found
