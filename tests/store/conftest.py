"""Store tests run against SQLite and, when a server is there, PostgreSQL.

``scripts/with-postgres.sh`` (used by ``make test`` and CI) starts a throwaway server
and sets PRESSLENS_TEST_PG_URL. Under CI the PostgreSQL tests must not skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

BACKENDS = ("sqlite", "postgresql")


def database_url(backend: str, folder: Path) -> str:
    """A fresh, empty database of ``backend``."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'test.db'}"
    url = os.environ.get("PRESSLENS_TEST_PG_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("PRESSLENS_TEST_PG_URL unset under CI: run via scripts/with-postgres.sh")
        pytest.skip("no PostgreSQL server (run `make test`, which starts one)")
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
