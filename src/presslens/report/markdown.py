"""The report as GitHub-flavoured Markdown, e.g. for an issue, a wiki page or a notebook.

It carries what the terminal report carries, except that quotes and comments are given
whole (they are meant to be cited) and the words behind a high toxicity are in bold. Page
text is flattened to one line and escaped, so that it can neither start a heading or list,
nor open a link, an image, an HTML tag or a table cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from presslens.model import Analysis, Comment, Quote
from presslens.report._common import (
    SPAN_CLOSE,
    SPAN_OPEN,
    SpeakerGroup,
    ThreadNode,
    article_sizes,
    comment_thread,
    count_replies,
    one_line,
    people_rows,
    plural,
    speaker_groups,
    strip_quote_marks,
    toxicity_level,
    with_span_marks,
)

# Characters that mean something anywhere in a line: emphasis, code, links and images
# (escaping the brackets is enough: "(" and "!" mean nothing without them), HTML tags and
# autolinks, entities, table cells, strikethrough, headings' closing hashes ...
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
# ... and what only means something at the start of a line: lists, block quotes, setext
# underlines, ordered-list numbers ("1." or "1)").
_LINE_START_SPECIAL = re.compile(r"^([-+=>]|\d{1,9}(?=[.)](?:\s|$)))")


def escape_markdown(text: str) -> str:
    """``text`` on one line, with every Markdown-special character backslash-escaped."""
    line = _INLINE_SPECIAL.sub(r"\\\1", one_line(text))
    return _LINE_START_SPECIAL.sub(lambda m: _escape_start(m.group(1)), line)


def _escape_start(start: str) -> str:
    # A digit cannot be escaped; escape the "." or ")" after the number instead.
    return start + "\\" if start.isdigit() else "\\" + start


def render_markdown(analysis: Analysis) -> str:
    """The report of ``analysis`` as a GitHub-flavoured Markdown document."""
    return "\n".join(_lines(analysis)).rstrip("\n") + "\n"


def _lines(analysis: Analysis) -> Iterator[str]:
    article = analysis.article
    yield "# " + (escape_markdown(article.headline or "") or "(no headline)")
    yield ""
    about = [analysis.source.label, article.byline, article.published]
    yield "*" + " · ".join(escape_markdown(a) for a in about if a) + "*"
    yield ""
    yield "**Article:** " + ", ".join(article_sizes(analysis))
    yield ""
    yield "## People"
    yield ""
    yield from _people(analysis)
    yield "## Quotes"
    yield ""
    yield from _quotes(analysis)
    yield "## Comments"
    yield ""
    yield from _comments(analysis)
    yield "## Reader reaction"
    yield ""
    if analysis.reactions:
        yield from ("- " + escape_markdown(r.summary()) for r in analysis.reactions)
    else:
        yield "_No quoted or targeted people._"
    yield ""
    yield "## Warnings"
    yield ""
    if analysis.warnings:
        yield from ("- " + escape_markdown(w) for w in analysis.warnings)
        yield ""
    else:
        yield "_No warnings._"


def _people(analysis: Analysis) -> Iterator[str]:
    rows = people_rows(analysis)
    if not rows:
        yield from ("_No people found._", "")
        return
    yield "| Name | Roles | Mentions | Quotes |"
    yield "| --- | --- | ---: | ---: |"
    for person, mentions, quotes in rows:
        roles = ", ".join(escape_markdown(r) for r in person.roles) or "–"
        yield f"| {escape_markdown(person.name)} | {roles} | {mentions} | {quotes} |"
    yield ""


def _quotes(analysis: Analysis) -> Iterator[str]:
    groups = speaker_groups(analysis)
    if not groups:
        yield from ("_No quotes found._", "")
        return
    for group in groups:
        yield "### " + _speaker_title(group)
        yield ""
        for quote in group.quotes:
            yield from _blockquote(quote, group)


def _speaker_title(group: SpeakerGroup) -> str:
    name = escape_markdown(group.name) if group.key is not None else f"_{group.name}_"
    roles = ", ".join(escape_markdown(r) for r in group.roles)
    count = plural(len(group.quotes), "quote")
    return f"{name} ({roles}, {count})" if roles else f"{name} ({count})"


def _blockquote(quote: Quote, group: SpeakerGroup) -> Iterator[str]:
    words = escape_markdown(strip_quote_marks(one_line(quote.content.text)))
    speaker = f"**{escape_markdown(group.name)}**" if group.key is not None else "_unknown_"
    yield f"> {words}\\" if quote.kind == "indirect" else f"> “{words}”\\"
    yield f"> — {speaker}, {quote.kind}"
    yield ""


def _comments(analysis: Analysis) -> Iterator[str]:
    if not analysis.comments:
        yield from ("_No comments found._", "")
        return
    replies = count_replies(analysis.comments)
    yield f"{plural(len(analysis.comments), 'comment')}, {plural(replies, 'reply', 'replies')}:"
    yield ""
    stack: list[tuple[ThreadNode, int]] = [
        (n, 0) for n in reversed(comment_thread(analysis.comments))
    ]
    while stack:
        node, depth = stack.pop()
        indent = "  " * depth
        head, body = _comment_item(node.comment)
        yield f"{indent}- {head}\\"
        yield f"{indent}  {body}"
        stack.extend((reply, depth + 1) for reply in reversed(node.replies))
    yield ""


def _comment_item(comment: Comment) -> tuple[str, str]:
    """The comment's head line (author, scores, targets) and its text, both escaped."""
    author = escape_markdown(comment.author or "")
    parts = [f"**{author}**" if author else "_anonymous_"]
    if comment.scores is not None:
        score = comment.scores.toxicity
        parts.append(f"`toxicity {score:.2f} · {toxicity_level(score)}`")
    if comment.sentiment is not None:
        parts.append(f"sentiment {comment.sentiment:+.2f}")
    if comment.targets:
        targets = ", ".join(
            f"{escape_markdown(t.name)} ({t.polarity:+.2f})" for t in comment.targets
        )
        parts.append("→ " + targets)
    body = _marked_text(comment) or "_(empty)_"
    return " · ".join(parts), body


def _marked_text(comment: Comment) -> str:
    """The comment's text, escaped, with the words behind a high toxicity in bold."""
    escaped = escape_markdown(with_span_marks(comment))
    return escaped.replace(SPAN_OPEN, "**").replace(SPAN_CLOSE, "**")
