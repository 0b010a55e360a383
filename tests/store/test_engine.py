"""Ingest with local worker processes and on a Dask cluster gives the same store."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from presslens.engine import ingest
from presslens.model import Source
from presslens.options import Options
from presslens.readers import PageInput
from presslens.readers.records import Columns, iter_records
from presslens.store import Store, StoreError

from .corpus import write_corpus

PAGES = 10
COLUMNS = Columns(title="title", id="id")


def _totals(store: Store) -> tuple[int, ...]:
    return tuple(store.count(t) for t in ("pages", "quotes", "comments", "comment_targets"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("engine") / "corpus.jsonl", PAGES)


@pytest.fixture(scope="module")
def expected(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, ...]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('one') / 'one.db'}")
    ingest(iter_records(corpus, COLUMNS), store, source="one")
    return _totals(store)


@pytest.mark.slow
def test_two_local_workers(corpus: Path, expected: tuple[int, ...], tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'two.db'}")
    summary = ingest(iter_records(corpus, COLUMNS), store, source="two", workers=2)
    assert summary.added == PAGES
    assert _totals(store) == expected


@pytest.mark.slow
def test_dask_cluster(corpus: Path, expected: tuple[int, ...], tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        store = Store(f"sqlite:///{tmp_path / 'dask.db'}")
        summary = ingest(
            iter_records(corpus, COLUMNS),
            store,
            source="dask",
            scheduler=cluster.scheduler_address,
        )
    assert summary.added == PAGES
    assert _totals(store) == expected


def test_schema_is_migrated_and_a_newer_one_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    store = Store(url)
    assert store.schema_revision() == "0001"
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="newer"):
        Store(url)


class _FakePool:
    """A one-slot pool whose chunks finish at once; it records what was submitted."""

    slots = 1

    def __init__(self) -> None:
        self.submitted: list[int] = []

    def submit(self, fn: object, pages: list[PageInput], options: Options) -> _Finished:
        self.submitted.append(len(pages))
        return _Finished([f"error {p.source.id}" for p in pages])

    def wait_any(self, futures: list[object]) -> None:
        raise AssertionError("every chunk is already done")


class _Finished:
    def __init__(self, value: list[str]) -> None:
        self.value = value

    def done(self) -> bool:
        return True

    def result(self) -> list[str]:
        return self.value


def test_next_chunk_is_submitted_before_a_finished_one_is_written(tmp_path: Path) -> None:
    """Workers never wait for the writer: when a chunk is handed over to be written, the
    chunk that replaces it is already submitted and the one after that already read."""
    engine = importlib.import_module("presslens.engine.ingest")
    read: list[int] = []

    def pages() -> Iterator[PageInput]:
        for i in range(10):
            read.append(i)
            yield PageInput(Source(format="test", id=str(i)), f"Page {i}\n\nSome text {i}.")

    pool = _FakePool()
    store = Store(f"sqlite:///{tmp_path / 'order.db'}")
    seen = []
    for chunk in engine._analysed(pages(), store, Options(batch_size=2), pool):
        seen.append((len(pool.submitted), len(read), [result for _, result in chunk]))
    # 5 chunks of 2, window 2 chunks: on handing over chunk k, chunks up to k + 2 are
    # submitted and chunk k + 3 is read ahead.
    assert [s for s, _, _ in seen] == [3, 4, 5, 5, 5]
    assert [r for _, r, _ in seen] == [8, 10, 10, 10, 10]
    assert seen[0][2] == ["error 0", "error 1"]
    assert sorted(r for _, _, results in seen for r in results) == sorted(
        f"error {i}" for i in range(10)
    )


_FAULTS = """
import resource, sys
import numpy as np
from presslens.engine.ingest import keep_freed_memory
changed = keep_freed_memory() if sys.argv[1] == "fix" else False
np.ones(1 << 18).sum()  # warm up numpy's own allocations
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(200):
    np.ones(1 << 18).sum()  # 2 MiB, allocated and freed
print(changed, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_worker_started_with_dask_s_trim_setting_reuses_freed_memory() -> None:
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}  # as Dask's nanny starts workers

    def faults(mode: str, environ: dict[str, str]) -> tuple[str, int]:
        out = subprocess.run(
            [sys.executable, "-c", _FAULTS, mode], env=environ, capture_output=True,
            text=True, check=True,
        ).stdout.split()  # fmt: skip
        return out[0], int(out[1])

    trimmed, fixed = faults("off", env), faults("fix", env)
    assert trimmed[0] == "False" and fixed[0] == "True"
    # trimmed: every 2 MiB buffer is mapped anew and faulted in page by page (~100,000)
    assert trimmed[1] > 50_000 and fixed[1] < trimmed[1] / 10
    plain = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    assert faults("fix", plain)[0] == "False"  # nothing to undo: glibc's defaults stay


_POOL = """
import os, time
from presslens.engine.ingest import _LocalPool
pool = _LocalPool(2)
futures = [pool.submit(time.sleep, 0.5) for _ in range(4)]
[f.result() for f in futures]
print(os.getpid(), flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX parent ids")
def test_local_workers_end_when_the_ingest_process_is_killed() -> None:
    psutil = pytest.importorskip("psutil")
    process = subprocess.Popen([sys.executable, "-c", _POOL], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        parent = psutil.Process(int(process.stdout.readline()))
        workers = [p for p in parent.children() if "spawn_main" in " ".join(p.cmdline())]
        assert len(workers) == 2
        os.kill(process.pid, signal.SIGKILL)  # no clean-up: the workers are orphaned
        process.wait()
        _, alive = psutil.wait_procs(workers, timeout=15)
        alive = [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]
        assert not alive, f"workers still running after their parent was killed: {alive}"
    finally:
        process.kill()
