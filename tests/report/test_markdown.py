"""The Markdown report, checked as text and through a CommonMark parser with GFM tables.

``markdown-it-py`` comes with Rich, so the tests can parse what a reader's viewer would.
"""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from presslens.model import Analysis, WeightedSpan
from presslens.report import render_markdown
from presslens.report.markdown import escape_markdown

from ._pages import HOSTILE, HOSTILE_AUTHOR


def _to_html(markdown: str) -> str:
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    return str(parser.render(markdown))


class _Elements(HTMLParser):
    """Tags (with attributes) and the text of a fragment of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _elements(html: str) -> _Elements:
    parsed = _Elements()
    parsed.feed(html)
    parsed.close()
    return parsed


def test_headline_is_the_title(page: Analysis) -> None:
    lines = render_markdown(page).splitlines()
    assert lines[0] == "# Mayor Okafor: “The harbour is not for sale”"
    assert lines[2] == "*examples/riverton-harbour.txt · By R. Reporter · 2024-05-02*"
    assert "<h1>Mayor Okafor: “The harbour is not for sale”</h1>" in _to_html(render_markdown(page))


def test_people_table(page: Analysis) -> None:
    markdown = render_markdown(page)
    assert "| Name | Roles | Mentions | Quotes |\n| --- | --- | ---: | ---: |\n" in markdown
    assert "| Adaeze Okafor | mayor | 3 | 4 |" in markdown
    assert "| Bea Marsh | councillor | 1 | 1 |" in markdown
    html = _to_html(markdown)
    assert html.count("<tr>") == 4  # header and three people


def test_quotes_are_blockquotes_with_their_speaker(page: Analysis) -> None:
    markdown = render_markdown(page)
    assert "### Adaeze Okafor (mayor, 4 quotes)" in markdown
    assert "> “The lease is dead, and the ferry stays.”\\\n> — **Tomas Lind**, direct\n" in markdown
    assert "> the city would never hand the waterfront to a single company\\\n" in markdown
    assert "### _unknown speaker_ (1 quote)" in markdown
    html = _to_html(markdown)
    assert html.count("<blockquote>") == len(page.quotes)
    assert (
        "<blockquote>\n<p>“The lease is dead, and the ferry stays.”<br />\n"
        "— <strong>Tomas Lind</strong>, direct</p>\n</blockquote>"
    ) in html


def test_thread_is_a_nested_list(page: Analysis) -> None:
    markdown = render_markdown(page)
    assert "\n- **harbour\\_watcher** · `toxicity 0.04 · low` · sentiment +0.62" in markdown
    assert "\n  - **dockhand\\_42** · → Tomas Lind (+0.50)\\\n" in markdown
    assert "\n    - **harbour\\_watcher**\\\n      Twenty-two years, actually.\n" in markdown
    assert "\n- _anonymous_ · `toxicity 0.41 · medium` · sentiment -0.40\\\n" in markdown
    html = _to_html(markdown)
    nested = html[html.index("<li><strong>harbour_watcher") :]
    assert nested.index("<ul>") < nested.index("dockhand_42") < nested.index("Twenty-two")
    assert nested.count("<ul>") >= 2


def test_hostile_text_stays_text(page: Analysis) -> None:
    html = _to_html(render_markdown(page))
    parsed = _elements(html)
    tags = {tag for tag, _ in parsed.tags}
    assert "a" not in tags and "img" not in tags and "script" not in tags and "del" not in tags
    assert all("onerror" not in attrs and "href" not in attrs for _, attrs in parsed.tags)
    text = "".join(parsed.text)
    # the hostile comment reads as it was written (less its control characters)
    visible = HOSTILE.replace("\x1b", "").replace("\u202e", "")
    assert visible in text
    assert HOSTILE_AUTHOR in text


def test_empty_sections_show_placeholders(empty: Analysis) -> None:
    markdown = render_markdown(empty)
    assert markdown.startswith("# (no headline)\n")
    for placeholder in ("_No people found._", "_No quotes found._", "_No comments found._"):
        assert placeholder in markdown
    assert markdown.endswith("_No warnings._\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- not a list", "\\- not a list"),
        ("+ nor this", "\\+ nor this"),
        ("1. nor this", "1\\. nor this"),
        ("2024) nor this", "2024\\) nor this"),
        ("> nor a quote", "\\> nor a quote"),
        ("# nor a heading", "\\# nor a heading"),
        ("a_b *c* `d` ~~e~~ | f", "a\\_b \\*c\\* \\`d\\` \\~\\~e\\~\\~ \\| f"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("<b>&amp;</b>", "\\<b\\>\\&amp;\\</b\\>"),
        ("back\\slash", "back\\\\slash"),
        ("line\n\nbreaks", "line breaks"),
        ("3.5 million - a lot", "3.5 million - a lot"),
    ],
)
def test_escape_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected
    # and what a viewer shows is the text itself
    shown = "".join(_elements(_to_html(escape_markdown(text))).text).strip()
    assert shown == " ".join(text.split())


def test_special_characters_in_names_and_headlines(page: Analysis) -> None:
    article = dataclasses.replace(page.article, headline="#1 *hit*: [A|B] <i>")
    person = dataclasses.replace(page.people[0], name="O'Brien | *Jr*", roles=("a_b",))
    analysis = dataclasses.replace(page, article=article, people=(person, *page.people[1:]))
    markdown = render_markdown(analysis)
    assert markdown.startswith("# \\#1 \\*hit\\*: \\[A\\|B\\] \\<i\\>\n")
    assert "| O'Brien \\| \\*Jr\\* | a\\_b | 3 | 4 |" in markdown
    html = _to_html(markdown)
    assert "<h1>#1 *hit*: [A|B] &lt;i&gt;</h1>" in html
    assert "<td>O'Brien | *Jr*</td>" in html


def test_words_behind_a_high_toxicity_are_bold(page: Analysis) -> None:
    hostile = next(c for c in page.comments if c.id == "c4")
    start = hostile.start + hostile.text.index("clown")
    spans = (WeightedSpan(start, start + 5, "clown", 2.0),)
    marked = dataclasses.replace(
        page,
        comments=tuple(
            dataclasses.replace(c, spans=spans) if c.id == "c4" else c for c in page.comments
        ),
    )
    html = _to_html(render_markdown(marked))
    parsed = _elements(html)
    assert "<strong>clown</strong>" in html
    # Still text only: the rest of the hostile comment reads as written, nothing opened.
    visible = HOSTILE.replace("\x1b", "").replace("\u202e", "")
    assert visible in "".join(parsed.text)
    assert "a" not in {tag for tag, _ in parsed.tags}
    # Spans that do not fit the comment's text are left out, not misplaced.
    wrong = (WeightedSpan(start + 1, start + 6, "clown", 2.0),)
    shifted = dataclasses.replace(
        page,
        comments=tuple(
            dataclasses.replace(c, spans=wrong) if c.id == "c4" else c for c in page.comments
        ),
    )
    assert "<strong>clown</strong>" not in _to_html(render_markdown(shifted))
