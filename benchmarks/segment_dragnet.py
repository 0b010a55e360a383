"""Benchmark article/comment segmentation on the dragnet pages (``../shared``).

Usage::

    python benchmarks/segment_dragnet.py [--shared PATH] [--json OUT] [--worst N]

Each gold page is decoded as cp1252, CRLF is normalised to LF and the line
``!@#$%^&*()  COMMENTS`` is removed; its position is the truth (see
``presslens.segment.evaluate``). Prints comment-character precision, recall and F1
(micro over all pages), the share of pages without comments on which comments were
invented, and the segmentation speed; then, as a guard against heuristics that only fit
these pages, on how many comment-free PolNeAR news articles comments were invented.
``--worst N`` lists the pages that cost most.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from presslens.segment.evaluate import (
    DRAGNET_GOLD,
    POLNEAR_TEXTS,
    evaluate_folder,
    invented_on_articles,
)

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared data dir")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    parser.add_argument("--worst", type=int, default=0, help="list the N costliest pages")
    args = parser.parse_args(argv)

    folder = args.shared / DRAGNET_GOLD
    if not folder.is_dir():
        print(f"no dragnet pages at {folder}: pass --shared PATH", file=sys.stderr)
        return 2
    report, scores = evaluate_folder(folder)

    rows = [
        ("pages (with comments)", f"{report.pages} ({report.marked_pages})"),
        ("comment-char precision", f"{report.precision:.4f}"),
        ("comment-char recall", f"{report.recall:.4f}"),
        ("comment-char F1", f"{report.f1:.4f}"),
        (
            "invented-comment rate",
            f"{report.invented_rate:.4f} "
            f"({report.invented_pages}/{report.pages - report.marked_pages} pages)",
        ),
        ("pages/s", f"{report.pages_per_second:.0f}"),
    ]
    extra: dict[str, int] = {}
    articles = args.shared / POLNEAR_TEXTS
    if articles.is_dir():  # a second, comment-free corpus: a guard against overfitting
        total, invented = invented_on_articles(articles)
        extra = {"polnear_articles": total, "polnear_invented": len(invented)}
        rows.append(("PolNeAR articles invented", f"{len(invented)}/{total} pages"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")

    if args.worst:
        print(f"\n{'page':<12} {'marked':>6} {'tp':>7} {'fp':>7} {'fn':>7}")
        for s in sorted(scores, key=lambda s: s.fp + s.fn, reverse=True)[: args.worst]:
            print(f"{s.name:<12} {s.marked!s:>6} {s.tp:>7} {s.fp:>7} {s.fn:>7}")
    if args.json:
        numbers = report.as_dict() | extra
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
