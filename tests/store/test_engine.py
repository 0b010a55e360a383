"""Ingest with local worker processes and on a Dask cluster gives the same store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from presslens.engine import ingest
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
