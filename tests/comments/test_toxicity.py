"""The toxicity model: loading, scoring, explanations and the shipped files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.comments import ToxicityModel, WeightedSpan, load_toxicity_model
from presslens.comments._features import (
    FeatureConfig,
    clause_breaks,
    clause_occurrences,
    featurise,
    hash_occurrences,
    word_spans,
)
from presslens.comments.toxicity import (
    CARD_FILE,
    CHUNK,
    MODEL_DIR,
    WEIGHTS_FILE,
    ToxicityModelError,
)
from presslens.model import SCORE_ATTRIBUTES, Scores

# Our own examples (no text from the shared data sets).
KIND = "Thanks for the thoughtful reporting, I learned a lot about the harbour plan."
RUDE = "You are a pathetic idiot and a moron, nobody cares what you think."
THREAT = "I will find you and kill you."


@pytest.fixture(scope="module")
def model() -> ToxicityModel:
    return load_toxicity_model()


def test_load_is_cached(model: ToxicityModel) -> None:
    assert load_toxicity_model() is model
    assert ToxicityModel.load() is model


def test_scores_are_probabilities_in_order(model: ToxicityModel) -> None:
    scores = model.score([KIND, RUDE, THREAT, ""])
    assert len(scores) == 4
    assert all(isinstance(s, Scores) for s in scores)
    for s in scores:
        assert all(0.0 <= v <= 1.0 for v in s.as_dict().values())
    kind, rude, threat, _ = scores
    assert rude.toxicity > 0.8 > 0.2 > kind.toxicity
    assert rude.insult > kind.insult
    assert threat.threat > max(kind.threat, rude.threat)


def test_batching_does_not_change_scores(model: ToxicityModel) -> None:
    texts = [KIND, RUDE, THREAT, "ok", "Ünïcödé ☃ 👍 text\u00a0with\tspaces"] * 3
    together = model.score_array(texts)
    alone = np.vstack([model.score_array([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-6)
    assert model.score([]) == []


def test_odd_text_does_not_break(model: ToxicityModel) -> None:
    texts = ["\ud800 lone surrogate", "x" * 50_000, "\n\n\n", "İstanbul ﬁne"]
    assert model.score_array(texts).shape == (4, len(SCORE_ATTRIBUTES))


def test_explain_points_at_the_insults(model: ToxicityModel) -> None:
    spans = model.explain(RUDE)
    assert spans and all(isinstance(s, WeightedSpan) for s in spans)
    for span in spans:
        assert RUDE[span.start : span.end] == span.text
        assert span.weight > 0
    found = " ".join(s.text.lower() for s in spans)
    assert "idiot" in found or "moron" in found
    assert model.explain(KIND) == []
    assert model.explain(RUDE, threshold=1.01) == []


def test_explain_other_attributes(model: ToxicityModel) -> None:
    spans = model.explain(THREAT, attribute="threat", threshold=0.2)
    assert any("kill" in s.text.lower() for s in spans)
    with pytest.raises(ValueError, match="unknown attribute"):
        model.explain(RUDE, attribute="rudeness")


def test_features_do_not_depend_on_batch_neighbours() -> None:
    config = FeatureConfig()
    idf = np.ones(config.n_features, dtype=np.float32)
    alone = featurise([RUDE], config, idf)
    batch = featurise([KIND, RUDE], config, idf)
    assert np.array_equal(alone.col, batch.col[batch.doc == 1])
    np.testing.assert_array_equal(alone.val, batch.val[batch.doc == 1])


def test_word_spans() -> None:
    text = "Don't  call me a 'fool', Ana!"
    assert [text[s:e] for s, e in word_spans(text)] == [
        "Don",
        "t",
        "call",
        "me",
        "a",
        "fool",
        "Ana",
    ]


def test_model_files_are_plain_arrays_and_small() -> None:
    names = {p.name for p in MODEL_DIR.iterdir() if not p.name.startswith(".")}
    assert names == {WEIGHTS_FILE, CARD_FILE}
    total = sum((MODEL_DIR / n).stat().st_size for n in names)
    assert total < 50 * 1024 * 1024
    with zipfile.ZipFile(MODEL_DIR / WEIGHTS_FILE) as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())
    with np.load(MODEL_DIR / WEIGHTS_FILE, allow_pickle=False) as npz:
        for name in npz.files:
            assert npz[name].dtype != object, name


def test_calibration_tables_are_monotone(model: ToxicityModel) -> None:
    for attribute, (x, y) in model.calibration.items():
        assert np.all(np.diff(x) >= 0), attribute
        assert np.all(np.diff(y) >= 0), attribute
        assert y.min() >= 0.0 and y.max() <= 1.0


def test_model_card_records_the_essentials(model: ToxicityModel) -> None:
    card = model.card
    for key in ("created", "data", "variants", "selected_variant", "scores", "severe_toxicity"):
        assert key in card, key
    assert card["runtime"]["attributes"] == list(SCORE_ATTRIBUTES)
    assert len(card["variants"]) >= 2


def test_texts_without_features_score_the_bias() -> None:
    config = FeatureConfig(char_ngrams=())  # words only: "!!!" has no feature at all
    weights = np.ones((config.n_features, len(SCORE_ATTRIBUTES)), dtype=np.float32)
    knots = np.array([-50.0, 50.0], dtype=np.float32), np.array([0.0, 1.0], dtype=np.float32)
    model = ToxicityModel(
        config,
        weights,
        np.full(len(SCORE_ATTRIBUTES), 0.5, dtype=np.float32),
        np.ones(config.n_features, dtype=np.float32),
        {a: knots for a in SCORE_ATTRIBUTES},
    )
    logits = model.logits(["!!!", "one two", ""])
    np.testing.assert_allclose(logits[[0, 2]], 0.5)
    assert np.all(logits[1] > 0.5)


LONG_KIND = (
    "The council voted on the harbour plan last night after a long debate. "
    "Several residents spoke about parking, ferries and the new cycle lanes. "
    "The final design keeps the old fish market and adds a small park by the water. "
    "Construction is expected to start in the spring and last about two years."
)


def test_clauses_are_cut_from_the_text_s_own_features() -> None:
    config = FeatureConfig()
    texts = [
        "First part here. Second part, with a clause!\nThird line",
        "one sentence only",
        "",
        "End with a break.\n",
    ]
    occ = hash_occurrences(texts, config)
    by_clause, owner = clause_occurrences(occ, texts, config)
    assert owner.tolist() == [0, 0, 0, 0]  # one text of four pieces; the others are whole
    pieces = ["First part here.", "Second part,", "with a clause!", "Third line"]
    text = texts[0]
    for k, piece in enumerate(pieces):
        mine = by_clause.doc == k
        start = text.index(piece)
        # Every occurrence lies inside its piece (or the break just before it)...
        assert by_clause.start[mine].min() >= start - 1
        assert by_clause.end[mine].max() <= start + len(piece)
        # ...and a piece keeps all the n-grams it has on its own, but the padding's.
        alone = hash_occurrences([piece], config)
        inner = (alone.start > 0) & (alone.end < len(piece))
        assert set(alone.col[inner].tolist()) <= set(by_clause.col[mine].tolist())
    assert clause_breaks("a.b. c", config.max_chars) == [(4, 5)]  # "a.b" is not cut


def test_one_bad_clause_in_a_long_comment_is_not_diluted(model: ToxicityModel) -> None:
    mixed = LONG_KIND + " Anyone who disagrees is a pathetic idiot."
    parts = model.logit_parts([LONG_KIND, mixed])
    k = SCORE_ATTRIBUTES.index("toxicity")
    comment, worst = parts[:, k, 0], parts[:, k, 1]
    assert worst[1] > comment[1]  # the worst clause is worse than the whole comment
    kind, bad = model.score_array([LONG_KIND, mixed])[:, k]
    assert kind < 0.2 < 0.5 < bad
    # The clauses' part of the score: with them switched off the mixed comment scores lower.
    combine = model.combine.copy()
    combine[:, 0] += combine[:, 1]  # the same logit scale, but from the whole comment only
    combine[:, 1] = 0
    whole_only = ToxicityModel(
        model.config, model.weights, model.bias, model.idf, model.calibration, combine=combine
    )
    assert whole_only.score_array([mixed])[0, k] < bad


def test_a_model_without_combine_weights_uses_the_comment_logit(tmp_path: Path) -> None:
    config = FeatureConfig(char_ngrams=())
    weights = np.zeros((config.n_features, len(SCORE_ATTRIBUTES)), dtype=np.float32)
    knots = np.array([-50.0, 50.0], dtype=np.float32), np.array([0.0, 1.0], dtype=np.float32)
    bias = np.arange(len(SCORE_ATTRIBUTES), dtype=np.float32)
    model = ToxicityModel(
        config,
        weights,
        bias,
        np.ones(config.n_features, np.float32),
        {a: knots for a in SCORE_ATTRIBUTES},
    )
    model.save(tmp_path)
    with np.load(tmp_path / WEIGHTS_FILE) as npz:  # a file from before clauses were scored
        arrays = {k: npz[k] for k in npz.files if k != "combine"}
    np.savez(tmp_path / WEIGHTS_FILE, **arrays)
    old = ToxicityModel.from_dir(tmp_path)
    np.testing.assert_allclose(old.logits(["one. two", "x"]), np.tile(bias, (2, 1)))
    with pytest.raises(ToxicityModelError, match="combine has shape"):
        ToxicityModel(
            config,
            weights,
            bias,
            np.ones(config.n_features, np.float32),
            {a: knots for a in SCORE_ATTRIBUTES},
            combine=np.ones((6, 2), np.float32),
        )


def test_toxicity_clauses_are_scored_by_the_clause_weights(tmp_path: Path) -> None:
    config = FeatureConfig(char_ngrams=(), word_bigrams=False)
    weights = np.zeros((config.n_features, len(SCORE_ATTRIBUTES)), dtype=np.float32)
    knots = np.array([-50.0, 50.0], dtype=np.float32), np.array([0.0, 1.0], dtype=np.float32)
    clause = np.ones(config.n_features, dtype=np.float32)
    model = ToxicityModel(
        config,
        weights,
        np.zeros(len(SCORE_ATTRIBUTES), np.float32),
        np.ones(config.n_features, np.float32),
        {a: knots for a in SCORE_ATTRIBUTES},
        clause_head=(clause, -0.25),
    )
    model.save(tmp_path)
    loaded = ToxicityModel.from_dir(tmp_path)
    np.testing.assert_array_equal(loaded.clause_weight, clause)
    assert loaded.clause_bias == -0.25
    parts = loaded.logit_parts(["one two, three", "single"])
    k = SCORE_ATTRIBUTES.index("toxicity")
    np.testing.assert_allclose(parts[:, :, 0], 0.0)  # the comment columns are all zero
    # Worst clause: each clause's words (unit norm) times ones, minus 0.25; "one two" is worst.
    assert parts[0, k, 1] == pytest.approx(np.sqrt(2) - 0.25, abs=1e-5)
    assert parts[1, k, 1] == pytest.approx(1 - 0.25, abs=1e-5)  # one clause: the whole text
    others = [i for i in range(len(SCORE_ATTRIBUTES)) if i != k]
    np.testing.assert_allclose(parts[:, others, 1], 0.0)  # the rest use their own weights
    np.testing.assert_allclose(parts[:, :, 3], np.log([[2.0], [1.0]]) * np.ones((1, 6)))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from([*"ab idiot,.;!?\n\t", "é", "☃", "\ud800"]),
            max_size=60,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_clause_scoring_does_not_depend_on_the_batch(texts: list[str]) -> None:
    model = load_toxicity_model()
    # Past one CHUNK, so the clause bookkeeping crosses chunk boundaries too.
    batch = (texts * (CHUNK // len(texts) + 2))[: CHUNK + len(texts)]
    together = model.logit_parts(batch)
    alone = np.stack([model.logit_parts([t])[0] for t in texts])
    expected = alone[np.arange(len(batch)) % len(texts)]
    np.testing.assert_allclose(together, expected, rtol=1e-6, atol=1e-6)
