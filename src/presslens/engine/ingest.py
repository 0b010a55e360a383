"""Ingest a corpus into a ``Store``: skip what is stored, analyse the rest, record the run.

Pages are read in order and keyed by the hash of their text. In each chunk the pages
already in the database are skipped, the others are analysed — in this process, in
``workers`` local processes, or on a Dask cluster — and written one transaction per page
by this process alone (one writer), chunk by chunk as they finish (so with workers, page
ids follow the order chunks finish in, not the input order). Killing the run at any point
loses at most the pages being analysed; running it again adds exactly those. The run, its
settings and every failed item are recorded in the ``runs`` and ``failures`` tables.
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.exc import DataError

from presslens.errors import InputError
from presslens.model import Analysis
from presslens.options import Options
from presslens.pipeline import analyze_many
from presslens.readers import PageInput
from presslens.store.db import Store, chunks, content_hash

ProgressCallback = Callable[[int, int, int], None]  # (added, skipped, failed) so far


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest run did."""

    run_id: int
    added: int
    skipped: int
    failed: int


def _analyse_chunk(pages: list[PageInput], options: Options) -> list[Analysis | str]:
    """Worker side: analyse pages with the process's cached model; errors become strings."""
    keep_freed_memory()
    out: list[Analysis | str] = []
    for result in analyze_many(pages, options=options):
        out.append(str(result) if isinstance(result, InputError) else result)
    return out


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt() parameters


@functools.cache
def keep_freed_memory() -> bool:
    """Undo aggressive heap trimming in a process started with ``MALLOC_TRIM_THRESHOLD_``.

    Dask's nannies start every worker with ``MALLOC_TRIM_THRESHOLD_=65536`` (the
    ``distributed.nanny.pre-spawn-environ`` setting). Setting it switches glibc's adaptive
    thresholds off: each buffer over 128 KiB is then mapped and unmapped anew, and the
    pipeline takes 8x the page faults and runs 13-16% slower than in a plain process
    (``benchmarks/worker_allocator.py``). In such a process this sets the ceilings the
    adaptive scheme would grow to (buffers over 32 MiB are mapped, free memory over 64 MiB
    is returned to the system); anywhere else, and off glibc, it changes nothing. Returns
    whether it changed the settings; the first call decides, later ones return its answer.
    """
    if not sys.platform.startswith("linux") or "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # no C library to ask, or no mallopt in it
        return False
    # mallopt returns 1 on success; musl's stub returns 0 and changes nothing
    return bool(mallopt(_M_MMAP_THRESHOLD, 32 << 20)) and bool(mallopt(_M_TRIM_THRESHOLD, 64 << 20))


class _DaskPool:
    """A Dask client as an executor: tasks are not hashed (``pure=False``; hashing a chunk
    of pages costs the client as much as sending it), and ``slots`` is the cluster's
    thread count, read when the run starts."""

    def __init__(self, scheduler: str) -> None:
        from distributed import Client

        self.client = Client(scheduler)  # type: ignore[no-untyped-call]
        threads = self.client.nthreads()  # type: ignore[no-untyped-call]
        self.slots = max(1, sum(threads.values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def wait_any(self, futures: list[Any]) -> None:
        from distributed import wait

        wait(futures, return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]

    def close(self) -> None:
        self.client.close()  # type: ignore[no-untyped-call]


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this process once ``parent`` has gone, even killed with
    SIGKILL. A spawned worker holds both ends of its task pipe, so it would otherwise wait
    for the next chunk for ever, holding its models' memory."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="presslens-parent-watch", daemon=True).start()


class _LocalPool:
    """``workers`` local processes (spawned, so each loads the models once; each ends
    by itself if this process is killed)."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        )
        self.slots = workers

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.executor.submit(fn, *args)

    def wait_any(self, futures: list[Any]) -> None:
        wait(futures, return_when=FIRST_COMPLETED)

    def close(self) -> None:
        self.executor.shutdown(cancel_futures=True)


def _pool(workers: int, scheduler: str | None) -> _LocalPool | _DaskPool:
    """Where chunks are analysed: a Dask cluster or local processes."""
    return _DaskPool(scheduler) if scheduler else _LocalPool(workers)


def ingest(
    items: Iterable[PageInput | InputError],
    store: Store,
    *,
    source: str,
    options: Options | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Analyse and store every page of ``items`` not stored yet; see the module docstring."""
    options = options or Options()
    settings = {**asdict(options), "workers": workers, "scheduler": scheduler}
    run_id = store.start_run(source, settings)
    added = skipped = failed = 0
    status = "interrupted"
    pool = _pool(workers, scheduler) if workers > 1 or scheduler else None
    try:
        for results in _analysed(items, store, options, pool):
            for item, result in results:
                if isinstance(result, str):
                    failed += 1
                    store.record_failure(run_id, item, result)
                    continue
                try:
                    stored = result is not None and store.add(result, run_id) is not None
                except DataError as err:  # this page's values; the database itself is fine
                    failed += 1
                    reason = str(err.orig or err).splitlines()[0]
                    store.record_failure(run_id, item, f"cannot store the page ({reason})")
                    continue
                if stored:
                    added += 1
                else:
                    skipped += 1
            if progress:
                progress(added, skipped, failed)
        status = "done"
    finally:
        if pool is not None:
            pool.close()
        store.finish_run(run_id, status, added, skipped, failed)
    return IngestSummary(run_id, added, skipped, failed)


def _label(item: PageInput | InputError) -> str:
    if isinstance(item, InputError):
        return item.source
    return item.source.id or item.source.path or item.source.url or "<text>"


def _analysed(
    items: Iterable[PageInput | InputError],
    store: Store,
    options: Options,
    pool: _LocalPool | _DaskPool | None,
) -> Iterator[list[tuple[str, Analysis | str | None]]]:
    """Chunks of (item label, analysis | error text | None for already stored).

    With a pool, two chunks per worker are in flight (one running, one queued: a worker
    does not wait for this process to notice that its chunk is done) and each is yielded
    as soon as it is done, not in input order: one slow chunk does not leave the other
    workers idle. The next chunk is read and checked against the store while the workers
    run, and it is submitted the moment a chunk finishes, before that chunk is written.
    """
    prepared = _prepared(items, store, options)
    if pool is None:
        for slots, places, todo in prepared:
            yield _fill(slots, places, _Done(_analyse_chunk(todo, options) if todo else []))
        return
    pending: list[tuple[list[tuple[str, Analysis | str | None]], list[int], Any]] = []
    ahead = next(prepared, None)

    def top_up() -> None:
        nonlocal ahead
        while ahead is not None and len(pending) < 2 * pool.slots:
            slots, places, todo = ahead
            future = pool.submit(_analyse_chunk, todo, options) if todo else _Done([])
            pending.append((slots, places, future))
            ahead = next(prepared, None)  # read the next chunk while the workers run

    top_up()
    while pending:
        done = pending.pop(_first_done(pending, pool))
        top_up()
        yield _fill(*done)


def _prepared(
    items: Iterable[PageInput | InputError], store: Store, options: Options
) -> Iterator[tuple[list[tuple[str, Analysis | str | None]], list[int], list[PageInput]]]:
    """Chunks as (label slots, places of the pages to analyse, those pages)."""
    for chunk in chunks(items, options.batch_size):
        hashes = [content_hash(i.text) if isinstance(i, PageInput) else "" for i in chunk]
        known = store.known_hashes([h for h in hashes if h])
        slots: list[tuple[str, Analysis | str | None]] = []
        todo: list[PageInput] = []
        places: list[int] = []
        for item, digest in zip(chunk, hashes, strict=True):
            if isinstance(item, InputError):
                slots.append((_label(item), str(item)))
            elif digest in known:
                slots.append((_label(item), None))
            else:
                places.append(len(slots))
                slots.append((_label(item), None))
                todo.append(item)
        yield slots, places, todo


def _first_done(pending: list[tuple[Any, Any, Any]], pool: _LocalPool | _DaskPool) -> int:
    """The index of a finished chunk in ``pending``, waiting for one if none is."""
    futures = [future for _, _, future in pending]
    if not any(f.done() for f in futures):
        pool.wait_any(futures)
    return next(i for i, f in enumerate(futures) if f.done())


def _fill(
    slots: list[tuple[str, Analysis | str | None]], places: list[int], future: Any
) -> list[tuple[str, Analysis | str | None]]:
    results = future.result()
    for place, result in zip(places, results, strict=True):
        slots[place] = (slots[place][0], result)
    return slots


class _Done:
    """A finished result with the ``result()`` of a future."""

    def __init__(self, value: list[Analysis | str]) -> None:
        self.value = value

    def result(self) -> list[Analysis | str]:
        return self.value

    def done(self) -> bool:
        return True
