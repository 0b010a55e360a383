"""Benchmark article and comment extraction from HTML on the dragnet pages (``../shared``).

Usage::

    python benchmarks/html_dragnet.py [--shared PATH] [--every N] [--json OUT]

For each page of ``data/pages/dragnet-dev`` both systems read the same HTML bytes, in the
same run: presslens' HTML reader (``presslens.readers.html.read_html``: DOM comment
thread, then trafilatura on the page without it) and trafilatura alone with
``include_comments=True``. The gold text of a page is cut at its
``!@#$%^&*()  COMMENTS`` line (mistyped variants accepted) into article and comments.

Scores are bag-of-words token precision, recall and F1, micro-averaged over pages:
lowercased ``\\w+`` tokens, overlap = multiset intersection (see
``presslens.segment.html.evaluate``). presslens' article is its body paragraphs (no
headline), its comments every comment and meta (author/date line) region; trafilatura's
are its ``text`` and its ``comments``. pages/s is the time each system spends on the
pages (presslens' includes trafilatura's article and metadata extraction); no spaCy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from presslens.segment.html.evaluate import DRAGNET, evaluate, page_ids

DEFAULT_SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared data dir")
    parser.add_argument("--every", type=int, default=1, help="score every Nth page only")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    args = parser.parse_args(argv)

    folder = args.shared / DRAGNET
    if not (folder / "html").is_dir():
        print(f"no dragnet pages at {folder}: pass --shared PATH", file=sys.stderr)
        return 2
    ids = page_ids(folder)[:: max(1, args.every)]
    scores = evaluate(folder, ids)

    header = f"{'system':<12} {'article P/R/F1':>20} {'comments P/R/F1':>20} {'pages/s':>8}"
    print(f"{len(ids)} pages\n{header}\n{'-' * len(header)}")
    for s in scores:
        a, c = s.article, s.comments
        art = f"{a.precision:.3f}/{a.recall:.3f}/{a.f1:.3f}"
        com = f"{c.precision:.3f}/{c.recall:.3f}/{c.f1:.3f}"
        print(f"{s.name:<12} {art:>20} {com:>20} {s.pages_per_second:>8.1f}")
    if args.json:
        numbers = [s.as_dict() for s in scores]
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
