"""The HTML page: highlighting from offsets, escaping, thread structure, self-containment."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.model import (
    Analysis,
    Article,
    Comment,
    Quote,
    Source,
    Span,
    Speaker,
    WeightedSpan,
)
from presslens.report import render_html
from presslens.report._common import PALETTE

from ._pages import HOSTILE, HOSTILE_AUTHOR

_VOID = {"meta", "br", "img", "hr", "input", "link", "source", "wbr"}


@dataclasses.dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    parent: _Element | None = None

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def within(self, tag: str, css: str | None = None) -> _Element | None:
        node = self.parent
        while node is not None and not (node.tag == tag and (css is None or css in node.classes)):
            node = node.parent
        return node


class _Page(HTMLParser):
    """Every element of a page, with its parent and all the text inside it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[_Element] = []
        self.open: list[_Element] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.open[-1] if self.open else None
        element = _Element(tag, {k: v or "" for k, v in attrs}, parent=parent)
        self.elements.append(element)
        if tag not in _VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1].tag == tag, f"</{tag}> closes {self.open[-1].tag}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data

    def find(self, tag: str, css: str | None = None) -> list[_Element]:
        return [e for e in self.elements if e.tag == tag and (css is None or css in e.classes)]


def _marks(page: _Page) -> list[_Element]:
    return page.find("mark", "q")


def _quote_text(page: _Page, quote_id: str) -> str:
    return "".join(m.text for m in _marks(page) if quote_id in m.attrs["data-quotes"].split())


def test_page_is_one_well_formed_self_contained_document(page: Analysis) -> None:
    html = render_html(page)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    parsed = _Page(html)
    assert not parsed.open  # every element closed, in order
    tags = {e.tag for e in parsed.elements}
    assert "style" in tags and not tags & {"script", "link", "img", "iframe", "object"}
    assert all("src" not in e.attrs and "href" not in e.attrs for e in parsed.elements)
    assert "url(" not in html and "@import" not in html


def test_every_quote_is_marked_in_its_speakers_colour(page: Analysis) -> None:
    parsed = _Page(render_html(page))
    for quote in page.quotes:
        assert _quote_text(parsed, quote.id) == quote.content.text, quote.id
    colour: dict[str, str] = {}  # quote id -> colour class of the marks drawn with it
    for mark in _marks(parsed):
        drawn_with = mark.attrs["data-quotes"].split()[0]
        spk = next(c for c in mark.classes if c.startswith("spk-"))
        assert colour.setdefault(drawn_with, spk) == spk
    by_speaker: dict[str | None, set[str]] = {}
    for quote in page.quotes:
        by_speaker.setdefault(quote.speaker.person, set()).add(colour[quote.id])
    assert all(len(colours) == 1 for colours in by_speaker.values())  # same speaker, same colour
    assert len({c for colours in by_speaker.values() for c in colours}) == len(by_speaker)
    assert by_speaker == {"p1": {"spk-0"}, "p2": {"spk-1"}, "p3": {"spk-2"}, None: {"spk-unknown"}}


def test_nested_quote_is_drawn_with_the_innermost_speaker(page: Analysis) -> None:
    parsed = _Page(render_html(page))
    inner = [m for m in _marks(parsed) if m.attrs["data-quotes"] == "q6 q5"]
    assert [m.text for m in inner] == ["the harbour is not for sale"]
    assert inner[0].classes == ["q", "spk-0", "overlap"]
    assert inner[0].attrs["title"] == "Adaeze Okafor · direct; Bea Marsh · direct"
    outer = [m.text for m in _marks(parsed) if m.attrs["data-quotes"] == "q5"]
    assert outer == ["Okafor keeps saying ‘", "’ while the budget has a hole in it."]


def test_text_between_marks_is_preserved(page: Analysis) -> None:
    parsed = _Page(render_html(page))
    body = [p for p in parsed.find("p") if p.within("div", "body")]
    assert [p.text for p in body] == [p.text for p in page.article.paragraphs]
    (h1,) = parsed.find("h1")
    assert h1.text == page.article.headline
    assert [m.text for m in _marks(parsed) if m.within("h1")] == ["The harbour is not for sale"]


def test_legend_lists_speakers_with_roles_and_counts(page: Analysis) -> None:
    parsed = _Page(render_html(page))
    summaries = [" ".join(s.text.split()) for s in parsed.find("summary")]
    assert summaries == [
        "Adaeze Okafor mayor 4 quotes",
        "Tomas Lind harbour master 1 quote",
        "Bea Marsh councillor 1 quote",
        "unknown speaker 1 quote",
    ]
    swatches = [s.classes[1] for s in parsed.find("span", "swatch")]
    assert swatches == ["spk-0", "spk-1", "spk-2", "spk-unknown"]
    html = render_html(page)
    for index, colour in enumerate(PALETTE):
        assert f".spk-{index} {{ --hl: {colour.background}; --edge: {colour.edge}; }}" in html


def test_people_table(page: Analysis) -> None:
    parsed = _Page(render_html(page))
    rows = [[td.text for td in parsed.find("td") if td.parent is tr] for tr in parsed.find("tr")]
    assert ["Adaeze Okafor", "mayor", "3", "4"] in rows
    assert ["Tomas Lind", "harbour master", "1", "1"] in rows


def test_thread_nests_replies_under_their_parent(page: Analysis) -> None:
    parsed = _Page(render_html(page))
    items = {li.attrs["data-comment"]: li for li in parsed.find("li", "comment")}
    parents = {}
    for cid, li in items.items():
        parent = li.within("li", "comment")
        parents[cid] = parent.attrs["data-comment"] if parent else None
        assert li.parent is not None and li.parent.tag == "ol"
    assert parents == {"c1": None, "c2": "c1", "c3": None, "c4": None, "c5": "c2"}


def test_comment_cards_show_author_badges_and_targets(page: Analysis) -> None:
    parsed = _Page(render_html(page))
    cards = {li.attrs["data-comment"]: li for li in parsed.find("li", "comment")}

    def inside(cid: str, tag: str, css: str) -> list[_Element]:
        return [e for e in parsed.find(tag, css) if e.within("li", "comment") is cards[cid]]

    assert [a.text for a in inside("c1", "span", "author")] == ["harbour_watcher"]
    assert [a.classes for a in inside("c3", "span", "author")] == [["author", "anonymous"]]
    assert [b.text for b in inside("c1", "span", "badge")] == ["toxicity 0.04"]
    assert inside("c1", "span", "badge")[0].classes == ["badge", "tox-low"]
    assert inside("c3", "span", "badge")[0].classes == ["badge", "tox-medium"]
    assert inside("c4", "span", "badge")[0].classes == ["badge", "tox-high"]
    assert "insult 0.46" in inside("c4", "span", "badge")[0].attrs["title"]
    assert inside("c2", "span", "badge") == [] and inside("c2", "span", "sentiment") == []
    assert [t.text for t in inside("c2", "li", "target")] == ["→ Tomas Lind +0.50"]
    assert [s.text for s in inside("c4", "span", "sentiment")] == ["sentiment -0.70"]


def test_hostile_text_is_escaped(page: Analysis) -> None:
    html = render_html(page)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "troll&lt;b onmouseover=&#34;alert(1)&#34;&gt;" in html
    parsed = _Page(html)
    assert not any(k.startswith("on") for e in parsed.elements for k in e.attrs)
    assert not parsed.find("a") and not parsed.find("img") and not parsed.find("b")
    (card,) = [li for li in parsed.find("li", "comment") if li.attrs["data-comment"] == "c4"]
    (text,) = [p for p in parsed.find("p") if p.within("li", "comment") is card]
    assert text.text == HOSTILE.replace("\x1b", "")  # control characters are dropped
    assert HOSTILE_AUTHOR in card.text


def test_source_link_only_for_http_urls(page: Analysis) -> None:
    for url, linked in [
        ("https://news.example/riverton?a=1&b=2", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("https://x.example/\njavascript:alert(1)", False),
    ]:
        analysis = dataclasses.replace(page, source=Source(format="html", url=url))
        html = render_html(analysis)
        links = _Page(html).find("a")
        assert [a.attrs["href"] for a in links] == ([url] if linked else [])
        assert "<script" not in html


def test_hostile_names_quotes_and_warnings(page: Analysis) -> None:
    evil = '"><script>alert(1)</script>'
    quote = dataclasses.replace(page.quotes[3], speaker=Speaker("p9", evil), kind="direct")
    person = dataclasses.replace(page.people[0], name=evil, roles=(evil,))
    analysis = dataclasses.replace(
        page,
        article=dataclasses.replace(page.article, byline=evil, published=evil),
        people=(person, *page.people[1:]),
        quotes=(*page.quotes[:3], quote, *page.quotes[4:]),
        warnings=(evil,),
    )
    html = render_html(analysis)
    assert "<script" not in html.lower()
    parsed = _Page(html)
    assert not parsed.open
    assert any(m.attrs["title"] == f"{evil} · direct" for m in _marks(parsed))


def test_empty_sections_show_placeholders(empty: Analysis) -> None:
    parsed = _Page(render_html(empty))
    placeholders = [" ".join(e.text.split()) for e in parsed.elements if "empty" in e.classes]
    assert placeholders == [
        "No headline",
        "No quotes found.",
        "No article text found.",
        "No people found.",
        "No quoted or targeted people.",
        "No comments found.",
        "No warnings.",
    ]


def test_offsets_that_do_not_match_are_shown_unmarked(page: Analysis) -> None:
    shifted = Span(page.article.paragraphs[0].start + 1, page.article.paragraphs[0].end + 1, "x")
    article = dataclasses.replace(page.article, paragraphs=(shifted,), headline="Changed")
    parsed = _Page(render_html(dataclasses.replace(page, article=article)))
    assert [p.text for p in parsed.find("p") if p.within("div", "body")] == ["x"]
    assert parsed.find("h1")[0].text == "Changed" and not _marks(parsed)


def _analysis(text: str, spans: list[tuple[int, int]]) -> Analysis:
    quotes = tuple(
        Quote(f"q{i}", "direct", Span.of(text, s, e), Speaker(f"p{i % 3}", f"Person {i % 3}"))
        for i, (s, e) in enumerate(spans)
    )
    paragraph = Span.of(text, 0, len(text))
    return Analysis(Source(), text, Article(None, (paragraph,)), quotes=quotes)


def test_partly_overlapping_quotes() -> None:
    text = "one two three four five"
    parsed = _Page(render_html(_analysis(text, [(4, 18), (8, 23)])))
    marks = [(m.text, m.attrs["data-quotes"]) for m in _marks(parsed)]
    assert marks == [("two ", "q0"), ("three four", "q0 q1"), (" five", "q1")]
    assert _quote_text(parsed, "q0") == "two three four"
    assert _quote_text(parsed, "q1") == "three four five"


_TEXT = st.text(alphabet=st.sampled_from("ab <>&\"'\n“"), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), text=_TEXT)
def test_any_quote_spans_keep_the_text_and_the_markup_sound(data: st.DataObject, text: str) -> None:
    bounds = st.integers(min_value=0, max_value=len(text))
    pairs = data.draw(st.lists(st.tuples(bounds, bounds), max_size=5))
    spans = [(min(a, b), max(a, b)) for a, b in pairs if a != b]
    parsed = _Page(render_html(_analysis(text, spans)))
    assert not parsed.open
    (body,) = [p for p in parsed.find("p") if p.within("div", "body")]
    assert body.text == text
    for index, (start, end) in enumerate(spans):
        assert _quote_text(parsed, f"q{index}") == text[start:end]
    assert all(e.tag == "mark" for e in parsed.elements if e.within("p") is body)


def test_many_speakers_cycle_through_the_palette() -> None:
    text = " ".join(f"w{i}" for i in range(12))
    spans = [(m.start(), m.end()) for m in re.finditer(r"w\d+", text)]
    quotes = tuple(
        Quote(f"q{i}", "direct", Span.of(text, s, e), Speaker(f"p{i}", f"P{i}"))
        for i, (s, e) in enumerate(spans)
    )
    analysis = Analysis(
        Source(), text, Article(None, (Span.of(text, 0, len(text)),)), quotes=quotes
    )
    classes = [m.classes[1] for m in _marks(_Page(render_html(analysis)))]
    assert classes == [f"spk-{i % len(PALETTE)}" for i in range(12)]


def test_comments_render_when_scores_are_missing() -> None:
    comment = Comment("c1", "", 0, 2, "hi", reply_to="gone")
    analysis = Analysis(Source(), "hi", Article(None), comments=(comment,))
    parsed = _Page(render_html(analysis))
    assert [a.classes for a in parsed.find("span", "author")] == [["author", "anonymous"]]
    assert not parsed.find("span", "badge")


def test_words_behind_a_high_toxicity_are_marked(page: Analysis) -> None:
    hostile = next(c for c in page.comments if c.id == "c4")
    start = hostile.start + hostile.text.index("clown")
    span = WeightedSpan(start, start + 5, "clown", 2.5)
    marked = dataclasses.replace(
        page,
        comments=tuple(
            dataclasses.replace(c, spans=(span,)) if c.id == "c4" else c for c in page.comments
        ),
    )
    parsed = _Page(render_html(marked))
    (mark,) = parsed.find("mark", "toxic")
    assert mark.text == "clown" and "+2.50" in mark.attrs["title"]
    card = mark.within("li", "comment")
    assert card is not None and card.attrs["data-comment"] == "c4"
    (text,) = [p for p in parsed.find("p") if p.within("li", "comment") is card]
    assert text.text == HOSTILE.replace("\x1b", "")  # the text around the mark is all there
    assert "<script" not in render_html(marked).lower()
    # A span whose offsets do not match the comment is not drawn at all.
    wrong = WeightedSpan(start + 1, start + 6, "clown", 2.5)
    shifted = dataclasses.replace(
        marked,
        comments=tuple(
            dataclasses.replace(c, spans=(wrong,)) if c.id == "c4" else c for c in page.comments
        ),
    )
    assert not _Page(render_html(shifted)).find("mark", "toxic")
