"""Training data plumbing: training targets that differ from the evaluation labels."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from presslens.comments import _toxicity_data as data
from presslens.comments._toxicity_readers import READERS


def _write_cat(root: Path) -> None:
    (root / "cat").mkdir(parents=True)
    with (root / "cat" / "gc.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text", "parent", "label", "api"])
        writer.writerow(["1", "Please cite a source for the tram dates.", "", "0", "0.04"])
        writer.writerow(["2", "Stop reverting my edits, you clown.", "", "0", "0.81"])
        writer.writerow(["3", "What a load of rubbish, idiot.", "", "1", "0.35"])
        writer.writerow(["4", "No score was stored for this one.", "", "0", ""])
    with (root / "cat" / "cat_small.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "parent_text", "tox_codes_oc", "label_oc", "tox_codes_ic"])
        writer.writerow(["An evaluation-only comment.", "", "[0. 0. 0.]", "0", "[0. 0. 0.]"])


def test_cat_gc_trains_towards_the_perspective_score_but_keeps_its_label(tmp_path: Path) -> None:
    _write_cat(tmp_path)
    rows = list(READERS["cat_gc"](tmp_path))
    labels = [labels for _, labels, _ in rows]
    assert [x["toxicity"] for x in labels] == [0.0, 0.0, 1.0, 0.0]
    # The target is the larger of the label and the stored API score.
    assert [x["target:toxicity"] for x in labels] == [0.04, 0.81, 1.0, 0.0]


def test_examples_split_targets_from_labels(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_cat(tmp_path)
    # Only the CAT readers have files here; the other evaluation-only set reads nothing.
    monkeypatch.setitem(READERS, "olid_test", lambda root: iter(()))
    examples = data.load_examples(tmp_path, datasets=["cat_gc", "cat_small"])
    by_text = {e.text: e for e in examples}
    clown = by_text["Stop reverting my edits, you clown."]
    assert clown.labels == {"toxicity": 0.0}  # what calibration and evaluation see
    assert clown.targets == {"toxicity": 0.81}
    assert clown.target("toxicity") == 0.81
    plain = by_text["An evaluation-only comment."]
    assert plain.split == "eval" and plain.targets == {}
    assert plain.target("toxicity") == 0.0
