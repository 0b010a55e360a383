"""Cut page text into non-blank lines with offsets: the unit every segmentation step reads.

A line is a stretch between two ``"\\n"``. Lines that hold only whitespace are *blank*;
they are not kept, but every kept line counts the blank lines just before it, because
scraped comment threads use blank-line gaps as structure (an extra blank line often
marks the start of an anonymous comment).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: ``text == page[start:end]`` with surrounding whitespace removed."""

    start: int
    end: int
    text: str
    indent: int
    blanks_before: int


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` in order, each stripped, with its blank-line gap.

    Runs in time linear in ``len(text)``; whitespace is what ``str.strip`` removes, so the
    offsets agree with every other use of ``strip`` in the package.
    """
    lines: list[Line] = []
    blanks = 0
    pos = 0
    size = len(text)
    while pos <= size:
        newline = text.find("\n", pos)
        if newline < 0:
            newline = size
        raw = text[pos:newline]
        stripped = raw.strip()
        if stripped:
            indent = len(raw) - len(raw.lstrip())
            start = pos + indent
            lines.append(Line(start, start + len(stripped), stripped, indent, blanks))
            blanks = 0
        else:
            blanks += 1
        pos = newline + 1
    return lines


def paragraph_ends(lines: list[Line], first: int, last: int) -> list[tuple[int, int]]:
    """Index ranges ``(i, j)`` (inclusive) of the paragraphs among ``lines[first:last + 1]``.

    A paragraph is a run of lines with no blank line between them.
    """
    out: list[tuple[int, int]] = []
    if first > last:
        return out
    begin = first
    for i in range(first + 1, last + 1):
        if lines[i].blanks_before:
            out.append((begin, i - 1))
            begin = i
    out.append((begin, last))
    return out
