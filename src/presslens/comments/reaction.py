"""Reader reaction per person: quotes of theirs and comments aimed at them."""

from __future__ import annotations

from collections.abc import Sequence

from presslens.model import Comment, Person, Quote, Reaction

#: Polarity at or beyond which a comment counts as positive / negative toward a target.
POLARITY_THRESHOLD = 0.05
#: Toxicity score from which a comment counts as toxic.
TOXIC_THRESHOLD = 0.5


def reader_reactions(
    people: Sequence[Person], quotes: Sequence[Quote], comments: Sequence[Comment]
) -> tuple[Reaction, ...]:
    """One ``Reaction`` per person who is quoted or targeted, most quoted first."""
    reactions = []
    for person in people:
        quoted = sum(1 for q in quotes if q.speaker.person == person.id)
        aimed = [
            (comment, target.polarity)
            for comment in comments
            for target in comment.targets
            if target.kind == "person" and target.ref == person.id
        ]
        if not quoted and not aimed:
            continue
        polarities = [p for _, p in aimed]
        scored = [c for c, _ in aimed if c.scores is not None]
        reactions.append(
            Reaction(
                person=person.id,
                name=person.name,
                quoted=quoted,
                targeted_by=len(aimed),
                positive=sum(1 for p in polarities if p >= POLARITY_THRESHOLD),
                negative=sum(1 for p in polarities if p <= -POLARITY_THRESHOLD),
                mean_polarity=round(sum(polarities) / len(polarities), 3) if polarities else None,
                toxic_share=(
                    round(
                        sum(1 for c in scored if c.scores and c.scores.toxicity >= TOXIC_THRESHOLD)
                        / len(scored),
                        3,
                    )
                    if scored
                    else None
                ),
            )
        )
    reactions.sort(key=lambda r: (-r.quoted, -r.targeted_by))
    return tuple(reactions)
