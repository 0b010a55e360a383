"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24

The tables of presslens.store.schema at version 1, and full-text search over quotes and
comments: FTS5 tables kept in step by triggers on SQLite, a generated tsvector column
with a GIN index on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started", sa.String(length=32), nullable=False),
        sa.Column("finished", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("pages_added", sa.Integer(), nullable=False),
        sa.Column("pages_skipped", sa.Integer(), nullable=False),
        sa.Column("pages_failed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["runs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_failures_run_id"), "failures", ["run_id"], unique=False)
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("date", sa.String(length=64), nullable=True),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("article_chars", sa.Integer(), nullable=False),
        sa.Column("n_quotes", sa.Integer(), nullable=False),
        sa.Column("n_comments", sa.Integer(), nullable=False),
        sa.Column("analysis", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["runs.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=16), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("reply_to", sa.String(length=16), nullable=True),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("toxicity", sa.Float(), nullable=True),
        sa.Column("severe_toxicity", sa.Float(), nullable=True),
        sa.Column("insult", sa.Float(), nullable=True),
        sa.Column("identity_attack", sa.Float(), nullable=True),
        sa.Column("threat", sa.Float(), nullable=True),
        sa.Column("profanity", sa.Float(), nullable=True),
        sa.Column("sentiment", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_comments_author"), "comments", ["author"], unique=False)
    op.create_index("ix_comments_page", "comments", ["page_id"], unique=False)
    op.create_table(
        "page_people",
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("roles", sa.Text(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
        sa.PrimaryKeyConstraint("page_id", "local_id"),
    )
    op.create_index(op.f("ix_page_people_person_id"), "page_people", ["person_id"], unique=False)
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("local_id", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("via", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["page_id"], ["pages.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_quotes_page", "quotes", ["page_id"], unique=False)
    op.create_index(op.f("ix_quotes_person_id"), "quotes", ["person_id"], unique=False)
    op.create_table(
        "comment_targets",
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("entity", sa.Text(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("polarity", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
        ),
    )
    op.create_index(
        op.f("ix_comment_targets_person_id"), "comment_targets", ["person_id"], unique=False
    )
    op.create_index("ix_targets_comment", "comment_targets", ["comment_id"], unique=False)
    _search_indexes()


_SEARCHED = ("quotes", "comments")


def _search_indexes() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in _SEARCHED:
        if sqlite:
            op.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5"
                f"(text, content='{table}', content_rowid='id')"
            )
            op.execute(
                f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
                f"INSERT INTO {table}_fts(rowid, text) VALUES (new.id, new.text); END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
                f"INSERT INTO {table}_fts({table}_fts, rowid, text) "
                f"VALUES ('delete', old.id, old.text); END"
            )
        else:
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN tsv tsvector "
                "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED"
            )
            op.execute(f"CREATE INDEX ix_{table}_tsv ON {table} USING GIN (tsv)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in _SEARCHED:
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    op.drop_index("ix_targets_comment", table_name="comment_targets")
    op.drop_index(op.f("ix_comment_targets_person_id"), table_name="comment_targets")
    op.drop_table("comment_targets")
    op.drop_index(op.f("ix_quotes_person_id"), table_name="quotes")
    op.drop_index("ix_quotes_page", table_name="quotes")
    op.drop_table("quotes")
    op.drop_index(op.f("ix_page_people_person_id"), table_name="page_people")
    op.drop_table("page_people")
    op.drop_index("ix_comments_page", table_name="comments")
    op.drop_index(op.f("ix_comments_author"), table_name="comments")
    op.drop_table("comments")
    op.drop_table("pages")
    op.drop_index(op.f("ix_failures_run_id"), table_name="failures")
    op.drop_table("failures")
    op.drop_table("runs")
    op.drop_table("people")
