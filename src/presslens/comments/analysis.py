"""Everything presslens says about each comment: scores, sentiment, targets."""

from __future__ import annotations

from collections.abc import Sequence

from presslens.comments.targets import find_targets, sentiment
from presslens.comments.toxicity import load_toxicity_model
from presslens.model import Comment, Entity, Person
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
    """Comments of a page with toxicity scores, VADER sentiment and targets.

    ``parts`` are the parsed comments, in the order of ``segments``. Entity targets are
    limited to entities the article mentions too: NER on informal comment text is noisy.
    """
    scores = load_toxicity_model().score([s.text for s in segments]) if score and segments else []
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
            )
        )
    return tuple(comments)


def _in_article(offset: int, segments: Sequence[CommentSegment]) -> bool:
    return not any(s.start <= offset < s.end for s in segments)
