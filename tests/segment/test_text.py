"""segment_text on small pages written for these tests, one per comment layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.segment import PageSegments, segment_text
from tests.segment._checks import assert_consistent

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "harbour-vote.txt"

# (author, first words of the body, reply_to) for each expected comment.
Expected = list[tuple[str | None, str, int | None]]


def segment_fixture(name: str) -> tuple[str, PageSegments]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    seg = segment_text(text)
    assert_consistent(seg, text)
    return text, seg


def assert_thread(seg: PageSegments, expected: Expected) -> None:
    got = [
        (c.author, c.text[: len(words)], c.reply_to)
        for c, (_, words, _) in zip(seg.comments, expected, strict=False)
    ]
    assert got == expected
    assert len(seg.comments) == len(expected)


def meta_texts(text: str, seg: PageSegments) -> list[str]:
    return [text[r.start : r.end] for r in seg.regions if r.kind == "meta"]


def test_author_lines_first_with_anonymous_multiparagraph_and_replies() -> None:
    text, seg = segment_fixture("library_plain.txt")
    assert seg.headline is not None
    assert seg.headline.text == "Mill Road Library To Close Its Doors In September"
    assert len(seg.paragraphs) == 3
    assert_thread(
        seg,
        [
            ("Helen Marsh", "I learnt to read", None),
            ("bookworm_77", "The council has run out", None),
            (None, "Honestly the building", None),
            ("Helen Marsh", "@bookworm_77 the car park", 1),  # @name
            ("bookworm_77", "Thanks Helen", 3),  # thanks + name
            ("derek p", '"I would rather they spent', 2),  # quotes comment 2
            ("Ines Duarte", "My children go there", None),
        ],
    )
    multi = seg.comments[1]
    assert "\n\n" in multi.text and multi.text.endswith("civic centre cost.")
    assert seg.comments[2].text.endswith("where people actually go.")
    assert meta_texts(text, seg) == [
        "Helen Marsh",
        "bookworm_77",
        "Helen Marsh",
        "bookworm_77",
        "derek p",
        "Ines Duarte",
    ]
    first = seg.comments[0]
    assert first.author_span is not None and first.author_span.end < first.start


def test_harbour_example() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    seg = segment_text(text)
    assert_consistent(seg, text)
    assert [(c.author, c.reply_to) for c in seg.comments] == [
        ("Marta Kowalczyk", None),
        ("gus_the_ferryman", None),
        (None, None),
        ("Marta Kowalczyk", 1),
        ("gus_the_ferryman", 3),
        ("Tom Alvarez", None),
    ]
    assert "\n\n" in seg.comments[2].text
    assert seg.paragraphs[-1].text.startswith("The first payments")


def test_name_says_with_timestamp_lines_and_reply_links() -> None:
    text, seg = segment_fixture("wordpress_says.txt")
    assert len(seg.paragraphs) == 3
    assert_thread(
        seg,
        [
            ("Priya N", "Splitting the pot", None),
            ("tomasz.b", "Mine always gets", None),
            ("Priya N", "@tomasz.b yes", 1),
        ],
    )
    assert seg.comments[1].text.endswith("twice a week.")
    metas = meta_texts(text, seg)
    assert metas[0].startswith("3 Responses to")
    assert metas.count("Reply") == 3
    assert "March 3, 2014 at 8:12 am" in metas


def test_by_name_on_date_at_time_after_the_comment() -> None:
    text, seg = segment_fixture("trailer_by_on.txt")
    assert len(seg.paragraphs) == 4
    assert seg.paragraphs[-1].text.startswith("We tried this on one team")
    assert_thread(
        seg,
        [
            ("Kofi Mensah", "Great write-up.", None),
            ("marco", "How do you handle", None),
            ("Lena Fischer", "Marco, we time-box", 1),  # addressed by name
        ],
    )
    assert seg.comments[1].text.endswith("for example.")
    assert meta_texts(text, seg)[0] == "by Kofi Mensah on June 2, 2013 at 10:04 am."


def test_author_and_timestamp_lines_with_report_reply_links() -> None:
    text, seg = segment_fixture("timestamp_lines.txt")
    assert len(seg.paragraphs) == 2
    assert_thread(
        seg,
        [
            ("Rosa Lindqvist", "Twenty passengers", None),
            ("j_harrow", "The operator is subsidised", None),
            ("Rosa Lindqvist", "Agreed with j_harrow", 1),
        ],
    )
    metas = meta_texts(text, seg)
    assert metas[:3] == ["Comments", "Rosa Lindqvist", "12 November 2015 07:41"]
    assert metas.count("Report | Reply") == 3


def test_avatar_lines_and_lower_case_handles() -> None:
    text = (
        "Snow Closes Mountain Pass\n\n"
        "The pass closed at noon after a metre of snow fell overnight on the upper road.\n\n"
        "Comment author avatarNadia K.\n14 January 2016 at 09:12\n\n"
        "Third winter in a row. They need a proper snow shed.\n\n"
        "Comment author avatarolek_w\n14 January 2016 at 09:30\n\n"
        "Nadia, the snow shed was cancelled years ago to save money.\n"
    )
    seg = segment_text(text)
    assert_consistent(seg, text)
    assert_thread(
        seg,
        [
            ("Nadia K.", "Third winter", None),
            ("olek_w", "Nadia, the snow shed", 0),
        ],
    )


def test_name_said_with_trailing_timestamps() -> None:
    text = (
        "Sourdough Notes, Week Six\n\n"
        "The starter finally doubles in four hours, which means the loaf can rise before lunch.\n\n"
        "Ana Ribeiro said...\n\n"
        "    Lovely crumb! What flour do you use?\n"
        "    14 March 2012 09:15\n"
        "bread_pete said...\n\n"
        "    Looks like a strong white flour to me, the holes give it away.\n"
        "    14 March 2012 11:02\n"
    )
    seg = segment_text(text)
    assert_consistent(seg, text)
    assert_thread(
        seg,
        [("Ana Ribeiro", "Lovely crumb!", None), ("bread_pete", "Looks like a strong", None)],
    )
    assert seg.comments[0].text.endswith("do you use?")


def test_name_and_timestamp_on_one_line_with_nested_reply() -> None:
    text = (
        "Night Trains Return To The Coast Line\n\n"
        "From May a sleeper will leave the capital at eleven and reach the coast by seven.\n\n"
        "Greta Holm — 3 May 2014, 10:02 pm\n\n"
        "At last. I used to take this train as a student.\n\n"
        "    Jonas — 3 May 2014, 10:40 pm\n\n"
        "    Thank you.\n\n"
        "Birgit Sand — 4 May 2014, 8:15 am\n\n"
        "Will there be a couchette car or only sleepers?\n"
    )
    seg = segment_text(text)
    assert_consistent(seg, text)
    assert_thread(
        seg,
        [
            ("Greta Holm", "At last.", None),
            ("Jonas", "Thank you.", 0),  # a bare thanks answers the comment above
            ("Birgit Sand", "Will there be", None),
        ],
    )


def test_article_without_comments_gives_an_empty_thread() -> None:
    _, seg = segment_fixture("no_comments.txt")
    assert seg.comments == ()
    assert {r.kind for r in seg.regions} == {"headline", "article", "separator"}
    assert seg.headline is not None and seg.headline.text.startswith("Tidal Barrage")
    assert seg.paragraphs[0].text.startswith("By Jane Okoro")
    assert seg.paragraphs[-1].text == "Updated 14 May 2013 at 6:40 pm"
    assert len(seg.paragraphs) == 18  # dateline, caption, list, subheads: all article


def test_quoted_speech_introduced_by_says_is_not_a_comment() -> None:
    text = (
        "Council Split Over Parking Charges\n\n"
        "Councillors were divided on Tuesday over plans to double parking charges.\n\n"
        "Ruth Calloway says:\n\n"
        '"We cannot keep the car parks open on what they earn now."\n\n'
        "Mark Tennant says:\n\n"
        '"Doubling the charge will empty the high street within a year."\n\n'
        "A vote is expected next month.\n"
    )
    seg = segment_text(text)
    assert_consistent(seg, text)
    assert seg.comments == ()
    assert len(seg.paragraphs) == 6


def test_first_line_that_is_a_sentence_is_kept_as_article() -> None:
    _, seg = segment_fixture("first_line_sentence.txt")
    assert seg.headline is None
    assert seg.comments == ()
    assert seg.paragraphs[0].start == 0
    assert seg.paragraphs[0].text.startswith("The harbour ferry will stop running")
    assert len(seg.paragraphs) == 4


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n",
        "\n\n\n   \n\t\n",
        "one line without newline",
        "Headline Only\n",
        "x" * 200_000,
        "word " * 50_000,
        "\x00\x01\x02\xff\ufffd\n\x0b\x0c\x1c\x1d\x85\u2028\n\n\ud7ff",
        "Name\n\nbody\n\nName\n\nbody\n\nName\n\nbody",
        "says:\nsaid...\n\nby on at\n\n12:00\n\n\n\n",
        "\n" * 1000,
    ],
)
def test_never_crashes_and_stays_consistent(text: str) -> None:
    assert_consistent(segment_text(text), text)


def test_huge_single_line_is_one_paragraph() -> None:
    text = "It was a dark and stormy night. " * 20_000
    seg = segment_text(text)
    assert seg.comments == () and seg.headline is None
    assert len(seg.paragraphs) == 1 and seg.paragraphs[0].end == len(text.rstrip())


LIVE_BLOG = """Election Night As It Happened

10:32 pm

Polls have now closed in the western counties and the first results are due shortly.

10:45 pm

Turnout in the capital looks higher than at the last election, officials say.

11:02 pm

The first declaration is in: the governing party holds the seat with a reduced majority.
"""

RANKING = """Power Rankings: Week 13

Our panel voted again this week after the weekend's games.

1. Ana Lee (2.)

Three wins in a row and a defence that has not conceded since October.

2. Bruno Costa (1.)

A first defeat of the season, but still the most complete side in the league.

3. Chen Wei (4.)

Quietly climbing: the schedule has been kind, the results have been better.
"""

SECTIONS = """A Thanksgiving Menu Without Stress

Most of this menu can be cooked the day before.

Roasted Squash Soup

Roast the squash the night before and the soup takes ten minutes to finish.

Herb Stuffing Muffins

Baking the stuffing in a muffin tin gives every guest a crisp top.

Maple Pecan Pie

The pie is best made a day ahead, so the filling has time to set.

Cranberry Relish

A raw cranberry relish keeps for a week in the fridge.
"""

PROFILES = """Three Architects Who Changed the Harbour

The waterfront owes its look to three people.

Ingrid Solberg

Solberg designed the ferry terminal in 1962 and fought for its glass roof.

Tomas Varga

Varga, her former student, drew the warehouses that are now flats.

Amara Osei

Osei restored both buildings in the 1990s and kept the original cranes.
"""

READING_LIST = """Further Reading on the Bridge

Our coverage of the toll, from the first proposal to the vote:

1. A Bridge Too Far Gone (Harbour Gazette, March 4, 2012)

2. Who Pays for the Cables? (Harbour Gazette, June 9, 2012)

3. The Toll Vote (Evening Post, May 6, 2013)
"""


@pytest.mark.parametrize(
    "text",
    [LIVE_BLOG, RANKING, SECTIONS, PROFILES, READING_LIST],
    ids=["live-blog", "ranking", "recipe-sections", "name-subheads", "reading-list"],
)
def test_article_layouts_that_resemble_threads_give_no_comments(text: str) -> None:
    seg = segment_text(text)
    assert_consistent(seg, text)
    assert seg.comments == ()
    assert {r.kind for r in seg.regions} <= {"headline", "article", "separator"}
