"""Quality gate: AUC floors and calibration of the shipped model on fixed held-out data.

The held-out data are the ``test`` splits of ``presslens.comments._toxicity_data`` (fixed by
hashing text) and the evaluation-only OLID test set and cat_small.csv, read from ../shared.
Floors sit a little below what ``benchmarks/toxicity_auc.py`` measured, so a regression fails.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from presslens.comments import load_toxicity_model
from presslens.comments._toxicity_data import DATASET_WEIGHTS, Example, load_examples
from presslens.model import SCORE_ATTRIBUTES

SHARED = Path(__file__).parents[2].parent / "shared"
DATA = SHARED / "data" / "comments"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not DATA.is_dir(), reason=f"shared data not found at {DATA}"),
]

#: (data set, attribute) -> minimum ROC AUC; "news" pools toxic_spans and civil_comments_ni.
FLOORS = {
    ("toxic_spans", "toxicity"): 0.735,
    ("toxic_spans", "severe_toxicity"): 0.65,
    ("toxic_spans", "insult"): 0.77,
    ("toxic_spans", "identity_attack"): 0.71,
    ("toxic_spans", "threat"): 0.66,
    ("toxic_spans", "profanity"): 0.79,
    ("civil_comments_ni", "toxicity"): 0.98,
    ("civil_comments_ni", "insult"): 0.975,
    ("civil_comments_ni", "identity_attack"): 0.975,
    ("news", "toxicity"): 0.88,
    ("news", "insult"): 0.86,
    ("olid", "toxicity"): 0.80,
    ("olid_test", "toxicity"): 0.835,
    ("cat_small", "toxicity"): 0.87,
    ("davidson", "toxicity"): 0.975,
    ("davidson", "identity_attack"): 0.88,
    ("gab_hate", "toxicity"): 0.82,
    ("stormfront", "identity_attack"): 0.81,
    ("wiki_toxicity", "toxicity"): 0.95,
    ("hatecheck", "threat"): 0.85,
}


def roc_auc(y: np.ndarray, s: np.ndarray) -> float:
    """ROC AUC by the rank-sum formula (ties share their average rank)."""
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_s)) + 1]
    ends = np.r_[starts[1:], len(s)]
    for a, b in zip(starts, ends, strict=True):
        ranks[order[a:b]] = (a + b - 1) / 2 + 1
    pos = y.astype(bool)
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


@pytest.fixture(scope="module")
def held_out() -> tuple[list[Example], np.ndarray]:
    examples = [e for e in load_examples(DATA) if e.split in ("test", "eval")]
    return examples, load_toxicity_model().score_array([e.text for e in examples])


def _select(examples: list[Example], name: str, attribute: str) -> list[int]:
    sets = ("toxic_spans", "civil_comments_ni") if name == "news" else (name,)
    return [i for i, e in enumerate(examples) if e.dataset in sets and attribute in e.labels]


@pytest.mark.parametrize(("name", "attribute"), sorted(FLOORS))
def test_auc_floor(held_out: tuple[list[Example], np.ndarray], name: str, attribute: str) -> None:
    examples, probs = held_out
    rows = _select(examples, name, attribute)
    y = np.array([examples[i].labels[attribute] >= 0.5 for i in rows])
    assert 5 <= y.sum() <= len(y) - 5, "too few of one class to measure"
    auc = roc_auc(y, probs[rows, SCORE_ATTRIBUTES.index(attribute)])
    assert auc >= FLOORS[(name, attribute)], f"{name} {attribute}: AUC {auc:.4f}"


@pytest.mark.parametrize("attribute", SCORE_ATTRIBUTES)
def test_calibration_on_pooled_test_splits(
    held_out: tuple[list[Example], np.ndarray], attribute: str
) -> None:
    """Expected calibration error (10 bins), pooled and weighted as calibration was fitted."""
    examples, probs = held_out
    rows = [i for i, e in enumerate(examples) if e.split == "test" and attribute in e.labels]
    y = np.array([examples[i].labels[attribute] >= 0.5 for i in rows], dtype=float)
    w = np.array([DATASET_WEIGHTS[examples[i].dataset] for i in rows])
    p = probs[rows, SCORE_ATTRIBUTES.index(attribute)]
    which = np.minimum((p * 10).astype(int), 9)
    ece = sum(
        w[which == b].sum()
        / w.sum()
        * abs(np.average(p[which == b] - y[which == b], weights=w[which == b]))
        for b in range(10)
        if (which == b).any()
    )
    assert ece < 0.03, f"{attribute}: ECE {ece:.4f}"
    assert abs(np.average(p, weights=w) - np.average(y, weights=w)) < 0.03


def test_roc_auc_helper() -> None:
    y = np.array([0, 0, 1, 1])
    assert roc_auc(y, np.array([0.1, 0.4, 0.35, 0.8])) == 0.75
    assert roc_auc(y, np.array([0.5, 0.5, 0.5, 0.5])) == 0.5
