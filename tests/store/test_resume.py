"""An ingest killed with SIGKILL mid-run finishes on a re-run: no page lost or stored twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .corpus import write_corpus

PAGES = 60


def _ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "presslens", "ingest", str(corpus), "-q"]
    command += ["--db", f"sqlite:///{db}", "--title-column", "title", "--id-column", "id"]
    command += ["--batch-size", "2"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def _totals(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as conn:
        counts = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("pages", "quotes", "comments", "comment_targets")
        ]
        counts.append(conn.execute("SELECT count(DISTINCT content_hash) FROM pages").fetchone()[0])
        return tuple(counts)


@pytest.mark.slow
def test_killed_ingest_resumes_to_exactly_the_expected_store(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", PAGES)
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"

    process = _ingest(corpus, killed_db)
    deadline = time.monotonic() + 120
    while _count(killed_db, "pages") < 6 and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    stored = _count(killed_db, "pages")
    assert 0 < stored < PAGES, "the run should have been killed mid-way"

    rerun = _ingest(corpus, killed_db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert f"{PAGES - stored} added, {stored} already stored" in out.decode()

    clean = _ingest(corpus, clean_db)
    clean.communicate(timeout=300)
    assert clean.returncode == 0
    assert _totals(killed_db) == _totals(clean_db)
    assert _totals(killed_db)[0] == _totals(killed_db)[-1] == PAGES
    with sqlite3.connect(killed_db) as conn:
        statuses = [row[0] for row in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["running", "done"]  # the killed run never got to say it ended
