"""Overhead of presslens (quotes included) over the bare spaCy parse, on >= 500 pages.

The pages are the PolNeAR dev texts then the train texts (sorted by name), cycled when
more pages are asked for than there are (924). Both modes run in this process with the
same loaded pipeline and batch size, after a warm-up:

* bare: ``nlp.pipe`` of the whole page texts;
* presslens: ``presslens.analyze_many(texts, options=Options(find_comments=False))``
  (the option only when ``Options`` has it: PolNeAR pages have no comment threads).

With ``--repeat R`` the modes alternate A B B A A B ... so slow drift of a shared
machine falls on both; the mean time of each mode is reported. The budget for quote
finding and attribution is +25 % over the parse; the measured overhead includes all of
presslens (segmentation, people, quotes), so it bounds the quote part from above.

    python benchmarks/quotes_overhead.py [--pages 500] [--repeat 2] [--json OUT] [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from itertools import cycle, islice
from pathlib import Path
from typing import Any

import presslens
from presslens import Analysis, Options
from presslens.nlp import load_nlp

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 0.25


def load_texts(shared: Path, pages: int) -> list[str]:
    """``pages`` PolNeAR texts: dev then train, sorted by name, cycled if needed."""
    root = shared / "data" / "quotes" / "polnear"
    paths = [p for split in ("dev", "train") for p in sorted((root / split / "text").glob("*.txt"))]
    if not paths:
        sys.exit(f"no PolNeAR texts under {root}: pass --shared")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    return list(islice(cycle(texts), pages))


def article_options(batch_size: int) -> tuple[Options, bool]:
    """Article-only options when ``Options`` has ``find_comments``; says if it was set."""
    if hasattr(Options(), "find_comments"):
        return Options(batch_size=batch_size, find_comments=False), True
    return Options(batch_size=batch_size), False


def time_bare(nlp: Any, texts: Sequence[str], batch_size: int) -> float:
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=max(8, batch_size)):
        pass
    return time.perf_counter() - start


def time_presslens(texts: Sequence[str], options: Options) -> tuple[float, int]:
    """Seconds, and the number of quotes found (to show the extractor ran)."""
    quotes = 0
    start = time.perf_counter()
    for result in presslens.analyze_many(texts, options=options):
        if isinstance(result, Analysis):
            quotes += len(result.quotes)
    return time.perf_counter() - start, quotes


def time_components(nlp: Any, texts: Sequence[str], batch_size: int) -> tuple[float, float]:
    """Seconds of parsing and of quote finding + attribution on those parses, interleaved.

    Each batch is parsed, then its Docs go through people clustering and quote finding
    (what quotes need); timing both per batch makes the ratio robust to load drift.
    """
    from presslens.people import ParsedPart, find_people_and_entities
    from presslens.quotes import find_quotes

    parse = extract = 0.0
    for start in range(0, len(texts), batch_size):
        batch = texts[start : start + batch_size]
        began = time.perf_counter()
        docs = list(nlp.pipe(batch, batch_size=batch_size))
        parsed = time.perf_counter()
        for doc in docs:
            people, entities = find_people_and_entities(doc.text, [ParsedPart(doc, 0)])
            find_quotes(doc, 0, doc.text, people, entities)
        parse += parsed - began
        extract += time.perf_counter() - parsed
    return parse, extract


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each mode")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--check", action="store_true", help="exit 1 when over the budget")
    parser.add_argument(
        "--components-only",
        action="store_true",
        help="only the batch-by-batch parse vs people + quotes timing",
    )
    args = parser.parse_args(argv)

    texts = load_texts(args.shared, args.pages)
    options, find_comments = article_options(args.batch_size)
    nlp = load_nlp(options.spacy_model)
    nlp("Warm up the pipeline.")
    list(presslens.analyze_many(['"Warm up," she said.'], options=options))

    if args.components_only:
        parse, extract = time_components(nlp, texts, args.batch_size)
        print(
            f"{len(texts)} pages: people + quotes take {extract / parse:.1%} of the parse time "
            f"({parse:.1f} s parse, {extract:.1f} s people + quotes)"
        )
        if args.json:
            data = {"pages": len(texts), "parse_s": parse, "people_and_quotes_s": extract}
            args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        sys.exit(1 if args.check and extract / parse > BUDGET else 0)
    times: dict[str, list[float]] = {"bare": [], "presslens": []}
    quotes = 0
    for run in range(args.repeat):
        order = ("bare", "presslens") if run % 2 == 0 else ("presslens", "bare")
        for mode in order:
            if mode == "bare":
                times["bare"].append(time_bare(nlp, texts, args.batch_size))
            else:
                seconds, quotes = time_presslens(texts, options)
                times["presslens"].append(seconds)
            print(f"run {run + 1} {mode:<9} {times[mode][-1]:8.1f} s", file=sys.stderr)

    parse, extract = time_components(nlp, texts, args.batch_size)
    n = len(texts)
    bare = sum(times["bare"]) / len(times["bare"])
    full = sum(times["presslens"]) / len(times["presslens"])
    overhead = full / bare - 1
    result = {
        "pages": n,
        "chars": sum(len(t) for t in texts),
        "repeat": args.repeat,
        "batch_size": args.batch_size,
        "find_comments_passed": find_comments,
        "quotes_found": quotes,
        "seconds": times,
        "ms_per_page": {
            "spacy_nlp_pipe": 1000 * bare / n,
            "presslens_analyze_many": 1000 * full / n,
        },
        "overhead": overhead,
        "components": {"parse_s": parse, "people_and_quotes_s": extract},
        "quotes_over_parse": extract / parse,
        "budget": BUDGET,
        "within_budget": overhead <= BUDGET,
    }
    print(f"{n} PolNeAR pages, {args.repeat} run(s) per mode, batch size {args.batch_size}")
    print(f"find_comments=False passed: {find_comments}; quotes found: {quotes}")
    print(f"{'spaCy nlp.pipe (bare parse)':<30} {1000 * bare / n:8.1f} ms/page")
    print(f"{'presslens analyze_many':<30} {1000 * full / n:8.1f} ms/page")
    verdict = "within" if overhead <= BUDGET else "OVER"
    print(f"overhead {overhead:+.1%} of the whole pipeline ({verdict} the +{BUDGET:.0%} budget)")
    print(
        f"people + quotes on the same parses, batch by batch: {extract / parse:+.1%} "
        f"of the parse time ({parse:.1f} s parse, {extract:.1f} s people + quotes)"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.check and overhead > BUDGET:
        sys.exit(1)


if __name__ == "__main__":
    main()
