"""The database schema (SQLAlchemy Core): one row per page and per thing found on it.

People are merged across pages by a key made from their canonical name (see
``person_key``); every page keeps its own local ids (``p1``, ``q3``, ``c7``) too, so a
stored page can be turned back into its ``Analysis``, which is kept whole as JSON.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

#: Every change to these tables comes with an Alembic migration in ``store/migrations``.
metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started", String(32), nullable=False),
    Column("finished", String(32)),
    Column("status", String(16), nullable=False),  # running | done | interrupted
    Column("source", Text, nullable=False),
    Column("settings", Text, nullable=False),  # JSON
    Column("pages_added", Integer, nullable=False, default=0),
    Column("pages_skipped", Integer, nullable=False, default=0),
    Column("pages_failed", Integer, nullable=False, default=0),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("item", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("source_path", Text),
    Column("source_id", Text),
    Column("url", Text),
    Column("format", String(16), nullable=False),
    Column("date", String(64)),
    Column("headline", Text),
    Column("article_chars", Integer, nullable=False),
    Column("n_quotes", Integer, nullable=False),
    Column("n_comments", Integer, nullable=False),
    Column("analysis", Text, nullable=False),  # the whole Analysis as JSON
)

people = Table(
    "people",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(255), nullable=False, unique=True),
    Column("name", Text, nullable=False),
)

page_people = Table(
    "page_people",
    metadata,
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True),
    Column("local_id", String(16), primary_key=True),
    Column("person_id", Integer, ForeignKey("people.id"), nullable=False, index=True),
    Column("roles", Text, nullable=False),  # JSON list
    Column("mentions", Integer, nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("person_id", Integer, ForeignKey("people.id"), index=True),
    Column("speaker", Text),
    Column("cue", Text),
    Column("via", Text),
    Column("confidence", Float, nullable=False),
    Index("ix_quotes_page", "page_id"),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("page_id", Integer, ForeignKey("pages.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String(16), nullable=False),
    Column("author", Text, index=True),
    Column("reply_to", String(16)),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("toxicity", Float),
    Column("severe_toxicity", Float),
    Column("insult", Float),
    Column("identity_attack", Float),
    Column("threat", Float),
    Column("profanity", Float),
    Column("sentiment", Float),
    Index("ix_comments_page", "page_id"),
)

comment_targets = Table(
    "comment_targets",
    metadata,
    Column("comment_id", Integer, ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", Integer, ForeignKey("people.id"), index=True),
    Column("entity", Text),
    Column("name", Text, nullable=False),
    Column("polarity", Float, nullable=False),
    Index("ix_targets_comment", "comment_id"),
)


def person_key(name: str) -> str:
    """How people are merged across pages: their canonical name, case- and space-folded."""
    return " ".join(name.casefold().replace(".", "").split())
