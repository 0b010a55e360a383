"""Recognise the lines that comment systems wrap around reader comments.

``classify_line`` gives each line one kind:

``says``      "Ana says:", "Ana said...", "Ana wrote:" (a date may stand beside it)
``by``        "by ana on July 7, 2012 at 9:59 am", "written by Ana, October 24, 2012"
``avatar``    "Comment author avatarAna"
``nametime``  a name and a timestamp on one line: "Ana July 7, 2012 at 2:31 pm"
``time``      a timestamp alone: "October 29, 2012 at 12:41 pm", "3 hours ago"
``action``    comment controls and counters: "Reply", "Report abuse", "Like (3)", "+20"
``heading``   the thread's title: "12 Comments", "3 Responses to ...", "Leave a Reply"
``author``    a line shaped like a user name: "Marta Kowalczyk", "john mason", "gus_99"
``text``      anything else

The first five are *strong*: articles rarely repeat them. ``action`` and ``heading`` are
comment-section furniture, meaningful only next to strong lines. ``author`` is weak:
subheads and photo credits have the same shape, so it only counts with support.
Every pattern runs on short lines only, so classification is linear in the page size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

LineKind = Literal[
    "text", "author", "time", "nametime", "says", "by", "avatar", "action", "heading"
]
STRONG_KINDS: frozenset[str] = frozenset({"time", "nametime", "says", "by", "avatar"})
FURNITURE_KINDS: frozenset[str] = frozenset({"action", "heading"})

MAX_META_CHARS = 200  # longer lines are always text
MAX_META_WORDS = 20  # and so are lines of more words

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs?(?:day)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_MONTH_YEAR = rf"{_DAY}\.?\s+(?:of\s+)?{_MONTH},?\s+\d{{2,4}}"
_UNITS = r"(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?|months?|years?)\s+ago"
# Each alternative is a full date (with year or weekday), a clock time or a relative time.
# Words must start a word; numbers may follow letters ("Joan10/28/12 5:33 PM").
_WHEN = re.compile(
    rf"(?:(?<![\w])(?:"
    rf"(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+\d{{4}}"
    rf"|{_WEEKDAY},?\s+{_MONTH}\s+{_DAY}"
    rf"|{_WEEKDAY},?\s+{_DAY_MONTH_YEAR}"
    rf"|(?:an?|one)\s+{_UNITS}|yesterday|just\s+now"
    rf")|(?<![\d.:/-])(?:"
    rf"{_DAY_MONTH_YEAR}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?Z?)?"
    rf"|\d{{1,2}}[./-]\d{{1,2}}[./-](?:\d{{4}}|\d{{2}})(?![\d.])"
    rf"|@?\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*[ap]\.?m\b\.?)?"
    rf"|\d{{1,2}}(?:\.\d{{2}})?\s*[ap]\.?m\b\.?"
    rf"|\d+\s+{_UNITS}"
    rf"))(?![\w])",
    re.IGNORECASE,
)
# Cheap test (on the lower-cased line) for what every timestamp alternative needs.
_MONTH_STEM = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_MAY_HOLD_TIME = re.compile(
    rf"\d[:./-]\d|\d\s*[ap]\.?m\b|{_MONTH_STEM}[a-z]*\.?,?\s+\d"
    rf"|\d(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH_STEM}|ago\b|yesterday|just\s+now"
)
# A month and day without year or weekday only counts next to a clock time.
_MONTH_DAY = re.compile(rf"(?<![\w]){_MONTH}\s+{_DAY}(?![\w])", re.IGNORECASE)

# Words and marks that stand around a timestamp and carry no name.
_FILLER = re.compile(
    r"(?<![\w])(?:at|on|by|posted|updated|last|published|edited|modified|submitted|in|reply|"
    r"permalink|link|comment\s+number|comment|said|ago|e[sd]t|[cmp][sd]t|gmt|bst|utc|cet|"
    r"cest|ist|aest|et|pt|ct|journal|#\d+|\(#?\d+\)|\d+\.(?=\s)|"
    r"(?:u\.?s\.?\s+)?(?:pacific|eastern|central|mountain|atlantic|local)(?:\s+time)?|"
    rf"{_WEEKDAY})(?![\w])"
    r"|[|/@•·*,;:()\[\]#\u2013\u2014-]+",
    re.IGNORECASE,
)
_SAYS = re.compile(
    r"^(?P<name>.{1,60}?)\s+(?:says|said\s*(?:\.\.\.|…|,)|wrote|writes|replied|commented)"
    r"\s*(?::|\.\.\.|…)?$",
    re.IGNORECASE,
)
_SAYS_VERBS = ("says", "said", "wrote", "writes", "replied", "commented")
_BY = re.compile(
    r"^(?:(?:posted|written|submitted|comment(?:ed)?|added|reply)\s+)?by:?\s+"
    r"(?P<name>[^,(<|\n]+?)"
    r"(?P<rest>(?:\s+(?:on|at|posted)\s|\s*[,(<|·•]|\s+[-–—]\s|\s+(?=\d)|\s\s).*)?$",
    re.IGNORECASE,
)
_USER_ID = re.compile(r"\(\d+\)|<[^>]*>")  # "by ana (12345) <ana@example.org>"
_AVATAR = re.compile(r"^(?:comment\s+)?(?:author\s+)?avatar(?:\s+(?:of|for))?\s*", re.IGNORECASE)
_ACTION_WORD = (
    r"(?:reply|replies|report(?:\s+(?:abuse|comment|this(?:\s+comment)?))?|like|likes|unlike|"
    r"dislike|share|flag(?:\s+as\s+inappropriate)?|permalink|quote|recommend(?:ed)?|"
    r"vote\s+(?:up|down)|link|parent|edit|delete|respond|retweet|favorite|"
    r"log\s+in\s+to\s+reply|reply\s+to\s+this(?:\s+comment)?|(?:show|hide|view)\s+replies)"
)
# What comment widgets count: "3 likes", "Total Comments (920)", "557 Fans".
_COUNTED = r"(?:points?|likes?|votes?|replies|comments?|posts?|fans|followers|karma)"
_ACTION = re.compile(
    rf"^(?:[+\-−]\d+|\d+\s+{_COUNTED}|(?:total\s+)?{_COUNTED}\s*[:(]?\s*\d+\)?)?"
    rf"[\s|·•/↓↑»:-]*"
    rf"(?:{_ACTION_WORD}(?:\s*\(\d+\))?[\s|·•/↓↑»:-]*)*$",
    re.IGNORECASE,
)
_CALENDAR_WORD = re.compile(rf"^(?:{_MONTH}|{_WEEKDAY})$", re.IGNORECASE)
_NON_SPACE = re.compile(r"\S+")
_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:reader\s+)?(?:comments?|responses?|replies|reactions?|thoughts?|"
    r"trackbacks?|pingbacks?)(?:\s*\(\d+\))?(?:\s+(?:to|on|for)\s.*)?:?$"
    r"|^(?:leave|post|add|write|submit)\s+(?:a|your)\s+(?:comment|reply|response)\b.*$"
    r"|^(?:join|start)\s+the\s+(?:discussion|conversation)\b.*$"
    r"|^(?:show|view|load|read)\s+(?:all\s+)?(?:\d+\s+)?(?:more\s+)?comments?\b.*$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"^[(\[]?[\w@][\w'’.&-]*[)\]]?$")
_NUMBERING = re.compile(r"^(?:comment\s+(?:number\s+)?|#)?\d{1,4}[.):]?\s+(?!\d)", re.IGNORECASE)

# Function words: a line made of these is a phrase or a sentence, not a user name.
_STOP = frozenset(
    """a an the of and or but nor to in on at for with from by into onto about as than
    is are was were be been am has have had do does did not no yes so if then this that
    these those it its my your our their his her i you we they he she me us them what who
    whom how why when where which there here all any some more most just up out over new
    read see also via after before during under per vs""".split()
)
_PRONOUNS = frozenset("i you he she it we they who this that one someone everyone".split())
_PARTICLES = frozenset("de da di du del della van von der den la le el al bin ibn st".split())
# Words that head page furniture rather than name a person.
_FURNITURE = frozenset(
    """comments comment reply replies share advertisement advertise related tags labels
    home menu login subscribe print email next previous permalink update updated note
    photo photos video source sources contents references transcript sponsored""".split()
)


@dataclass(frozen=True, slots=True)
class LineInfo:
    """What a line is; ``name`` (when known) is at ``name_start`` within the stripped line."""

    kind: LineKind
    name: str | None = None
    name_start: int = 0


TEXT = LineInfo("text")
_ACTION_INFO = LineInfo("action")
_HEADING_INFO = LineInfo("heading")
_TIME_INFO = LineInfo("time")


def is_name_like(s: str, *, strict: bool = True) -> bool:
    """Whether ``s`` is shaped like a commenter's name or handle.

    Strict mode (a bare line with no other evidence) wants one to four tokens that are all
    capitalised or all lower case, without function words; loose mode (beside "says:" or a
    timestamp) allows up to six tokens and function words.
    """
    if not 2 <= len(s) <= (40 if strict else 60) or s[-1] in "!?;:,":
        return False
    tokens = s.split()
    if not 1 <= len(tokens) <= (4 if strict else 6):
        return False
    if s[-1] == "." and not (tokens[-1][:-1].isalpha() and len(tokens[-1]) <= 3):
        return False  # a full stop ends a sentence, unless after an initial ("Jr.", "K.")
    if not all(_TOKEN.match(t) for t in tokens) or tokens[0][0].isdigit():
        return False
    if sum(c.isalpha() for c in s) < 2:
        return False  # "X.", "#1": dividers and numbers, not names
    if not strict:
        return True
    if not all(any(c.isalpha() for c in t) for t in tokens):
        return False  # "Ted Cruz (4.)": a ranked list item
    lowered = [t.lower().strip("()[].") for t in tokens]
    if s.lower().strip(".") in _FURNITURE or lowered[0] in _FURNITURE:
        return False
    if any(w in _STOP for w in lowered):
        return False
    if len(tokens) == 1:
        return not _CALENDAR_WORD.match(s)
    words = [t for t, w in zip(tokens, lowered, strict=True) if w not in _PARTICLES]
    if all(t.isupper() and len(t) > 1 for t in words):
        return False  # ALL-CAPS lines are headings
    if all(t.islower() for t in words):
        return True
    return all(t[0].isupper() or t[0].isdigit() or t[0] in "(@[" for t in words)


def _mask_when(s: str) -> tuple[str, bool]:
    """``s`` with timestamps blanked out (offsets kept) and whether it had one."""
    if not _MAY_HOLD_TIME.search(s.lower()):
        return s, False
    spans = [m.span() for m in _WHEN.finditer(s)]
    if not spans:
        return s, False
    for start, end in spans:
        bracketed = s.rfind("(", 0, start) > s.rfind(")", 0, start)
        if bracketed and ":" not in s[start:end]:
            return s, False  # a date in brackets cites a source: "(Times, May 6, 2004)"
    spans.extend(m.span() for m in _MONTH_DAY.finditer(s))
    chars = list(s)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars), True


def _blank_filler(masked: str) -> str:
    return _FILLER.sub(lambda m: " " * (m.end() - m.start()), masked)


def _is_separator(token: str) -> bool:
    """Dashes, bars and their mis-decoded forms ("â€”", "Â·") separate fields of a header."""
    alnum = sum(c.isalnum() for c in token)
    symbols = sum(not c.isalnum() and c not in ".'’" for c in token)
    return 2 * alnum < len(token) or (alnum <= 1 and symbols > 0)


def _fields(original: str, masked: str) -> list[tuple[str, int]]:
    """The words left in ``masked`` (timestamps and filler blanked), grouped in fields.

    Separator tokens and wide blanked gaps split fields: "Ana - Lisbon" has two. Each
    field comes with its text in ``original`` and its offset.
    """
    cleaned = _blank_filler(masked)
    fields: list[list[tuple[int, int]]] = [[]]
    for m in _NON_SPACE.finditer(cleaned):
        separator = _is_separator(m.group()) or m.group().isdigit()  # ids are no names
        if fields[-1] and (separator or m.start() - fields[-1][-1][1] >= 2):
            fields.append([])
        if not separator:
            fields[-1].append((m.start(), m.end()))
    # A lone character is debris (the "Â" of a mis-decoded "·"), not a field.
    return [(original[f[0][0] : f[-1][1]], f[0][0]) for f in fields if f and f[-1][1] - f[0][0] > 1]


def _named(kind: LineKind, s: str, name: str, hint: int = 0) -> LineInfo:
    """A ``kind`` line whose name is located in ``s`` (no name if it cannot be found)."""
    at = s.find(name, max(0, hint))
    if at < 0:
        at = s.find(name)
    return LineInfo(kind, name, at) if at >= 0 else LineInfo(kind)


def classify_line(s: str) -> LineInfo:
    """The kind of the stripped line ``s`` (see the module docstring)."""
    if len(s) > MAX_META_CHARS or s.count(" ") > MAX_META_WORDS:
        return TEXT
    masked, has_when = _mask_when(s)
    numbering = _NUMBERING.match(masked)  # "12. Ana says:"
    if numbering:
        masked = " " * numbering.end() + masked[numbering.end() :]

    avatar = _AVATAR.match(s)
    if avatar:
        rest = s[avatar.end() :].strip()
        if rest and is_name_like(rest, strict=False):
            return _named("avatar", s, rest, avatar.end())
        return LineInfo("avatar")

    tail = masked[-16:].lower()
    says = None
    if any(verb in tail for verb in _SAYS_VERBS):
        says = _SAYS.match(masked.strip().lstrip("|/-–—,").strip())
    if says:
        name = says.group("name").strip(" |/-–—,")
        if is_name_like(name, strict=False) and name.lower() not in _PRONOUNS:
            return _named("says", s, name)

    by = _BY.match(s)
    if by:
        name = by.group("name").strip()
        rest = by.group("rest") or ""
        meta_rest = has_when or bool(_USER_ID.search(rest))
        if meta_rest and is_name_like(name, strict=False):
            return _named("by", s, name, by.start("name"))
        if not rest and is_name_like(name) and name[0].isupper():
            return _named("by", s, name, by.start("name"))

    if has_when:
        fields = _fields(s, masked)
        if not fields:
            return _TIME_INFO
        # Beside a timestamp only a few short fields, all name-like, make a header.
        if sum(len(text.split()) for text, _ in fields) > 6:
            return TEXT
        if not all(is_name_like(text, strict=False) for text, _ in fields):
            return TEXT
        name, at = fields[0]
        return _named("nametime", s, name, at) if len(name.split()) <= 4 else TEXT

    if _ACTION.match(s) and any(c.isalnum() for c in s):
        return _ACTION_INFO
    if _HEADING.match(s):
        return _HEADING_INFO
    numbering = _NUMBERING.match(s)  # "12. Ana Lee": a comment number or a list item
    body = s[numbering.end() :].strip() if numbering else s
    if body and is_name_like(body):
        return _named("author", s, body)
    return TEXT


_TITLE_SMALL = frozenset("a an the of and or to in on at for with from by as vs via is".split())


def is_headline_like(s: str) -> bool:
    """Whether a page's first line reads as a headline rather than an article sentence."""
    if len(s) > 200 or s[-1] in ",;:":
        return False
    words = s.split()
    if len(words) > 30:
        return False
    if s[-1] != ".":
        return True
    # A headline ending in a full stop is written in Title Case; a sentence is not.
    content = [w for w in words if w.lower() not in _TITLE_SMALL and w[0].isalpha()]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.75
