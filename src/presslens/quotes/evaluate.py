"""Scoring quote extraction against gold annotations: pure functions, no I/O, no models.

The benchmark ``benchmarks/quotes_eval.py`` reads the data and runs the systems; this
module only turns (text, gold, predicted quotes) into numbers, so that tests can pin
floors on them.

Spans are ``Fragments``: sorted, non-overlapping ``(start, end)`` character ranges of
one text (gold content in brat can be discontinuous; a predicted ``Span`` is one range).

Rules, in one place:

* **Trimming.** Before matching, every fragment loses leading and trailing whitespace
  and quotation marks, so ``“Yes,” he said`` and ``Yes,`` are the same content whether or
  not a system (or an annotator) kept the marks.
* **Matching.** A predicted content matches a gold content when
  ``|gold ∩ predicted| / |gold| > threshold`` (characters). Matching is one-to-one and
  greedy: candidate pairs are taken by descending overlap in characters (then ratio,
  then position), and a pair is kept only when neither side is matched yet.
* **P/R/F1** are micro-averaged: counts are summed over pages before dividing; an
  empty denominator gives 0.0 (the counts are always reported beside the rates).
* **Ignored gold.** To score on a subset of the gold (e.g. speech and writing only),
  the rest is passed as ``ignore``: predictions left unmatched after matching the
  scored gold, which match an ignored gold attribution, count neither as right nor
  as wrong.
* **Speaker.** On a matched pair whose gold has a Source, the predicted speaker is
  right when the predicted mention span overlaps the gold Source span, or when the
  surname of the predicted canonical name (its last word) equals, ignoring case, the
  last capitalised word of the gold Source text ("Retired Lt. Gen. Michael Flynn" ->
  "Flynn"; "Clinton's campaign" -> "Clinton"). Words are runs of letters, so
  possessives and hyphens split ("al-Assad" -> "Assad"). Pairs whose gold has no
  Source are not scored for the speaker.
* **Seed page** (``seed_report``): a gold quote is found when a predicted content
  covers more than half of it (one-to-one, as above); its speaker is right when
  ``speaker.name`` equals the gold speaker ignoring case; a gold speaker written
  ``unnamed ...`` is also matched by a null name (the schema keeps unidentified
  speakers null). A predicted quote overlapping the comment thread, from the end of the article
  to the end of the last gold comment, is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from presslens.model import Analysis, Quote, Span

Fragments = tuple[tuple[int, int], ...]

#: Characters trimmed from both ends of every fragment before matching.
TRIM_CHARS = " \t\n\r\f\v\u00a0\"'`“”‘’«»„‟‹›"

_BRAT_LINE = re.compile(r"^[TERAMN#*]\d*\t")
_ANNOTATOR_SUFFIX = re.compile(r"_[0-9a-f]{4}\.ann$")
_LETTERS = re.compile(r"[^\W\d_]+")


# --------------------------------------------------------------------------- spans


def normalize(fragments: Iterable[tuple[int, int]]) -> Fragments:
    """Sorted, merged, non-empty fragments."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(f for f in fragments if f[1] > f[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def length(fragments: Fragments) -> int:
    """Characters covered (fragments as returned by ``normalize``)."""
    return sum(end - start for start, end in fragments)


def overlap(a: Fragments, b: Fragments) -> int:
    """Characters covered by both (fragments as returned by ``normalize``)."""
    total = 0
    for a_start, a_end in a:
        for b_start, b_end in b:
            total += max(0, min(a_end, b_end) - max(a_start, b_start))
    return total


def trim(fragments: Fragments, text: str) -> Fragments:
    """Each fragment without leading/trailing whitespace and quotation marks."""
    out: list[tuple[int, int]] = []
    for start, end in fragments:
        while start < end and text[start] in TRIM_CHARS:
            start += 1
        while end > start and text[end - 1] in TRIM_CHARS:
            end -= 1
        out.append((start, end))
    return normalize(out)


def span_fragments(span: Span | None) -> Fragments:
    """A presslens ``Span`` as fragments (none for None)."""
    return normalize([(span.start, span.end)]) if span is not None else ()


# --------------------------------------------------------------------------- brat


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One brat attribution relation: its content, and its source and cue if any.

    ``content`` joins ``Content`` and ``Content2`` (PolNeAR's second content part).
    The ``*_text`` fields are brat's text (fragments joined by a space).
    """

    id: str
    content: Fragments
    content_text: str
    source: Fragments = ()
    source_text: str = ""
    cue: Fragments = ()
    cue_text: str = ""

    @property
    def has_source(self) -> bool:
        return bool(self.source)


def load_brat(ann_text: str) -> list[GoldAttribution]:
    """The attribution relations (``E`` lines) of a brat ``.ann`` file, in file order.

    Text-bound annotations are ``T<n>\\tTYPE START END[;START END...]\\ttext``; a text
    that holds a newline continues on the next line(s), which are joined back. A
    relation is ``E<n>\\tTRIGGER_TYPE:T<i> ROLE:T<j> ...`` with roles ``Content``,
    ``Content2``, ``Source`` and ``Cue``. Relations without any content are skipped.
    Other lines (``A``, ``R``, ``#`` notes, ...) are ignored.
    """
    records: list[str] = []
    for line in ann_text.split("\n"):
        if _BRAT_LINE.match(line) or not records:
            records.append(line)
        else:
            records[-1] += "\n" + line
    spans: dict[str, tuple[Fragments, str]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for record in records:
        fields = record.split("\t")
        if record.startswith("T") and len(fields) >= 2:
            _type, _, offsets = fields[1].partition(" ")
            fragments = []
            for piece in offsets.split(";"):
                start, end = piece.split()
                fragments.append((int(start), int(end)))
            text = fields[2].rstrip("\n") if len(fields) > 2 else ""
            spans[fields[0]] = (normalize(fragments), text)
        elif record.startswith("E") and len(fields) >= 2:
            parts = [arg.partition(":") for arg in fields[1].split() if ":" in arg]
            events.append((fields[0], [(role, ref) for role, _, ref in parts]))
    out: list[GoldAttribution] = []
    for event_id, args in events:
        roles: dict[str, list[str]] = {}
        for role, ref in args[1:]:  # args[0] is the trigger (Attribution:T4)
            if ref in spans:
                roles.setdefault(role.rstrip("0123456789"), []).append(ref)
        content_refs = roles.get("Content", [])
        if not content_refs:
            continue
        content, content_text = _joined(spans, content_refs)
        source, source_text = _joined(spans, roles.get("Source", []))
        cue, cue_text = _joined(spans, roles.get("Cue", []))
        out.append(
            GoldAttribution(event_id, content, content_text, source, source_text, cue, cue_text)
        )
    return out


def _joined(spans: Mapping[str, tuple[Fragments, str]], refs: list[str]) -> tuple[Fragments, str]:
    frags = normalize(f for ref in refs for f in spans[ref][0])
    return frags, " ".join(spans[ref][1] for ref in refs)


def pick_annotator_files(ann_names: Iterable[str]) -> dict[str, str]:
    """One ``.ann`` file name per article: the first by sorted name.

    PolNeAR names annotations ``<article>_<annotator>.ann`` (4 hex digits) for the text
    ``<article>.txt``; some articles have several annotators. Returns
    ``{article stem: chosen file name}``.
    """
    chosen: dict[str, str] = {}
    for name in sorted(ann_names):
        if not name.endswith(".ann"):
            continue
        stem = _ANNOTATOR_SUFFIX.sub("", name)
        if stem == name:
            stem = name.removesuffix(".ann")
        chosen.setdefault(stem, name)
    return chosen


# --------------------------------------------------------------------------- cues

_SPEECH_LEMMAS = (
    "say tell write report add claim state note ask answer reply respond explain argue "
    "announce declare insist warn admit acknowledge confirm deny suggest propose promise "
    "pledge vow tweet post blog quote cite mention describe call urge recall comment remark "
    "assert allege contend observe point emphasize emphasise stress repeat reiterate "
    "conclude complain criticize criticise condemn denounce attack blast slam praise accuse "
    "charge threaten testify inform assure joke quip chant shout yell scream sing speak talk "
    "discuss echo question challenge dispute reject recommend advise counter retort concede "
    "boast brag disclose reveal publish email text interview predict continue dismiss mock "
    "rail lament demand plead apologize thank blame decry defend refer read title "
    "order instruct reassure caution proclaim recount tout hail lambaste berate scold "
    "rebuke pronounce rule release detail reference address"
).split()
_SPEECH_IRREGULAR = (
    "said told wrote written spoke spoken sang sung read slammed slamming quipped quipping "
    "admitted admitting referred referring blogged blogging according statement statements "
    "interview interviews speech speeches letter letters remarks message messages op-ed "
    "column memo testimony announcement release essay editorial headline tweets echoes"
).split()
_SPEECH_PHRASES = ("according to", "press release", "in a statement", "put it")


def _inflections(lemma: str) -> set[str]:
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in set("aeiou"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


#: Word forms of verbs (and nouns) of saying and writing.
SPEECH_WORDS: frozenset[str] = frozenset(
    {form for lemma in _SPEECH_LEMMAS for form in _inflections(lemma)} | set(_SPEECH_IRREGULAR)
)


def is_speech_cue(cue_text: str) -> bool:
    """Whether a cue reports speech or writing rather than belief, knowledge or intent.

    True when the cue holds a word of ``SPEECH_WORDS`` (any form of say, tell, write,
    report, add, claim, note, ask, tweet, call, ... and nouns like statement, interview),
    a phrase such as "according to", or no letters at all (a colon or dash introducing
    the words of a transcript). False for think, believe, know, learn, find, show, poll,
    want, plan, hope, expect, support, endorse and the like. An empty cue counts as speech.
    """
    lowered = cue_text.lower()
    if not re.search(r"[^\W\d_]", lowered):
        return True
    if any(phrase in lowered for phrase in _SPEECH_PHRASES):
        return True
    words = set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", lowered))
    words |= {part for word in words for part in word.split("-")}
    return bool(words & SPEECH_WORDS)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True, slots=True)
class Match:
    """A gold and a predicted span matched one-to-one (indices into the input lists)."""

    gold: int
    predicted: int
    overlap: int
    ratio: float


def match_spans(
    gold: Sequence[Fragments], predicted: Sequence[Fragments], threshold: float
) -> list[Match]:
    """One-to-one greedy matching of predicted to gold spans, sorted by gold index.

    A pair is a candidate when ``overlap / length(gold) > threshold``; candidates are
    taken by descending overlap (then ratio, gold index, predicted index).
    """
    candidates: list[Match] = []
    for g, gold_frags in enumerate(gold):
        gold_len = length(gold_frags)
        if gold_len == 0:
            continue
        for p, pred_frags in enumerate(predicted):
            shared = overlap(gold_frags, pred_frags)
            ratio = shared / gold_len
            if shared > 0 and ratio > threshold:
                candidates.append(Match(g, p, shared, ratio))
    candidates.sort(key=lambda m: (-m.overlap, -m.ratio, m.gold, m.predicted))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches: list[Match] = []
    for match in candidates:
        if match.gold in used_gold or match.predicted in used_pred:
            continue
        used_gold.add(match.gold)
        used_pred.add(match.predicted)
        matches.append(match)
    return sorted(matches, key=lambda m: m.gold)


def prf(true_positives: int, n_predicted: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1; a zero denominator gives 0.0."""
    precision = true_positives / n_predicted if n_predicted else 0.0
    recall = true_positives / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --------------------------------------------------------------------------- speakers


def _words(text: str) -> list[str]:
    return _LETTERS.findall(text)


def last_capitalised_word(text: str) -> str | None:
    """The last word of ``text`` that starts with a capital letter, or None."""
    capitalised = [w for w in _words(text) if w[0].isupper()]
    return capitalised[-1] if capitalised else None


def surname(name: str | None) -> str | None:
    """The last word of a canonical name, or None."""
    words = _words(name or "")
    return words[-1] if words else None


def speaker_correct(gold: GoldAttribution, predicted: Quote) -> bool:
    """Whether ``predicted``'s speaker agrees with the gold Source (see the module rules).

    Always False when the gold has no Source: such pairs are not scored.
    """
    if not gold.has_source:
        return False
    mention = span_fragments(predicted.speaker.mention)
    if mention and overlap(mention, gold.source) > 0:
        return True
    predicted_surname = surname(predicted.speaker.name)
    gold_word = last_capitalised_word(gold.source_text)
    return (
        predicted_surname is not None
        and gold_word is not None
        and predicted_surname.casefold() == gold_word.casefold()
    )


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class QuoteScores:
    """Counts of one system on some pages at one threshold; rates are derived."""

    true_positives: int = 0
    n_predicted: int = 0
    n_gold: int = 0
    speaker_scored: int = 0
    speaker_right: int = 0

    def __add__(self, other: QuoteScores) -> QuoteScores:
        return QuoteScores(
            self.true_positives + other.true_positives,
            self.n_predicted + other.n_predicted,
            self.n_gold + other.n_gold,
            self.speaker_scored + other.speaker_scored,
            self.speaker_right + other.speaker_right,
        )

    @property
    def precision(self) -> float:
        return prf(self.true_positives, self.n_predicted, self.n_gold)[0]

    @property
    def recall(self) -> float:
        return prf(self.true_positives, self.n_predicted, self.n_gold)[1]

    @property
    def f1(self) -> float:
        return prf(self.true_positives, self.n_predicted, self.n_gold)[2]

    @property
    def speaker_accuracy(self) -> float:
        """Right speakers over matched pairs whose gold has a Source (0.0 if none)."""
        return self.speaker_right / self.speaker_scored if self.speaker_scored else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "true_positives": self.true_positives,
            "n_predicted": self.n_predicted,
            "n_gold": self.n_gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "speaker_scored": self.speaker_scored,
            "speaker_right": self.speaker_right,
            "speaker_accuracy": self.speaker_accuracy,
        }


def score_quotes(
    text: str,
    gold: Sequence[GoldAttribution],
    predicted: Sequence[Quote],
    threshold: float,
    *,
    ignore: Sequence[GoldAttribution] = (),
) -> QuoteScores:
    """Score the predicted quotes of one page against its gold attributions.

    ``text`` is the page text both sets of offsets point into. Gold attributions in
    ``ignore`` are not scored, and predictions that only match them are not counted.
    """
    gold_frags = [trim(g.content, text) for g in gold]
    pred_frags = [trim(span_fragments(q.content), text) for q in predicted]
    matches = match_spans(gold_frags, pred_frags, threshold)
    matched = {m.predicted for m in matches}
    n_predicted = len(predicted)
    if ignore:
        rest = [i for i in range(len(predicted)) if i not in matched]
        ignored_frags = [trim(g.content, text) for g in ignore]
        n_predicted -= len(match_spans(ignored_frags, [pred_frags[i] for i in rest], threshold))
    scored = [m for m in matches if gold[m.gold].has_source]
    right = sum(speaker_correct(gold[m.gold], predicted[m.predicted]) for m in scored)
    return QuoteScores(len(matches), n_predicted, len(gold), len(scored), right)


# --------------------------------------------------------------------------- seed page


@dataclass(frozen=True, slots=True)
class SeedQuoteResult:
    """One gold quote of the seed page and what it was matched with."""

    gold_index: int
    gold_speaker: str
    predicted_id: str | None
    predicted_speaker: str | None
    speaker_ok: bool


@dataclass(frozen=True, slots=True)
class SeedReport:
    """Quotes found on the seed page (a quote counts when its speaker is right too)."""

    n_gold: int
    found: int
    found_with_speaker: int
    n_predicted: int
    in_comments: int
    details: tuple[SeedQuoteResult, ...] = ()
    in_comment_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "n_gold": self.n_gold,
            "found": self.found,
            "found_with_speaker": self.found_with_speaker,
            "n_predicted": self.n_predicted,
            "in_comments": self.in_comments,
            "in_comment_ids": list(self.in_comment_ids),
            "details": [
                {
                    "gold_index": d.gold_index,
                    "gold_speaker": d.gold_speaker,
                    "predicted_id": d.predicted_id,
                    "predicted_speaker": d.predicted_speaker,
                    "speaker_ok": d.speaker_ok,
                }
                for d in self.details
            ],
        }


def comment_region(gold: Mapping[str, Any]) -> tuple[int, int] | None:
    """``(start, end)`` of the comment thread in the gold page, or None without comments.

    From the end of the article (or the first comment when the gold has no article) to
    the end of the last comment: author lines between comments belong to the thread.
    """
    comments = gold.get("comments") or []
    if not comments:
        return None
    article = gold.get("article") or {}
    start = article.get("end")
    if start is None:
        start = min(int(c["start"]) for c in comments)
    return int(start), max(int(c["end"]) for c in comments)


def seed_speaker_ok(gold_speaker: str, predicted_name: str | None) -> bool:
    """Exact name match ignoring case; a gold ``unnamed ...`` speaker also takes a null name."""
    if predicted_name is None:
        return gold_speaker.casefold().startswith("unnamed")
    return predicted_name.casefold() == gold_speaker.casefold()


def seed_report(analysis: Analysis, gold: Mapping[str, Any], threshold: float = 0.5) -> SeedReport:
    """Score ``analysis`` of the seed page against its gold JSON (``gold/aleppo-2016.json``).

    Raises:
        ValueError: the gold offsets do not point at the gold texts in ``analysis.text``.
    """
    text = analysis.text
    gold_quotes = list(gold.get("quotes") or [])
    gold_frags: list[Fragments] = []
    for item in gold_quotes:
        content = item["content"]
        start, end = int(content["start"]), int(content["end"])
        if text[start:end] != content["text"]:
            raise ValueError(
                f"gold quote at {start}:{end} does not match the analysed text; "
                "was the page read differently (encoding, newlines)?"
            )
        gold_frags.append(trim(((start, end),), text))
    quotes = list(analysis.quotes)
    pred_frags = [trim(span_fragments(q.content), text) for q in quotes]
    by_gold = {m.gold: m.predicted for m in match_spans(gold_frags, pred_frags, threshold)}
    details: list[SeedQuoteResult] = []
    for index, item in enumerate(gold_quotes):
        speaker = str(item.get("speaker") or "")
        p = by_gold.get(index)
        quote = quotes[p] if p is not None else None
        name = quote.speaker.name if quote is not None else None
        details.append(
            SeedQuoteResult(
                gold_index=index,
                gold_speaker=speaker,
                predicted_id=quote.id if quote is not None else None,
                predicted_speaker=name,
                speaker_ok=quote is not None and seed_speaker_ok(speaker, name),
            )
        )
    region = comment_region(gold)
    in_comments: list[str] = []
    if region is not None:
        thread = normalize([region])
        in_comments = [q.id for q, f in zip(quotes, pred_frags, strict=True) if overlap(f, thread)]
    return SeedReport(
        n_gold=len(gold_quotes),
        found=len(by_gold),
        found_with_speaker=sum(d.speaker_ok for d in details),
        n_predicted=len(quotes),
        in_comments=len(in_comments),
        details=tuple(details),
        in_comment_ids=tuple(in_comments),
    )
