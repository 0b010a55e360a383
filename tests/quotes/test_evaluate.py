"""The scoring functions of ``presslens.quotes.evaluate`` on hand-made data."""

from __future__ import annotations

from typing import Any

import pytest

from presslens.model import Analysis, Article, Quote, Source, Span, Speaker
from presslens.quotes.evaluate import (
    GoldAttribution,
    QuoteScores,
    is_speech_cue,
    last_capitalised_word,
    load_brat,
    match_spans,
    normalize,
    overlap,
    pick_annotator_files,
    prf,
    score_quotes,
    seed_report,
    seed_speaker_ok,
    speaker_correct,
    trim,
)

# ----------------------------------------------------------------------------- brat

TEXT = (
    'Mayor Ada Quinn said the ferry would run again by May. "We are ready," she told '
    'reporters, "and the crews\nare trained." Critics believe the plan is too late.'
)


def _at(fragment: str, start: int = 0) -> tuple[int, int]:
    index = TEXT.index(fragment, start)
    return index, index + len(fragment)


def _ann() -> str:
    src = _at("Mayor Ada Quinn")
    cue1 = _at("said")
    content1 = _at("the ferry would run again by May")
    part_a = _at('"We are ready,"')
    part_b = _at('"and the crews\nare trained."')
    she = _at("she")
    told = _at("told")
    believe = _at("believe")
    content3 = _at("the plan is too late")
    critics = _at("Critics")
    return "\n".join(
        [
            f"T1\tSource {src[0]} {src[1]}\tMayor Ada Quinn",
            f"T2\tCue {cue1[0]} {cue1[1]}\tsaid",
            f"T3\tContent {content1[0]} {content1[1]}\tthe ferry would run again by May",
            f"T4\tAttribution {cue1[0]} {cue1[1]}\tsaid",
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            # a discontinuous content whose text holds a newline (continued on the next line)
            f'T5\tContent {part_a[0]} {part_a[1]};{part_b[0]} {part_b[1]}\t"We are ready," '
            '"and the crews',
            'are trained."',
            f"T6\tSource {she[0]} {she[1]}\tshe",
            f"T7\tCue {told[0]} {told[1]}\ttold",
            f"T8\tAttribution {told[0]} {told[1]}\ttold",
            "E2\tAttribution:T8 Cue:T7 Source:T6 Content:T5",
            f"T9\tCue {believe[0]} {believe[1]}\tbelieve",
            f"T10\tContent {content3[0]} {content3[1]}\tthe plan is too late",
            f"T11\tAttribution-no-source {believe[0]} {believe[1]}\tbelieve",
            "E3\tAttribution-no-source:T11 Cue:T9 Content:T10",
            f"T12\tDiscard {critics[0]} {critics[1]}\tCritics",
            "E4\tAttribution-no-source:T11 ",
            "#1\tAnnotatorNotes T1\ta note",
            "",
        ]
    )


def test_load_brat_reads_relations_with_discontinuous_and_multiline_spans() -> None:
    gold = load_brat(_ann())
    assert [g.id for g in gold] == ["E1", "E2", "E3"]  # E4 has no content: skipped
    first, second, third = gold
    assert first.content == (_at("the ferry would run again by May"),)
    assert first.source == (_at("Mayor Ada Quinn"),)
    assert first.source_text == "Mayor Ada Quinn"
    assert first.cue_text == "said"
    assert second.content == (_at('"We are ready,"'), _at('"and the crews\nare trained."'))
    assert second.content_text == '"We are ready," "and the crews\nare trained."'
    assert second.source_text == "she"
    assert third.source == ()
    assert not third.has_source
    assert third.cue_text == "believe"


def test_load_brat_joins_content2_and_ignores_unknown_lines() -> None:
    ann = "\n".join(
        [
            "T1\tContent 0 5\tabcde",
            "T2\tContent 10 12;14 16\tkl no",
            "T3\tCue 6 9\tsay",
            "T4\tAttribution 6 9\tsay",
            "E1\tAttribution:T4 Cue:T3 Content:T1 Content2:T2",
            "A1\tNegated E1",
            "R1\tRel Arg1:T1 Arg2:T2",
        ]
    )
    (gold,) = load_brat(ann)
    assert gold.content == ((0, 5), (10, 12), (14, 16))
    assert gold.content_text == "abcde kl no"
    assert gold.cue == ((6, 9),)


def test_pick_annotator_files_takes_the_first_by_sorted_name() -> None:
    names = ["b-story_ef2d.ann", "a-story_4e07.ann", "b-story_4b22.ann", "notes.txt"]
    assert pick_annotator_files(names) == {
        "a-story": "a-story_4e07.ann",
        "b-story": "b-story_4b22.ann",
    }


@pytest.mark.parametrize(
    ("cue", "speech"),
    [
        ("said", True),
        ("has said", True),
        ("told", True),
        ("wrote", True),
        ("according to", True),
        ("tweeted", True),
        ("added:", True),
        (":", True),
        ("―", True),
        ("believe", False),
        ("thinks", False),
        ("has learned", False),
        ("shows", False),
        ("found", False),
        ("know", False),
    ],
)
def test_is_speech_cue(cue: str, speech: bool) -> None:
    assert is_speech_cue(cue) is speech


# ----------------------------------------------------------------------------- spans


def test_fragment_helpers() -> None:
    assert normalize([(5, 8), (0, 3), (2, 4), (9, 9)]) == ((0, 4), (5, 8))
    assert overlap(((0, 10),), ((5, 8), (9, 20))) == 4
    text = '  "Hello there,"  '
    assert trim(((0, len(text)),), text) == ((3, 15),)
    assert trim(((0, 3),), text) == ()


def test_match_spans_thresholds() -> None:
    gold = [((0, 100),)]
    # covers 50 of 100 gold characters: a match above 0.3, not above 0.8
    predicted = [((50, 120),)]
    assert [(m.gold, m.predicted) for m in match_spans(gold, predicted, 0.3)] == [(0, 0)]
    assert match_spans(gold, predicted, 0.8) == []
    assert match_spans(gold, [((10, 100),)], 0.8)[0].ratio == pytest.approx(0.9)
    # the threshold is strict: exactly 0.3 does not match
    assert match_spans(gold, [((0, 30),)], 0.3) == []


def test_match_spans_is_one_to_one() -> None:
    gold = [((0, 10),), ((20, 30),)]
    # one prediction covering both gold spans matches only one of them
    matches = match_spans(gold, [((0, 30),)], 0.3)
    assert len(matches) == 1
    # two predictions on one gold span: only the larger overlap matches
    matches = match_spans([((0, 10),)], [((0, 5),), ((0, 9),)], 0.3)
    assert [(m.gold, m.predicted, m.overlap) for m in matches] == [(0, 1, 9)]
    # greedy by overlap frees the other prediction for the second gold span
    matches = match_spans(gold, [((0, 30),), ((22, 29),)], 0.3)
    assert {(m.gold, m.predicted) for m in matches} == {(0, 0), (1, 1)}


def test_match_spans_with_discontinuous_gold() -> None:
    gold = [((0, 10), (20, 30))]
    assert match_spans(gold, [((0, 10),)], 0.3)[0].ratio == pytest.approx(0.5)
    assert match_spans(gold, [((0, 10),)], 0.8) == []
    assert match_spans(gold, [((0, 30),)], 0.8)[0].ratio == pytest.approx(1.0)


def test_prf_arithmetic() -> None:
    precision, recall, f1 = prf(3, 4, 6)
    assert precision == pytest.approx(0.75)
    assert recall == pytest.approx(0.5)
    assert f1 == pytest.approx(0.6)
    assert prf(0, 0, 5) == (0.0, 0.0, 0.0)
    assert prf(0, 3, 0) == (0.0, 0.0, 0.0)


def test_quote_scores_are_micro_averaged() -> None:
    total = QuoteScores(1, 2, 4, 1, 1) + QuoteScores(3, 3, 4, 2, 1)
    assert total == QuoteScores(4, 5, 8, 3, 2)
    assert total.precision == pytest.approx(0.8)
    assert total.recall == pytest.approx(0.5)
    assert total.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert total.speaker_accuracy == pytest.approx(2 / 3)
    assert QuoteScores().speaker_accuracy == 0.0
    assert total.as_dict()["n_gold"] == 8


# ----------------------------------------------------------------------------- speakers


def _gold(source: tuple[int, int] | None, source_text: str = "") -> GoldAttribution:
    return GoldAttribution(
        id="E1",
        content=((100, 150),),
        content_text="x" * 50,
        source=(source,) if source else (),
        source_text=source_text,
    )


def _quote(name: str | None, mention: tuple[int, int] | None = None) -> Quote:
    span = Span(mention[0], mention[1], "m" * (mention[1] - mention[0])) if mention else None
    return Quote("q1", "direct", Span(100, 150, "x" * 50), Speaker(name=name, mention=span))


def test_speaker_correct_by_mention_overlap() -> None:
    gold = _gold((10, 13), "she")
    assert speaker_correct(gold, _quote(None, (11, 14)))
    assert not speaker_correct(gold, _quote(None, (13, 20)))


def test_speaker_correct_by_surname() -> None:
    gold = _gold((10, 40), "Retired Lt. Gen. Ada Quinn")
    assert speaker_correct(gold, _quote("Ada Quinn", (60, 63)))
    assert speaker_correct(gold, _quote("QUINN"))
    assert not speaker_correct(gold, _quote("Ada Lovelace"))
    assert not speaker_correct(gold, _quote(None))
    assert speaker_correct(_gold((0, 5), "Quinn’s office"), _quote("Ada Quinn"))
    assert speaker_correct(_gold((0, 5), "Omar al-Rashid"), _quote("Rashid"))
    # a gold Source without a capitalised word only matches by mention
    assert not speaker_correct(_gold((0, 5), "officials"), _quote("Officials"))


def test_speaker_not_scored_without_gold_source() -> None:
    assert not speaker_correct(_gold(None), _quote("Ada Quinn", (100, 110)))


def test_last_capitalised_word() -> None:
    assert last_capitalised_word("the New York Post") == "Post"
    assert last_capitalised_word("a source close to him") is None


def test_score_quotes_counts_matches_speakers_and_ignored_gold() -> None:
    text = "x" * 400
    gold = [
        GoldAttribution("E1", ((0, 100),), "", ((200, 210),), "Ada Quinn"),
        GoldAttribution("E2", ((120, 180),), ""),
    ]
    ignored = [GoldAttribution("E3", ((300, 350),), "")]
    predicted = [
        Quote("q1", "direct", Span(0, 90, ""), Speaker(name="Ada Quinn")),
        Quote("q2", "indirect", Span(125, 180, ""), Speaker(name="Someone")),
        Quote("q3", "indirect", Span(300, 350, ""), Speaker()),  # matches only ignored gold
        Quote("q4", "indirect", Span(380, 400, ""), Speaker()),  # matches nothing
    ]
    scores = score_quotes(text, gold, predicted, 0.8, ignore=ignored)
    assert scores == QuoteScores(
        true_positives=2, n_predicted=3, n_gold=2, speaker_scored=1, speaker_right=1
    )
    plain = score_quotes(text, gold, predicted, 0.8)
    assert plain.n_predicted == 4


def test_score_quotes_trims_quotation_marks() -> None:
    text = 'He said: "Fine." Then he left.'
    start = text.index("Fine")
    gold = [GoldAttribution("E1", ((start, start + 5),), "Fine.")]
    predicted = [Quote("q1", "direct", Span.of(text, start - 1, start + 6), Speaker())]
    assert score_quotes(text, gold, predicted, 0.8).true_positives == 1


# ----------------------------------------------------------------------------- seed page

SEED = (
    "Ferry Back by May\n\n"
    'Mayor Ada Quinn said the ferry would run again by May. "We are ready," she said. '
    "An official said the budget was approved.\n\n"
    "reader1\n"
    'The mayor said "trust me" again, I do not.\n'
)


def _seed_gold() -> dict[str, Any]:
    def span(fragment: str) -> dict[str, Any]:
        start = SEED.index(fragment)
        return {"start": start, "end": start + len(fragment), "text": fragment}

    comment = 'The mayor said "trust me" again, I do not.'
    return {
        "article": {"start": 0, "end": SEED.index("reader1") - 2},
        "quotes": [
            {"content": span("the ferry would run again by May"), "speaker": "Ada Quinn"},
            {"content": span("We are ready,"), "speaker": "Ada Quinn"},
            {"content": span("the budget was approved"), "speaker": "unnamed official"},
        ],
        "comments": [{"author": "reader1", **span(comment)}],
    }


def _seed_quote(qid: str, fragment: str, name: str | None) -> Quote:
    start = SEED.index(fragment)
    return Quote(qid, "direct", Span.of(SEED, start, start + len(fragment)), Speaker(name=name))


def _seed_analysis(*quotes: Quote) -> Analysis:
    return Analysis(Source(), SEED, Article("Ferry Back by May"), quotes=quotes)


def test_seed_report_counts_found_speakers_and_comment_quotes() -> None:
    analysis = _seed_analysis(
        _seed_quote("q1", "the ferry would run again by", "ada quinn"),  # found, right
        _seed_quote("q2", '"We are ready,"', "Quinn"),  # found, speaker not canonical
        _seed_quote("q3", "the budget was approved", None),  # unnamed gold: null is right
        _seed_quote("q4", '"trust me"', "Ada Quinn"),  # inside the comment thread
    )
    report = seed_report(analysis, _seed_gold())
    assert report.n_gold == 3
    assert report.found == 3
    assert report.found_with_speaker == 2
    assert report.n_predicted == 4
    assert report.in_comments == 1
    assert report.in_comment_ids == ("q4",)
    assert [d.speaker_ok for d in report.details] == [True, False, True]
    assert report.as_dict()["details"][1]["predicted_speaker"] == "Quinn"


@pytest.mark.parametrize(
    ("gold", "name", "ok"),
    [
        ("Ada Quinn", "ADA QUINN", True),
        ("Ada Quinn", "Quinn", False),
        ("Ada Quinn", None, False),
        ("unnamed official", None, True),
        ("unnamed official", "Unnamed Official", True),
        ("unnamed official", "Ada Quinn", False),
    ],
)
def test_seed_speaker_rule(gold: str, name: str | None, ok: bool) -> None:
    assert seed_speaker_ok(gold, name) is ok


def test_seed_report_needs_half_the_gold_quote() -> None:
    short = _seed_analysis(_seed_quote("q1", "the ferry would", "Ada Quinn"))
    report = seed_report(short, _seed_gold())
    assert report.found == 0
    assert report.details[0].predicted_id is None


def test_seed_report_rejects_offsets_that_do_not_fit_the_text() -> None:
    gold = _seed_gold()
    shifted = Analysis(Source(), "x" + SEED, Article(None))
    with pytest.raises(ValueError, match="does not match"):
        seed_report(shifted, gold)
