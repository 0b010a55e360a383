from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from presslens.engine import ingest
from presslens.readers.records import Columns, iter_records
from presslens.store import Store, StoreError
from presslens.store.export import export

from .conftest import BACKENDS, database_url
from .corpus import write_corpus

PAGES = 12


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("store")
    corpus = write_corpus(folder / "corpus.jsonl", PAGES)
    # one broken line among the pages: recorded as a failure, the run goes on
    with open(corpus, "a", encoding="utf-8") as handle:
        handle.write("{broken\n")
    db = Store(database_url(request.param, folder))
    columns = Columns(title="title", id="id")
    summary = ingest(iter_records(corpus, columns), db, source=str(corpus))
    assert (summary.added, summary.skipped, summary.failed) == (PAGES, 0, 1)
    again = ingest(iter_records(corpus, columns), db, source=str(corpus))
    assert (again.added, again.skipped, again.failed) == (0, PAGES, 1)
    return db


def test_pages_and_what_they_hold_are_stored_once(store: Store) -> None:
    assert store.count("pages") == PAGES
    assert store.count("quotes") == 3 * PAGES
    assert store.count("comments") == 4 * PAGES
    page = store.page(1)
    assert page is not None and page.article.headline.endswith("Library To Reopen")


def test_runs_and_failures_are_recorded(store: Store) -> None:
    runs = store.runs()
    assert [r["status"] for r in runs] == ["done", "done"]
    assert runs[1]["pages_skipped"] == PAGES
    assert json.loads(runs[0]["settings"])["workers"] == 1
    failures = store.failures(runs[0]["id"])
    assert len(failures) == 1 and "invalid JSON" in failures[0]["reason"]


def test_people_are_merged_across_pages(store: Store) -> None:
    people = {p.name: p for p in store.people(limit=100)}
    ames = people["Ruth Ames"]
    assert ames.pages == PAGES and ames.quoted == PAGES
    targeted = store.people(by="targeted", limit=100)
    assert targeted and all(p.targeted_by > 0 for p in targeted)


def test_search_quotes_and_comments(store: Store) -> None:
    hits = store.search("proper building")
    assert len(hits) == PAGES and all(h.kind == "quote" for h in hits)
    by_speaker = store.search("budget", speaker="ames")
    assert by_speaker and all(h.who == "Ruth Ames" for h in by_speaker)
    assert store.search("budget", speaker="nobody") == []
    comments = store.search("clown", where="comments")
    assert len(comments) == PAGES and comments[0].who.startswith("reader_")
    assert store.search('"; DROP TABLE pages; --') == []
    assert store.count("pages") == PAGES


def test_commenters(store: Store) -> None:
    rows = {r.author: r for r in store.commenters(limit=100)}
    assert rows["night_owl"].comments == PAGES and rows["night_owl"].pages == PAGES


def test_campaigns_find_the_comment_copied_across_pages(store: Store) -> None:
    from presslens.store.campaigns import find_campaigns

    found = find_campaigns(store, min_words=5)
    assert [c.spread for c in found] == sorted((c.spread for c in found), reverse=True)
    (bus,) = [c for c in found if c.text == "Still waiting for the bus stop outside it."]
    assert bus.pages == PAGES and bus.comments == PAGES
    assert len(bus.authors) == 5  # pat_0 ... pat_4
    # "SURNAME is a clown and should resign ...": identical on the 10 pages about a Moreau,
    # nearly so on the 2 about a Novak; a lower threshold joins them
    strict = [c for c in find_campaigns(store, threshold=0.95) if "clown" in c.text]
    loose = [c for c in find_campaigns(store, threshold=0.5) if "clown" in c.text]
    assert [c.pages for c in strict] == [10, 2]
    assert [c.pages for c in loose] == [PAGES]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize("kind", ["pages", "quotes", "comments", "people", "targets"])
def test_export(store: Store, tmp_path: Path, kind: str, fmt: str) -> None:
    out = tmp_path / f"{kind}.{fmt}"
    count = export(store, kind, fmt, out)
    table = {"targets": "comment_targets"}.get(kind, kind)
    assert count == store.count(table) > 0
    if fmt == "jsonl":
        assert len(out.read_text().splitlines()) == count
    elif fmt == "parquet":
        assert pq.read_table(out).num_rows == count
    else:
        assert out.read_text().count("\n") >= count + 1


def test_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="sqlite:///"):
        Store("nosuchdialect://x")
    with pytest.raises(StoreError):
        Store(f"sqlite:///{tmp_path}/missing-folder/x.db")
