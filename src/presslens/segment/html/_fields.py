"""Author, date and body of one comment element.

A comment's own region is its element(s) minus the replies nested in it. In that region
the author is the first element marked as one (``itemprop=author``, a class like
``comment-author``/``fn``/``username``, a ``<cite>``), the date the first ``<time>`` or
element marked as a date, and the body the element marked as the comment's text
(``comment-body``, ``itemprop=text``, ...) or else the whole region, in both cases without
furniture: avatars, "Reply" links, vote counters, the author and date themselves.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from presslens.segment.html._dom import El, lines, names, tag_of, text

_AUTHOR = re.compile(
    r"(?:^|[-_])(?:author|authors|fn|nick|nickname|user|username|user-name|commenter|poster|"
    r"screenname|screen-name|displayname|display-name|handle|byline|name|who|by|postedby)(?:$|[-_])"
)
_NOT_AUTHOR = re.compile(r"avatar|url|pic|photo|img|image|bio|badge|role|says|link|icon|karma")
_DATE = re.compile(
    r"(?:^|[-_])(?:date|dates|time|timestamp|datetime|posted|published|when|ago|created|"
    r"stamp|dateline|postdate|commentdate|comment_time|commenttime)(?:$|[-_])|^(?:commentdate|"
    r"commenttime|posttime|postdate|timeago|timestamp)$"
)
_NOT_DATE = re.compile(r"update|edit|timezone|time-zone|deadline")
_BODY = re.compile(
    r"^(?:[a-z]+[-_])?(?:comment|cmt|post|reply|message)?[-_]?(?:body|content|contents|text|"
    r"entry|message|msg)(?:[-_](?:inner|wrap|wrapper|container|content))?$|^c_text$|"
    r"^format_text$|^commenttext|^comment[-_]?text"
)
_FURNITURE = re.compile(
    r"(?:^|[-_])(?:meta|metadata|commentmetadata|reply|replies|avatar|avatars|actions?|tools|"
    r"toolbar|footer|vote|votes|voting|rating|ratings|score|flag|report|share|sharing|social|"
    r"like|likes|permalink|buttons?|controls|options|menu|moderation|pager)"
    r"(?:$|[-_])"
)
_BODY_PROPS = frozenset({"text", "commenttext", "description", "articlebody"})
_DATE_PROPS = frozenset({"datecreated", "datepublished", "commenttime", "uploaddate"})
_AUTHOR_PROPS = frozenset({"author", "creator"})
_FURNITURE_TAGS = frozenset({"form", "img", "button", "select", "textarea", "input"})

_SAYS = re.compile(r"\s*(?:says|said|wrote|writes)\s*[:.…]*\s*$", re.IGNORECASE)
_BY = re.compile(r"^(?:(?:posted|written|comment(?:ed)?)\s+)?by\s+", re.IGNORECASE)
# Words of the buttons and counters around a comment ("Reply", "Report abuse", "3 likes").
_ACTION_WORDS = frozenset(
    "reply replies report abuse like likes unlike flag share quote edit delete permalink link "
    "recommend recommends recommended respond vote votes up down thumbs this comment to rate "
    "rating points point score show hide collapse expand view all read more less agree "
    "disagree helpful not yes no was".split()
)
_ACTION_SYMBOLS = re.compile(r"[\d\s#|+\-–—·•↑↓▲▼()\[\]:.,!?/]+")
_DATE_TEXT = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"[a-z]*\.?,?\s+\d{2,4}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:st|nd|rd|th)?,?\s+\d{2,4}\b|"
    r"\b(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|"
    r"\b\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b",
    re.IGNORECASE,
)
_TIME_TEXT = re.compile(r"^,?\s*(?:at\s+|@\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?", re.I)
_MAX_AUTHOR = 80
_MAX_META = 160
_MAX_META_LINES = 3
_MAX_DATE = 100


@dataclass(frozen=True, slots=True)
class Fields:
    """What one comment element holds. ``body`` is its text as lines."""

    author: str | None
    date_text: str | None
    published: str | None
    body: tuple[str, ...]
    meta: tuple[str, ...] = ()


def own_elements(parts: Sequence[El], nested: Collection[El]) -> list[El]:
    """The elements of ``parts`` (with descendants), leaving out the subtrees in ``nested``."""
    found: list[El] = []
    for part in parts:
        stack = [part]
        while stack:
            el = stack.pop()
            if tag_of(el) is None or (el in nested and el is not part):
                continue
            found.append(el)
            stack.extend(reversed(el))
    return found


def _prop(el: El) -> str:
    return (el.get("itemprop") or "").lower()


def is_author(el: El) -> bool:
    if _prop(el) in _AUTHOR_PROPS:
        return True
    return any(_AUTHOR.search(n) and not _NOT_AUTHOR.search(n) for n in names(el))


def is_date(el: El) -> bool:
    if tag_of(el) == "time" or _prop(el) in _DATE_PROPS:
        return True
    return any(_DATE.search(n) and not _NOT_DATE.search(n) for n in names(el))


def is_body(el: El) -> bool:
    return _prop(el) in _BODY_PROPS or any(_BODY.search(n) for n in names(el))


def is_furniture(el: El) -> bool:
    return tag_of(el) in _FURNITURE_TAGS or any(_FURNITURE.search(n) for n in names(el))


def clean_author(raw: str) -> str | None:
    """ "By John Smith says:" -> "John Smith"; None when nothing name-like is left."""
    name = _SAYS.sub("", raw.strip().lstrip("#0123456789.) \t"))
    name = _BY.sub("", name).strip(" \t:|-–—·,")
    name = re.split(r"\s+[:|@–—-]\s+(?=.*\d)", name)[0]  # "Joe : 11:58 AM"
    name = re.sub(r"\s*\(\d+\)$", "", name)  # Slashdot-style user numbers
    date = _DATE_TEXT.search(name)
    if date:  # "Beth on August 22, 2012 at 6:29 pm"
        name = _LINKERS.sub("", name[: date.start()].strip()).strip(_EDGES)
    if not name or len(name) > _MAX_AUTHOR or len(name.split()) > 8:
        return None
    return name


def _author_text(el: El) -> str | None:
    if _prop(el) in _AUTHOR_PROPS:
        inner = el.find(".//*[@itemprop='name']")
        if inner is not None:
            el = inner
        elif el.get("content"):
            return clean_author(el.get("content"))
    for inner in el.iterdescendants():
        if tag_of(inner) == "cite" or is_author(inner):
            found = clean_author(text(inner))
            if found is not None:
                return found
    found = clean_author(text(el))
    if found is not None:
        return found
    for inner in el.iterdescendants("cite", "a", "strong", "b", "span"):
        found = clean_author(text(inner))
        if found is not None:
            return found
    return None


def _date_of(el: El) -> tuple[str | None, str | None]:
    """(shown text, machine-readable value) of a date element."""
    shown = text(el) or None
    if shown and len(shown) > _MAX_DATE:
        match = _DATE_TEXT.search(shown)
        shown = match.group(0) if match else None
    machine = el.get("datetime") or el.get("content") or None
    if machine is None and tag_of(el) == "abbr":
        machine = el.get("title") or None
    if shown is None and machine is None:
        return None, None
    if shown and not (any(c.isdigit() for c in shown) or _DATE_TEXT.search(shown)):
        shown = None  # "Posted" and other labels
    return shown, machine or shown


def find_date_text(candidates: Sequence[str]) -> str | None:
    """The first date written in ``candidates`` (with its time of day when it follows)."""
    for line in candidates:
        match = _DATE_TEXT.search(line)
        if match:
            end = match.end()
            clock = _TIME_TEXT.match(line[end:])
            return line[match.start() : end + (clock.end() if clock else 0)].strip()
    return None


def item_fields(parts: Sequence[El], nested: Collection[El]) -> Fields:
    """Author, date and body lines of the comment made of ``parts`` (replies excluded)."""
    own = own_elements(parts, nested)
    headers = parts if len(parts) > 1 else ()  # a <dt> holds its comment's author
    author_el = next(
        (el for el in own if (el not in parts or el in headers[:1]) and is_author(el)), None
    )
    if author_el is None:
        author_el = next((el for el in own if tag_of(el) == "cite"), None)
    author = _author_text(author_el) if author_el is not None else None
    if author is None:
        author_el = None

    date_el = None
    date_text = published = None
    for el in own:
        if el not in parts and el is not author_el and is_date(el):
            date_text, published = _date_of(el)
            if date_text or published:
                date_el = el
                break

    body_el = next((el for el in own if el not in parts and is_body(el)), None)
    skip: set[El] = set(nested)
    skip.update(el for el in (author_el, date_el) if el is not None)
    keep = set(_ancestors_in(body_el, parts)) if body_el is not None else set()
    skip.update(el for el in own if el not in parts and el not in keep and is_furniture(el))
    if body_el is not None and body_el in skip:
        skip.discard(body_el)
    roots = [body_el] if body_el is not None else list(parts)
    body = _strip_actions(lines(roots, skip))
    if not body and body_el is not None:  # the marked body held only furniture: widen
        body = _strip_actions(lines(list(parts), skip))
    if author is not None and body and body[0].startswith(author) and len(body[0]) < 120:
        rest = _SAYS.sub("", body[0][len(author) :]).strip(" :")
        if not rest or _DATE_TEXT.search(rest):
            body = body[1:]
    everything: list[str] | None = None
    if date_text is None and published is None:
        everything = lines(list(parts), set(nested))
        date_text = find_date_text(everything[:4] + everything[-3:])
        published = date_text
    if author is None and date_text:
        if everything is None:
            everything = lines(list(parts), set(nested))
        author, line = _author_beside(everything, date_text)
        if line is not None and line in body:
            body.remove(line)
    elif date_text and body:
        for line in (body[0], body[-1]):
            if date_text in line and len(line) < 2 * len(date_text) + 40:
                body.remove(line)
                break
    if everything is None:
        everything = lines(list(parts), set(nested))
    meta = meta_lines(everything, body, (author, date_text))
    return Fields(author, date_text, published, tuple(body), meta)


_ENUMERATOR = re.compile(r"^(?:comment\s*)?#?\d+(?:\.\d+)*[.:)]?\s+", re.IGNORECASE)
_POSTED = re.compile(r"\b(?:posted|written|submitted|comment(?:ed)?)?\s*by\s*:?\s*", re.I)
_EDGES = " \t-–—|·:,@()[]"
_ACTIONS = re.compile(
    r"\b(?:reply|report(?:\s+abuse)?|permalink|quote|edit|flag|like|share)\b|#\d*", re.I
)
_LINKERS = re.compile(r"\s+(?:at|on|@|from)$|^(?:at|on|@)\s+", re.IGNORECASE)


def _author_beside(found: list[str], date_text: str) -> tuple[str | None, str | None]:
    """A name written on the line that carries the date ("Ann — May 2, 2012"), and the line."""
    for line in found[:3] + found[-2:]:
        if date_text not in line or len(line) > len(date_text) + 100:
            continue
        rest = line.replace(date_text, " ")
        rest = _SAYS.sub("", _POSTED.sub(" ", _ENUMERATOR.sub("", rest.strip())))
        rest = " ".join(_ACTIONS.sub(" ", rest).split()).strip(_EDGES)
        rest = _LINKERS.sub("", rest).strip(_EDGES)
        if _name_like(rest):
            return rest, line
    return None, None


def _name_like(rest: str) -> bool:
    """A short run of words with a letter, not a sentence."""
    return (
        bool(rest)
        and len(rest) <= 60
        and len(rest.split()) <= 6
        and any(c.isalpha() for c in rest)
        and not rest.endswith((".", "!", "?"))
    )


def _ancestors_in(el: El, parts: Sequence[El]) -> list[El]:
    """``el`` and its ancestors up to (not including) the part holding it."""
    chain = [el]
    parent = el.getparent()
    while parent is not None and parent not in parts:
        chain.append(parent)
        parent = parent.getparent()
    return chain


def is_action_line(line: str) -> bool:
    """A line of buttons or counters only: "Reply", "Report abuse", "12 likes | Share"."""
    words = _ACTION_SYMBOLS.sub(" ", line.lower()).split()
    return all(word in _ACTION_WORDS for word in words)


def _strip_actions(found: list[str]) -> list[str]:
    return [line for line in found if not is_action_line(line)]


def meta_lines(
    found: Sequence[str], body: Sequence[str], marks: Sequence[str | None]
) -> tuple[str, ...]:
    """The lines outside the body that show the comment's author or date, as written.

    ("by Ann on May 2, 2012 at 9:14 am", "Ann says:"). Buttons, share links and vote
    counters are left out: only lines carrying one of ``marks`` are kept.
    """
    in_body = set(body)
    wanted = [m for m in marks if m]
    kept = [
        _TRAILING_ACTIONS.sub("", line)
        for line in found
        if line not in in_body and len(line) <= _MAX_META and any(m in line for m in wanted)
    ]
    return tuple(kept[:_MAX_META_LINES])


_TRAILING_ACTIONS = re.compile(
    r"(?:[\s|·•]+(?:reply|actions|report|flag|share|permalink|quote|edit|delete|link|#))+$",
    re.IGNORECASE,
)
