"""Find the reader-comment thread at the end of a page and cut it into comments.

Two layouts are recognised, tried in this order: threads *marked* by comment-system
furniture ("says:", "by NAME on DATE", timestamp and avatar lines; see ``_marked``) and
*plain* threads that print only each author's name on a line of its own (``_plain``).
Both must reach the end of the page: comments are appended after the article.
"""

from __future__ import annotations

from presslens.segment._drafts import Draft, Thread
from presslens.segment._lines import Line
from presslens.segment._marked import marked_thread
from presslens.segment._meta import FURNITURE_KINDS, LineInfo
from presslens.segment._plain import plain_thread

__all__ = ["Draft", "Thread", "find_thread"]


def find_thread(lines: list[Line], infos: list[LineInfo]) -> Thread | None:
    """The comment thread of the page, or None when the page shows no comments."""
    thread = marked_thread(lines, infos) or plain_thread(lines, infos)
    if thread is None:
        return None
    # A title ("12 Comments") and controls just above the first comment belong to it.
    start = thread.start
    while start > 1 and thread.start - start < 3 and infos[start - 1].kind in FURNITURE_KINDS:
        start -= 1
    if start == thread.start:
        return thread
    return Thread(start, (Draft(tuple(range(start, thread.start)), None), *thread.drafts))
