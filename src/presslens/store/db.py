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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
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
class PageRow:
    """A stored page, without its analysis."""

    id: int
    headline: str | None
    url: str | None
    source_id: str | None
    date: str | None
    quotes: int
    comments: int


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A stored quote with its page."""

    page_id: int
    headline: str | None
    id: str  # the quote's id on its page (``q3``)
    speaker: str | None
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class CommentRow:
    """A stored comment with its page and scores."""

    page_id: int
    headline: str | None
    id: str  # the comment's id on its page (``c7``)
    author: str | None
    reply_to: str | None
    text: str
    toxicity: float | None
    sentiment: float | None


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

    def __init__(
        self,
        url: str = DEFAULT_URL,
        *,
        create: bool = True,
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        """Open (and with ``create``, create or upgrade) the database at ``url``.

        ``aliases`` maps other names of a person to the name they are stored under
        (``{"Putin": "Vladimir Putin", "V. Putin": "Vladimir Putin"}``); without an alias,
        people are merged across pages by their canonical name, case, spaces and dots
        aside (``schema.person_key``).
        """
        self.url = url
        self.aliases = {s.person_key(k): v for k, v in (aliases or {}).items()}
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
        else:
            event.listen(self.engine, "before_cursor_execute", _no_nul, retval=True)
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
        name = self.aliases.get(s.person_key(name), name)
        key = s.person_key(name)
        found = conn.execute(select(s.people.c.id).where(s.people.c.key == key)).scalar()
        if found is not None:
            return int(found)
        return int(
            conn.execute(insert(s.people).values(key=key, name=name)).inserted_primary_key[0]
        )

    def page_id(self, key: str) -> int | None:
        """The id of the page stored under ``key`` (its content hash), or None."""
        with self.engine.connect() as conn:
            found = conn.execute(select(s.pages.c.id).where(s.pages.c.content_hash == key)).scalar()
        return int(found) if found is not None else None

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
        self,
        query: str,
        *,
        speaker: str | None = None,
        where: str = "both",
        limit: int = 20,
        offset: int = 0,
    ) -> list[SearchHit]:
        """Quotes and/or comments matching all the words of ``query``.

        With ``where="both"``, quotes come first, then comments; ``limit`` and ``offset``
        page through that one list.
        """
        words = re.findall(r"\w+", query)
        if not words:
            return []
        tables = [t for t in ("quotes", "comments") if where in ("both", t)]
        if speaker is not None:
            tables = [t for t in tables if t == "quotes"]
        hits: list[SearchHit] = []
        for table in tables:
            kind = "quote" if table == "quotes" else "comment"
            who = "speaker" if table == "quotes" else "author"
            rows = self._rows(table, f"t.{who}", limit, offset, words=words, speaker=speaker)
            hits += [SearchHit(kind, int(r[0]), r[1], r[3], r[4]) for r in rows]
            if where == "both" and table == "quotes":
                # comments continue the list where the quotes end
                skipped = self._count(table, words=words, speaker=speaker) if offset else 0
                offset = max(0, offset - skipped)
                limit -= len(rows)
                if limit <= 0:
                    break
        return hits

    def quotes(
        self,
        *,
        speaker: str | None = None,
        query: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[QuoteRow]:
        """Quotes, in the order they were stored: by a speaker (a part of the name, any case)
        and/or containing all the words of ``query``."""
        words = re.findall(r"\w+", query) if query else None
        if query is not None and not words:
            return []
        rows = self._rows(
            "quotes", "t.speaker, t.kind", limit, offset, words=words, speaker=speaker
        )
        return [QuoteRow(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]

    def comments(
        self,
        *,
        min_toxicity: float | None = None,
        author: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[CommentRow]:
        """Comments, in the order they were stored: at least this toxic and/or by this
        author (the exact name)."""
        rows = self._rows(
            "comments",
            "t.author, t.reply_to, t.toxicity, t.sentiment",
            limit,
            offset,
            min_toxicity=min_toxicity,
            author=author,
        )
        return [
            CommentRow(int(r[0]), r[1], r[2], r[3], r[4], r[7], _round(r[5]), _round(r[6]))
            for r in rows
        ]

    def _where(
        self,
        table: str,
        words: list[str] | None = None,
        speaker: str | None = None,
        min_toxicity: float | None = None,
        author: str | None = None,
    ) -> tuple[str, dict[str, Any]]:
        """The WHERE clause over ``table t`` and its parameters (never any value in the SQL)."""
        clauses = ["1 = 1"]
        params: dict[str, Any] = {}
        if words:
            if self.is_sqlite:
                params["q"] = " ".join('"' + w.replace('"', "") + '"' for w in words)
                fts = f"{table}_fts"
                clauses.append(f"t.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH :q)")
            else:
                params["q"] = " ".join(words)
                clauses.append("t.tsv @@ plainto_tsquery('english', :q)")
        if speaker:
            params["speaker"] = f"%{speaker.casefold()}%"
            clauses.append("lower(t.speaker) LIKE :speaker")
        if min_toxicity is not None:
            params["min_toxicity"] = min_toxicity
            clauses.append("t.toxicity >= :min_toxicity")
        if author is not None:
            params["author"] = author
            clauses.append("t.author = :author")
        return " AND ".join(clauses), params

    def _rows(self, table: str, columns: str, limit: int, offset: int, **where: Any) -> list[Any]:
        """page_id, headline, local_id, ``columns``..., text of the matching rows of ``table``."""
        clause, params = self._where(table, **where)
        sql = (
            f"SELECT t.page_id, p.headline, t.local_id, {columns}, t.text FROM {table} t "
            f"JOIN pages p ON p.id = t.page_id WHERE {clause} "
            "ORDER BY t.id LIMIT :limit OFFSET :offset"
        )
        params.update(limit=limit, offset=offset)
        with self.engine.connect() as conn:
            return list(conn.execute(text(sql), params).all())

    def _count(self, table: str, **where: Any) -> int:
        clause, params = self._where(table, **where)
        with self.engine.connect() as conn:
            found = conn.execute(text(f"SELECT count(*) FROM {table} t WHERE {clause}"), params)
            return int(found.scalar() or 0)

    def pages(self, *, limit: int = 50, offset: int = 0) -> list[PageRow]:
        """Stored pages, newest first."""
        p = s.pages.c
        query = (
            select(p.id, p.headline, p.url, p.source_id, p.date, p.n_quotes, p.n_comments)
            .order_by(p.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            return [PageRow(*row) for row in conn.execute(query).all()]

    def toxicity_histogram(self, bins: int = 10) -> list[int]:
        """How many scored comments fall in each of ``bins`` equal bands of toxicity."""
        tox = s.comments.c.toxicity
        edges = [i / bins for i in range(bins + 1)]
        edges[-1] = 2.0  # a score of exactly 1 falls in the last band
        query = select(
            *[func.sum(case(((tox >= lo) & (tox < hi), 1), else_=0)) for lo, hi in pairwise(edges)]
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).one()
        return [int(n or 0) for n in row]

    def people(self, *, by: str = "quoted", limit: int = 20, offset: int = 0) -> list[PersonRow]:
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
            .where(quoted.c.n.is_not(None) if by == "quoted" else targeted.c.n.is_not(None))
            .order_by(order.desc(), s.people.c.name)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [PersonRow(r[0], int(r[1]), int(r[2]), int(r[3]), _round(r[4])) for r in rows]

    def commenters(
        self, *, by: str = "comments", limit: int = 20, offset: int = 0
    ) -> list[CommenterRow]:
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
            .offset(offset)
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


def load_aliases(path: str | Path) -> dict[str, str]:
    """Person aliases from a JSON object ``{"other name": "stored name", ...}`` or a CSV
    file of ``alias,name`` rows (a header row naming those two columns is skipped).

    Raises:
        StoreError: the file cannot be read or is not of that shape.
    """
    import csv

    path = Path(path)
    hint = 'write {"alias": "name", ...} as JSON, or alias,name rows as CSV'
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise StoreError(f"cannot read aliases {path}: {err}", hint) from err
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw)
        except ValueError as err:
            raise StoreError(f"aliases {path} is not JSON: {err}", hint) from err
        pairs = list(data.items()) if isinstance(data, dict) else None
    else:
        rows = [r for r in csv.reader(raw.splitlines()) if any(c.strip() for c in r)]
        if rows and [c.strip().lower() for c in rows[0]] == ["alias", "name"]:
            rows = rows[1:]
        pairs = [(r[0], r[1]) for r in rows] if all(len(r) == 2 for r in rows) else None
    if pairs is None or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in pairs
    ):
        raise StoreError(f"aliases {path} must map names to names", hint)
    return {k.strip(): v.strip() for k, v in pairs}


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def _round(value: Any) -> float | None:
    return round(float(value), 3) if value is not None else None


def _no_nul(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
) -> tuple[str, Any]:
    """PostgreSQL text cannot hold NUL: each becomes U+FFFD (one character for one, so
    stored offsets still match the page text)."""
    return statement, _clean(parameters)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


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
