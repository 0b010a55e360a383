"""Naming and label cues: quoted words that name something, and "Name:" paragraphs.

``naming`` makes a mixed quote of a naming verb's object and the quotation that names it
("X called the plan “a disgrace”", "described the move as a “breach of trust”");
``labels`` reads a paragraph opening with a person's name and a colon ("Rubio: ...",
"TAPPER: ...") as that person's words.
"""

from __future__ import annotations

import bisect
from typing import Any

from presslens.people.names import fold
from presslens.quotes._candidates import MIN_FLOATING_WORDS, Candidate, FinderBase
from presslens.quotes._speaker_tokens import speaker_of

_NAMING_GAP = 3  # words between an object and the quoted words naming it ("as a")
_MAX_LABEL = 5  # words of a "Name:" label opening a paragraph


class NamingCues(FinderBase):
    """Naming verbs with quoted words (part of the clause pass) and paragraph labels."""

    def naming(self, verb: Any) -> bool:
        """ "X called Y “a disgrace”", "described the move as a “breach of trust”".

        The object and the quoted words that name it make a mixed quote; only with a
        quotation, so that "called the meeting" or "described the plan" give none.
        """
        if verb.pos_ != "VERB":
            return False
        obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
        if obj is None or self.inside_mark(obj.idx):
            return False
        last = self.doc[min(obj.right_edge.i + _NAMING_GAP, verb.right_edge.i)]
        limit = last.idx + len(last.text)
        marks = [(i, m) for i, m in self.marks_within(obj.idx, limit) if obj.idx < m.open < limit]
        if not marks or marks[0][0] in self.cue_of or marks[0][0] in self.consumed:
            return False
        index, mark = marks[0]
        if self.text.count(" ", obj.right_edge.idx, mark.open) > _NAMING_GAP:
            return False
        speaker, via = speaker_of(verb, self.inside_mark)
        cue = (verb.idx, verb.idx + len(verb.text))
        end = mark.close + 1 if mark.close is not None else mark.end
        self.consumed.add(index)
        self.found.append(
            Candidate("mixed", obj.left_edge.idx, end, cue, speaker, via, confidence=0.75)
        )
        return True

    def labels(self) -> None:
        """ "Name: words" opening a paragraph: a headline quote or a transcript line.

        The label is one to a few capitalised words ending in the surname of a person the
        parser named somewhere in the article ("Rubio:", "Gov. Mary Fallin:", "TAPPER:"),
        so that "UPDATE:", "Poll:" or a dateline are no speakers.
        """
        surnames = {fold(ent[-1].text) for ent in self.doc.ents if ent.label_ == "PERSON"}
        if not surnames:
            return
        starts = [t.idx for t in self.doc]
        for p_start, p_end in self.paragraphs:
            first = bisect.bisect_left(starts, p_start)
            label = []
            for token in self.doc[first : first + _MAX_LABEL + 1]:
                if token.text == ":" or not (token.text[:1].isupper() or token.text == "."):
                    break
                label.append(token)
            colon = first + len(label)
            if not label or len(label) > _MAX_LABEL or colon >= len(self.doc):
                continue
            mark = self.doc[colon]
            if mark.text != ":" or fold(label[-1].text) not in surnames:
                continue
            if "\n" in self.text[label[0].idx : mark.idx] or self.inside_mark(mark.idx):
                continue
            start = mark.idx + 1
            if len(self.text[start:p_end].split()) >= MIN_FLOATING_WORDS:
                self.classify(start, p_end, (mark.idx, mark.idx + 1), label[-1])
