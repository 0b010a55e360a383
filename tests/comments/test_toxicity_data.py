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


def _write_toxic_spans(root: Path) -> None:
    base = root / "toxic_spans"
    base.mkdir(parents=True)
    text = "The plan is fine. But the mayor is a clown, honestly."
    clown = text.index("clown")
    comments = [("c0", text)] + [(f"c{i}", f"Filler comment number {i}.") for i in range(1, 12)]
    with (base / "comments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["comment_id", "comment_text"])
        writer.writerows(comments)
    annotations = []
    spans = []
    # Worker "keen" marks a span on every comment; "lax" marks one comment in four (not idle,
    # not engaged); "idle" marks none of eleven (dropped everywhere).
    for i, (cid, _) in enumerate(comments):
        annotations.append((f"k{i}", cid, "keen", "USA", "False", "False"))
        spans.append(
            (f"k{i}", "Insult", clown if cid == "c0" else 0, clown + 5 if cid == "c0" else 4)
        )
        lax_marks = cid in ("c1", "c2", "c3")
        annotations.append((f"l{i}", cid, "lax", "USA", "False", "False"))
        if lax_marks:
            spans.append((f"l{i}", "Insult", 0, 4))
        annotations.append((f"i{i}", cid, "idle", "USA", "False", "False"))
    with (base / "annotations.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["annotation", "comment_id", "worker", "country", "all toxic", "not toxic"])
        writer.writerows(annotations)
    with (base / "spans.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["annotation", "type", "start", "end"])
        writer.writerows(spans)


def test_toxic_spans_targets_and_clause_labels_count_engaged_annotators(tmp_path: Path) -> None:
    _write_toxic_spans(tmp_path)
    rows = {text: labels for text, labels, _ in READERS["toxic_spans"](tmp_path)}
    labels = rows["The plan is fine. But the mayor is a clown, honestly."]
    # The label counts keen and lax (the idle worker is dropped); the target only keen.
    assert labels["toxicity"] == 0.5
    assert labels["target:toxicity"] == 1.0
    votes = data.toxic_spans_votes(tmp_path)
    text = "The plan is fine. But the mayor is a clown, honestly."
    assert [v.rate for v in votes[text]] == [1.0]
    # Clauses as the model cuts them: "The plan is fine." / "But the mayor is a clown," /
    # "honestly." -- only the second holds the marked span.
    assert data.clause_labels(text, votes[text], 4000) == [0.0, 1.0, 0.0]
    whole = data.SpanVote(1.0, frozenset({"Insult"}), (), True)
    assert data.clause_labels(text, [whole, votes[text][0]], 4000) == [0.5, 1.0, 0.5]
