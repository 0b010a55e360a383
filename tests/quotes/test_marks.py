from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from presslens.quotes.marks import find_quoted_spans


def _texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quoted_spans(text)]


def test_every_mark_style() -> None:
    text = (
        'She said “curly quotes here.” Then "straight quotes here." Then «guillemets here». '
        "Then „low high here“."
    )
    assert _texts(text) == [
        "curly quotes here.",
        "straight quotes here.",
        "guillemets here",
        "low high here",
    ]


def test_single_marks_count_only_when_they_are_the_page_primary_marks() -> None:
    primary = "The coach said: ‘We played badly and we know it.’ Fans agreed."
    assert _texts(primary) == ["We played badly and we know it."]
    nested = "“They called it a ‘temporary’ measure,” she said. It’s the fans’ club."
    assert _texts(nested) == ["They called it a ‘temporary’ measure,"]


def test_quote_running_over_paragraphs_closes_only_at_the_end() -> None:
    text = "He said: “First paragraph of the quote.\n\n“Second paragraph, still quoting.”\n\nDone."
    spans = find_quoted_spans(text)
    assert len(spans) == 1
    assert spans[0].paragraphs == 2
    assert text[spans[0].start : spans[0].end].endswith("still quoting.")


def test_unbalanced_marks_do_not_crash_and_run_to_the_paragraph_end() -> None:
    text = "A stray ” mark. Then “an unclosed quote that goes on\n\nNew paragraph."
    spans = find_quoted_spans(text)
    assert len(spans) == 1 and not spans[0].closed
    assert text[spans[0].start : spans[0].end] == "an unclosed quote that goes on"


@given(st.text(alphabet=st.sampled_from(list("ab “”\"'‘’«»„\n. ")), max_size=200))
def test_any_text_gives_ordered_spans_inside_the_text(text: str) -> None:
    spans = find_quoted_spans(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_doubled_apostrophes_are_double_marks() -> None:
    text = "The keeper said it plainly: ''We are out of oil,'' and left. It's the keeper's lamp."
    spans = find_quoted_spans(text)
    assert _texts(text) == ["We are out of oil,"]
    assert text[spans[0].open : spans[0].open + 2] == "''"
    assert spans[0].close is not None and text[spans[0].close - 1 : spans[0].close + 1] == "''"
