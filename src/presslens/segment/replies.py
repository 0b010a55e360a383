"""Infer which earlier comment a comment answers, from evidence the page text gives.

A comment is linked to a parent only on one of these signals, checked in order:

1. it starts with ``@name`` of an earlier commenter;
2. it addresses an earlier commenter by name at its start ("Thanks Marta, ...",
   "Hi Ana", "Marta, you are wrong", "I agree with gus");
3. it quotes at least a few words of an earlier comment (in quotation marks, on ``>``
   lines, or a whole first paragraph copied) that are not quoted from the article;
4. it is a bare thanks ("thank you.") and answers the comment just before it.

A bare thanks also tells how the exchange went: when A writes, B answers and A thanks B,
B was answering A. Otherwise ``reply_to`` stays None: position alone is no evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

QUOTE_WINDOW = 50  # how many earlier comments a quotation is looked up in
QUOTE_BUDGET = 200_000  # characters of earlier comments searched per comment, at most
NAME_WINDOW = 200  # how many earlier comments a name is looked up in
MIN_QUOTE_CHARS = 24

_AT = re.compile(r"^\s*@(?P<name>[\w.\-]+(?:\s+[\w.\-]+)?)")
_ADDRESS = re.compile(
    r"^\s*(?:thanks|thank\s+you|thx|cheers|hi|hey|hello|dear|re:?|"
    r"(?:i\s+)?(?:totally\s+|fully\s+)?agreed?\s+with|agreed?|well\s+said|good\s+point|"
    r"sorry)"
    r"[\s,:!.]+@?(?P<name>[\w'.\-]+(?:\s+[\w'.\-]+)?)",
    re.IGNORECASE,
)
_VOCATIVE = re.compile(r"^\s*(?P<name>[\w'.\-]+(?:\s+[\w'.\-]+)?)\s*[,:–—]")
_BARE_THANKS = re.compile(
    r"^\s*(?:many\s+)?(?:thanks|thank\s+you|thx|ty)(?:\s+(?:so|very)\s+much|\s+a\s+lot|"
    r"\s+again|\s+much)?\s*[.!]*\s*(?:[:;]-?\))?\s*$",
    re.IGNORECASE,
)
_QUOTED = re.compile(rf"[“\"«]([^”\"»]{{{MIN_QUOTE_CHARS},400}})[”\"»]")
_SPACE = re.compile(r"\s+")


def _norm(s: str) -> str:
    return _SPACE.sub(" ", s).strip().lower()


def _author_keys(author: str | None) -> tuple[str, ...]:
    """Ways a commenter may be called: full name and, when long enough, first name."""
    if not author:
        return ()
    full = _norm(author).lstrip("@")
    first = full.split()[0]
    return (full, first) if first != full and len(first) >= 3 else (full,)


def _find_named(
    name: str, keys: Sequence[tuple[str, ...]], seen: dict[str, list[int]], i: int
) -> int | None:
    """The latest comment before ``i`` whose author is called ``name`` (not i's author).

    ``keys`` holds each comment's ``_author_keys``; ``seen`` maps each key to the indices
    of the comments before ``i`` whose author it names, in order.
    """
    candidates: set[str] = set()
    words: list[str] = []
    for token in _norm(name).split()[:2]:
        words.append(token.strip(".,:;!?'’-"))
        candidates.add(" ".join(words))
        if token[-1] in ".,:;!?":  # the name ends where the sentence goes on
            break
    candidates.discard("")
    best = -1
    for candidate in candidates:
        for j in reversed(seen.get(candidate, ())):
            if keys[j] != keys[i]:
                best = max(best, j)
                break
    return best if best >= 0 and i - best <= NAME_WINDOW else None


def _quoted_fragments(text: str) -> list[str]:
    fragments = [m.group(1) for m in _QUOTED.finditer(text[:4000])][:3]
    quoted_lines = [ln.lstrip("> ") for ln in text.splitlines() if ln.lstrip().startswith(">")]
    if quoted_lines:
        fragments.append(" ".join(quoted_lines))
    first_paragraph = text.split("\n\n", 1)[0]
    if first_paragraph != text and len(first_paragraph) >= 2 * MIN_QUOTE_CHARS:
        fragments.append(first_paragraph[:400])
    return [f for f in (_norm(f) for f in fragments) if len(f) >= MIN_QUOTE_CHARS]


def _quoted_parent(fragments: list[str], normed: Sequence[str], i: int) -> int | None:
    """The latest comment before ``i`` that contains one of ``fragments``, if any."""
    if not fragments:
        return None
    budget = QUOTE_BUDGET
    for j in range(i - 1, max(-1, i - 1 - QUOTE_WINDOW), -1):
        if any(fragment in normed[j] for fragment in fragments):
            return j
        budget -= len(normed[j]) * len(fragments)
        if budget <= 0:
            break
    return None


def infer_replies(
    authors: Sequence[str | None], texts: Sequence[str], article: str = ""
) -> list[int | None]:
    """For each comment, the index of the earlier comment it answers, or None.

    ``article`` is the text the comments are about: words quoted from it prove nothing
    about which comment is answered.
    """
    normed = [_norm(t[:20000]) for t in texts]
    source = _norm(article)
    keys = [_author_keys(a) for a in authors]
    seen: dict[str, list[int]] = {}
    parents: list[int | None] = []
    for i, text in enumerate(texts):
        parent: int | None = None
        for pattern in (_AT, _ADDRESS, _VOCATIVE):
            m = pattern.match(text)
            if m and parent is None:
                parent = _find_named(m.group("name"), keys, seen, i)
        if parent is None:
            fragments = [f for f in _quoted_fragments(text) if f not in source]
            parent = _quoted_parent(fragments, normed, i)
        thanks_other = not keys[i] or keys[i] != keys[i - 1]  # nobody thanks themselves
        if parent is None and i > 0 and thanks_other and _BARE_THANKS.match(text):
            parent = i - 1
            # A writes, B answers, A thanks B: B was answering A.
            if i >= 2 and keys[i] and keys[i - 2] == keys[i] and parents[i - 1] is None:
                parents[i - 1] = i - 2
        parents.append(parent)
        for key in keys[i]:
            seen.setdefault(key, []).append(i)
    return parents
