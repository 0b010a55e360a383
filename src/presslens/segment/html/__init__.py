"""HTML pages: the comment thread from the DOM, the article from trafilatura.

``segment_html(html)`` returns the page text presslens analyses (headline, paragraphs,
then each comment as its own block) with ``PageSegments`` whose offsets point into it;
``find_thread(tree)`` finds the comments alone.
"""

from presslens.segment.html.page import EmptyHtmlError, HtmlPage, parse_html, segment_html
from presslens.segment.html.thread import CommentThread, HtmlComment, find_thread

__all__ = [
    "CommentThread",
    "EmptyHtmlError",
    "HtmlComment",
    "HtmlPage",
    "find_thread",
    "parse_html",
    "segment_html",
]
