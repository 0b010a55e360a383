"""Readers of the toxicity data sets in ``../shared/data/comments``, and their label mapping.

Development-only (see ``_toxicity_data``). Each reader yields ``(text, labels, group key)``;
labels map attribute -> value in [0, 1] (a soft label is the fraction of annotators who saw
the attribute), and an attribute the data set does not speak to is absent (masked), never
guessed. ``MAPPING`` says, per data set, what each attribute was derived from; it is copied
into the model card.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from statistics import mean

Labels = dict[str, float]
Reader = Callable[[Path], Iterator[tuple[str, Labels, str]]]
#: Prefix of a label that is a training target only (``"target:toxicity"``): the model is fitted
#: to it on the train split, while calibration and evaluation use the plain label.
TARGET = "target:"

#: toxic_spans: workers who marked spans in under IDLE_RATE of their (at least
#: IDLE_MIN_ITEMS) comments are not doing the task: every comment of the set was rated toxic
#: by Civil Comments raters. 248 such workers cast 19% of all votes; their votes are dropped.
IDLE_RATE = 0.15
IDLE_MIN_ITEMS = 10
#: toxic_spans training targets (the comment's toxicity and its clauses' labels) count only
#: workers who marked spans in at least this share of their comments; the labels that
#: calibration and evaluation see keep every worker above IDLE_RATE. Chosen on the calib split.
ENGAGED_RATE = 0.45

#: Licence of each data set (from ../shared/README.md), for the model card.
LICENCES: dict[str, str] = {
    "toxic_spans": "CC0",
    "civil_comments_ni": "CC0 data, Apache-2.0 repo",
    "olid": "CC BY 4.0",
    "davidson": "MIT",
    "cat_gc": "Apache-2.0",
    "gab_hate": "CC BY 4.0 (repo MIT)",
    "hatecheck": "CC BY 4.0",
    "mlma": "MIT",
    "convabuse": "CC BY 4.0",
    "stormfront": "CC BY-SA 3.0",
    "openai_moderation": "MIT",
    "wiki_toxicity": "Apache-2.0 repo",
    "olid_test": "CC BY 4.0",
    "cat_small": "Apache-2.0",
}

MAPPING: dict[str, dict[str, str]] = {
    "toxic_spans": {
        "toxicity": "fraction of annotators who marked a toxic span (or the whole comment); "
        "trained towards that fraction among the engaged annotators (ENGAGED_RATE), and the "
        "clause scorer towards the fraction of them whose spans touch each clause",
        "insult": "fraction of annotators with an Insult span",
        "identity_attack": "fraction with an Identity based Attack span",
        "threat": "fraction with a Threat span",
        "profanity": "fraction with a Profane/Obscene span",
        "severe_toxicity": "1 if >=3/4 of annotators toxic and >=1/2 marked Threat or Identity "
        "based Attack; 0 if under 1/2 toxic or nobody marked Threat/Identity; else masked",
    },
    "civil_comments_ni": {
        "toxicity": "label of task 327",
        "insult": "label of task 328",
        "identity_attack": "label of task 325",
        "severe_toxicity": "0 when toxicity is 0, else masked",
    },
    "olid": {
        "toxicity": "subtask a OFF=1 / NOT=0",
        "insult": "OFF+TIN (targeted insult/threat) at an individual or group = 1; NOT or "
        "UNT = 0; OTH masked",
        "profanity": "UNT (untargeted profanity) = 1; NOT = 0; else masked",
        "identity_attack, threat, severe_toxicity": "0 when NOT, else masked",
    },
    "davidson": {
        "toxicity": "fraction of annotators who saw hate or offensive language",
        "identity_attack": "class hate = 1; neither, or offensive with no hate vote = 0",
        "severe_toxicity": "class hate = 1; neither, or offensive with no hate vote = 0",
        "insult, threat, profanity": "0 when neither, else masked",
    },
    "cat_gc": {
        "toxicity": "gc.csv label (judged without context); trained towards max(label, api), "
        "api being the Perspective API's toxicity score stored with the data set (its 1.6% of "
        "positive labels alone teach little); calibrated and evaluated on the label"
    },
    "gab_hate": {
        "toxicity": "hd or cv or vo",
        "identity_attack": "hd (assault on human dignity)",
        "threat": "cv (call for violence)",
        "profanity": "vo (vulgarity / offensive language)",
        "severe_toxicity": "cv = 1; none of hd/cv/vo, or vo alone = 0; else masked",
        "insult": "0 when none of hd/cv/vo, else masked",
    },
    "hatecheck": {
        "toxicity": "hateful = 1; abuse of non-protected targets = 1; counter speech, "
        "negation, neutral/positive identity mentions, homonyms = 0",
        "identity_attack": "hateful = 1, non-hateful = 0",
        "threat": "threat_* = 1; other cases = 0",
        "insult": "target_indiv_nh / target_obj_nh = 1; clean non-hateful cases = 0",
        "profanity": "profanity_* = 1; clean non-hateful cases = 0",
        "severe_toxicity": "threat_* = 1; clean non-hateful cases = 0",
    },
    "mlma": {
        "toxicity": "no 'normal' among the labels = 1; only 'normal' = 0; mixed masked",
        "identity_attack": "'hateful' without 'normal' = 1; only 'normal' = 0",
    },
    "convabuse": {
        "toxicity": "majority of annotators rate abuse (-1..-3) = 1; majority 'not abuse' = 0",
        "identity_attack": "abusive and a majority tag racist/sexist/homophobic/"
        "transphobic/ableist = 1; not abusive = 0",
        "insult": "abusive at an individual (majority) = 1; not abusive = 0",
        "severe_toxicity": "majority -3 = 1; not abusive or no -3 vote = 0",
        "threat, profanity": "0 when not abusive",
    },
    "stormfront": {
        "toxicity": "hate = 1, noHate = 0 (relation / idk rows dropped)",
        "identity_attack": "hate = 1, noHate = 0",
    },
    "openai_moderation": {
        "toxicity": "H or HR or H2 = 1; every category 0 = 0; else masked",
        "identity_attack": "H = 1 / 0",
        "insult": "HR = 1; every category 0 = 0",
        "threat": "H2 (hate/threatening) = 1; every category 0 = 0",
        "severe_toxicity": "H2 = 1; every category 0 = 0",
    },
    "wiki_toxicity": {"toxicity": "toxic label"},
    "olid_test": {"toxicity": "official test labels OFF=1 / NOT=0 (evaluation only)"},
    "cat_small": {"toxicity": "label_oc (judged without context; evaluation only)"},
}


def _csv(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _clean_all(value: float = 0.0, *, skip: tuple[str, ...] = ()) -> Labels:
    names = ("toxicity", "severe_toxicity", "insult", "identity_attack", "threat", "profanity")
    return {name: value for name in names if name not in skip}


@dataclass(frozen=True, slots=True)
class SpanVote:
    """One toxic_spans worker's answer on one comment."""

    rate: float  # share of the worker's comments in which they marked spans (1.0 if few)
    types: frozenset[str]  # types of the spans marked
    spans: tuple[tuple[int, int], ...]  # character offsets of the spans with offsets
    anywhere: bool  # the whole comment flagged toxic, or a span stored without offsets

    @property
    def toxic(self) -> bool:
        return bool(self.types) or self.anywhere


def _span_votes(root: Path) -> tuple[dict[str, str], dict[str, list[SpanVote]]]:
    """Comment texts by id, and the votes of the workers who are not idle, by comment id."""
    base = root / "toxic_spans"
    texts = {r["comment_id"]: r["comment_text"] for r in _csv(base / "comments.csv")}
    types: dict[str, set[str]] = defaultdict(set)
    offsets: dict[str, list[tuple[int, int]]] = defaultdict(list)
    no_offsets: set[str] = set()
    for row in _csv(base / "spans.csv"):
        types[row["annotation"]].add(row["type"])
        if row["start"] and row["end"]:
            offsets[row["annotation"]].append((int(row["start"]), int(row["end"])))
        else:
            no_offsets.add(row["annotation"])
    rows = list(_csv(base / "annotations.csv"))
    marks: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        marks[row["worker"]].append(row["annotation"] in types)
    rate = {w: mean(m) if len(m) >= IDLE_MIN_ITEMS else 1.0 for w, m in marks.items()}
    votes: dict[str, list[SpanVote]] = defaultdict(list)
    for row in rows:
        if rate[row["worker"]] < IDLE_RATE:
            continue
        key = row["annotation"]
        whole = row["all toxic"] == "True" and row["not toxic"] == "False"
        votes[row["comment_id"]].append(
            SpanVote(
                rate[row["worker"]],
                frozenset(types.get(key, ())),
                tuple(offsets.get(key, ())),
                whole or key in no_offsets,
            )
        )
    return texts, votes


def _toxic_spans(root: Path) -> Iterator[tuple[str, Labels, str]]:
    texts, votes = _span_votes(root)
    names = {
        "insult": "Insult",
        "identity_attack": "Identity based Attack",
        "threat": "Threat",
        "profanity": "Profane/Obscene",
    }
    for cid, ann in votes.items():
        n = len(ann)
        labels = {"toxicity": sum(v.toxic for v in ann) / n}
        for attr, name in names.items():
            labels[attr] = sum(name in v.types for v in ann) / n
        grave = max(labels["threat"], labels["identity_attack"])
        if labels["toxicity"] >= 0.75 and grave >= 0.5:
            labels["severe_toxicity"] = 1.0
        elif labels["toxicity"] < 0.5 or grave == 0:
            labels["severe_toxicity"] = 0.0
        engaged = [v.toxic for v in ann if v.rate >= ENGAGED_RATE]
        if engaged:
            labels[TARGET + "toxicity"] = sum(engaged) / len(engaged)
        yield texts[cid], labels, texts[cid]


def toxic_spans_votes(root: Path) -> dict[str, list[SpanVote]]:
    """Comment text -> the votes of its engaged workers (rate >= ENGAGED_RATE)."""
    texts, votes = _span_votes(root)
    out = {texts[c]: [v for v in ann if v.rate >= ENGAGED_RATE] for c, ann in votes.items()}
    return {text: ann for text, ann in out.items() if ann}


def toxic_spans_gold(root: Path) -> dict[str, set[int]]:
    """Text -> character offsets that most (active) toxic_spans annotators marked toxic.

    Used to check ``ToxicityModel.explain``; idle workers are dropped as in the labels.
    """
    texts, votes = _span_votes(root)
    gold: dict[str, set[int]] = {}
    for cid, ann in votes.items():
        counts: dict[int, int] = defaultdict(int)
        for vote in ann:
            for i in {i for start, end in vote.spans for i in range(start, end)}:
                counts[i] += 1
        gold[texts[cid]] = {i for i, c in counts.items() if 2 * c > len(ann)}
    return gold


def _civil_comments_ni(root: Path) -> Iterator[tuple[str, Labels, str]]:
    merged: dict[str, Labels] = defaultdict(dict)
    for attr in ("toxicity", "insult", "identity_attack"):
        for row in _jsonl(root / "civil_comments_ni" / f"{attr}.jsonl"):
            merged[str(row["text"])][attr] = float(row["label"])  # type: ignore[arg-type]
    for text, labels in merged.items():
        if labels.get("toxicity") == 0.0:
            labels["severe_toxicity"] = 0.0
        yield text, labels, text


def _olid(root: Path) -> Iterator[tuple[str, Labels, str]]:
    for row in _csv(root / "olid" / "olid-training-v1.0.tsv", "\t"):
        a, b, c = row["subtask_a"], row["subtask_b"], row["subtask_c"]
        if a == "NOT":
            labels = _clean_all()
        else:
            labels = {"toxicity": 1.0}
            if b == "UNT":
                labels.update(insult=0.0, profanity=1.0)
            elif c in ("IND", "GRP"):
                labels["insult"] = 1.0
        yield row["tweet"], labels, row["tweet"]


def _davidson(root: Path) -> Iterator[tuple[str, Labels, str]]:
    for row in _csv(root / "davidson" / "labeled_data.csv"):
        n, hate = int(row["count"]), int(row["hate_speech"])
        cls = row["class"]
        labels: Labels = {"toxicity": (hate + int(row["offensive_language"])) / n}
        if cls == "2":
            labels.update(_clean_all(skip=("toxicity",)))
        elif cls == "0":
            labels.update(identity_attack=1.0, severe_toxicity=1.0)
        elif hate == 0:
            labels.update(identity_attack=0.0, severe_toxicity=0.0)
        yield row["tweet"], labels, row["tweet"]


def _cat_gc(root: Path) -> Iterator[tuple[str, Labels, str]]:
    for row in _csv(root / "cat" / "gc.csv"):
        label = float(row["label"])
        target = max(label, float(row["api"])) if row["api"] else label
        yield row["text"], {"toxicity": label, TARGET + "toxicity": target}, row["text"]


def _gab_hate(root: Path) -> Iterator[tuple[str, Labels, str]]:
    for part in ("dev", "test"):
        for row in _jsonl(root / "gab_hate" / f"{part}.jsonl"):
            text = str(row["Text"])
            hd, cv, vo = (float(row[k]) for k in ("hd", "cv", "vo"))  # type: ignore[arg-type]
            if hd == cv == vo == 0:
                yield text, _clean_all(), text
                continue
            labels = {"toxicity": 1.0, "identity_attack": hd, "threat": cv, "profanity": vo}
            if cv or not hd:
                labels["severe_toxicity"] = cv
            yield text, labels, text


_HATECHECK_CLEAN = (
    *("ident_neutral_nh", "ident_pos_nh", "counter_quote_nh", "counter_ref_nh"),
    *("negate_neg_nh", "slur_homonym_nh"),
)


def _hatecheck(root: Path) -> Iterator[tuple[str, Labels, str]]:
    for row in _csv(root / "hatecheck" / "test_suite_cases.csv"):
        func, text = row["functionality"], row["test_case"]
        hateful = row["label_gold"] == "hateful"
        labels: Labels = {"identity_attack": float(hateful), "threat": 0.0}
        if hateful:
            labels["toxicity"] = 1.0
        if func in _HATECHECK_CLEAN:
            labels.update(_clean_all())
        elif func in ("target_indiv_nh", "target_obj_nh", "target_group_nh"):
            labels.update(toxicity=1.0, insult=float(func != "target_group_nh"))
        if func.startswith("threat_"):
            labels.update(threat=1.0, severe_toxicity=1.0)
        if func.startswith("profanity_"):
            labels["profanity"] = 1.0
        yield text, labels, f"hatecheck-template:{row['templ_id']}"


def _mlma(root: Path) -> Iterator[tuple[str, Labels, str]]:
    for row in _csv(root / "mlma" / "en_dataset.csv"):
        tags = set(row["sentiment"].split("_"))
        if tags == {"normal"}:
            labels = {"toxicity": 0.0, "identity_attack": 0.0}
        elif "normal" not in tags:
            labels = {"toxicity": 1.0, "identity_attack": float("hateful" in tags)}
        else:
            continue
        yield row["tweet"], labels, row["tweet"]


def _convabuse(root: Path) -> Iterator[tuple[str, Labels, str]]:
    identity = ("racist", "sexist", "homophobic", "transphobic", "ableist")
    for part in ("train", "valid", "test"):
        rows = list(_csv(root / "convabuse" / f"ConvAbuseEMNLP{part}.csv"))
        columns: dict[str, list[tuple[str, str]]] = defaultdict(list)  # annotator -> (col, tag)
        for key in rows[0] if rows else ():
            if key.startswith("Annotator"):
                who, tag = key.split("_", 1)
                columns[who].append((key, tag))
        for row in rows:
            levels: list[int] = []
            tags: list[set[str]] = []
            for cols in columns.values():
                on = {tag for key, tag in cols if "1" in row[key].split(", ")}
                level = [int(t.split(".")[1]) for t in on if t.startswith("is_abuse.")]
                if level:
                    levels.append(min(level))
                    tags.append(on)
            if not levels:
                continue
            n = len(levels)
            abusive = sum(v <= -1 for v in levels) / n
            if sum(v == 1 for v in levels) / n > 0.5:
                labels = _clean_all()
            elif abusive > 0.5:
                ident = sum(any(t in s for t in identity) for s in tags) / n
                indiv = sum("target.individual" in s for s in tags) / n
                labels = {"toxicity": 1.0, "identity_attack": float(ident > 0.5)}
                labels["severe_toxicity"] = float(sum(v == -3 for v in levels) / n > 0.5)
                if indiv > 0.5:
                    labels["insult"] = 1.0
            else:
                continue
            yield row["user"], labels, row["user"]


def _stormfront(root: Path) -> Iterator[tuple[str, Labels, str]]:
    for row in _csv(root / "stormfront" / "stormfront_sentences.csv"):
        if row["label"] in ("hate", "noHate"):
            value = float(row["label"] == "hate")
            yield row["text"], {"toxicity": value, "identity_attack": value}, row["text"]


def _openai_moderation(root: Path) -> Iterator[tuple[str, Labels, str]]:
    cats = ("S", "H", "V", "HR", "SH", "S3", "H2", "V2")
    for row in _jsonl(root / "openai_moderation" / "samples-1680.jsonl.gz"):
        text = str(row["prompt"])
        got = {c: row.get(c) for c in cats}
        if all(v == 0 for v in got.values()):
            yield text, _clean_all(skip=("profanity",)), text
            continue
        labels: Labels = {}
        for attr, cat in (("identity_attack", "H"), ("threat", "H2"), ("insult", "HR")):
            if got[cat] is not None:
                labels[attr] = float(got[cat] == 1)
        if any(got[c] == 1 for c in ("H", "HR", "H2")):
            labels["toxicity"] = 1.0
        if got["H2"] == 1:
            labels["severe_toxicity"] = 1.0
        if labels:
            yield text, labels, text


def _wiki_toxicity(root: Path) -> Iterator[tuple[str, Labels, str]]:
    path = root / "wiki_toxicity_subset" / "toxicity_nonfuzzed_testset.csv"
    for row in _csv(path):
        yield row["comment"], {"toxicity": float(row["toxic"] == "True")}, row["comment"]


def _olid_test(root: Path) -> Iterator[tuple[str, Labels, str]]:
    gold = {r["id"]: r["label"] for r in _csv(root / "olid" / "labels-levela.csv")}
    for row in _csv(root / "olid" / "testset-levela.tsv", "\t"):
        yield row["tweet"], {"toxicity": float(gold[row["id"]] == "OFF")}, row["tweet"]


def _cat_small(root: Path) -> Iterator[tuple[str, Labels, str]]:
    for row in _csv(root / "cat" / "cat_small.csv"):
        yield row["text"], {"toxicity": float(row["label_oc"])}, row["text"]


READERS: dict[str, Reader] = {
    "toxic_spans": _toxic_spans,
    "civil_comments_ni": _civil_comments_ni,
    "olid": _olid,
    "davidson": _davidson,
    "cat_gc": _cat_gc,
    "gab_hate": _gab_hate,
    "hatecheck": _hatecheck,
    "mlma": _mlma,
    "convabuse": _convabuse,
    "stormfront": _stormfront,
    "openai_moderation": _openai_moderation,
    "wiki_toxicity": _wiki_toxicity,
    "olid_test": _olid_test,
    "cat_small": _cat_small,
}
