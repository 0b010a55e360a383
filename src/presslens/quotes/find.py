"""Find quotations in a parsed article: direct, indirect and mixed, with cue and speaker.

Offsets here are character offsets into ``doc.text``. Four passes:

1. Verbs of saying (``cues.SPEECH_VERBS``) with a clausal complement give indirect quotes
   ("Kerry said that ..."; "..., Kerry said"); when the clause is a quotation it is the cue
   of that direct quote, when it holds a quoted fragment the quote is mixed. "According to
   X, ...", "As X said, ..." and a cue set into its clause ("The plan, he said, is dead")
   work the same way on the clause they govern; so do promises and requests ("vowed to
   ...", "urged Congress to ..."), names put in quotation marks ("called the plan “a
   disgrace”") and nouns of saying with an owner ("his claim that ...").
2. A paragraph opening with a person's name and a colon ("Rubio: ...", "TAPPER: ...") is
   that person's words.
3. Quotations (``marks.find_quoted_spans``) still without a cue look for one right after
   the closing mark ("...," the minister said) or right before the opening one
   (he added: "...", also at the end of the paragraph before).
4. A quotation with no cue that opens a sentence continues the previous quote's speaker
   (a floating quote); a short one inside a sentence is a scare quote, a title or a
   nickname, and is dropped.

Verbs of saying that report nobody's words ("did not say", "That said,", "it should be
noted that") are passed over.

The passes live in their own modules: ``_clauses`` (1, with ``_naming`` for names put in
quotation marks), ``_naming`` (2), ``_adjacent`` (3) and ``_floating`` (4), as mixins on
``_candidates.FinderBase``; ``_speaker_tokens`` finds the token heading each speaker.
"""

from __future__ import annotations

from typing import Any

from presslens.quotes._adjacent import AdjacentCues
from presslens.quotes._candidates import Candidate
from presslens.quotes._clauses import ClauseCues
from presslens.quotes._floating import FloatingQuotes
from presslens.quotes._speaker_tokens import is_source_noun, speaker_of


class _Finder(ClauseCues, AdjacentCues, FloatingQuotes):
    """All passes over one Doc, sharing the state of ``FinderBase``."""


def find_candidates(doc: Any) -> list[Candidate]:
    """Quotes of a parsed article in text order, speakers still as tokens."""
    finder = _Finder(doc)
    finder.clauses()
    finder.labels()
    finder.adjacent_cues()
    return finder.floating()


__all__ = ["Candidate", "find_candidates", "is_source_noun", "speaker_of"]
