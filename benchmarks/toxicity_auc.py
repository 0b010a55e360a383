"""Benchmark the presslens toxicity model against alt-profanity-check, on one core.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/toxicity_auc.py [--data ../shared/data/comments]

Reports, for presslens and for alt-profanity-check (one score, compared on every attribute):
ROC AUC per data set and attribute on the held-out ``test`` split of every training set,
on the pooled news-comment test sets, and on the evaluation-only OLID test set and
cat_small.csv; expected calibration error of presslens; comments/s of both on one core;
presslens load time; for toxicity, a 95% paired-bootstrap interval of the AUC gap per set.
Results go to ``benchmarks/results/toxicity_auc.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score
from threadpoolctl import threadpool_limits

from presslens.comments import _toxicity_data as data
from presslens.comments.toxicity import MODEL_DIR, ToxicityModel, load_toxicity_model
from presslens.model import SCORE_ATTRIBUTES

NEWS = ("toxic_spans", "civil_comments_ni")
#: Sets from the sources alt-profanity-check was trained on (its data README: all of Davidson
#: et al.'s tweets and Kaggle's Jigsaw Wikipedia talk-page comments, which may include these
#: very comments): there its AUC may be a training-set score; ours is always held out.
PEER_TRAINED_ON = {
    "davidson": "this whole data set",
    "wiki_toxicity": "Wikipedia talk-page comments",
    "cat_gc": "Wikipedia talk-page comments",
    "cat_small": "Wikipedia talk-page comments",
}
RESULTS = Path(__file__).resolve().parent / "results" / "toxicity_auc.json"
Scorer = Callable[[Sequence[str]], np.ndarray]


def pin_one_core() -> int:
    """Run on a single CPU, like a one-core deployment; returns its number."""
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def auc(y: np.ndarray, s: np.ndarray) -> float | None:
    positives = int(y.sum())
    if positives < 5 or positives > len(y) - 5:
        return None
    return round(float(roc_auc_score(y, s)), 4)


def ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error over ``bins`` equal-width bins of predicted probability."""
    which = np.minimum((p * bins).astype(int), bins - 1)
    err = sum(
        (which == b).mean() * abs(p[which == b].mean() - y[which == b].mean())
        for b in range(bins)
        if (which == b).any()
    )
    return round(float(err), 4)


def reliability(
    y: np.ndarray, p: np.ndarray, w: np.ndarray, bins: int = 10
) -> tuple[float, list[dict[str, float]]]:
    """Weighted ECE and the reliability curve (mean predicted vs observed rate per bin)."""
    which = np.minimum((p * bins).astype(int), bins - 1)
    curve, err = [], 0.0
    for b in range(bins):
        m = which == b
        if not m.any():
            continue
        predicted, observed = np.average(p[m], weights=w[m]), np.average(y[m], weights=w[m])
        err += w[m].sum() / w.sum() * abs(predicted - observed)
        curve.append(
            {
                "bin": f"{b / bins:.1f}-{(b + 1) / bins:.1f}",
                "n": int(m.sum()),
                "predicted": round(float(predicted), 4),
                "observed": round(float(observed), 4),
            }
        )
    return round(float(err), 4), curve


def pooled_calibration(examples: list[data.Example], probs: np.ndarray) -> dict[str, Any]:
    """ECE over every held-out test example, weighted by data set as in calibration."""
    out: dict[str, Any] = {}
    for k, attr in enumerate(SCORE_ATTRIBUTES):
        idx = [i for i, e in enumerate(examples) if attr in e.labels]
        y = np.array([examples[i].labels[attr] >= 0.5 for i in idx], dtype=float)
        w = np.array([data.DATASET_WEIGHTS[examples[i].dataset] for i in idx])
        err, curve = reliability(y, probs[idx, k], w)
        out[attr] = {"ece": err, "n": len(idx), "curve": curve}
    return out


def span_f1(predicted: set[int], gold: set[int]) -> float:
    """Character F1 of one comment (SemEval-2021 task 5): 1 when both are empty."""
    if not predicted or not gold:
        return float(predicted == gold)
    hits = len(predicted & gold)
    return 2 * hits / (len(predicted) + len(gold))


def explain_quality(
    model: ToxicityModel, examples: list[data.Example], root: Path | None
) -> dict[str, Any]:
    """Mean span F1 of ``explain`` against majority toxic spans on the toxic_spans test split."""
    gold = data.toxic_spans_gold(root)
    mine, whole = [], []
    for e in examples:
        if e.dataset != "toxic_spans" or e.split != "test" or e.text not in gold:
            continue
        predicted = {i for s in model.explain(e.text) for i in range(s.start, s.end)}
        mine.append(span_f1(predicted, gold[e.text]))
        whole.append(span_f1(set(range(len(e.text))), gold[e.text]))
    return {
        "comments": len(mine),
        "presslens_span_f1": round(float(np.mean(mine)), 4),
        "whole_comment_baseline_f1": round(float(np.mean(whole)), 4),
    }


def throughput(score: Scorer, texts: Sequence[str], batch: int = 256) -> float:
    """Comments per second, best of three passes over ``texts``."""
    score(texts[:32])
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for i in range(0, len(texts), batch):
            score(texts[i : i + batch])
        best = max(best, len(texts) / (time.perf_counter() - start))
    return round(best, 1)


def gap_interval(
    y: np.ndarray, mine: np.ndarray, theirs: np.ndarray, rounds: int = 500
) -> list[float]:
    """95% paired-bootstrap interval of AUC(mine) - AUC(theirs) on the same resampled texts."""
    rng = np.random.default_rng(0)
    gaps = []
    for _ in range(rounds):
        pick = rng.integers(0, len(y), len(y))
        if 0 < y[pick].sum() < len(pick):
            gaps.append(roc_auc_score(y[pick], mine[pick]) - roc_auc_score(y[pick], theirs[pick]))
    low, high = np.percentile(gaps, [2.5, 97.5])
    return [round(float(low), 4), round(float(high), 4)]


def table(
    groups: dict[str, list[data.Example]],
    ours: dict[str, np.ndarray],
    theirs: dict[str, np.ndarray],
) -> list[dict[str, Any]]:
    rows = []
    for name, examples in groups.items():
        for k, attr in enumerate(SCORE_ATTRIBUTES):
            idx = [i for i, e in enumerate(examples) if attr in e.labels]
            y = np.array([examples[i].labels[attr] >= 0.5 for i in idx], dtype=float)
            mine = auc(y, ours[name][idx, k]) if idx else None
            if mine is None:
                continue
            rows.append(
                {
                    "set": name,
                    "attribute": attr,
                    "n": len(idx),
                    "positives": int(y.sum()),
                    "presslens_auc": mine,
                    "profanity_check_auc": auc(y, theirs[name][idx]),
                    "presslens_ece": ece(y, ours[name][idx, k]),
                    "peer_trained_on_source": PEER_TRAINED_ON.get(name),
                    "profanity_check_ece": ece(y, theirs[name][idx]),
                }
            )
            if attr == "toxicity":
                rows[-1]["auc_gap_ci95"] = gap_interval(y, ours[name][idx, k], theirs[name][idx])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="../shared/data/comments")
    args = parser.parse_args()
    cpu = pin_one_core()

    start = time.perf_counter()
    ToxicityModel.from_dir(MODEL_DIR)
    load_uncached = time.perf_counter() - start
    start = time.perf_counter()
    model = load_toxicity_model()
    load_first = time.perf_counter() - start
    start = time.perf_counter()
    load_toxicity_model()
    load_cached = time.perf_counter() - start
    from profanity_check import predict_prob  # bench-only dependency; its import loads its model

    examples = data.load_examples(args.data)
    groups: dict[str, list[data.Example]] = {}
    for e in examples:
        if e.split in ("test", "eval"):
            groups.setdefault(e.dataset, []).append(e)
    groups["news (toxic_spans + civil_comments_ni)"] = [
        e for e in examples if e.split == "test" and e.dataset in NEWS
    ]
    ours = {name: model.score_array([e.text for e in ex]) for name, ex in groups.items()}
    theirs = {name: predict_prob([e.text for e in ex]) for name, ex in groups.items()}
    rows = table(groups, ours, theirs)
    test = [e for e in examples if e.split == "test"]
    calibration = pooled_calibration(test, model.score_array([e.text for e in test]))
    spans = explain_quality(model, examples, args.data)

    sample = [e.text for e in groups["news (toxic_spans + civil_comments_ni)"]][:2000]
    with threadpool_limits(limits=1):
        ours_speed = throughput(model.score_array, sample)
        theirs_speed = throughput(predict_prob, sample)
    result = {
        "cpu": cpu,
        "sample": {
            "texts": len(sample),
            "mean_chars": round(float(np.mean([len(t) for t in sample])), 1),
        },
        "presslens_comments_per_s": ours_speed,
        "profanity_check_comments_per_s": theirs_speed,
        "speed_ratio": round(ours_speed / theirs_speed, 2),
        "load_seconds": {
            "from_disk": round(load_uncached, 3),
            "first_cached_call": round(load_first, 3),
            "cached": round(load_cached, 6),
        },
        "model_bytes": sum(f.stat().st_size for f in MODEL_DIR.iterdir()),
        "rows": rows,
        "calibration_pooled_test": calibration,
        "explain": spans,
    }
    report(result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten to {RESULTS}")


def report(result: dict[str, Any]) -> None:
    head = ("set", "attribute", "n", "pos", "presslens", "prof-chk", "ECE")
    print("{:42} {:16} {:>6} {:>5} {:>9} {:>9} {:>6}".format(*head))
    for r in result["rows"]:
        theirs = r["profanity_check_auc"]
        print(
            f"{r['set']:42} {r['attribute']:16} {r['n']:6} {r['positives']:5} "
            f"{r['presslens_auc']:9.4f} {theirs if theirs is not None else float('nan'):9.4f} "
            f"{r['presslens_ece']:6.3f}"
        )
    print(
        f"\nthroughput on one core ({result['sample']['texts']} news comments, "
        f"{result['sample']['mean_chars']} chars on average): presslens "
        f"{result['presslens_comments_per_s']:.0f}/s, alt-profanity-check "
        f"{result['profanity_check_comments_per_s']:.0f}/s (ratio {result['speed_ratio']})"
    )
    print(f"load time: {result['load_seconds']}; model size {result['model_bytes']} bytes")
    pooled = result["calibration_pooled_test"]
    print(
        "ECE, all test splits pooled and weighted as in calibration: "
        + ", ".join(f"{a} {pooled[a]['ece']:.3f}" for a in SCORE_ATTRIBUTES)
    )
    print(
        "reliability (toxicity): "
        + "  ".join(
            f"{c['bin']}: {c['predicted']:.2f}->{c['observed']:.2f} (n={c['n']})"
            for c in pooled["toxicity"]["curve"]
        )
    )
    print(f"explain vs toxic_spans gold spans (test): {result['explain']}")
    tox = [r for r in result["rows"] if r["attribute"] == "toxicity"]
    beaten = [r["set"] for r in tox if r["presslens_auc"] > (r["profanity_check_auc"] or 0)]
    print(f"\ntoxicity AUC above alt-profanity-check on {len(beaten)}/{len(tox)} sets")
    for r in tox:
        if r["set"] not in beaten:
            gap = r["presslens_auc"] - (r["profanity_check_auc"] or 0)
            source = PEER_TRAINED_ON.get(r["set"])
            why = f"; the peer was trained on {source}" if source else ""
            low, high = r["auc_gap_ci95"]
            print(f"  below on {r['set']}: {gap:+.4f} (95% CI {low:+.4f} to {high:+.4f}{why})")
    for r in tox:
        if r["set"].startswith(NEWS) or r["set"].startswith("news"):
            gap = r["presslens_auc"] - (r["profanity_check_auc"] or 0)
            low, high = r["auc_gap_ci95"]
            verdict = "meets" if gap >= 0.05 else "misses"
            print(f"  {r['set']}: {gap:+.4f} ({verdict} +0.05; 95% CI {low:+.4f} to {high:+.4f})")


if __name__ == "__main__":
    main()
