"""Comment toxicity: six calibrated probabilities per comment, and the words behind them.

The model is linear: hashed word and character n-grams (see ``_features``) times one weight
column per attribute, plus a bias, gives a logit for the whole comment and one for each of
its clauses (cut at . ! ? ; , and line breaks). Toxicity has a weight column of its own for
clauses, trained on the clauses annotators marked in toxic_spans. Per attribute, a weighted
sum of the comment's logit, its worst clause's logit, the log of its length and the log of
its number of clauses (``combine``, fitted on a calibration split) gives the final logit: a
reader calls a long comment toxic for one bad sentence, which the whole comment's n-grams
dilute. A monotone piecewise-linear map fitted on the calibration split (isotonic
regression) turns each logit into a probability. Everything ships as plain arrays in
``model/toxicity.npz`` (read with ``allow_pickle=False``) and JSON in
``model/model-card.json``, which also records the data, label mapping and measured scores.

>>> model = load_toxicity_model()
>>> [s.toxicity > 0.5 for s in model.score(["Thanks for the article.", "You are an idiot."])]
[False, True]
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from presslens.comments._features import (
    FeatureConfig,
    FloatArray,
    Occurrences,
    clause_occurrences,
    count,
    hash_occurrences,
    weigh,
    word_spans,
)
from presslens.errors import PresslensError
from presslens.model import SCORE_ATTRIBUTES, Scores, WeightedSpan

#: Where the shipped model lives.
MODEL_DIR = Path(__file__).resolve().parent / "model"
WEIGHTS_FILE = "toxicity.npz"
CARD_FILE = "model-card.json"
#: Texts featurised at once inside ``score``; bounds memory for any input size.
CHUNK = 512
#: A word is part of an explanation when it adds at least this share of the top word's weight
#: (0.5 gave the best span F1 against toxic_spans gold spans on the calib split).
EXPLAIN_SHARE = 0.5
#: Columns of ``combine``: what each attribute's final logit is a weighted sum of.
COMBINE_INPUTS = ("comment", "worst_clause", "log_chars", "log_clauses", "intercept")
#: The attribute with a clause weight column of its own (``clause_head``).
CLAUSE_ATTRIBUTE = "toxicity"
#: The final logit is the comment's logit (models trained before clauses were scored).
IDENTITY_COMBINE = np.zeros((len(SCORE_ATTRIBUTES), len(COMBINE_INPUTS)), dtype=np.float32)
IDENTITY_COMBINE[:, COMBINE_INPUTS.index("comment")] = 1.0


class ToxicityModelError(PresslensError):
    """The toxicity model files are missing or damaged."""

    exit_code = 3


class ToxicityModel:
    """A loaded toxicity model. Use :func:`load_toxicity_model` (cached) to get the shipped one."""

    def __init__(
        self,
        config: FeatureConfig,
        weights: FloatArray,
        bias: FloatArray,
        idf: FloatArray,
        calibration: Mapping[str, tuple[FloatArray, FloatArray]],
        card: Mapping[str, Any] | None = None,
        combine: FloatArray | None = None,
        clause_head: tuple[FloatArray, float] | None = None,
    ) -> None:
        if weights.shape != (config.n_features, len(SCORE_ATTRIBUTES)):
            raise ToxicityModelError(
                f"weights have shape {weights.shape}, expected "
                f"({config.n_features}, {len(SCORE_ATTRIBUTES)})"
            )
        self.config = config
        self.bias = np.asarray(bias, dtype=np.float32)
        k = SCORE_ATTRIBUTES.index(CLAUSE_ATTRIBUTE)
        clause_weight, clause_bias = clause_head or (weights[:, k], float(self.bias[k]))
        # One matrix for both: the six attributes' columns, then the clause column.
        self._all_weights = np.empty((config.n_features, len(SCORE_ATTRIBUTES) + 1), np.float32)
        self._all_weights[:, :-1] = weights
        self._all_weights[:, -1] = clause_weight
        self.weights = self._all_weights[:, :-1]
        self.clause_weight = self._all_weights[:, -1]
        self.clause_bias = float(clause_bias)
        # Which column of _all_weights scores each attribute's clauses, and with which bias.
        self._clause_columns = np.arange(len(SCORE_ATTRIBUTES))
        self._clause_columns[k] = len(SCORE_ATTRIBUTES)
        self._clause_biases = self.bias.copy()
        self._clause_biases[k] = self.clause_bias
        self.idf = np.asarray(idf, dtype=np.float32)
        self.calibration = {a: calibration[a] for a in SCORE_ATTRIBUTES}
        self.card: dict[str, Any] = dict(card or {})
        self.combine = np.asarray(IDENTITY_COMBINE if combine is None else combine, np.float32)
        if self.combine.shape != (len(SCORE_ATTRIBUTES), len(COMBINE_INPUTS)):
            raise ToxicityModelError(
                f"combine has shape {self.combine.shape}, expected "
                f"({len(SCORE_ATTRIBUTES)}, {len(COMBINE_INPUTS)})"
            )

    @classmethod
    def load(cls) -> ToxicityModel:
        """The shipped model, loaded once per process."""
        return load_toxicity_model()

    @classmethod
    def from_dir(cls, path: Path) -> ToxicityModel:
        """Read a model directory (``toxicity.npz`` and ``model-card.json``), uncached."""
        try:
            card = json.loads((path / CARD_FILE).read_text(encoding="utf-8"))
            with np.load(path / WEIGHTS_FILE, allow_pickle=False) as npz:
                arrays = {name: npz[name] for name in npz.files}
        except (OSError, ValueError, KeyError) as err:
            raise ToxicityModelError(
                f"cannot read the toxicity model in {path}: {err}",
                "reinstall presslens or run scripts/train_toxicity.py",
            ) from err
        config = FeatureConfig.from_dict(card["runtime"]["features"])
        calibration = {
            a: (arrays[f"calib_x_{a}"], arrays[f"calib_y_{a}"]) for a in SCORE_ATTRIBUTES
        }
        return cls(
            config,
            arrays["weights"],
            arrays["bias"],
            arrays["idf"],
            calibration,
            card,
            arrays.get("combine"),
            (arrays["clause_weight"], float(arrays["clause_bias"][0]))
            if "clause_weight" in arrays
            else None,
        )

    def save(self, path: Path) -> None:
        """Write the arrays (float16 weights) and the card to ``path``."""
        path.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, npt.NDArray[Any]] = {
            "weights": self.weights.astype(np.float16),
            "bias": self.bias,
            "idf": self.idf.astype(np.float16),
            "combine": self.combine,
            "clause_weight": self.clause_weight.astype(np.float16),
            "clause_bias": np.array([self.clause_bias], dtype=np.float32),
        }
        for a, (x, y) in self.calibration.items():
            arrays[f"calib_x_{a}"] = x.astype(np.float32)
            arrays[f"calib_y_{a}"] = y.astype(np.float32)
        np.savez_compressed(path / WEIGHTS_FILE, **arrays)  # type: ignore[arg-type]
        card = dict(self.card)
        card["runtime"] = {"features": self.config.as_dict(), "attributes": list(SCORE_ATTRIBUTES)}
        (path / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")

    def logit_parts(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """The inputs of ``combine`` per text and attribute: shape ``(len(texts), 6, 5)``.

        The comment's logit, its worst clause's logit (the comment's own, by the clause
        weights, when it has one clause), ``log(1 + characters)``, ``log(clauses)`` and 1.
        """
        n = len(texts)
        width = len(SCORE_ATTRIBUTES)
        whole = np.zeros((n, width), dtype=np.float64)
        worst = np.zeros_like(whole)
        clauses = np.ones(n, dtype=np.float64)
        for lo in range(0, n, CHUNK):
            chunk = texts[lo : lo + CHUNK]
            occ = hash_occurrences(chunk, self.config)
            sums = self._sums(occ, len(chunk))
            whole[lo : lo + len(chunk)] = sums[:, :width]
            worst[lo : lo + len(chunk)] = sums[:, self._clause_columns]
            by_clause, owner = clause_occurrences(occ, chunk, self.config)
            if owner.size == 0:
                continue
            per_clause = self._sums(by_clause, int(owner.size))[:, self._clause_columns]
            firsts = np.flatnonzero(np.diff(owner, prepend=-1))  # clauses are sorted by text
            worst[lo + owner[firsts]] = np.maximum.reduceat(per_clause, firsts, axis=0)
            clauses[lo + owner[firsts]] = np.diff(np.r_[firsts, owner.size])
        chars = np.fromiter((min(len(t), self.config.max_chars) for t in texts), np.float64, n)
        parts = np.empty((n, width, len(COMBINE_INPUTS)), dtype=np.float64)
        parts[:, :, 0] = whole + self.bias
        parts[:, :, 1] = worst + self._clause_biases
        parts[:, :, 2] = np.log1p(chars)[:, None]
        parts[:, :, 3] = np.log(clauses)[:, None]
        parts[:, :, 4] = 1.0
        return parts

    def _sums(self, occ: Occurrences, n_docs: int) -> npt.NDArray[np.float64]:
        """Weighted feature sums per document of ``occ`` (no bias), shape ``(n_docs, 7)``.

        One column per attribute, then the clause column.
        """
        rows = weigh(count(occ, n_docs, self.config), self.config, self.idf)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows.doc, minlength=n_docs), out=indptr[1:])  # rows sorted by doc
        shape = (n_docs, self.config.n_features)
        features = sp.csr_matrix((rows.val, rows.col, indptr), shape=shape)
        sums: npt.NDArray[np.float64] = np.asarray(features @ self._all_weights, np.float64)
        return sums  # a document without features sums to 0

    def logits(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Uncalibrated log-odds, shape ``(len(texts), 6)`` in ``SCORE_ATTRIBUTES`` order."""
        combined: npt.NDArray[np.float64] = (self.logit_parts(texts) * self.combine).sum(axis=2)
        return combined

    def calibrate(self, logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Map logits to probabilities with the stored calibration tables."""
        probs = np.empty_like(logits)
        for k, a in enumerate(SCORE_ATTRIBUTES):
            x, y = self.calibration[a]
            probs[:, k] = np.interp(logits[:, k], x, y)
        return np.clip(probs, 0.0, 1.0)

    def score_array(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Calibrated probabilities, shape ``(len(texts), 6)`` in ``SCORE_ATTRIBUTES`` order."""
        return self.calibrate(self.logits(texts))

    def score(self, texts: Sequence[str]) -> list[Scores]:
        """One :class:`Scores` per text, in order."""
        probs = self.score_array(texts)
        return [
            Scores(**dict(zip(SCORE_ATTRIBUTES, map(float, row), strict=True))) for row in probs
        ]

    def explain(
        self,
        text: str,
        attribute: str = "toxicity",
        threshold: float = 0.5,
        score: float | None = None,
    ) -> list[WeightedSpan]:
        """The words and phrases of ``text`` that drove ``attribute`` over ``threshold``.

        Empty when the calibrated score (``score``, when the caller has it) is below
        ``threshold``. Offsets are into ``text``. Each feature's share of the
        logit is spread evenly over the characters it covers; a word's weight is the sum over
        its characters, and neighbouring words that both weigh at least ``EXPLAIN_SHARE`` of
        the heaviest word are joined into one phrase.
        """
        if attribute not in SCORE_ATTRIBUTES:
            raise ValueError(f"unknown attribute {attribute!r}; one of {SCORE_ATTRIBUTES}")
        k = SCORE_ATTRIBUTES.index(attribute)
        if score is None:
            score = float(self.score_array([text])[0, k])
        if score < threshold:
            return []
        occ = hash_occurrences([text], self.config)
        counts = count(occ, 1, self.config)
        rows = weigh(counts, self.config, self.idf)
        contrib = self.weights[rows.col, k] * rows.val
        per_feature = contrib / counts.val
        share = per_feature[np.searchsorted(rows.col, occ.col)]
        width = np.maximum(occ.end - occ.start, 1)
        n = min(len(text), self.config.max_chars)
        delta = np.bincount(occ.start, share / width, minlength=n + 1)
        delta -= np.bincount(occ.end, share / width, minlength=n + 1)
        per_char = np.cumsum(delta)[:n]
        words = word_spans(text[:n])
        if not words:
            return []
        cumulative = np.concatenate([[0.0], np.cumsum(per_char)])
        word_weight = [float(cumulative[e] - cumulative[s]) for s, e in words]
        top = max(word_weight)
        if top <= 0:
            return []
        spans: list[WeightedSpan] = []
        for (s, e), w in zip(words, word_weight, strict=True):
            if w < EXPLAIN_SHARE * top:
                continue
            last = spans[-1] if spans else None
            if last is not None and not text[last.end : s].strip(" ,.'\"-"):
                spans[-1] = WeightedSpan(last.start, e, text[last.start : e], last.weight + w)
            else:
                spans.append(WeightedSpan(s, e, text[s:e], w))
        return spans


@cache
def load_toxicity_model() -> ToxicityModel:
    """The shipped toxicity model, read from disk once per process."""
    return ToxicityModel.from_dir(MODEL_DIR)
