"""Ingest a corpus into a ``Store``: skip what is stored, analyse the rest, record the run.

Pages are read in order and keyed by the hash of their text. In each chunk the pages
already in the database are skipped, the others are analysed — in this process, in
``workers`` local processes, or on a Dask cluster — and written one transaction per page
by this process alone (one writer). Killing the run at any point loses at most the pages
being analysed; running it again adds exactly those. The run, its settings and every
failed item are recorded in the ``runs`` and ``failures`` tables.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
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
    out: list[Analysis | str] = []
    for result in analyze_many(pages, options=options):
        out.append(str(result) if isinstance(result, InputError) else result)
    return out


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

    def close(self) -> None:
        self.client.close()  # type: ignore[no-untyped-call]


def _pool(workers: int, scheduler: str | None) -> tuple[Any, Callable[[], None], int]:
    """An executor-like object with ``submit``, its shutdown function and how many tasks
    it runs at once."""
    if scheduler:
        dask = _DaskPool(scheduler)
        return dask, dask.close, dask.slots
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    return pool, lambda: pool.shutdown(cancel_futures=True), workers


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
    pool: Any = None
    shutdown: Callable[[], None] = _nothing
    slots = 1
    if workers > 1 or scheduler:
        pool, shutdown, slots = _pool(workers, scheduler)
    try:
        for results in _analysed(items, store, options, pool, slots):
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
        shutdown()
        store.finish_run(run_id, status, added, skipped, failed)
    return IngestSummary(run_id, added, skipped, failed)


def _nothing() -> None:
    """Shut down no pool."""


def _label(item: PageInput | InputError) -> str:
    if isinstance(item, InputError):
        return item.source
    return item.source.id or item.source.path or item.source.url or "<text>"


def _analysed(
    items: Iterable[PageInput | InputError],
    store: Store,
    options: Options,
    pool: Any,
    workers: int,
) -> Iterator[list[tuple[str, Analysis | str | None]]]:
    """Chunks of (item label, analysis | error text | None for already stored), in order."""
    pending: list[tuple[list[tuple[str, Analysis | str | None]], list[int], Any]] = []
    in_flight = 2 * workers
    for chunk in chunks(items, options.batch_size):
        known = store.known_hashes(
            [content_hash(i.text) for i in chunk if isinstance(i, PageInput)]
        )
        slots: list[tuple[str, Analysis | str | None]] = []
        todo: list[PageInput] = []
        places: list[int] = []
        for item in chunk:
            if isinstance(item, InputError):
                slots.append((_label(item), str(item)))
            elif content_hash(item.text) in known:
                slots.append((_label(item), None))
            else:
                places.append(len(slots))
                slots.append((_label(item), None))
                todo.append(item)
        future: Any = (
            pool.submit(_analyse_chunk, todo, options)
            if pool is not None and todo
            else _Done(_analyse_chunk(todo, options) if todo else [])
        )
        pending.append((slots, places, future))
        while len(pending) >= in_flight or (pool is None and pending):
            yield _fill(*pending.pop(0))
    while pending:
        yield _fill(*pending.pop(0))


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
