"""``Store``: the one class that talks to the database (SQLite by default, PostgreSQL).

A page and everything found on it are written in one transaction and keyed by a hash
of the page text, so an interrupted ingest (even ``kill -9``) leaves each page either
stored whole or not at all, and a re-run adds exactly the missing ones. Full-text search
uses FTS5 on SQLite and a ``tsvector`` column with a GIN index on PostgreSQL. Every
query is parameterised.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, case, create_engine, event, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from presslens.errors import PresslensError
from presslens.model import Analysis
from presslens.store import schema as s

DEFAULT_URL = "sqlite:///presslens.db"


class StoreError(PresslensError):
    """The database cannot be opened or is of an unknown schema version."""

    exit_code = 5


def content_hash(text: str) -> str:
    """The key of a page: SHA-256 of its text."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A quote or comment that matches a search."""

    kind: str  # "quote" | "comment"
    page_id: int
    headline: str | None
    who: str | None  # the speaker of a quote, the author of a comment
    text: str


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A person across the corpus."""

    name: str
    pages: int
    quoted: int
    targeted_by: int
    mean_polarity: float | None


@dataclass(frozen=True, slots=True)
class CommenterRow:
    """A comment author across the corpus."""

    author: str
    comments: int
    pages: int
    mean_toxicity: float | None
    toxic: int


class Store:
    """A presslens database. ``Store("sqlite:///corpus.db")`` or a PostgreSQL URL."""

    def __init__(self, url: str = DEFAULT_URL, *, create: bool = True) -> None:
        self.url = url
        try:
            self.engine: Engine = create_engine(url, future=True)
        except Exception as err:  # unknown dialect, bad URL, missing driver
            raise StoreError(
                f"cannot open database {url!r} ({err.__class__.__name__}: {err})",
                "use sqlite:///FILE.db or postgresql+psycopg://USER@HOST/DB",
            ) from err
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if create:
            self.create()

    # ------------------------------------------------------------------ schema

    def create(self) -> None:
        """Bring the database to the current schema with the Alembic migrations.

        A new database gets every table and search index; an older one is upgraded; one
        written by a newer presslens is refused.
        """
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = _alembic_config()
        known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
        try:
            with self.engine.begin() as conn:
                current = MigrationContext.configure(conn).get_current_revision()
                if current is not None and current not in known:
                    raise StoreError(
                        f"database schema {current!r} is newer than this presslens knows",
                        "upgrade presslens",
                    )
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        except StoreError:
            raise
        except Exception as err:
            raise StoreError(
                f"cannot use database {self.url!r} ({err.__class__.__name__})",
                "check the URL, that the server runs and that you may write to it",
            ) from err

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            revision: str | None = MigrationContext.configure(conn).get_current_revision()
            return revision

    # ------------------------------------------------------------------ runs

    def start_run(self, source: str, settings: dict[str, Any]) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(s.runs).values(
                    started=_now(),
                    status="running",
                    source=source,
                    settings=json.dumps(settings, sort_keys=True),
                    pages_added=0,
                    pages_skipped=0,
                    pages_failed=0,
                )
            )
            run_id = result.inserted_primary_key
            assert run_id is not None
            return int(run_id[0])

    def finish_run(self, run_id: int, status: str, added: int, skipped: int, failed: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(s.runs)
                .where(s.runs.c.id == run_id)
                .values(
                    finished=_now(),
                    status=status,
                    pages_added=added,
                    pages_skipped=skipped,
                    pages_failed=failed,
                )
            )

    def record_failure(self, run_id: int, item: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(s.failures).values(run_id=run_id, item=item, reason=reason))

    def runs(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.runs).order_by(s.runs.c.id)).mappings().all()
        return [dict(row) for row in rows]

    def failures(self, run_id: int | None = None) -> list[dict[str, Any]]:
        query = select(s.failures).order_by(s.failures.c.id)
        if run_id is not None:
            query = query.where(s.failures.c.run_id == run_id)
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings().all()]

    # ------------------------------------------------------------------ pages

    def known_hashes(self, hashes: Sequence[str]) -> set[str]:
        """The hashes among ``hashes`` whose pages are already stored."""
        if not hashes:
            return set()
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(s.pages.c.content_hash).where(s.pages.c.content_hash.in_(list(hashes)))
            )
            return {row[0] for row in rows}

    def add(self, analysis: Analysis, run_id: int, key: str | None = None) -> int | None:
        """Store one page and all it holds in one transaction; None if it was there already."""
        key = key or content_hash(analysis.text)
        try:
            with self.engine.begin() as conn:
                return self._insert_page(conn, analysis, run_id, key)
        except IntegrityError:
            if self.known_hashes([key]):
                return None
            raise

    def _insert_page(self, conn: Any, analysis: Analysis, run_id: int, key: str) -> int:
        article = analysis.article
        source = analysis.source
        page_id = conn.execute(
            insert(s.pages).values(
                content_hash=key,
                run_id=run_id,
                source_path=source.path,
                source_id=source.id,
                url=source.url,
                format=source.format,
                date=source.date or article.published,
                headline=article.headline,
                article_chars=article.body_chars,
                n_quotes=len(analysis.quotes),
                n_comments=len(analysis.comments),
                analysis=json.dumps(analysis.as_dict(), ensure_ascii=False),
            )
        ).inserted_primary_key[0]
        person_ids = {p.id: self._person_id(conn, p.name) for p in analysis.people}
        if analysis.people:
            conn.execute(
                insert(s.page_people),
                [
                    {
                        "page_id": page_id,
                        "local_id": p.id,
                        "person_id": person_ids[p.id],
                        "roles": json.dumps(list(p.roles), ensure_ascii=False),
                        "mentions": len(p.mentions),
                    }
                    for p in analysis.people
                ],
            )
        if analysis.quotes:
            conn.execute(
                insert(s.quotes),
                [
                    {
                        "page_id": page_id,
                        "local_id": q.id,
                        "kind": q.kind,
                        "start": q.content.start,
                        "end": q.content.end,
                        "text": q.content.text,
                        "person_id": person_ids.get(q.speaker.person or ""),
                        "speaker": q.speaker.name,
                        "cue": q.cue.text if q.cue else None,
                        "via": q.via,
                        "confidence": q.confidence,
                    }
                    for q in analysis.quotes
                ],
            )
        for comment in analysis.comments:
            scores = comment.scores.as_dict() if comment.scores else {}
            comment_id = conn.execute(
                insert(s.comments).values(
                    page_id=page_id,
                    local_id=comment.id,
                    author=comment.author,
                    reply_to=comment.reply_to,
                    start=comment.start,
                    end=comment.end,
                    text=comment.text,
                    sentiment=comment.sentiment,
                    **scores,
                )
            ).inserted_primary_key[0]
            if comment.targets:
                conn.execute(
                    insert(s.comment_targets),
                    [
                        {
                            "comment_id": comment_id,
                            "person_id": person_ids.get(t.ref) if t.kind == "person" else None,
                            "entity": t.name if t.kind == "entity" else None,
                            "name": t.name,
                            "polarity": t.polarity,
                        }
                        for t in comment.targets
                    ],
                )
        return int(page_id)

    def _person_id(self, conn: Any, name: str) -> int:
        key = s.person_key(name)
        found = conn.execute(select(s.people.c.id).where(s.people.c.key == key)).scalar()
        if found is not None:
            return int(found)
        return int(
            conn.execute(insert(s.people).values(key=key, name=name)).inserted_primary_key[0]
        )

    def page(self, page_id: int) -> Analysis | None:
        """The stored analysis of a page, or None."""
        with self.engine.connect() as conn:
            data = conn.execute(select(s.pages.c.analysis).where(s.pages.c.id == page_id)).scalar()
        return Analysis.from_dict(json.loads(data)) if data is not None else None

    def count(self, table: str) -> int:
        """Rows in one of the tables (pages, quotes, comments, people, ...)."""
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(s.metadata.tables[table])).scalar()
                or 0
            )

    # ------------------------------------------------------------------ questions

    def search(
        self, query: str, *, speaker: str | None = None, where: str = "both", limit: int = 20
    ) -> list[SearchHit]:
        """Quotes and/or comments matching all the words of ``query``."""
        hits: list[SearchHit] = []
        words = re.findall(r"\w+", query)
        if not words:
            return hits
        if where in ("both", "quotes"):
            hits += self._search_table("quotes", words, speaker, limit)
        if where in ("both", "comments") and speaker is None:
            hits += self._search_table("comments", words, None, limit)
        return hits

    def _search_table(
        self, table: str, words: list[str], speaker: str | None, limit: int
    ) -> list[SearchHit]:
        who = "t.speaker" if table == "quotes" else "t.author"
        params: dict[str, Any] = {"limit": limit}
        if self.is_sqlite:
            params["q"] = " ".join('"' + w.replace('"', "") + '"' for w in words)
            match = f"t.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH :q)"
        else:
            params["q"] = " ".join(words)
            match = "t.tsv @@ plainto_tsquery('english', :q)"
        sql = (
            f"SELECT t.page_id, p.headline, {who} AS who, t.text FROM {table} t "
            f"JOIN pages p ON p.id = t.page_id WHERE {match}"
        )
        if speaker:
            params["speaker"] = f"%{speaker.casefold()}%"
            sql += " AND lower(t.speaker) LIKE :speaker"
        sql += " ORDER BY t.id LIMIT :limit"
        kind = "quote" if table == "quotes" else "comment"
        with self.engine.connect() as conn:
            rows = conn.execute(text(sql), params).all()
        return [SearchHit(kind, int(r[0]), r[1], r[2], r[3]) for r in rows]

    def people(self, *, by: str = "quoted", limit: int = 20) -> list[PersonRow]:
        """People across pages, most quoted (``by="quoted"``) or most targeted first."""
        quoted = (
            select(s.quotes.c.person_id, func.count().label("n"))
            .where(s.quotes.c.person_id.is_not(None))
            .group_by(s.quotes.c.person_id)
            .subquery()
        )
        targeted = (
            select(
                s.comment_targets.c.person_id,
                func.count().label("n"),
                func.avg(s.comment_targets.c.polarity).label("polarity"),
            )
            .where(s.comment_targets.c.person_id.is_not(None))
            .group_by(s.comment_targets.c.person_id)
            .subquery()
        )
        pages = (
            select(s.page_people.c.person_id, func.count().label("n"))
            .group_by(s.page_people.c.person_id)
            .subquery()
        )
        order = func.coalesce(quoted.c.n, 0) if by == "quoted" else func.coalesce(targeted.c.n, 0)
        query = (
            select(
                s.people.c.name,
                func.coalesce(pages.c.n, 0),
                func.coalesce(quoted.c.n, 0),
                func.coalesce(targeted.c.n, 0),
                targeted.c.polarity,
            )
            .select_from(s.people)
            .outerjoin(quoted, quoted.c.person_id == s.people.c.id)
            .outerjoin(targeted, targeted.c.person_id == s.people.c.id)
            .outerjoin(pages, pages.c.person_id == s.people.c.id)
            .order_by(order.desc(), s.people.c.name)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            PersonRow(r[0], int(r[1]), int(r[2]), int(r[3]), _round(r[4]))
            for r in rows
            if (r[2] if by == "quoted" else r[3])
        ]

    def commenters(self, *, by: str = "comments", limit: int = 20) -> list[CommenterRow]:
        """Comment authors: most active (``by="comments"``) or most toxic first."""
        c = s.comments.c
        toxic = func.sum(case((c.toxicity >= 0.5, 1), else_=0))
        query = (
            select(
                c.author,
                func.count(),
                func.count(func.distinct(c.page_id)),
                func.avg(c.toxicity),
                toxic,
            )
            .where(c.author.is_not(None))
            .group_by(c.author)
            .order_by((func.count() if by == "comments" else toxic).desc(), c.author)
            .limit(limit)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [
            CommenterRow(r[0], int(r[1]), int(r[2]), _round(r[3]), int(r[4] or 0)) for r in rows
        ]

    def iter_table(self, table: str, batch: int = 1000) -> Iterator[dict[str, Any]]:
        """All rows of one table, streamed by id."""
        tab = s.metadata.tables[table]
        key = tab.c.id if "id" in tab.c else None
        with self.engine.connect() as conn:
            query = select(*[c for c in tab.c if c.name != "tsv"])
            if key is not None:
                query = query.order_by(key)
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
            for row in result.mappings():
                yield dict(row)


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def _round(value: Any) -> float | None:
    return round(float(value), 3) if value is not None else None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Lists of up to ``size`` items."""
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
