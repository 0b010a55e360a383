"""Person names: trimming titles off mentions, and the keys used to match them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from presslens.people.lexicon import HONORIFICS, NAME_PARTICLES, NAME_SUFFIXES, ROLE_NOUNS

_EDGE_PUNCT = " \t\n.,;:!?\"'“”‘’()[]{}«»—–-"
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@dataclass(frozen=True, slots=True)
class NameKey:
    """How a name is matched: its words folded to lower case, and its surname variants."""

    words: tuple[str, ...]
    surnames: frozenset[str]

    @property
    def first(self) -> str:
        return self.words[0]

    @property
    def is_full(self) -> bool:
        return len(self.words) >= 2


def fold(word: str) -> str:
    """Lower-case a word and drop dots and curly apostrophes: ``"O’Neill."`` -> ``"o'neill"``."""
    return word.casefold().replace(".", "").replace("’", "'")


def trim_name(text: str, start: int) -> tuple[int, int] | None:
    """The offsets of the bare name inside a PERSON mention, or None if nothing is left.

    Leading honorifics and role words (``Mr``, ``Secretary``, ``President``) and a trailing
    possessive are cut: ``"Secretary Kerry’s"`` at 10 gives the offsets of ``"Kerry"``.
    """
    left, right = 0, len(text)
    while left < right and text[left] in _EDGE_PUNCT:
        left += 1
    while right > left and text[right - 1] in _EDGE_PUNCT:
        right -= 1
    match = _POSSESSIVE.search(text, left, right)
    if match:
        right = match.start()
    while True:
        head = re.match(r"\S+\s+", text[left:right])
        if not head:
            break
        word = fold(head.group().strip())
        if word in HONORIFICS or word in ROLE_NOUNS or word in {"the", "former", "late"}:
            left += head.end()
        else:
            break
    if right <= left or not any(ch.isalpha() for ch in text[left:right]):
        return None
    if fold(text[left:right]) in HONORIFICS:
        return None
    return start + left, start + right


def name_key(name: str) -> NameKey:
    """The matching key of a bare name."""
    words = tuple(fold(w.strip(_EDGE_PUNCT)) for w in name.split() if w.strip(_EDGE_PUNCT))
    core = [w for w in words if w not in NAME_SUFFIXES] or list(words)
    last = core[-1] if core else ""
    surnames = {last}
    # "al-Assad" is also "Assad"; "bin Salman" is also "Salman".
    for particle in NAME_PARTICLES:
        if last.startswith(particle + "-") and len(last) > len(particle) + 1:
            surnames.add(last[len(particle) + 1 :])
    if len(core) >= 3 and core[-2] in NAME_PARTICLES:
        surnames.add(f"{core[-2]} {last}")
    return NameKey(words=tuple(core), surnames=frozenset(surnames))


def tidy(text: str) -> str:
    """Collapse whitespace (names broken over lines) into single spaces."""
    return " ".join(text.split())


def looks_like_name(text: str) -> bool:
    """A cheap guard against NER noise: a name has a capitalised word and no digits."""
    words = text.split()
    return (
        bool(words)
        and len(words) <= 6
        and not any(ch.isdigit() for ch in text)
        and any(w[:1].isupper() for w in words)
    )
