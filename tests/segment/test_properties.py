"""Property tests: any text gets a valid segmentation, never an exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.segment import segment_text
from tests.segment._checks import assert_consistent

# Lines that comment sections and articles are made of, including odd whitespace.
PAGE_LINES = st.sampled_from(
    [
        "Council Approves Bridge Toll",
        "The council voted on Tuesday to introduce a toll on the bridge.",
        '"We had no choice," the mayor said.',
        "Marta Kowalczyk",
        "gus_the_ferryman",
        "john mason",
        "Ana says:",
        "Ana said...",
        "by ana on July 7, 2012 at 9:59 am.",
        "Chris Huang — July 10th, 2012, 1:26 am",
        "October 29, 2012 at 12:41 pm",
        "3 hours ago",
        "Comment author avatarWakehead",
        "Reply",
        "Report | Reply",
        "12 Comments",
        "@gus_the_ferryman you are wrong",
        "Thanks Marta, I did read it.",
        "thank you.",
        "- a list item",
        "Photo: a caption (Agency/Name)",
        "",
        " ",
        "\t",
        "    indented body line",
        "\u2028",
        "\x0c",
        "日本語のコメント",
    ]
)
PAGES = st.lists(st.one_of(PAGE_LINES, st.text(max_size=40)), max_size=60).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_any_text(text: str) -> None:
    assert_consistent(segment_text(text), text)


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_page_like_text(text: str) -> None:
    seg = segment_text(text)
    assert_consistent(seg, text)
    # The thread is a suffix of the page: article text never follows a comment.
    if seg.comments and seg.paragraphs:
        assert seg.paragraphs[-1].end <= seg.comments[0].start
    if seg.headline is not None and seg.paragraphs:
        assert seg.headline.end <= seg.paragraphs[0].start
