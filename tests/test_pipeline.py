from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import presslens
from presslens.errors import EmptyInputError, InputError
from presslens.schema import validate_analysis

from .conftest import EXAMPLE


def _all_spans(analysis: presslens.Analysis) -> list[presslens.Span]:
    spans = list(analysis.article.paragraphs)
    if analysis.article.headline_span:
        spans.append(analysis.article.headline_span)
    for item in (*analysis.people, *analysis.entities):
        spans.extend(item.mentions)
    for comment in analysis.comments:
        spans.append(presslens.Span(comment.start, comment.end, comment.text))
        if comment.author_span:
            spans.append(comment.author_span)
    return spans


def test_example_page(example_analysis: Any) -> None:
    analysis = example_analysis
    assert analysis.article.headline == "Council Approves Harbour Bridge Toll Despite Protests"
    authors = [c.author for c in analysis.comments]
    assert authors == [
        "Marta Kowalczyk",
        "gus_the_ferryman",
        None,
        "Marta Kowalczyk",
        "gus_the_ferryman",
        "Tom Alvarez",
    ]
    replies = {c.id: c.reply_to for c in analysis.comments}
    assert replies["c4"] == "c2" and replies["c5"] == "c4"
    people = {p.name: p for p in analysis.people}
    assert "Mayor" in people["Helen Okafor"].roles
    assert any("engineer" in r for r in people["Priya Raman"].roles)
    assert "Transport Minister" in people["Alan Whitcombe"].roles
    # "Brennan is right for once" in a comment is linked to the councillor of the article
    brennan = people["David Brennan"]
    assert any(m.start > analysis.article.end for m in brennan.mentions)
    # readers: "Brennan is right for once ... Okafor should resign"
    second = {t.name: t.polarity for t in analysis.comments[1].targets}
    assert second["David Brennan"] > 0 > second["Helen Okafor"]
    assert all(c.scores is not None and c.sentiment is not None for c in analysis.comments)
    reactions = {r.name: r for r in analysis.reactions}
    assert reactions["Helen Okafor"].quoted == 3
    assert reactions["Helen Okafor"].negative == 1
    validate_analysis(analysis.as_dict())


def test_every_span_points_into_the_text(example_analysis: Any) -> None:
    text = example_analysis.text
    for span in _all_spans(example_analysis):
        assert text[span.start : span.end] == span.text


def test_a_toxic_comment_carries_the_words_behind_its_score() -> None:
    rude = "What a pathetic idiot. Okafor is a moron and a liar, nobody believes a word."
    analysis = presslens.analyze(EXAMPLE.read_text() + f"\nRita Moss\n\n{rude}\n")
    *calm, last = analysis.comments
    assert last.author == "Rita Moss" and last.text == rude
    assert last.scores is not None and last.scores.toxicity >= 0.5
    assert {"idiot", "moron"} <= {w for s in last.spans for w in s.text.split()}
    for span in last.spans:  # page offsets, inside the comment
        assert analysis.text[span.start : span.end] == span.text
        assert last.start <= span.start < span.end <= last.end
        assert span.weight > 0
    for comment in calm:  # below 0.5: nothing to explain
        assert comment.scores is not None and comment.scores.toxicity < 0.5
        assert comment.spans == ()
    validate_analysis(analysis.as_dict())


def test_text_path_and_str_path_agree(tmp_path: Path) -> None:
    text = EXAMPLE.read_text().replace("Tolls never", "Tolls — they’re forever —  never")
    page = tmp_path / "p.txt"
    page.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    from_path = presslens.analyze(page)
    from_str_path = presslens.analyze(str(page))
    from_text = presslens.analyze(text)
    assert from_path.text == from_text.text == from_str_path.text
    assert from_path.source.encoding == "cp1252"
    assert [c.author for c in from_path.comments] == [c.author for c in from_text.comments]


def test_analyze_many_keeps_order_and_reports_errors_in_place(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  ")
    pages: list[Any] = ["First page text.", empty, "Third page text.\n\nMore of it."]
    results = list(presslens.analyze_many(pages, options=presslens.Options(batch_size=2)))
    assert isinstance(results[1], EmptyInputError)
    first, third = results[0], results[2]
    assert not isinstance(first, InputError) and not isinstance(third, InputError)
    assert first.text == "First page text."
    assert third.text.startswith("Third")


def test_empty_text_raises() -> None:
    with pytest.raises(EmptyInputError):
        presslens.analyze("   \n ")


def test_public_api_is_what_we_export() -> None:
    assert sorted(presslens.__all__) == sorted(
        [
            "SCHEMA_ID",
            "Analysis",
            "Article",
            "BinaryInputError",
            "Comment",
            "DecodeError",
            "EmptyInputError",
            "Entity",
            "FetchError",
            "InputError",
            "InputTooLargeError",
            "ModelNotFoundError",
            "Options",
            "OutputError",
            "Person",
            "PresslensError",
            "Quote",
            "Scores",
            "Source",
            "Span",
            "Speaker",
            "Target",
            "__version__",
            "analyze",
            "analyze_many",
            "analyze_paths",
        ]
    )
    for name in presslens.__all__:
        assert hasattr(presslens, name)
