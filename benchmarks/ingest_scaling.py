"""Ingest throughput: 1 vs 2 local workers vs a Dask LocalCluster, SQLite vs PostgreSQL.

The corpus is synthesised from the shared page data: the dragnet-dev gold texts (article
and comments, marker line removed), cycled with a numbered suffix so every page is new,
up to ``--pages`` (2,000 by default). Each configuration ingests the same corpus into a
fresh database; the result is pages/s, the ratio to one worker, and the peak resident
memory of the analysing processes (children included). ``--postgres URL`` adds an ingest
into PostgreSQL; ``--big N`` adds a run of N short synthetic pages that reports the peak
memory of the main process (which must stay flat) and query latencies on that store.

    python benchmarks/ingest_scaling.py [--pages 2000] [--postgres URL] [--big 100000]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from presslens.engine import ingest
from presslens.model import Source
from presslens.readers import PageInput
from presslens.segment.evaluate import load_marked_page
from presslens.store import Store

ROOT = Path(__file__).resolve().parents[1]


def corpus(shared: Path, count: int) -> list[str]:
    """``count`` distinct page texts made from the dragnet gold pages."""
    folder = shared / "data" / "pages" / "dragnet-dev" / "gold"
    texts = [load_marked_page(path).text for path in sorted(folder.glob("*.txt"))]
    texts = [t for t in texts if t.strip()]
    return [f"{texts[i % len(texts)]}\n\n(copy {i})" for i in range(count)]


def short_pages(count: int) -> Iterator[PageInput]:
    """Short synthetic pages, generated lazily so the corpus never sits in memory."""
    for i in range(count):
        text = (
            f"Town Hall Vote {i}\n\nMayor Lee Park said the vote on item {i} was close. "
            f'"We will try again," Park said.\n\nreader{i % 97}\n\nPark should resign.'
        )
        yield PageInput(Source(format="synthetic", id=str(i)), text)


def _peak_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run(texts: list[str], url: str, **kwargs: Any) -> dict[str, float]:
    store = Store(url)
    pages = (PageInput(Source(format="bench", id=str(i)), t) for i, t in enumerate(texts))
    start = time.perf_counter()
    summary = ingest(pages, store, source="benchmark", **kwargs)
    seconds = time.perf_counter() - start
    own, children = _peak_mib()
    return {
        "pages": summary.added,
        "seconds": round(seconds, 1),
        "pages_per_s": round(summary.added / seconds, 2),
        "peak_main_mib": round(own),
        "peak_child_mib": round(children),
    }


def latencies(store: Store, repeat: int = 20) -> dict[str, float]:
    """Median milliseconds of a search and of the people query."""
    out = {}
    for name, call in (
        ("search_ms", lambda: store.search("vote close", limit=20)),
        ("people_ms", lambda: store.people(limit=20)),
        ("people_targeted_ms", lambda: store.people(by="targeted", limit=20)),
    ):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        out[name] = round(statistics.median(times), 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--postgres", help="also ingest into this PostgreSQL URL (emptied)")
    parser.add_argument("--big", type=int, default=0, help="pages of the bounded-memory run")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    texts = corpus(args.shared, args.pages)
    results: dict[str, Any] = {"pages": len(texts)}
    with tempfile.TemporaryDirectory() as folder:
        configs: list[tuple[str, dict[str, Any]]] = [
            ("1 worker", {}),
            ("2 workers", {"workers": 2}),
        ]
        for name, kwargs in configs:
            results[name] = run(texts, f"sqlite:///{folder}/{len(results)}.db", **kwargs)
            print(name, results[name], flush=True)
        if not args.skip_dask:
            from distributed import LocalCluster

            with LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster:
                results["dask 2 workers"] = run(
                    texts, f"sqlite:///{folder}/dask.db", scheduler=cluster.scheduler_address
                )
            print("dask 2 workers", results["dask 2 workers"], flush=True)
        if args.postgres:
            from sqlalchemy import create_engine, text

            with create_engine(args.postgres).begin() as conn:
                conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
            results["postgresql 1 worker"] = run(texts, args.postgres)
            print("postgresql 1 worker", results["postgresql 1 worker"], flush=True)
        if args.big:
            store = Store(f"sqlite:///{folder}/big.db")
            start = time.perf_counter()
            summary = ingest(short_pages(args.big), store, source="big", workers=2)
            seconds = time.perf_counter() - start
            own, children = _peak_mib()
            results["big"] = {
                "pages": summary.added,
                "seconds": round(seconds, 1),
                "pages_per_s": round(summary.added / seconds, 1),
                "peak_main_mib": round(own),
                "peak_child_mib": round(children),
                **latencies(store),
            }
            print("big", results["big"], flush=True)
    one = results["1 worker"]["pages_per_s"]
    for name in [k for k in results if isinstance(results[k], dict) and k != "big"]:
        results[name]["ratio_to_1_worker"] = round(results[name]["pages_per_s"] / one, 2)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.exit(main())
