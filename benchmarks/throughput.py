"""Throughput and peak memory of ``presslens.analyze_many`` against a bare ``nlp.pipe``.

Both runs read the same pages (the dragnet-dev gold texts with their comment marker
removed, by default 683 pages) and run in fresh subprocesses of the same session, so that
peak resident memory is measured per mode. The bare run parses each whole page with the
same spaCy pipeline and batch size; the presslens run segments, parses article and
comments, and clusters people and entities.

    python benchmarks/throughput.py [--shared ../shared] [--pages 683] [--rounds 1] [--json F]

With ``--rounds N`` (N > 1) each mode runs 2N times in the order A B B A and its fastest run
counts (the least disturbed by other load on the machine); peak memory is that run's.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

MARKER = "!@#$%^&*()  COMMENTS"
ROOT = Path(__file__).resolve().parents[1]


def load_pages(shared: Path, limit: int) -> list[str]:
    """The dragnet-dev gold pages as presslens reads them, marker line removed."""
    folder = shared / "data" / "pages" / "dragnet-dev" / "gold"
    pages = []
    for path in sorted(folder.glob("*.txt"), key=lambda p: int(p.stem) if p.stem.isdigit() else 0):
        text = path.read_bytes().decode("cp1252", errors="replace")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = "\n".join(line for line in text.split("\n") if line.strip() != MARKER)
        if text.strip():
            pages.append(text)
    return pages[:limit]


def run_mode(mode: str, shared: Path, limit: int, batch_size: int) -> dict[str, float]:
    """Run one mode in this process and return its measurements."""
    from presslens.nlp import load_nlp
    from presslens.options import Options
    from presslens.pipeline import analyze_many

    pages = load_pages(shared, limit)
    nlp = load_nlp()
    nlp("warm up")
    chars = sum(len(p) for p in pages)
    start = time.perf_counter()
    if mode == "bare":
        count = sum(1 for _ in nlp.pipe(pages, batch_size=batch_size))
    else:
        options = Options(batch_size=batch_size)
        count = sum(1 for _ in analyze_many(pages, options=options))
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "pages": count,
        "chars": chars,
        "seconds": seconds,
        "pages_per_s": count / seconds,
        "peak_rss_mib": peak_kib / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pages", type=int, default=683)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=1, help="A B B A rounds (median kept)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--mode", choices=["bare", "presslens"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.shared, args.pages, args.batch_size)))
        return
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "presslens": []}
    # A B B A: drift in the machine's load falls on both modes alike.
    order = ["bare", "presslens"]
    if args.rounds > 1:
        order = [m for _ in range(args.rounds) for m in ("bare", "presslens", "presslens", "bare")]
    for mode in order:
        command = [sys.executable, __file__, "--mode", mode, "--shared", str(args.shared)]
        command += ["--pages", str(args.pages), "--batch-size", str(args.batch_size)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        runs[mode].append(json.loads(out.strip().splitlines()[-1]))
    results: dict[str, Any] = {
        mode: min(found, key=lambda r: r["seconds"]) for mode, found in runs.items()
    }
    bare, ours = results["bare"], results["presslens"]
    results["ratio"] = {
        "throughput": ours["pages_per_s"] / bare["pages_per_s"],
        "peak_memory": ours["peak_rss_mib"] / bare["peak_rss_mib"],
    }
    print(f"{'mode':<12}{'pages':>7}{'seconds':>10}{'pages/s':>10}{'peak MiB':>10}")
    for mode in ("bare", "presslens"):
        r = results[mode]
        row = f"{r['pages']:>7.0f}{r['seconds']:>10.1f}{r['pages_per_s']:>10.1f}"
        print(f"{mode:<12}{row}{r['peak_rss_mib']:>10.0f}")
    ratio = results["ratio"]
    print(
        f"presslens/bare: throughput x{ratio['throughput']:.2f}, "
        f"peak memory x{ratio['peak_memory']:.2f}"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
