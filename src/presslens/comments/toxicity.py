"""Comment toxicity: six calibrated probabilities per comment, and the words behind them.

The model is linear: hashed word and character n-grams (see ``_features``) times one weight
column per attribute, plus a bias, gives a logit; a monotone piecewise-linear map fitted on a
calibration split (isotonic regression) turns each logit into a probability. Everything ships
as plain arrays in ``model/toxicity.npz`` (read with ``allow_pickle=False``) and JSON in
``model/model-card.json``, which also records the data, label mapping and measured scores.

>>> model = load_toxicity_model()
>>> [s.toxicity > 0.5 for s in model.score(["Thanks for the article.", "You are an idiot."])]
[False, True]
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from presslens.comments._features import (
    FeatureConfig,
    FloatArray,
    count,
    featurise,
    hash_occurrences,
    weigh,
    word_spans,
)
from presslens.errors import PresslensError
from presslens.model import SCORE_ATTRIBUTES, Scores

#: Where the shipped model lives.
MODEL_DIR = Path(__file__).resolve().parent / "model"
WEIGHTS_FILE = "toxicity.npz"
CARD_FILE = "model-card.json"
#: Texts featurised at once inside ``score``; bounds memory for any input size.
CHUNK = 512
#: A word is part of an explanation when it adds at least this share of the top word's weight
#: (0.5 gave the best span F1 against toxic_spans gold spans on the calib split).
EXPLAIN_SHARE = 0.5


class ToxicityModelError(PresslensError):
    """The toxicity model files are missing or damaged."""

    exit_code = 3


@dataclass(frozen=True, slots=True)
class WeightedSpan:
    """A stretch of a comment that pushed a score up: ``text == comment[start:end]``.

    ``weight`` is its contribution to the attribute's logit (log-odds before calibration).
    """

    start: int
    end: int
    text: str
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "weight": round(self.weight, 4),
        }


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
    ) -> None:
        if weights.shape != (config.n_features, len(SCORE_ATTRIBUTES)):
            raise ToxicityModelError(
                f"weights have shape {weights.shape}, expected "
                f"({config.n_features}, {len(SCORE_ATTRIBUTES)})"
            )
        self.config = config
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.calibration = {a: calibration[a] for a in SCORE_ATTRIBUTES}
        self.card: dict[str, Any] = dict(card or {})

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
        return cls(config, arrays["weights"], arrays["bias"], arrays["idf"], calibration, card)

    def save(self, path: Path) -> None:
        """Write the arrays (float16 weights) and the card to ``path``."""
        path.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, npt.NDArray[Any]] = {
            "weights": self.weights.astype(np.float16),
            "bias": self.bias,
            "idf": self.idf.astype(np.float16),
        }
        for a, (x, y) in self.calibration.items():
            arrays[f"calib_x_{a}"] = x.astype(np.float32)
            arrays[f"calib_y_{a}"] = y.astype(np.float32)
        np.savez_compressed(path / WEIGHTS_FILE, **arrays)  # type: ignore[arg-type]
        card = dict(self.card)
        card["runtime"] = {"features": self.config.as_dict(), "attributes": list(SCORE_ATTRIBUTES)}
        (path / CARD_FILE).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")

    def logits(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """Uncalibrated log-odds, shape ``(len(texts), 6)`` in ``SCORE_ATTRIBUTES`` order."""
        out = np.zeros((len(texts), len(SCORE_ATTRIBUTES)), dtype=np.float64)
        for lo in range(0, len(texts), CHUNK):
            rows = featurise(texts[lo : lo + CHUNK], self.config, self.idf)
            if rows.doc.size == 0:
                continue
            contrib = self.weights[rows.col] * rows.val[:, None]
            firsts = np.flatnonzero(np.diff(rows.doc, prepend=-1))  # rows are sorted by text
            sums = np.add.reduceat(contrib, firsts, axis=0, dtype=np.float64)
            out[lo + rows.doc[firsts]] = sums  # a text without features keeps 0
        return out + self.bias

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
        self, text: str, attribute: str = "toxicity", threshold: float = 0.5
    ) -> list[WeightedSpan]:
        """The words and phrases of ``text`` that drove ``attribute`` over ``threshold``.

        Empty when the calibrated score is below ``threshold``. Each feature's share of the
        logit is spread evenly over the characters it covers; a word's weight is the sum over
        its characters, and neighbouring words that both weigh at least ``EXPLAIN_SHARE`` of
        the heaviest word are joined into one phrase.
        """
        if attribute not in SCORE_ATTRIBUTES:
            raise ValueError(f"unknown attribute {attribute!r}; one of {SCORE_ATTRIBUTES}")
        k = SCORE_ATTRIBUTES.index(attribute)
        occ = hash_occurrences([text], self.config)
        counts = count(occ, 1, self.config)
        rows = weigh(counts, self.config, self.idf)
        contrib = self.weights[rows.col, k] * rows.val
        logit = float(np.sum(contrib, dtype=np.float64)) + float(self.bias[k])
        if float(np.interp(logit, *self.calibration[attribute])) < threshold:
            return []
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
