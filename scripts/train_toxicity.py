"""Train the presslens comment toxicity model: one command, reproducible.

    .venv/bin/python scripts/train_toxicity.py [--data ../shared/data/comments] [--out DIR]

Steps (single process, one thread, fixed seeds; splits by hashing text, see
``presslens.comments._toxicity_data``):

1. Read the twelve training data sets and map their labels onto the six attributes.
2. Measure the feature variants in ``VARIANTS``: fit the toxicity head on ``train``, score
   ``calib``; time the run-time scorer on one thread. The variant with the best calib AUC,
   averaged over the data sets that label toxicity with ``DATASET_WEIGHTS`` (so news
   comments count most), wins among those fast enough.
3. Fit one logistic regression per attribute (SGD, log loss; soft labels as weighted
   positive and negative copies; each data set weighted by ``DATASET_WEIGHTS``; masked
   attributes left out).
4. Fit the toxicity weights that score clauses (``fit_clause_head``): the train comments
   plus their clauses, toxic_spans clauses labelled from the annotators' spans.
5. Store weights as float16. On ``calib``, with the run-time code and those stored weights,
   fit per attribute how to combine the comment's logit, its worst clause's logit and
   the log of its length and of its number of clauses (a logistic regression on majority
   labels, data-set weights), then isotonic calibration of the combined logit.
6. Score the held-out ``test`` splits and the evaluation-only sets (AUC, ECE) and write
   ``toxicity.npz`` and ``model-card.json`` to ``src/presslens/comments/model``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from presslens.comments import _toxicity_data as data
from presslens.comments._features import (
    FeatureConfig,
    FeatureRows,
    clause_occurrences,
    count,
    hash_occurrences,
    weigh,
)
from presslens.comments.toxicity import COMBINE_INPUTS, MODEL_DIR, ToxicityModel
from presslens.model import SCORE_ATTRIBUTES

SEED = 0
ALPHA = 1e-5  # L2 penalty of SGDClassifier
EPOCHS = 20
CHUNK = 2000
MIN_THROUGHPUT = 2000.0  # comments/s on one core
#: Naive-Bayes feature scaling (Wang & Manning 2012): features are multiplied by
#: |log-count ratio| ** power before the regression (folded into the stored weights).
#: Measured on calib: it helps toxicity and insult, and hurts the rarer attributes.
NB_POWER = {"toxicity": 0.5, "insult": 0.5}
#: name -> (features, use NB_POWER); each is measured on the toxicity head.
VARIANTS: dict[str, tuple[FeatureConfig, bool]] = {
    "words1-2+chars2-5, nb": (FeatureConfig(word_bigrams=True), True),
    "words1+chars2-5, nb": (FeatureConfig(word_bigrams=False), True),
    "words1+chars2-5, plain": (FeatureConfig(word_bigrams=False), False),
    "words1-2, nb": (FeatureConfig(char_ngrams=(), word_bigrams=True), True),
}
#: Pseudo-count (in weighted examples, at the prior 0.5) added to every isotonic block,
#: so that sparse blocks at the ends give 0.02 or 0.98 rather than a hard 0 or 1.
CALIBRATION_PSEUDO = 1.0
CALIBRATION_TILT = 1e-3
#: Inverse L2 penalty of the per-attribute combination of comment and worst-clause logits.
COMBINE_C = 1.0
#: Weight of a toxic_spans clause in the clause scorer's training (chosen on calib).
CLAUSE_WEIGHT = 5.0
NEWS = ("toxic_spans", "civil_comments_ni")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def counts_of(texts: Sequence[str], config: FeatureConfig) -> list[FeatureRows]:
    """Per-chunk feature counts (hashing is the slow part; weighting is redone cheaply)."""
    return [
        count(hash_occurrences(texts[i : i + CHUNK], config), len(texts[i : i + CHUNK]), config)
        for i in range(0, len(texts), CHUNK)
    ]


def idf_of(counts: list[FeatureRows], config: FeatureConfig) -> np.ndarray:
    """Smoothed idf, rounded to float16 exactly as it is stored."""
    df = sum(np.bincount(c.col, minlength=config.n_features) for c in counts)
    n_docs = sum(c.n_docs for c in counts)
    idf = np.log((1 + n_docs) / (1 + np.asarray(df))) + 1
    return idf.astype(np.float16).astype(np.float32)


def matrix(counts: list[FeatureRows], config: FeatureConfig, idf: np.ndarray) -> sp.csr_matrix:
    parts = []
    for c in counts:
        rows = weigh(c, config, idf)
        shape = (rows.n_docs, config.n_features)
        parts.append(sp.csr_matrix((rows.val, (rows.doc, rows.col)), shape=shape))
    return sp.vstack(parts).tocsr()


def fit_head(
    x: sp.csr_matrix,
    examples: Sequence[data.Example],
    attr: str,
    nb: bool = True,
    weights: Sequence[float] | None = None,
) -> np.ndarray:
    """Weights and bias (last item) of a logistic regression on the rows labelling ``attr``.

    Soft labels become a positive and a negative copy weighted ``y`` and ``1 - y``. Each
    example weighs its data set's weight, or ``weights[i]`` when given.
    """
    rows = np.array([i for i, e in enumerate(examples) if attr in e.labels])
    y = np.array([examples[i].target(attr) for i in rows])
    if weights is None:
        w = np.array([data.DATASET_WEIGHTS[examples[i].dataset] for i in rows])
    else:
        w = np.asarray(weights, dtype=float)[rows]
    xs = sp.vstack([x[rows], x[rows]]).tocsr()
    target = np.r_[np.ones(len(rows)), np.zeros(len(rows))]
    weight = np.r_[w * y, w * (1 - y)]
    keep = weight > 0
    xs, target, weight = xs[keep], target[keep], weight[keep]
    scale = np.ones(x.shape[1], dtype=np.float32)
    power = NB_POWER.get(attr, 0.0) if nb else 0.0
    if power:
        pos = np.asarray(xs[target == 1].T @ weight[target == 1]).ravel() + 1.0
        neg = np.asarray(xs[target == 0].T @ weight[target == 0]).ravel() + 1.0
        ratio = np.log(pos / pos.sum()) - np.log(neg / neg.sum())
        scale = (np.abs(ratio) ** power).astype(np.float32)
        xs = xs @ sp.diags(scale)
    clf = SGDClassifier(loss="log_loss", alpha=ALPHA, max_iter=EPOCHS, tol=None, random_state=SEED)
    clf.fit(xs, target, sample_weight=weight)
    return np.r_[clf.coef_[0] * scale, clf.intercept_]


def fit_clause_head(
    xtrain: sp.csr_matrix,
    train: Sequence[data.Example],
    config: FeatureConfig,
    idf: np.ndarray,
    nb: bool,
    data_dir: Path | None,
) -> np.ndarray:
    """The toxicity weights that score clauses: weights and bias (last item).

    Fitted on the train comments plus their clauses, cut and featurised as at run time:
    toxic_spans clauses labelled by the share of engaged annotators whose spans touch them
    (weight ``CLAUSE_WEIGHT``), and every clause of a comment whose toxicity target is 0 as
    a negative (its data set's weight). Other clauses have no label of their own.
    """
    votes = data.toxic_spans_votes(data_dir)
    rows: list[FeatureRows] = []
    examples: list[data.Example] = []
    weights: list[float] = []
    for lo in range(0, len(train), CHUNK):
        chunk = train[lo : lo + CHUNK]
        texts = [e.text for e in chunk]
        by_clause, owner = clause_occurrences(hash_occurrences(texts, config), texts, config)
        keep: list[int] = []
        firsts = np.flatnonzero(np.diff(owner, prepend=-1))
        for first, end in zip(firsts, [*firsts[1:], owner.size], strict=True):
            e = chunk[int(owner[first])]
            if e.dataset == "toxic_spans" and e.text in votes:
                labels = data.clause_labels(e.text, votes[e.text], config.max_chars)
                weight = CLAUSE_WEIGHT
            elif "toxicity" in e.labels and e.target("toxicity") == 0.0:
                labels = [0.0] * (end - first)
                weight = data.DATASET_WEIGHTS[e.dataset]
            else:
                continue
            assert len(labels) == end - first, "clauses cut differently"
            keep.extend(range(first, end))
            examples.extend(data.Example("", {"toxicity": v}, e.dataset, "train") for v in labels)
            weights.extend([weight] * len(labels))
        counts = count(by_clause, int(owner.size), config)
        mask = np.zeros(owner.size, dtype=bool)
        mask[keep] = True
        renumber = np.cumsum(mask) - 1
        sel = mask[counts.doc]
        rows.append(
            FeatureRows(len(keep), renumber[counts.doc[sel]], counts.col[sel], counts.val[sel])
        )
    xclause = matrix(rows, config, idf)
    log(f"clause examples: {len(examples)} ({sum(w == CLAUSE_WEIGHT for w in weights)} rated)")
    x = sp.vstack([xtrain, xclause]).tocsr()
    every = [*train, *examples]
    all_weights = [*(data.DATASET_WEIGHTS[e.dataset] for e in train), *weights]
    return fit_head(x, every, "toxicity", nb, all_weights)


def fit_combine(parts: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weights of ``COMBINE_INPUTS`` (the last one the intercept) for one attribute.

    A logistic regression of the majority labels on the comment's logit, the worst
    clause's logit, ``log(1 + characters)`` and ``log(clauses)``.
    """
    lr = LogisticRegression(C=COMBINE_C, max_iter=1000)
    lr.fit(parts[:, :-1], y, sample_weight=w)
    return np.r_[lr.coef_[0], lr.intercept_].astype(np.float32)


def fit_calibration(
    logits: np.ndarray, labels: Sequence[float], weights: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Isotonic map from logit to probability, as (x, y) knots for ``np.interp``."""
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(logits, labels, sample_weight=weights)
    fitted = iso.predict(logits)
    mass = {v: float(np.sum(np.asarray(weights)[fitted == v])) for v in np.unique(fitted)}
    y = np.array(
        [
            (v * mass.get(v, 0.0) + 0.5 * CALIBRATION_PSEUDO)
            / (mass.get(v, 0.0) + CALIBRATION_PSEUDO)
            for v in iso.y_thresholds_
        ]
    )
    x = iso.X_thresholds_
    # Tilt the flat isotonic steps by at most CALIBRATION_TILT so that the map is strictly
    # increasing: probabilities move by < 0.001 and the model's ranking (AUC) is kept.
    y = np.maximum.accumulate(y) + CALIBRATION_TILT * (x - x[0]) / max(x[-1] - x[0], 1e-9)
    return x.astype(np.float32), np.clip(y, 0.0, 1.0).astype(np.float32)


def labelled(examples: Sequence[data.Example], attr: str, dataset: str | None = None) -> list[int]:
    return [
        i
        for i, e in enumerate(examples)
        if attr in e.labels and (dataset is None or e.dataset == dataset)
    ]


def auc(y: np.ndarray, s: np.ndarray) -> float | None:
    positives = int(y.sum())
    if positives < 5 or positives > len(y) - 5:
        return None  # too few of one class to say anything
    return round(float(roc_auc_score(y, s)), 4)


def ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: bin-size-weighted |mean(p) - mean(y)| over equal-width bins."""
    which = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() / len(p) * abs(p[mask].mean() - y[mask].mean())
    return round(float(total), 4)


def throughput(model: ToxicityModel, texts: Sequence[str]) -> float:
    """Comments per second of ``model.score`` on this thread (best of three runs)."""
    model.score(texts[:50])
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for i in range(0, len(texts), 256):
            model.score(texts[i : i + 256])
        best = max(best, len(texts) / (time.perf_counter() - start))
    return round(best, 1)


def identity_calibration() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    x = np.array([-50.0, 50.0], dtype=np.float32)
    return {a: (x, np.array([0.0, 1.0], dtype=np.float32)) for a in SCORE_ATTRIBUTES}


def evaluate(model: ToxicityModel, examples: Sequence[data.Example]) -> dict[str, Any]:
    """AUC and ECE per data set and attribute on held-out examples."""
    probs = model.score_array([e.text for e in examples])
    out: dict[str, Any] = {"auc": {}, "ece": {}, "n": {}}
    for name in sorted({e.dataset for e in examples}):
        for k, attr in enumerate(SCORE_ATTRIBUTES):
            rows = labelled(examples, attr, name)
            y = np.array([examples[i].labels[attr] >= 0.5 for i in rows], dtype=float)
            score = auc(y, probs[rows, k]) if rows else None
            if score is None:
                continue
            out["auc"].setdefault(name, {})[attr] = score
            out["ece"].setdefault(name, {})[attr] = ece(y, probs[rows, k])
            out["n"].setdefault(name, {})[attr] = [len(rows), int(y.sum())]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="../shared/data/comments")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="model directory")
    args = parser.parse_args()
    started = time.perf_counter()
    examples = data.load_examples(args.data)
    split = {s: [e for e in examples if e.split == s] for s in ("train", "calib", "test", "eval")}
    log("examples: " + ", ".join(f"{s}={len(v)}" for s, v in split.items()))
    train, calib = split["train"], split["calib"]
    sample = [e.text for e in split["test"] if e.dataset in NEWS][:2000]

    variants: list[dict[str, Any]] = []
    cached: dict[str, tuple[list[FeatureRows], list[FeatureRows]]] = {}
    features: dict[FeatureConfig, tuple[list[FeatureRows], list[FeatureRows]]] = {}
    for name, (config, nb) in VARIANTS.items():
        t0 = time.perf_counter()
        if config not in features:  # keep only the features of the variant in hand
            texts = [e.text for e in train], [e.text for e in calib]
            features = {config: (counts_of(texts[0], config), counts_of(texts[1], config))}
        ctrain, ccalib = features[config]
        idf = idf_of(ctrain, config)
        head = fit_head(matrix(ctrain, config, idf), train, "toxicity", nb)
        logit = matrix(ccalib, config, idf) @ head[:-1] + head[-1]
        per_set: dict[str, float] = {}
        for ds in sorted({e.dataset for e in calib}):
            rows = labelled(calib, "toxicity", ds)
            y = np.array([calib[i].labels["toxicity"] >= 0.5 for i in rows], dtype=float)
            score = auc(y, logit[rows]) if rows else None
            if score is not None:
                per_set[ds] = score
        weights = np.zeros((config.n_features, len(SCORE_ATTRIBUTES)), dtype=np.float32)
        weights[:, 0] = head[:-1]
        probe = ToxicityModel(config, weights, np.zeros(6, np.float32), idf, identity_calibration())
        record = {
            "name": name,
            "features": config.as_dict(),
            "nb_power": NB_POWER if nb else {},
            "calib_toxicity_auc": per_set,
            "calib_toxicity_auc_mean": round(
                sum(data.DATASET_WEIGHTS[d] * v for d, v in per_set.items())
                / sum(data.DATASET_WEIGHTS[d] for d in per_set),
                4,
            ),
            "comments_per_s_one_core": throughput(probe, sample),
            "seconds": round(time.perf_counter() - t0, 1),
        }
        variants.append(record)
        log(f"variant {name}: {record}")
        if _better(record, variants):
            cached = {name: (ctrain, ccalib)}  # keep only the leader's features in memory
    chosen = next(v for v in variants if v["name"] in cached)
    config, nb = VARIANTS[chosen["name"]]
    ctrain, ccalib = cached.pop(chosen["name"])
    features.clear()
    log(f"chosen variant: {chosen['name']}")
    idf = idf_of(ctrain, config)
    xtrain = matrix(ctrain, config, idf)
    weights = np.zeros((config.n_features, len(SCORE_ATTRIBUTES)), dtype=np.float32)
    bias = np.zeros(len(SCORE_ATTRIBUTES), dtype=np.float32)
    for k, attr in enumerate(SCORE_ATTRIBUTES):
        head = fit_head(xtrain, train, attr, nb)
        weights[:, k], bias[k] = head[:-1], head[-1]
        log(f"fitted {attr}")
    clause = fit_clause_head(xtrain, train, config, idf, nb, args.data)
    weights = weights.astype(np.float16).astype(np.float32)  # what ships
    clause_head = (clause[:-1].astype(np.float16).astype(np.float32), float(clause[-1]))
    calibrated = identity_calibration()
    model = ToxicityModel(config, weights, bias, idf, calibrated, clause_head=clause_head)
    parts = model.logit_parts([e.text for e in calib])
    combine = np.zeros((len(SCORE_ATTRIBUTES), len(COMBINE_INPUTS)), dtype=np.float32)
    calibration = {}
    for k, attr in enumerate(SCORE_ATTRIBUTES):
        rows = labelled(calib, attr)
        y = np.array([calib[i].labels[attr] >= 0.5 for i in rows], dtype=float)
        w = np.array([data.DATASET_WEIGHTS[calib[i].dataset] for i in rows])
        combine[k] = fit_combine(parts[rows, k], y, w)
        shown = dict(zip(COMBINE_INPUTS, np.round(combine[k], 3).tolist(), strict=True))
        log(f"combine {attr}: {shown}")
        calibration[attr] = fit_calibration(parts[rows, k] @ combine[k], y, w)
    seconds = round(time.perf_counter() - started, 1)
    card = model_card(examples, variants, chosen["name"], seconds, nb)
    card["combine"] = {
        "inputs": list(COMBINE_INPUTS),
        "per_attribute": {a: combine[k].round(4).tolist() for k, a in enumerate(SCORE_ATTRIBUTES)},
    }
    ToxicityModel(config, weights, bias, idf, calibration, card, combine, clause_head).save(
        args.out
    )

    shipped = ToxicityModel.from_dir(args.out)
    card["scores"] = {
        "test": evaluate(shipped, split["test"]),
        "eval_only": evaluate(shipped, split["eval"]),
        "calib": evaluate(shipped, calib),
    }
    card["comments_per_s_one_core"] = throughput(shipped, sample)
    card["size_bytes"] = sum(f.stat().st_size for f in args.out.iterdir())
    ToxicityModel(config, weights, bias, idf, calibration, card, combine, clause_head).save(
        args.out
    )
    log(f"test toxicity AUC: {dict(sorted(_pick(card['scores']['test']['auc']).items()))}")
    log(f"eval-only AUC: {card['scores']['eval_only']['auc']}")
    log(f"done in {time.perf_counter() - started:.0f} s; model in {args.out}")


def _better(record: dict[str, Any], variants: list[dict[str, Any]]) -> bool:
    """Is ``record`` the best variant so far (fast enough first, then calib AUC)?"""

    def key(v: dict[str, Any]) -> tuple[bool, float]:
        return v["comments_per_s_one_core"] >= MIN_THROUGHPUT, v["calib_toxicity_auc_mean"]

    return all(key(record) >= key(v) for v in variants)


def _pick(table: dict[str, dict[str, float]], attr: str = "toxicity") -> dict[str, float]:
    return {ds: row[attr] for ds, row in table.items() if attr in row}


def model_card(
    examples: Sequence[data.Example],
    variants: list[dict[str, Any]],
    chosen: str,
    seconds: float,
    nb: bool,
) -> dict[str, Any]:
    sets: dict[str, Any] = {}
    for name in [*data.DATASET_WEIGHTS, *data.EVAL_ONLY]:
        mine = [e for e in examples if e.dataset == name]
        sets[name] = {
            "licence": data.LICENCES[name],
            "weight": data.DATASET_WEIGHTS.get(name, 0.0),
            "examples": {s: sum(e.split == s for e in mine) for s in ("train", "calib", "test")}
            if name in data.DATASET_WEIGHTS
            else {"eval": len(mine)},
            "mapping": data.MAPPING[name],
        }
    return {
        "name": "presslens comment toxicity",
        "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "attributes": list(SCORE_ATTRIBUTES),
        "model": {
            "kind": "one L2-regularised logistic regression per attribute over hashed word and "
            "character n-grams (sklearn SGDClassifier, log loss), applied to the comment and to "
            "each of its clauses (cut at . ! ? ; , and line breaks); toxicity has a second "
            "regression for clauses, fitted on the train comments plus their clauses "
            "(toxic_spans clauses labelled by the engaged annotators' spans, weight "
            f"{CLAUSE_WEIGHT}; clauses of non-toxic comments as negatives); per attribute, a "
            "logistic regression on the calib split combines the comment's logit, the worst "
            "clause's logit, log(1 + characters) and log(clauses); isotonic calibration of the "
            "result",
            "alpha": ALPHA,
            "epochs": EPOCHS,
            "seed": SEED,
            "nb_power": NB_POWER if nb else {},
            "weights_dtype": "float16",
            "calibration_pseudo_count": CALIBRATION_PSEUDO,
            "calibration_tilt": CALIBRATION_TILT,
            "calibration": "isotonic regression of the calib split's majority labels (soft label "
            ">= 0.5) on the logit, weighted by data set; stored as (x, y) knots, applied with "
            "linear interpolation",
        },
        "splits": data.SPLITS,
        "severe_toxicity": "no data set labels it; derived per data set (see mapping): high "
        "annotator agreement toxic plus threat or identity attack (toxic_spans), Davidson "
        "hate, Gab call for violence, ConvAbuse 'very strongly abusive', HateCheck threats, "
        "OpenAI hate/threatening; clean examples of every set are negatives",
        "toxic_spans_idle_workers": f"votes of workers with >= {data.IDLE_MIN_ITEMS} items and a "
        f"span rate under {data.IDLE_RATE} are dropped",
        "toxic_spans_engaged_workers": "training targets (comment toxicity, clause labels) "
        f"count only workers with a span rate of at least {data.ENGAGED_RATE}",
        "clause_weight": CLAUSE_WEIGHT,
        "data": sets,
        "variants": variants,
        "selected_variant": chosen,
        "selection": "best calib-split toxicity AUC averaged over data sets with the data set "
        "weights, among variants at "
        f">= {MIN_THROUGHPUT:.0f} comments/s on one core",
        "training_seconds": seconds,
        "command": "python scripts/train_toxicity.py",
    }


if __name__ == "__main__":
    with threadpool_limits(limits=1):  # one core, as the machine is shared
        main()
