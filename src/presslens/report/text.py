"""The terminal report, drawn with Rich.

``render_text(analysis, console)`` prints to a console you own (colours, width, pager);
``text_report(analysis)`` returns the same report as plain text, e.g. for tests and logs.
Page text is always wrapped in ``rich.text.Text`` (never parsed as console markup) and
flattened to one line without control characters, so a comment cannot restyle or move
the terminal.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

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
    sentiment_label,
    shorten,
    shorten_middle,
    speaker_groups,
    strip_quote_marks,
    toxicity_level,
    with_span_marks,
)

#: Longest quote (in characters) shown whole; longer ones keep their start and end.
QUOTE_CHARS = 160
#: Longest comment text shown on its node line.
#: The words behind a high toxicity in a comment.
_TOXIC_SPAN_STYLE = "bold red underline"
COMMENT_CHARS = 90

#: Speaker colours in the terminal: the hues of ``PALETTE`` as ANSI colour names, which
#: terminal themes keep readable on their own background, light or dark.
TERMINAL_PALETTE: tuple[str, ...] = (
    "yellow",
    "blue",
    "green",
    "red",
    "magenta",
    "cyan",
    "bright_red",
    "bright_magenta",
    "bright_green",
    "bright_yellow",
)
_TOXICITY_STYLE = {
    "low": "black on green3",
    "medium": "black on yellow3",
    "high": "bold white on red3",
}
_SENTIMENT_STYLE = {"positive": "green", "neutral": "dim", "negative": "red"}


def render_text(analysis: Analysis, console: Console) -> None:
    """Print a readable report of ``analysis`` on ``console``."""
    for part in _sections(analysis):
        console.print(part)


def text_report(analysis: Analysis, width: int = 100) -> str:
    """The terminal report as plain text (no colours), ``width`` columns wide."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )
    render_text(analysis, console)
    return buffer.getvalue()


def _sections(analysis: Analysis) -> Iterator[RenderableType]:
    yield _header(analysis)
    yield _section("People")
    yield _people(analysis)
    yield _section("Quotes by speaker")
    yield _quotes(analysis)
    yield _section("Comments")
    yield _comments(analysis)
    yield _section("Reader reaction")
    yield _reactions(analysis)
    yield _section("Warnings")
    yield _warnings(analysis)


def _reactions(analysis: Analysis) -> RenderableType:
    if not analysis.reactions:
        return _empty("no quoted or targeted people")
    return Group(*(Text(one_line(r.summary())) for r in analysis.reactions))


def _section(title: str) -> Group:
    return Group(Text(), Rule(Text(title, style="bold"), align="left", style="dim"))


def _empty(message: str) -> Text:
    return Text(message, style="dim italic")


def _header(analysis: Analysis) -> Panel:
    article = analysis.article
    headline = Text(one_line(article.headline or "") or "(no headline)", style="bold")
    about = Text(style="dim")
    about.append(one_line(analysis.source.label))
    for extra in (article.byline, article.published):
        if extra:
            about.append(" · " + one_line(extra))
    size = Text()
    size.append("Article ", style="bold")
    size.append(" · ".join(article_sizes(analysis)))
    return Panel(Group(headline, about, size), box=box.ROUNDED, padding=(0, 1))


def _people(analysis: Analysis) -> RenderableType:
    rows = people_rows(analysis)
    if not rows:
        return _empty("no people found")
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Name", style="bold")
    table.add_column("Roles")
    table.add_column("Mentions", justify="right")
    table.add_column("Quotes", justify="right")
    for person, mentions, quotes in rows:
        roles = ", ".join(one_line(r) for r in person.roles)
        table.add_row(
            Text(one_line(person.name)),
            Text(roles) if roles else Text("–", style="dim"),
            Text(str(mentions)),
            Text(str(quotes)),
        )
    return table


def _quotes(analysis: Analysis) -> RenderableType:
    groups = speaker_groups(analysis)
    if not groups:
        return _empty("no quotes found")
    parts: list[RenderableType] = []
    for group in groups:
        parts.extend((Text(), _speaker(group)) if parts else (_speaker(group),))
    return Group(*parts)


def _speaker(group: SpeakerGroup) -> RenderableType:
    title = Text()
    name_style = "italic" if group.colour is None else f"bold {TERMINAL_PALETTE[group.colour]}"
    title.append(one_line(group.name), style=name_style)
    if group.roles:
        title.append("  " + ", ".join(one_line(r) for r in group.roles), style="dim")
    title.append(f"  ({plural(len(group.quotes), 'quote')})", style="dim")
    lines = Table.grid(padding=(0, 2))
    lines.add_column(style="cyan", no_wrap=True, min_width=8)
    lines.add_column()
    for quote in group.quotes:
        lines.add_row(Text(quote.kind), _quoted(quote))
    return Group(title, Padding(lines, (0, 0, 0, 2), expand=False))


def _quoted(quote: Quote) -> Text:
    words = shorten_middle(strip_quote_marks(one_line(quote.content.text)), QUOTE_CHARS)
    return Text(words if quote.kind == "indirect" else f"“{words}”")


def _comments(analysis: Analysis) -> RenderableType:
    if not analysis.comments:
        return _empty("no comments found")
    summary = Text(
        f"{plural(len(analysis.comments), 'comment')}, "
        f"{plural(count_replies(analysis.comments), 'reply', 'replies')}",
        style="bold",
    )
    tree = Tree(summary, guide_style="dim")
    stack: list[tuple[Tree, tuple[ThreadNode, ...]]] = [(tree, comment_thread(analysis.comments))]
    while stack:
        parent, nodes = stack.pop()
        for node in nodes:
            stack.append((parent.add(_comment_label(node.comment)), node.replies))
    return tree


def _comment_label(comment: Comment) -> Text:
    label = Text()
    if comment.author and one_line(comment.author):
        label.append(one_line(comment.author), style="bold")
    else:
        label.append("anonymous", style="italic dim")
    if comment.scores is not None:
        score = comment.scores.toxicity
        level = toxicity_level(score)
        label.append("  ")
        label.append(f" toxicity {score:.2f} · {level} ", style=_TOXICITY_STYLE[level])
    if comment.sentiment is not None:
        mood = sentiment_label(comment.sentiment)
        label.append(f"  sentiment {comment.sentiment:+.2f}", style=_SENTIMENT_STYLE[mood])
    if comment.targets:
        label.append("  → ", style="dim")
        for number, target in enumerate(comment.targets):
            if number:
                label.append(", ", style="dim")
            label.append(one_line(target.name))
            mood = sentiment_label(target.polarity)
            label.append(f" ({target.polarity:+.2f})", style=_SENTIMENT_STYLE[mood])
    marked = shorten(with_span_marks(comment), COMMENT_CHARS + 2 * len(comment.spans))
    label.append("\n")
    if marked:
        for number, piece in enumerate(re.split(f"[{SPAN_OPEN}{SPAN_CLOSE}]", marked)):
            label.append(piece, style=_TOXIC_SPAN_STYLE if number % 2 else "")
    else:
        label.append("(empty)", style="dim italic")
    return label


def _warnings(analysis: Analysis) -> RenderableType:
    if not analysis.warnings:
        return _empty("no warnings")
    return Group(*(Text.assemble(("⚠ ", "yellow"), one_line(w)) for w in analysis.warnings))
