"""Quality floors for quote finding, on fixed data from ../shared (skipped without it).

The full numbers come from ``benchmarks/quotes_eval.py``; these tests score the first
articles of PolNeAR dev and the seed page so that a regression fails CI.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import presslens
from presslens.options import Options
from presslens.quotes.evaluate import (
    QuoteScores,
    is_speech_cue,
    load_brat,
    pick_annotator_files,
    score_quotes,
    seed_report,
)

POLNEAR_ARTICLES = 20
# Measured on the first 20 dev articles (speech and writing cues): F1@0.3 0.707,
# F1@0.8 0.595, speaker 0.913; floors sit a little below.
FLOOR_F1_03 = 0.68
FLOOR_F1_08 = 0.57
FLOOR_SPEAKER = 0.89


def _polnear_scores(shared: Path, threshold: float) -> QuoteScores:
    folder = shared / "data" / "quotes" / "polnear" / "dev"
    chosen = sorted(pick_annotator_files(os.listdir(folder / "attributions")).items())
    chosen = chosen[:POLNEAR_ARTICLES]
    texts, golds = [], []
    for stem, ann_name in chosen:
        texts.append((folder / "text" / f"{stem}.txt").read_text(encoding="utf-8"))
        golds.append(load_brat((folder / "attributions" / ann_name).read_text(encoding="utf-8")))
    results = presslens.analyze_many(texts, options=Options(find_comments=False))
    total = QuoteScores()
    for text, gold, analysis in zip(texts, golds, results, strict=True):
        assert not isinstance(analysis, presslens.InputError)
        speech = [g for g in gold if is_speech_cue(g.cue_text)]
        other = [g for g in gold if not is_speech_cue(g.cue_text)]
        total += score_quotes(text, speech, analysis.quotes, threshold, ignore=other)
    return total


@pytest.mark.slow
def test_polnear_dev_floors(shared: Path) -> None:
    loose = _polnear_scores(shared, 0.3)
    strict = _polnear_scores(shared, 0.8)
    print(f"F1@0.3={loose.f1:.3f} F1@0.8={strict.f1:.3f} speaker={loose.speaker_accuracy:.3f}")
    assert loose.f1 >= FLOOR_F1_03
    assert strict.f1 >= FLOOR_F1_08
    assert loose.speaker_accuracy >= FLOOR_SPEAKER


def test_seed_page_quotes(shared: Path) -> None:
    gold = json.loads((shared / "gold" / "aleppo-2016.json").read_text(encoding="utf-8"))
    analysis = presslens.analyze(shared / "seeds" / "aleppo-2016.txt")
    report = seed_report(analysis, gold)
    assert report.found_with_speaker >= 17
    assert report.in_comments == 0
