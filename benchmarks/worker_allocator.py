"""How a Dask worker's allocator setting slows the pipeline, and whether presslens undoes it.

Dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_=65536``. This runs the
pipeline on the same pages in two processes at once, one per core (so drift of the
machine hits both alike): a plain process against one started with that variable, first
as Dask leaves it, then with ``presslens.engine.ingest.keep_freed_memory()`` called (as
ingest's workers do). Reported: pages/s, minor page faults and the ratio to the plain
process, per pair.

    python benchmarks/worker_allocator.py [--pages 120] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def child(pages: int, fix: bool, shared: Path) -> None:
    """Analyse ``pages`` pages in this process and print pages/s and page faults."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from ingest_scaling import corpus
    from presslens.engine.ingest import keep_freed_memory
    from presslens.model import Source
    from presslens.options import Options
    from presslens.pipeline import analyze_many
    from presslens.readers import PageInput

    changed = keep_freed_memory() if fix else False
    texts = corpus(shared, pages + 8, 4000)
    items = [PageInput(Source(format="bench", id=str(i)), t) for i, t in enumerate(texts)]
    list(analyze_many(items[:8], options=Options()))  # load the models
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    start = time.perf_counter()
    list(analyze_many(items[8:], options=Options()))
    seconds = time.perf_counter() - start
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    print(json.dumps({"pages_per_s": round(pages / seconds, 2), "minor_faults": faults,
                      "settings_changed": changed}))  # fmt: skip


def pair(pages: int, fix: bool, shared: Path) -> dict[str, Any]:
    """A plain process and a trimmed one (fixed or not), run at the same time."""
    plain = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    command = [sys.executable, __file__, "--child", str(pages), "--shared", str(shared)]
    runs = {
        "plain": subprocess.Popen(command, env=plain, stdout=subprocess.PIPE, text=True),
        "trimmed": subprocess.Popen(
            command + ["--fix"] * fix,
            env={**plain, "MALLOC_TRIM_THRESHOLD_": "65536"},
            stdout=subprocess.PIPE,
            text=True,
        ),
    }
    out = {name: json.loads(p.communicate()[0]) for name, p in runs.items()}
    ratio = out["trimmed"]["pages_per_s"] / out["plain"]["pages_per_s"]
    return {**out, "trimmed / plain": round(ratio, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=120)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--fix", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.fix, args.shared)
        return
    result = {
        "pages": args.pages,
        "as Dask starts workers": pair(args.pages, False, args.shared),
        "with keep_freed_memory()": pair(args.pages, True, args.shared),
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
