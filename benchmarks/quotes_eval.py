"""Quote extraction scores of presslens and textacy on PolNeAR dev and on the seed page.

Both systems run in the same process on the same texts with the same spaCy pipeline:

* presslens: ``presslens.analyze_many(texts, options=Options(find_comments=False))``
  (PolNeAR articles have no comment threads; the option is passed only when ``Options``
  has it), timed against a bare ``nlp.pipe`` of the same texts, so that the overhead
  of presslens over the parse is reported (the budget for quotes is +25 %).
* textacy: ``textacy.extract.triples.direct_quotations`` on the bare-parsed docs
  (a doc with an odd number of quotation marks makes textacy bail out: no quotes).

Data: PolNeAR dev (``data/quotes/polnear/dev``), one annotator per article, the first
``.ann`` file by sorted name. Gold quotes are the brat attribution relations with a
content; scores are given for all of them ("all") and for those whose cue is a verb
of speech or writing ("speech", see ``presslens.quotes.evaluate.is_speech_cue``), where
predictions that only match a belief/knowledge attribution are ignored. Matching and
speaker rules are documented in ``presslens.quotes.evaluate``.

Seed page: ``seeds/aleppo-2016.txt`` against ``gold/aleppo-2016.json`` (18 quotes; a
quote in the comment thread is an error), analysed with default options.

    python benchmarks/quotes_eval.py [--shared ../shared] [--limit N] [--repeat R] [--json OUT]

textacy comes with the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import presslens
from presslens import Analysis, Article, Options, Quote, Source, Span, Speaker
from presslens.nlp import load_nlp
from presslens.quotes.evaluate import (
    GoldAttribution,
    QuoteScores,
    SeedReport,
    is_speech_cue,
    load_brat,
    pick_annotator_files,
    score_quotes,
    seed_report,
)

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.3, 0.8)
SUBSETS = ("speech", "all")
OVERHEAD_BUDGET = 0.25
ANNOTATOR_RULE = "first .ann file by sorted name per article"


@dataclass(frozen=True)
class GoldArticle:
    stem: str
    ann_name: str
    text: str
    gold: tuple[GoldAttribution, ...]


def load_polnear(folder: Path, limit: int | None = None) -> list[GoldArticle]:
    """PolNeAR articles of one split (sorted by name) with one annotator's attributions."""
    chosen = pick_annotator_files(os.listdir(folder / "attributions"))
    articles = []
    for stem, ann_name in sorted(chosen.items())[:limit]:
        text = (folder / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        ann = (folder / "attributions" / ann_name).read_text(encoding="utf-8")
        articles.append(GoldArticle(stem, ann_name, text, tuple(load_brat(ann))))
    return articles


def article_options(batch_size: int) -> tuple[Options, bool]:
    """Article-only options when ``Options`` has ``find_comments``; says if it was set."""
    if hasattr(Options(), "find_comments"):
        return Options(batch_size=batch_size, find_comments=False), True
    return Options(batch_size=batch_size), False


def _span(doc_text: str, tokens: Sequence[Any]) -> Span | None:
    if not tokens:
        return None
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t) for t in tokens)
    return Span.of(doc_text, start, end)


def textacy_quotes(doc: Any, direct_quotations: Callable[[Any], Any]) -> list[Quote] | None:
    """textacy's direct quotations of ``doc`` as presslens quotes; None when it bails out.

    The speaker is the DQTriple's speaker tokens: their text is the "name" and their
    extent the mention.
    """
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # odd number of quotation marks: textacy refuses the whole doc
        return None
    quotes = []
    for index, triple in enumerate(triples):
        content = Span(triple.content.start_char, triple.content.end_char, triple.content.text)
        speaker = Speaker(
            name=" ".join(t.text for t in triple.speaker) or None,
            mention=_span(doc.text, triple.speaker),
        )
        quotes.append(
            Quote(
                id=f"q{index + 1}",
                kind="direct",
                content=content,
                speaker=speaker,
                cue=_span(doc.text, triple.cue),
                via="textacy",
            )
        )
    return quotes


def _load_textacy() -> Callable[[Any], Any] | None:
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    return direct_quotations


def score_system(
    articles: Sequence[GoldArticle], predictions: Sequence[Sequence[Quote]]
) -> dict[str, dict[float, QuoteScores]]:
    """Micro-averaged scores per subset and threshold."""
    out: dict[str, dict[float, QuoteScores]] = {s: {} for s in SUBSETS}
    for threshold in THRESHOLDS:
        totals = dict.fromkeys(SUBSETS, QuoteScores())
        for article, quotes in zip(articles, predictions, strict=True):
            speech = [g for g in article.gold if is_speech_cue(g.cue_text)]
            other = [g for g in article.gold if not is_speech_cue(g.cue_text)]
            totals["all"] += score_quotes(article.text, article.gold, quotes, threshold)
            totals["speech"] += score_quotes(article.text, speech, quotes, threshold, ignore=other)
        for subset in SUBSETS:
            out[subset][threshold] = totals[subset]
    return out


def run_polnear(
    articles: Sequence[GoldArticle], batch_size: int, use_textacy: bool, repeat: int = 1
) -> dict[str, Any]:
    """Run and time both systems on the articles; return predictions, scores and timings."""
    texts = [a.text for a in articles]
    options, find_comments = article_options(batch_size)
    nlp = load_nlp(options.spacy_model)
    nlp("Warm up the pipeline.")
    list(presslens.analyze_many(['"Warm up," she said.'], options=options))

    # Runs alternate A B B A ... so that drift on a shared machine falls on both modes;
    # the mean time of each mode is reported, the outputs of the first runs are scored.
    docs: list[Any] = []
    results: list[Any] = []
    seconds: dict[str, list[float]] = {"bare": [], "presslens": []}
    for run in range(repeat):
        for mode in ("bare", "presslens") if run % 2 == 0 else ("presslens", "bare"):
            start = time.perf_counter()
            if mode == "bare":
                out_docs = list(nlp.pipe(texts, batch_size=max(8, batch_size)))
                docs = docs or out_docs
            else:
                out_results = list(presslens.analyze_many(texts, options=options))
                results = results or out_results
            seconds[mode].append(time.perf_counter() - start)
    bare_s = sum(seconds["bare"]) / repeat
    presslens_s = sum(seconds["presslens"]) / repeat

    presslens_quotes: list[Sequence[Quote]] = []
    for article, result in zip(articles, results, strict=True):
        if not isinstance(result, Analysis):
            raise SystemExit(f"presslens could not read {article.stem}: {result}")
        if result.text != article.text:
            raise SystemExit(f"presslens changed the text of {article.stem}: offsets differ")
        presslens_quotes.append(result.quotes)

    n = len(texts)
    out: dict[str, Any] = {
        "find_comments_passed": find_comments,
        "timing_runs": repeat,
        "scores": {"presslens": score_system(articles, presslens_quotes)},
        "predicted": {"presslens": sum(len(q) for q in presslens_quotes)},
        "timing_ms_per_page": {
            "spacy_nlp_pipe": 1000 * bare_s / n,
            "presslens_analyze_many": 1000 * presslens_s / n,
            "presslens_overhead": presslens_s / bare_s - 1,
        },
    }
    direct_quotations = _load_textacy() if use_textacy else None
    if direct_quotations is not None:
        start = time.perf_counter()
        textacy_out = [textacy_quotes(doc, direct_quotations) for doc in docs]
        textacy_s = time.perf_counter() - start
        out["textacy_bailed_pages"] = sum(q is None for q in textacy_out)
        textacy_preds = [q or [] for q in textacy_out]
        out["scores"]["textacy"] = score_system(articles, textacy_preds)
        out["predicted"]["textacy"] = sum(len(q) for q in textacy_preds)
        out["timing_ms_per_page"]["textacy_extract"] = 1000 * textacy_s / n
        out["timing_ms_per_page"]["textacy_parse_and_extract"] = 1000 * (bare_s + textacy_s) / n
    elif use_textacy:
        out["textacy_missing"] = "textacy is not installed: pip install -e '.[bench]'"
    return out


def run_seed(shared: Path, use_textacy: bool) -> dict[str, Any]:
    """The seed-page report of both systems."""
    page = shared / "seeds" / "aleppo-2016.txt"
    gold = json.loads((shared / "gold" / "aleppo-2016.json").read_text(encoding="utf-8"))
    reports: dict[str, Any] = {}
    analysis = presslens.analyze(page)
    reports["presslens"] = _seed_or_error(analysis, gold)
    direct_quotations = _load_textacy() if use_textacy else None
    if direct_quotations is not None:
        text = page.read_text(encoding="utf-8")
        quotes = textacy_quotes(load_nlp()(text), direct_quotations)
        if quotes is None:
            reports["textacy"] = {"error": "textacy bailed out (odd number of quotation marks)"}
        else:
            bare = Analysis(Source(path=str(page)), text, Article(None), quotes=tuple(quotes))
            reports["textacy"] = _seed_or_error(bare, gold)
    return reports


def _seed_or_error(analysis: Analysis, gold: dict[str, Any]) -> dict[str, Any]:
    try:
        report: SeedReport = seed_report(analysis, gold)
    except ValueError as err:
        return {"error": str(err)}
    return report.as_dict()


def print_report(result: dict[str, Any]) -> None:
    data, polnear = result["data"], result["polnear"]
    print(
        f"PolNeAR {data['split']}: {data['articles']} articles ({ANNOTATOR_RULE}); "
        f"gold attributions: {data['gold_all']} all, {data['gold_speech']} with a speech/"
        f"writing cue, {data['gold_with_source']} with a Source"
    )
    print(f"presslens options: find_comments=False passed: {polnear['find_comments_passed']}")
    if "textacy_missing" in polnear:
        print(polnear["textacy_missing"])
    header = (
        f"{'system':<10} {'subset':<7} {'thr':>4} {'gold':>5} {'pred':>5} {'tp':>5} "
        f"{'P':>6} {'R':>6} {'F1':>6} {'speaker':>8} {'(right/scored)':>15}"
    )
    print()
    print(header)
    print("-" * len(header))
    for system, by_subset in polnear["scores"].items():
        for subset, by_threshold in by_subset.items():
            for threshold, s in by_threshold.items():
                print(
                    f"{system:<10} {subset:<7} {threshold:>4} {s.n_gold:>5} {s.n_predicted:>5} "
                    f"{s.true_positives:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f} "
                    f"{s.speaker_accuracy:>8.3f} {f'({s.speaker_right}/{s.speaker_scored})':>15}"
                )
    if "textacy_bailed_pages" in polnear:
        print(
            f"textacy bailed out (odd number of quotation marks) on "
            f"{polnear['textacy_bailed_pages']} of {data['articles']} pages"
        )
    if polnear["predicted"]["presslens"] == 0:
        print("presslens predicted no quotes at all (is the quote extractor wired in?)")
    timing = polnear["timing_ms_per_page"]
    print()
    print(f"{'time per page (mean of ' + str(polnear['timing_runs']) + ' run(s))':<42} {'ms':>8}")
    print(f"{'spaCy nlp.pipe, whole page (bare parse)':<42} {timing['spacy_nlp_pipe']:>8.1f}")
    overhead = timing["presslens_overhead"]
    verdict = "within" if overhead <= OVERHEAD_BUDGET else "OVER"
    print(
        f"{'presslens analyze_many':<42} {timing['presslens_analyze_many']:>8.1f}  "
        f"{overhead:+.1%} over the bare parse ({verdict} the +{OVERHEAD_BUDGET:.0%} budget)"
    )
    if "textacy_extract" in timing:
        print(f"{'textacy direct_quotations (extract only)':<42} {timing['textacy_extract']:>8.1f}")
        print(f"{'textacy parse + extract':<42} {timing['textacy_parse_and_extract']:>8.1f}")
    print()
    print("Seed page aleppo-2016 (found = > 0.5 of a gold quote covered, one-to-one):")
    for system, report in result["seed"].items():
        if "error" in report:
            print(f"  {system:<10} error: {report['error']}")
            continue
        print(
            f"  {system:<10} found {report['found']}/{report['n_gold']}, "
            f"{report['found_with_speaker']}/{report['n_gold']} with the right speaker; "
            f"{report['n_predicted']} predicted, {report['in_comments']} in the comment "
            "thread (must be 0)"
        )


def _jsonable(result: dict[str, Any]) -> dict[str, Any]:
    out = dict(result)
    polnear = dict(result["polnear"])
    polnear["scores"] = {
        system: {
            subset: {str(t): s.as_dict() for t, s in by_threshold.items()}
            for subset, by_threshold in by_subset.items()
        }
        for system, by_subset in result["polnear"]["scores"].items()
    }
    out["polnear"] = polnear
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, help="only the first N articles (sorted by name)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=1, help="timed runs of each mode")
    parser.add_argument("--no-textacy", action="store_true", help="skip the textacy runs")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    folder = args.shared / "data" / "quotes" / "polnear" / args.split
    if not folder.is_dir():
        sys.exit(f"PolNeAR not found at {folder}: pass --shared")
    articles = load_polnear(folder, args.limit)
    gold = [g for a in articles for g in a.gold]
    nlp = load_nlp()
    result: dict[str, Any] = {
        "data": {
            "split": args.split,
            "articles": len(articles),
            "annotator_rule": ANNOTATOR_RULE,
            "annotation_files": [a.ann_name for a in articles],
            "gold_all": len(gold),
            "gold_speech": sum(is_speech_cue(g.cue_text) for g in gold),
            "gold_with_source": sum(g.has_source for g in gold),
            "thresholds": list(THRESHOLDS),
        },
        "versions": {
            "presslens": presslens.__version__,
            "spacy_model": "{lang}_{name}-{version}".format(**nlp.meta),
            "textacy": _textacy_version(),
        },
    }
    result["polnear"] = run_polnear(
        articles, args.batch_size, not args.no_textacy, max(1, args.repeat)
    )
    result["seed"] = run_seed(args.shared, not args.no_textacy)
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(_jsonable(result), indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")


def _textacy_version() -> str | None:
    try:
        return version("textacy")
    except PackageNotFoundError:
        return None


if __name__ == "__main__":
    main()
