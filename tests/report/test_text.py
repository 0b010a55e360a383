"""The terminal report, the shared thread logic, and ``render``'s format switch."""

from __future__ import annotations

import dataclasses
import io
import json
import re

import pytest
from rich.console import Console

from presslens.model import Analysis, Comment, Quote, Span, Speaker, WeightedSpan
from presslens.report import FORMATS, render, render_text, text_report
from presslens.report._common import (
    MAX_THREAD_DEPTH,
    PALETTE,
    comment_thread,
    shorten,
    shorten_middle,
)
from presslens.report.text import TERMINAL_PALETTE

from ._pages import PARAGRAPHS


def _lines(report: str) -> list[str]:
    return [line.rstrip() for line in report.splitlines()]


def _line_with(lines: list[str], needle: str, start: int = 0) -> int:
    return next(i for i in range(start, len(lines)) if needle in lines[i])


def test_header_shows_headline_source_and_size(page: Analysis) -> None:
    report = text_report(page)
    words = sum(len(p.split()) for p in PARAGRAPHS)
    assert "Mayor Okafor: “The harbour is not for sale”" in report
    assert "examples/riverton-harbour.txt · By R. Reporter · 2024-05-02" in report
    assert f"4 paragraphs · {words} words · 7 quotes · 5 comments" in report


def test_people_table_counts_mentions_and_quotes(page: Analysis) -> None:
    lines = _lines(text_report(page))
    assert re.search(r"Name\s+Roles\s+Mentions\s+Quotes", "\n".join(lines))
    assert re.fullmatch(r"Adaeze Okafor\s+mayor\s+3\s+4", lines[_line_with(lines, "Adaeze Okafor")])
    assert re.fullmatch(
        r"Tomas Lind\s+harbour master\s+1\s+1", lines[_line_with(lines, "Tomas Lind")]
    )


def test_quotes_are_grouped_by_speaker_in_order_of_first_quote(page: Analysis) -> None:
    lines = _lines(text_report(page))
    start = _line_with(lines, "Quotes by speaker")
    titles = [
        _line_with(lines, title, start)
        for title in (
            "Adaeze Okafor  mayor  (4 quotes)",
            "Tomas Lind  harbour master  (1 quote)",
            "Bea Marsh  councillor  (1 quote)",
            "unknown speaker  (1 quote)",
        )
    ]
    assert titles == sorted(titles)
    okafor = lines[titles[0] + 1 : titles[1]]
    assert okafor[0].split() == ["direct", "“The", "harbour", "is", "not", "for", "sale”"]
    # indirect quotes are reported words, not quoted words: no quotation marks
    assert re.fullmatch(r"\s+indirect\s+the city would never hand .* company", okafor[1])
    assert "“remains on the table”" in lines[titles[3] + 1]


def test_long_quotes_keep_their_start_and_end(page: Analysis) -> None:
    words = " ".join(f"word{i}" for i in range(120))
    text = f"She said “{words}” loudly."
    start = text.index("word0")
    quote = Quote("q1", "direct", Span.of(text, start, start + len(words)), Speaker(None, "Ann"))
    analysis = dataclasses.replace(page, text=text, quotes=(quote,), people=())
    lines = _lines(text_report(analysis))
    first = _line_with(lines, "word0")
    shown = " ".join(" ".join(lines[first : _line_with(lines, "Comments")]).split())
    assert shown.startswith("direct “word0 word1 word2")
    assert " … " in shown and "word119”" in shown and "word60 " not in shown
    assert len(shown) < 200


def test_comment_tree_nests_replies_under_their_parent(page: Analysis) -> None:
    lines = _lines(text_report(page))
    start = _line_with(lines, "5 comments, 2 replies")
    first = _line_with(lines, "harbour_watcher", start)
    reply = _line_with(lines, "dockhand_42", start)
    second = _line_with(lines, "harbour_watcher", reply)
    anonymous = _line_with(lines, "anonymous", start)
    column = {i: len(lines[i]) - len(lines[i].lstrip("│├└─ ")) for i in (first, reply, second)}
    assert first < reply < second < anonymous
    assert column[first] < column[reply] < column[second]
    assert lines[anonymous].startswith("├── anonymous")
    # one line of text under each node, shortened with an ellipsis when long
    assert lines[reply + 1].strip("│ ") == page.comments[1].text
    assert lines[_line_with(lines, "<script>", start)].endswith("…")


def test_comment_nodes_show_badges_only_when_scored(page: Analysis) -> None:
    lines = _lines(text_report(page))
    start = _line_with(lines, "5 comments")
    first = lines[_line_with(lines, "harbour_watcher", start)]
    assert "toxicity 0.04 · low" in first and "sentiment +0.62" in first
    assert "→ Adaeze Okafor (+0.70)" in first
    reply = lines[_line_with(lines, "dockhand_42", start)]
    assert "toxicity" not in reply and "sentiment" not in reply
    assert "→ Tomas Lind (+0.50)" in reply
    assert "toxicity 0.41 · medium" in lines[_line_with(lines, "anonymous", start)]
    assert "toxicity 0.91 · high" in lines[_line_with(lines, "troll", start)]


def test_page_text_cannot_inject_markup_or_control_codes(page: Analysis) -> None:
    comment = dataclasses.replace(page.comments[3], text="[bold red]shout[/] \x1b[2J\u202eevil")
    analysis = dataclasses.replace(page, comments=(comment,))
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=True, color_system="truecolor")
    render_text(analysis, console)
    coloured = buffer.getvalue()
    assert "\x1b[2J" not in coloured and "\u202e" not in coloured
    plain = text_report(analysis)
    assert "[bold red]shout[/] [2Jevil" in plain
    assert 'troll<b onmouseover="alert(1)">' in plain


def test_empty_sections_show_placeholders(empty: Analysis) -> None:
    report = text_report(empty)
    for placeholder in ("no people found", "no quotes found", "no comments found", "no warnings"):
        assert placeholder in report
    assert "(no headline)" in report


def test_warnings_are_listed(page: Analysis) -> None:
    assert "⚠ comment authors were guessed from the line layout" in text_report(page)


def test_speakers_get_terminal_colours(page: Analysis) -> None:
    assert len(TERMINAL_PALETTE) == len(PALETTE)
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=True, color_system="standard")
    render_text(page, console)
    assert "\x1b[1;33mAdaeze Okafor" in buffer.getvalue()  # bold yellow: the first colour
    assert "\x1b[1;34mTomas Lind" in buffer.getvalue()


def test_width_is_respected(page: Analysis) -> None:
    assert max(len(line) for line in _lines(text_report(page, width=60))) <= 60


def _comment(cid: str, reply_to: str | None) -> Comment:
    return Comment(cid, None, 0, 1, "x", reply_to=reply_to)


def test_thread_survives_orphans_cycles_and_deep_chains() -> None:
    comments = [
        _comment("a", "missing"),
        _comment("b", "c"),
        _comment("c", "b"),
        _comment("d", "d"),
        *(_comment(f"n{i}", f"n{i - 1}" if i else None) for i in range(300)),
    ]
    roots = comment_thread(comments)
    assert [n.comment.id for n in roots] == ["a", "b", "d", "n0"]
    assert [n.comment.id for n in roots[1].replies] == ["c"]
    seen: list[str] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        seen.append(node.comment.id)
        stack.extend(node.replies)
    assert sorted(seen) == sorted(c.id for c in comments)
    analysis = Analysis.from_dict(
        {"text": "x", "article": {"headline": None}, "comments": [c.as_dict() for c in comments]}
    )
    for fmt in FORMATS:  # none recurses 300 deep
        assert "304" in render(analysis, fmt) or fmt == "json"
    # n0 ... n23 nest one level each, n24 holds the rest flat, and c replies to b
    assert render(analysis, "html").count('class="replies"') == MAX_THREAD_DEPTH + 2


def test_shorten_cuts_at_a_word_boundary() -> None:
    assert shorten("one  two\nthree", 20) == "one two three"
    assert shorten("alpha beta gamma delta", 15) == "alpha beta…"
    assert shorten_middle("a " * 100 + "end", 30).endswith("a end")


def test_render_switches_formats(page: Analysis) -> None:
    assert FORMATS == ("text", "markdown", "html", "json")
    assert render(page, "text") == text_report(page)
    assert render(page, "markdown").startswith("# Mayor Okafor")
    assert render(page, "html").startswith("<!DOCTYPE html>")
    data = json.loads(render(page, "json"))
    assert Analysis.from_dict(data) == page
    assert "“The harbour is not for sale”" in render(page, "json")  # ensure_ascii=False
    with pytest.raises(ValueError, match="text, markdown, html, json"):
        render(page, "pdf")


def test_words_behind_a_high_toxicity_are_styled(page: Analysis) -> None:
    body = "You are a clown and a fraud."
    comment = dataclasses.replace(page.comments[3], text=body, start=0, end=len(body))
    clown = WeightedSpan(10, 15, "clown", 2.0)
    analysis = dataclasses.replace(page, comments=(dataclasses.replace(comment, spans=(clown,)),))
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=True, color_system="standard")
    render_text(analysis, console)
    assert "\x1b[1;4;31mclown\x1b[0m" in buffer.getvalue()  # bold, underlined, red
    assert "You are a clown and a fraud." in text_report(analysis)  # no marks in plain text
    # A span that does not fit the text is not drawn.
    wrong = dataclasses.replace(comment, spans=(WeightedSpan(11, 16, "clown", 2.0),))
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, force_terminal=True, color_system="standard")
    render_text(dataclasses.replace(page, comments=(wrong,)), console)
    assert "\x1b[1;4;31m" not in buffer.getvalue()
