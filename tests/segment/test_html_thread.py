"""Comment threads from HTML: one small page per markup family, with exact expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.segment.html import HtmlPage, parse_html, segment_html
from presslens.segment.html.thread import find_thread

from ._checks import assert_consistent

FIXTURES = Path(__file__).parent / "fixtures" / "html"

# (author, parent index, text) of every comment, in page order.
Expected = list[tuple[str | None, int | None, str]]

THREADS: dict[str, tuple[str, Expected]] = {
    "wordpress.html": (
        "elements",
        [
            (
                "Morag Tulloch",
                None,
                "My daughter now misses the first hour of school every day.\n"
                "Three crossings is not a service, it is a gesture.",
            ),
            (
                "Colin A.",
                0,
                "We hear you, Morag. The school run is our first priority when the crew returns.",
            ),
            ("skerry_dave", None, "Six crossings were never full anyway."),
        ],
    ),
    "blocks.html": (
        "elements",
        [
            ("Beatrix K", None, "Finally. Saturday is the only day I could ever go."),
            ("R. Osei", 0, "Sunday, you mean? It was already open on Saturdays."),
            ("Beatrix K", 1, "Yes, Sunday. Too early in the morning for me."),
            ("anon", None, "Volunteers should not replace paid staff.\nPay people properly."),
        ],
    ),
    "indented.html": (
        "records",
        [
            (
                "Gareth",
                None,
                "Lovely to ride on, but the junction with Mill Lane is still dangerous.",
            ),
            (
                "Fern Adeyemi",
                0,
                "Thanks Gareth, the Mill Lane signals are being changed next week.",
            ),
            ("Gareth", 1, "Good to hear it."),
            ("Lou", 0, "Agreed about Mill Lane, I walk there daily."),
            ("Priti", None, "Where are cars supposed to load now?"),
        ],
    ),
    "says.html": (
        "says",
        [
            ("Harriet Vane", None, "Their rye loaf is worth the queue every Saturday."),
            ("Olu", None, "Congratulations to Ines and the team!\nWell deserved."),
            ("Ines Calloway", 1, "Thank you Olu, see you on Saturday."),
            ("M. Brodie", None, "Prices have gone up a lot this year though."),
        ],
    ),
    "microdata.html": (
        "elements",
        [
            ("Sioned", None, "The view from the wall is ruined for good."),
            (
                "harbourwatcher",
                0,
                "Have you seen the drawings? It is lower than the crane that stood there.",
            ),
            ("Dai", None, "Good news for the town."),
        ],
    ),
    "usercomments.html": (
        "elements",
        [
            ("Parent of three", None, "This will save us forty pounds a month."),
            ("Rhodri", None, "And in year four, who pays?"),
        ],
    ),
    "jsonld.html": (
        "json-ld",
        [
            ("Wil", None, "Proud of our town today."),
            ("Kezia Lund", 0, "Thanks Wil! Photos are coming tomorrow."),
            ("Tamsin", None, "Next time, bring more gloves.\nWe ran out by ten."),
        ],
    ),
    "blogger.html": (
        "elements",
        [
            ("Rosalind", None, "Lost my dahlias too. Time to lift the tubers."),
            ("Anonymous", None, "Which garlic variety do you grow?"),
            ("Ed Marsh", None, "Germidour, every year. It never fails."),
        ],
    ),
    "malformed.html": (
        "elements",
        [
            ("Ravi", None, "Four percent on top of last year's five percent"),
            ("Dorothy Imrie", 0, "The alternative was closing two libraries."),
            ("Jan", None, "Cut councillors' expenses first & then talk"),
        ],
    ),
}


def _page(name: str) -> HtmlPage:
    return segment_html((FIXTURES / name).read_text(encoding="utf-8"))


def _assert_no_leaks(page: HtmlPage) -> None:
    """No comment line in the article, no article paragraph among the comments."""
    seg = page.segments
    paragraphs = [p.text for p in seg.paragraphs]
    for comment in seg.comments:
        for line in comment.text.splitlines():
            assert not any(line in p for p in paragraphs), line
    for paragraph in paragraphs:
        assert not any(paragraph in c.text for c in seg.comments), paragraph


@pytest.mark.parametrize("name", sorted(THREADS))
def test_thread_of_each_markup_family(name: str) -> None:
    method, expected = THREADS[name]
    page = _page(name)
    seg = page.segments
    assert page.thread is not None and page.thread.method == method
    assert [(c.author, c.reply_to, c.text) for c in seg.comments] == expected
    assert_consistent(seg, page.text)
    _assert_no_leaks(page)
    assert len(seg.paragraphs) >= 2
    assert page.warnings == ()


@pytest.mark.parametrize("name", sorted(THREADS))
def test_author_spans_point_at_the_author(name: str) -> None:
    page = _page(name)
    for comment in page.segments.comments:
        if comment.author is None:
            assert comment.author_span is None
            continue
        span = comment.author_span
        assert span is not None and page.text[span.start : span.end] == comment.author
        meta = [r for r in page.segments.regions if r.kind == "meta"]
        assert any(r.start <= span.start and span.end <= r.end for r in meta)


def test_wordpress_article_dates_and_layout() -> None:
    page = _page("wordpress.html")
    seg = page.segments
    assert seg.headline is not None
    assert seg.headline.text == "Ferry timetable cut leaves islanders stranded"
    assert seg.byline == "Nadia Ferreira"
    assert seg.published == "2023-03-14"
    assert [c.published for c in seg.comments] == [
        "14 March 2023 at 9:12 am",
        "14 March 2023 at 10:40 am",
        "15 March 2023 at 7:05 pm",
    ]
    assert seg.paragraphs[0].text.startswith("The operator of the Skerry Island ferry")
    # headline, blank line, paragraphs, then each comment as its own block
    assert page.text.startswith(seg.headline.text + "\n\n" + seg.paragraphs[0].text + "\n\n")
    first = seg.comments[0]
    assert page.text[: first.start].endswith("\n\nMorag Tulloch says:\n14 March 2023 at 9:12 am\n")
    # the reply form, the section header and the sidebar widget are in neither part
    for junk in ("Leave a Reply", "Recent Comments", "3 thoughts on", "Post Comment"):
        assert junk not in page.text


def test_machine_readable_dates_are_kept() -> None:
    blocks = _page("blocks.html").segments.comments
    assert blocks[0].published == "2023-05-02T10:15:00Z"
    micro = _page("microdata.html").segments.comments
    assert [c.published for c in micro] == [
        "2023-09-01T12:00:00Z",
        "2023-09-01T14:20:00Z",
        "2023-09-02T09:00:00Z",
    ]


def test_disqus_page_warns_and_invents_nothing() -> None:
    page = _page("disqus.html")
    assert page.segments.comments == ()
    assert page.warnings == (
        "comments on this page are loaded by script (Disqus); they are not in the saved HTML",
    )
    assert len(page.segments.paragraphs) == 2
    assert_consistent(page.segments, page.text)


@pytest.mark.parametrize(
    ("markup", "provider"),
    [
        ('<div class="fb-comments" data-href="https://example.org/a"></div>', "Facebook comments"),
        ('<div id="coral_thread"></div><script>Coral.createStreamEmbed({})</script>', "Coral"),
        ('<script src="https://cdn.viafoura.net/vf.js"></script>', "Viafoura"),
    ],
)
def test_other_script_loaded_comment_systems(markup: str, provider: str) -> None:
    html = (
        "<html><body><article><h1>Title</h1><p>"
        + "A paragraph of the article that is long enough to be kept as the body. " * 3
        + "</p></article>"
        + markup
        + "</body></html>"
    )
    page = segment_html(html)
    assert page.segments.comments == ()
    assert page.warnings == (
        f"comments on this page are loaded by script ({provider}); they are not in the saved HTML",
    )


def test_page_without_comments_has_an_empty_thread() -> None:
    page = _page("no_comments.html")
    seg = page.segments
    assert seg.comments == ()
    assert page.warnings == ()
    assert not [r for r in seg.regions if r.kind in ("comment", "meta")]
    assert "Outrageous, frankly." not in page.text  # the sidebar's "recent comments" box
    assert seg.paragraphs[0].text.startswith("Repairs to the old stone bridge")
    assert_consistent(seg, page.text)


def _script_heavy(blocks: int = 900) -> str:
    script = (
        "<script>\n"
        + "\n".join(f"window.t{i} = {{id: {i}, p: '{'x' * 180}'}};" for i in range(blocks))
        + "\n</script>\n"
    )
    return (
        "<!DOCTYPE html><html><head><title>Gale warning for the north coast</title>"
        + script
        + "</head><body>"
        + script
        + "<article><h1>Gale warning for the north coast</h1>"
        "<p>The weather service issued a gale warning for the north coast on Sunday, with "
        "gusts of up to seventy miles an hour expected overnight.</p>"
        "<p>Ferry crossings to the islands have been cancelled until Monday afternoon, the "
        "operator said.</p></article>"
        + script
        + '<div id="comments"><ol class="comment-list"><li class="comment" id="comment-11">'
        '<div class="comment-author"><b class="fn">Ailsa</b></div>'
        '<div class="comment-content"><p>Bring the bins in tonight, everyone.</p></div></li>'
        "</ol></div>" + script + "</body></html>"
    )


def test_a_page_that_is_mostly_script() -> None:
    html = _script_heavy()
    assert len(html) > 500_000
    page = segment_html(html)
    seg = page.segments
    assert "window.t1" not in page.text and "xxxxxxxx" not in page.text
    assert [(c.author, c.text) for c in seg.comments] == [
        ("Ailsa", "Bring the bins in tonight, everyone.")
    ]
    assert [p.text[:30] for p in seg.paragraphs] == [
        "The weather service issued a g",
        "Ferry crossings to the islands",
    ]
    assert_consistent(seg, page.text)


def test_deeply_nested_markup_does_not_overflow_the_stack() -> None:
    deep = "<p>Deep text, inside more layers of markup than Python's recursion limit.</p>"
    html = "<html><body>" + "<div>" * 2000 + deep + "</div>" * 2000 + "</body></html>"
    page = segment_html(html)
    assert page.text == "Deep text, inside more layers of markup than Python's recursion limit."
    assert_consistent(page.segments, page.text)


def test_comment_section_is_removed_before_the_article_is_extracted() -> None:
    tree = parse_html((FIXTURES / "wordpress.html").read_text(encoding="utf-8"))
    thread = find_thread(tree)
    assert [el.get("id") for el in thread.prune] == ["comments"]


def test_find_comments_false_skips_the_thread() -> None:
    html = (FIXTURES / "wordpress.html").read_text(encoding="utf-8")
    page = segment_html(html, find_comments=False)
    assert page.segments.comments == ()
    assert "My daughter now misses" not in page.text
