from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from presslens.model import (
    Analysis,
    Article,
    Comment,
    Entity,
    Person,
    Quote,
    Reaction,
    Scores,
    Source,
    Span,
    Speaker,
    Target,
    WeightedSpan,
)
from presslens.schema import validate_analysis

TEXT = "Big news\n\nThe mayor said “yes”.\n\nann\n\nGreat!"


def _analysis() -> Analysis:
    mayor = Span.of(TEXT, 14, 19)
    return Analysis(
        source=Source(format="text", path="page.txt", encoding="utf-8"),
        text=TEXT,
        article=Article(
            headline="Big news",
            headline_span=Span.of(TEXT, 0, 8),
            paragraphs=(Span.of(TEXT, 10, 32),),
        ),
        people=(Person("p1", "Ann Lee", ("mayor",), (mayor,)),),
        entities=(Entity("e1", "City Hall", "organization", ()),),
        quotes=(
            Quote(
                id="q1",
                kind="direct",
                content=Span.of(TEXT, 26, 29),
                speaker=Speaker("p1", "Ann Lee", mayor),
                cue=Span.of(TEXT, 20, 24),
                confidence=0.9,
            ),
        ),
        comments=(
            Comment(
                "c1",
                "ann",
                40,
                46,
                "Great!",
                author_span=Span.of(TEXT, 34, 37),
                scores=Scores(0.1, 0.0, 0.05, 0.0, 0.0, 0.0),
                sentiment=0.6,
                targets=(Target("person", "p1", "Ann Lee", 0.5),),
                spans=(WeightedSpan(40, 45, "Great", 1.25),),
            ),
            Comment("c2", None, 40, 46, "Great!", reply_to="c1"),
        ),
        reactions=(Reaction("p1", "Ann Lee", 1, 1, 1, 0, 0.5, 0.0),),
        warnings=("something to know",),
    )


def test_round_trip_through_json_is_lossless() -> None:
    analysis = _analysis()
    data = json.loads(json.dumps(analysis.as_dict()))
    assert Analysis.from_dict(data) == analysis


def test_as_dict_follows_the_schema() -> None:
    data = _analysis().as_dict()
    validate_analysis(data)
    assert data["schema"] == "presslens/analysis/v1"
    assert data["comments"][0]["targets"][0] == {"person": "p1", "name": "Ann Lee", "polarity": 0.5}
    assert data["comments"][1]["scores"] is None


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("schema",), "presslens/analysis/v2"),
        (("quotes", 0, "kind"), "hearsay"),
        (("comments", 0, "scores", "toxicity"), 1.5),
        (("comments", 0, "spans", 0, "weight"), "high"),
        (("people", 0, "name"), ""),
        (("unexpected",), 1),
    ],
)
def test_schema_rejects_bad_documents(path: tuple[Any, ...], value: Any) -> None:
    data = _analysis().as_dict()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        validate_analysis(data)


@pytest.mark.parametrize(
    ("reaction", "line"),
    [
        (
            Reaction("p", "Ann Lee", 12, 3, 0, 3, -0.6, None),
            "quoted 12 times; targeted by 3 comments, all negative",
        ),
        (Reaction("p", "Ann Lee", 1, 0), "quoted 1 time; no comment targets them"),
        (
            Reaction("p", "Ann Lee", 0, 3, 1, 1, 0.0, 0.5),
            "1 negative, 1 positive, 1 neutral; 50% of them toxic",
        ),
        (Reaction("p", "Ann Lee", 0, 1, 1, 0, 0.4, 1.0), "targeted by 1 comment, positive, toxic"),
    ],
)
def test_reaction_summary(reaction: Reaction, line: str) -> None:
    assert line in reaction.summary()
    assert reaction.summary().startswith("Ann Lee — ")


def test_results_are_immutable() -> None:
    analysis = _analysis()
    with pytest.raises(AttributeError):
        analysis.text = "x"  # type: ignore[misc]
    assert analysis.person("p1") is not None and analysis.person("p9") is None
    assert analysis.article.start == 0 and analysis.article.end == 32
