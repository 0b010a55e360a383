"""Everything presslens says about each comment: scores, sentiment, targets."""

from __future__ import annotations

from collections.abc import Sequence

from presslens.comments.targets import find_targets, sentiment
from presslens.comments.toxicity import ToxicityModel, load_toxicity_model
from presslens.model import Comment, Entity, Person, Scores, WeightedSpan
from presslens.people import ParsedPart
from presslens.segment import CommentSegment


def analyse_comments(
    segments: Sequence[CommentSegment],
    parts: Sequence[ParsedPart],
    people: Sequence[Person],
    entities: Sequence[Entity],
    *,
    score: bool = True,
) -> tuple[Comment, ...]:
    """Comments of a page with toxicity scores (and the words behind a high one), VADER
    sentiment and targets.

    ``parts`` are the parsed comments, in the order of ``segments``. Entity targets are
    limited to entities the article mentions too: NER on informal comment text is noisy.
    """
    model = load_toxicity_model() if score and segments else None
    scores = model.score([s.text for s in segments]) if model is not None else []
    article_entities = [
        e for e in entities if any(_in_article(m.start, segments) for m in e.mentions)
    ]
    comments = []
    for index, (segment, part) in enumerate(zip(segments, parts, strict=True)):
        comments.append(
            Comment(
                id=f"c{index + 1}",
                author=segment.author,
                start=segment.start,
                end=segment.end,
                text=segment.text,
                reply_to=f"c{segment.reply_to + 1}" if segment.reply_to is not None else None,
                author_span=segment.author_span,
                published=segment.published,
                scores=scores[index] if scores else None,
                sentiment=round(sentiment(segment.text), 4),
                targets=find_targets(part.doc, part.offset, people, article_entities),
                spans=_toxic_spans(model, segment, scores[index]) if model is not None else (),
            )
        )
    return tuple(comments)


def _toxic_spans(
    model: ToxicityModel, segment: CommentSegment, scores: Scores
) -> tuple[WeightedSpan, ...]:
    """The words that drove the comment's toxicity to 0.5 or more, as page offsets."""
    return tuple(
        WeightedSpan(segment.start + s.start, segment.start + s.end, s.text, s.weight)
        for s in model.explain(segment.text, score=scores.toxicity)
    )


def _in_article(offset: int, segments: Sequence[CommentSegment]) -> bool:
    return not any(s.start <= offset < s.end for s in segments)
