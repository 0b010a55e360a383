"""Training and evaluation data for the toxicity model: examples, weights and splits.

Development-only: used by ``scripts/train_toxicity.py``, ``benchmarks/toxicity_auc.py`` and
the quality tests, never at run time. The readers and the label mapping of each data set
are in ``_toxicity_readers``.

Splits are deterministic: ``sha256`` of a group key (the text, lower-cased with white space
collapsed; the template for HateCheck, whose cases are instances of templates) picks a bucket
in [0, 100): below 20 is ``test``, below 32 is ``calib`` (calibration and model selection),
the rest ``train``. OLID's official test set and ``cat/cat_small.csv`` are ``eval`` only,
and any training or calibration example whose text is in them is dropped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from presslens.comments import _toxicity_readers as readers
from presslens.comments._features import clause_breaks
from presslens.comments._toxicity_readers import (
    ENGAGED_RATE,
    IDLE_MIN_ITEMS,
    IDLE_RATE,
    LICENCES,
    MAPPING,
    READERS,
    TARGET,
    Labels,
    SpanVote,
)

__all__ = [
    "DATASET_WEIGHTS",
    "ENGAGED_RATE",
    "EVAL_ONLY",
    "IDLE_MIN_ITEMS",
    "IDLE_RATE",
    "LICENCES",
    "MAPPING",
    "SPLITS",
    "Example",
    "Labels",
    "SpanVote",
    "Split",
    "clause_labels",
    "default_data_dir",
    "load_examples",
    "normalise_key",
    "split_of",
    "toxic_spans_gold",
    "toxic_spans_votes",
]

Split = Literal["train", "calib", "test", "eval"]

#: Relative weight of one example of each data set in training and calibration.
DATASET_WEIGHTS: dict[str, float] = {
    "toxic_spans": 1.5,  # news-site comments weigh most
    "civil_comments_ni": 1.5,
    "wiki_toxicity": 1.0,  # discussion comments, the closest other domain
    "cat_gc": 3.0,  # discussion comments with a soft target (Perspective's score) for all
    "olid": 0.6,
    "davidson": 0.6,
    "gab_hate": 0.35,
    "openai_moderation": 0.3,
    "convabuse": 0.25,
    "stormfront": 0.25,
    "hatecheck": 0.2,  # templated test cases: many near-duplicates
    "mlma": 0.15,  # preprocessed tweets (stop words removed)
}

#: How examples are split, for the model card.
SPLITS = (
    "sha256 of the text (lower-cased, white space collapsed; HateCheck: the template id) -> "
    "bucket 0-99: <20 test, <32 calib, else train. OLID's official test set and "
    "cat/cat_small.csv are evaluation-only; their texts are removed from train and calib."
)

#: Evaluation-only sets (never trained or calibrated on).
EVAL_ONLY = ("olid_test", "cat_small")


@dataclass(frozen=True, slots=True)
class Example:
    """One text with its labels (attribute -> value in [0, 1]; masked ones absent).

    ``targets`` are training targets that differ from the labels (see ``TARGET``).
    """

    text: str
    labels: Labels
    dataset: str
    split: Split
    targets: Labels = field(default_factory=dict)

    def target(self, attribute: str) -> float:
        """What the model is fitted to for ``attribute`` (its label unless a target is set)."""
        return self.targets.get(attribute, self.labels[attribute])


def normalise_key(text: str) -> str:
    return " ".join(text.lower().split())


def split_of(key: str) -> Split:
    bucket = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if bucket < 20 else "calib" if bucket < 32 else "train"


def default_data_dir() -> Path:
    """``../shared/data/comments`` next to the repository this package was installed from."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "data" / "comments"


def toxic_spans_gold(data_dir: Path | None = None) -> dict[str, set[int]]:
    """Text -> character offsets most active toxic_spans annotators marked toxic."""
    return readers.toxic_spans_gold(data_dir or default_data_dir())


def toxic_spans_votes(data_dir: Path | None = None) -> dict[str, list[SpanVote]]:
    """Text -> votes of the engaged toxic_spans workers (for clause labels)."""
    return readers.toxic_spans_votes(data_dir or default_data_dir())


def clause_labels(text: str, votes: Sequence[SpanVote], max_chars: int) -> list[float]:
    """Per clause of ``text`` (cut as the model cuts it), the share of ``votes`` that mark it.

    A vote marks a clause when one of its spans overlaps the clause, or when it flagged the
    whole comment (or gave a span without offsets).
    """
    n = min(len(text), max_chars)
    breaks = clause_breaks(text, max_chars)
    bounds = list(zip([0, *(e for _, e in breaks)], [*(s for s, _ in breaks), n], strict=True))
    return [
        sum(v.anywhere or any(s < b and e > a for s, e in v.spans) for v in votes) / len(votes)
        for a, b in bounds
    ]


def load_examples(
    data_dir: Path | None = None, datasets: Collection[str] | None = None
) -> list[Example]:
    """Examples of ``datasets`` (default: all), each with its split (see the module docstring)."""
    root = data_dir or default_data_dir()
    if not root.is_dir():
        raise FileNotFoundError(f"toxicity data not found at {root}")
    wanted = set(datasets) if datasets is not None else set(READERS)
    unknown = wanted - set(READERS)
    if unknown:
        raise ValueError(f"unknown data sets: {sorted(unknown)}")
    held: set[str] = set()
    out: list[Example] = []
    for name in EVAL_ONLY:
        for text, labels, _ in READERS[name](root):
            held.add(normalise_key(text))
            if name in wanted:
                out.append(Example(text, labels, name, "eval"))
    for name in DATASET_WEIGHTS:
        if name not in wanted:
            continue
        seen: set[str] = set()
        for text, labels, group in READERS[name](root):
            key = normalise_key(text)
            if not key or key in seen:
                continue
            seen.add(key)
            split = split_of(normalise_key(group))
            if split != "test" and key in held:
                continue
            plain = {a: v for a, v in labels.items() if not a.startswith(TARGET)}
            targets = {a[len(TARGET) :]: v for a, v in labels.items() if a.startswith(TARGET)}
            out.append(Example(text, plain, name, split, targets))
    return out
