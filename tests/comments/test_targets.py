"""Comment targets, polarity aimed at them, sentiment and the per-person reaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import presslens
from presslens.comments.reaction import reader_reactions
from presslens.comments.targets import find_targets, mention_polarity, sentiment
from presslens.model import Comment, Person, Quote, Span, Speaker, Target

PAGE = (Path(__file__).parent / "fixtures" / "rail-cuts.txt").read_text()


@pytest.fixture(scope="module")
def analysis() -> presslens.Analysis:
    return presslens.analyze(PAGE)


def _targets(comment: Comment) -> dict[str, float]:
    return {t.name: t.polarity for t in comment.targets}


def test_attacks_are_negative_toward_their_target(analysis: Any) -> None:
    first = analysis.comments[0]
    assert first.author == "bluebell_42"
    targets = _targets(first)
    assert targets["Laura Pemberton"] < -0.3
    assert "Owen Grady" not in targets


def test_praise_by_contrast_is_positive(analysis: Any) -> None:
    targets = _targets(analysis.comments[1])
    assert targets["Owen Grady"] > 0.2
    assert "Laura Pemberton" not in targets


def test_a_comment_about_no_one_has_no_person_targets(analysis: Any) -> None:
    third = analysis.comments[2]
    assert not [t for t in third.targets if t.kind == "person"]
    assert third.sentiment is not None and third.sentiment > 0


def test_comments_are_scored(analysis: Any) -> None:
    for comment in analysis.comments:
        assert comment.scores is not None
        assert 0.0 <= comment.scores.toxicity <= 1.0


def test_reader_reaction_sums_up_per_person(analysis: Any) -> None:
    reactions = {r.name: r for r in analysis.reactions}
    pemberton = reactions["Laura Pemberton"]
    assert pemberton.quoted >= 1
    assert pemberton.targeted_by == 1 and pemberton.negative == 1
    assert "targeted by 1 comment, negative" in pemberton.summary()
    assert reactions["Owen Grady"].positive == 1


def test_titles_pronouns_and_demonstratives_point_at_people(nlp: Any) -> None:
    page_people = [
        Person("p1", "Nora Quill", ("Secretary of Health",), ()),
        Person("p2", "Ed Marsh", ("mayor",), ()),
    ]
    text = "The Secretary is a disgrace. She lied again. This liar must go."
    doc = nlp(text)
    targets = find_targets(doc, 0, page_people)
    assert [t.name for t in targets] == ["Nora Quill"]
    assert targets[0].polarity < -0.3


def test_negation_flips_polarity(nlp: Any) -> None:
    plain = mention_polarity(nlp("Ortega is honest.")[0])
    negated = mention_polarity(nlp("Ortega is not honest.")[0])
    assert plain is not None and negated is not None
    assert plain > 0 > negated


def test_sentiment_range() -> None:
    assert sentiment("What a wonderful, thoughtful piece.") > 0.5
    assert sentiment("This is awful and disgusting.") < -0.5


def test_reactions_need_quotes_or_targets() -> None:
    people = [Person("p1", "A B"), Person("p2", "C D")]
    quote = Quote("q1", "direct", Span(0, 1, "x"), Speaker("p1", "A B"))
    comment = Comment("c1", None, 0, 1, "x", targets=(Target("person", "p1", "A B", -0.4),))
    (reaction,) = reader_reactions(people, [quote], [comment])
    assert (reaction.person, reaction.quoted, reaction.negative) == ("p1", 1, 1)
    assert reaction.toxic_share is None
