"""Ingest throughput: 1 vs 2 local workers vs a Dask LocalCluster, SQLite vs PostgreSQL.

The corpus is synthesised from the shared page data: the dragnet-dev gold texts (article
and comments, marker line removed), cycled with a numbered suffix so every page is new,
up to ``--pages`` (2,000 by default). Each configuration ingests the same corpus into a
fresh database; the result is pages/s, the ratio to one worker, and the peak resident
memory of the analysing processes (children included), the CPU time per page of all
processes and how busy the cores were. ``--postgres URL`` adds an
ingest with 2 workers into PostgreSQL (compare with SQLite's 2 workers); ``--big N`` adds
a run of N short synthetic pages that reports the peak memory of the main process (which
must stay flat) and query latencies on that store.

    python benchmarks/ingest_scaling.py [--pages 2000] [--max-chars N] [--postgres URL]
        [--big 100000] [--configs "2 workers,dask 2 workers quiet"] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from presslens.engine import ingest
from presslens.model import Source
from presslens.readers import PageInput
from presslens.segment.evaluate import load_marked_page
from presslens.store import Store

ROOT = Path(__file__).resolve().parents[1]


def corpus(shared: Path, count: int, max_chars: int = 0) -> list[str]:
    """``count`` distinct page texts made from the dragnet gold pages.

    With ``max_chars``, each page is cut at the last paragraph break before that many
    characters, so a few pages with thousands of comments do not dominate the run.
    """
    folder = shared / "data" / "pages" / "dragnet-dev" / "gold"
    texts = [load_marked_page(path).text for path in sorted(folder.glob("*.txt"))]
    if max_chars:
        texts = [_cut(t, max_chars) for t in texts]
    texts = [t for t in texts if t.strip()]
    return [f"{texts[i % len(texts)]}\n\n(copy {i})" for i in range(count)]


def _cut(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    end = text.rfind("\n\n", 0, max_chars)
    return text[: end if end > 0 else max_chars]


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


def run(texts: list[str], url: str, **kwargs: Any) -> dict[str, Any]:
    pages = (PageInput(Source(format="bench", id=str(i)), t) for i, t in enumerate(texts))
    return timed_ingest(pages, Store(url), **kwargs)


def timed_ingest(pages: Iterable[PageInput], store: Store, **kwargs: Any) -> dict[str, Any]:
    """Ingest ``pages``: pages/s, the CPU time of this process (the reader and writer; with
    a LocalCluster also its scheduler) and the peak memory of this process and its children."""
    start, cpu = time.perf_counter(), time.process_time()
    marks: list[tuple[float, int]] = [(start, 0)]

    def progress(added: int, skipped: int, failed: int) -> None:
        marks.append((time.perf_counter(), added))

    summary = ingest(pages, store, source="benchmark", progress=progress, **kwargs)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    own, children = _peak_mib()
    return {
        "pages": summary.added,
        "seconds": round(seconds, 1),
        "pages_per_s": round(summary.added / seconds, 2),
        "main_cpu_ms_per_page": round(1000 * cpu / max(summary.added, 1), 1),
        "peak_main_mib": round(own),
        "peak_child_mib": round(children),
        "pages_per_s_by_quarter": _quarters(marks),
    }


def _quarters(marks: list[tuple[float, int]]) -> list[float]:
    """Pages/s in each quarter of the run's pages (model loading falls in the first)."""
    total, out, last = marks[-1][1], [], marks[0]
    for quarter in (1, 2, 3, 4):
        mark = next(m for m in marks if m[1] >= quarter * total / 4)
        out.append(round((mark[1] - last[1]) / max(mark[0] - last[0], 1e-9), 2))
        last = mark
    return out


def _cpu_now() -> tuple[float, float, float, float]:
    """CPU seconds of this process and its ended children; the machine's busy, stolen (by
    the hypervisor) and total jiffies (from /proc/stat, zero elsewhere)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except OSError:
        return cpu, 0.0, 0.0, 0.0
    idle = fields[3] + fields[4]  # idle + iowait
    steal = fields[7] if len(fields) > 7 else 0
    return cpu, float(sum(fields) - idle), float(steal), float(sum(fields))


def with_cpu(result: dict[str, Any], before: tuple[float, float, float, float]) -> dict[str, Any]:
    """Add the CPU per page of every process of the run (workers included, once they have
    ended), how busy the machine's cores were (idle cores mean waiting, not work) and the
    share of time the hypervisor gave them to other machines."""
    cpu, busy, steal, total = (now - then for now, then in zip(_cpu_now(), before, strict=True))
    result["all_cpu_ms_per_page"] = round(1000 * cpu / max(result["pages"], 1), 1)
    if total:
        result["machine_busy"] = round(busy / total, 3)
        result["machine_steal"] = round(steal / total, 3)
    return result


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


CONFIGS = (
    "1 worker",
    "2 workers",
    "dask 2 workers",
    "dask 2 workers quiet",
    "postgresql 2 workers",
    "big",
)
#: The Dask settings presslens ships for clusters that run ingest (Dask's monitoring slowed
#: down): "dask 2 workers quiet" measures exactly this file.
DASK_SETTINGS = ROOT / "docs" / "dask-ingest.yaml"


def quiet_dask() -> dict[str, Any]:
    """``DASK_SETTINGS`` as dotted keys for ``dask.config.set``."""
    import yaml  # type: ignore[import-untyped]

    def flat(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in tree.items():
            if isinstance(value, dict):
                out.update(flat(value, f"{prefix}{key}."))
            else:
                out[f"{prefix}{key}"] = value
        return out

    return flat(yaml.safe_load(DASK_SETTINGS.read_text(encoding="utf-8")))


def run_config(name: str, args: argparse.Namespace, folder: str) -> dict[str, Any]:
    """One configuration, in this process (``main`` gives each its own process)."""
    if name == "big":
        store = Store(f"sqlite:///{folder}/big.db")
        result = timed_ingest(short_pages(args.big), store, workers=2)
        result["db_mib"] = round(Path(f"{folder}/big.db").stat().st_size / 2**20)
        return {**result, **latencies(store)}
    texts = corpus(args.shared, args.pages, args.max_chars)
    if name == "1 worker":
        return run(texts, f"sqlite:///{folder}/one.db")
    if name == "2 workers":
        return run(texts, f"sqlite:///{folder}/two.db", workers=2)
    if name == "postgresql 2 workers":
        from sqlalchemy import create_engine, text

        with create_engine(args.postgres).begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        return run(texts, args.postgres, workers=2)
    import dask
    from distributed import LocalCluster

    with (
        dask.config.set(quiet_dask() if name == "dask 2 workers quiet" else {}),
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
    ):
        result = run(texts, f"sqlite:///{folder}/dask.db", scheduler=cluster.scheduler_address)
    _, children = _peak_mib()  # the workers have ended: their peaks are in RUSAGE_CHILDREN
    result["peak_child_mib"] = round(children)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument(
        "--max-chars", type=int, default=0, help="cut each page at a paragraph break (0: whole)"
    )
    parser.add_argument("--postgres", help="also ingest into this PostgreSQL URL (emptied)")
    parser.add_argument("--big", type=int, default=0, help="pages of the bounded-memory run")
    parser.add_argument(
        "--configs",
        default="1 worker,2 workers,dask 2 workers",
        help=f"comma-separated, of: {', '.join(CONFIGS)} (postgresql and big are added by "
        "--postgres and --big)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the configurations this many times, in order then reversed (A B B A ...), "
        "and report medians: this machine's speed drifts by 20%% within minutes",
    )
    parser.add_argument("--config", help=argparse.SUPPRESS)  # one config, in this process
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.config:
        with tempfile.TemporaryDirectory() as folder:
            before = _cpu_now()
            print(json.dumps(with_cpu(run_config(args.config, args, folder), before)))
        return
    names = [n.strip() for n in args.configs.split(",") if n.strip()]
    names += ["postgresql 2 workers"] * bool(args.postgres) + ["big"] * bool(args.big)
    texts = corpus(args.shared, args.pages, args.max_chars)
    results: dict[str, Any] = {
        "pages": len(texts),
        "max_chars": args.max_chars,
        "corpus_chars": sum(map(len, texts)),
    }
    forwarded = [
        "--shared", str(args.shared), "--pages", str(args.pages),
        "--max-chars", str(args.max_chars), "--big", str(args.big),
    ]  # fmt: skip
    if args.postgres:
        forwarded += ["--postgres", args.postgres]
    unknown = [name for name in names if name not in CONFIGS]
    if unknown:
        raise SystemExit(f"unknown configuration {unknown[0]!r}; one of {CONFIGS}")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for round_ in range(args.rounds):
        for name in names if round_ % 2 == 0 else names[::-1]:
            # each configuration in a fresh process, so peak memory is its own
            done = subprocess.run(
                [sys.executable, __file__, "--config", name, *forwarded],
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(name, runs[name][-1], flush=True)
    for name, done_runs in runs.items():
        rates = [r["pages_per_s"] for r in done_runs]
        # the run with the median rate (the lower middle one of an even count)
        results[name] = sorted(done_runs, key=lambda r: r["pages_per_s"])[(len(rates) - 1) // 2]
        if len(rates) > 1:
            results[name]["pages_per_s_runs"] = rates
    base = results.get("1 worker", {}).get("pages_per_s")
    for name in [k for k in results if isinstance(results[k], dict) and k != "big"]:
        if base:
            results[name]["ratio_to_1_worker"] = round(results[name]["pages_per_s"] / base, 2)
    for dask_name in ("dask 2 workers", "dask 2 workers quiet"):
        if dask_name in results and "2 workers" in results:
            ratio = results[dask_name]["pages_per_s"] / results["2 workers"]["pages_per_s"]
            results[f"{dask_name} / 2 workers"] = round(ratio, 2)
            if args.rounds > 1:  # each round's ratio: the drift between rounds cancels
                results[f"{dask_name} / 2 workers, by round"] = [
                    round(d["pages_per_s"] / w["pages_per_s"], 2)
                    for d, w in zip(runs[dask_name], runs["2 workers"], strict=True)
                ]
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
