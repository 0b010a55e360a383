"""Roles of people from titles before a name and appositions next to it.

"US Secretary of State John Kerry" gives "US Secretary of State"; "Sergei Ryabkov,
Russia's deputy foreign minister, said" gives "Russia's deputy foreign minister"; "the city
engineer, Priya Raman," gives "city engineer". A candidate counts as a role only when it
contains a role noun (``lexicon.ROLE_NOUNS``), so "Skull and Bones Kerry" gives none.
"""

from __future__ import annotations

from typing import Any

from presslens.people.lexicon import ROLE_NOUNS, TITLE_CONNECTORS
from presslens.people.names import fold, tidy

_STOP_POS = frozenset({"VERB", "AUX", "PRON", "ADP", "SCONJ", "CCONJ", "DET", "PART", "NUM"})
_STOP_POS_SOFT = frozenset({"ADV", "INTJ", "SYM", "X"})
_STOP_ENTS = frozenset({"DATE", "TIME", "PERSON", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})
_MAX_ROLE_TOKENS = 10
_LEADING_JUNK = frozenset({"the", "a", "an", "and", "of", "for", "on", "de", "'s", "’s"})


def _has_role_noun(tokens: list[Any]) -> bool:
    return any(fold(t.text) in ROLE_NOUNS or t.lemma_.lower() in ROLE_NOUNS for t in tokens)


def _clean(tokens: list[Any]) -> str | None:
    while tokens and (tokens[0].lower_ in _LEADING_JUNK or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in _LEADING_JUNK or tokens[-1].is_punct):
        tokens = tokens[:-1]
    if not tokens or not _has_role_noun(tokens) or len(tokens) > _MAX_ROLE_TOKENS:
        return None
    text = "".join(t.text_with_ws for t in tokens).strip()
    return tidy(text) or None


def title_before(doc: Any, start: int) -> str | None:
    """The title written right before the name that starts at token ``start``."""
    taken: list[Any] = []
    i = start - 1
    while i >= 0 and len(taken) <= _MAX_ROLE_TOKENS:
        token = doc[i]
        low = fold(token.text)
        if token.is_space or "\n" in token.whitespace_:
            break
        if token.ent_type_ in _STOP_ENTS:
            break
        if low in TITLE_CONNECTORS:
            taken.insert(0, token)
            i -= 1
            continue
        if token.is_punct and token.text not in {"-", "‐"}:
            break
        is_role = low in ROLE_NOUNS
        if token.pos_ in _STOP_POS and not is_role:
            break
        if token.pos_ in _STOP_POS_SOFT and not is_role:
            break
        capitalised = token.text[:1].isupper()
        modifier = token.pos_ in {"NOUN", "ADJ", "PROPN"} and (
            capitalised or (_has_role_noun(taken) and token.dep_ in {"compound", "amod", "nmod"})
        )
        if not (is_role or modifier):
            break
        taken.insert(0, token)
        i -= 1
    return _clean(taken)


def apposition(doc: Any, start: int, end: int) -> str | None:
    """A role in apposition to the name spanning tokens ``[start, end)``."""
    root = doc[start:end].root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= end:
            tokens = list(doc[child.left_edge.i : child.right_edge.i + 1])
            if fold(child.text) in ROLE_NOUNS or child.lemma_.lower() in ROLE_NOUNS:
                return _clean(_cut_clause(tokens))
    head = root.head
    if root.dep_ == "appos" and head.i < start and fold(head.text) in ROLE_NOUNS:
        tokens = [t for t in doc[head.left_edge.i : head.i + 1] if t.i < start]
        return _clean(tokens)
    return None


def _cut_clause(tokens: list[Any]) -> list[Any]:
    """Stop an apposition at a comma or relative clause: "a lawyer, who ..." -> "a lawyer"."""
    out: list[Any] = []
    for token in tokens:
        if token.text in {",", ";", "(", "—", "–"} or token.dep_ == "relcl":
            break
        out.append(token)
    return out


def roles_of_mention(doc: Any, start: int, end: int) -> list[str]:
    """Roles given to the person mentioned by tokens ``[start, end)`` of ``doc``."""
    found = [title_before(doc, start), apposition(doc, start, end)]
    return [role for role in found if role]
