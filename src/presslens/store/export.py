"""Export a store's tables to JSON lines, CSV or Parquet, streaming rows in batches."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from presslens.store import schema
from presslens.store.db import Store, chunks

#: Export kinds and the table each reads.
KINDS: dict[str, str] = {
    "pages": "pages",
    "quotes": "quotes",
    "comments": "comments",
    "people": "people",
    "targets": "comment_targets",
}
FORMATS = ("jsonl", "csv", "parquet")


def _arrow_schema(table: str) -> Any:
    """The Arrow schema of a table, from its SQLAlchemy column types."""
    import pyarrow as pa
    from sqlalchemy import Float, Integer

    fields = []
    for column in schema.metadata.tables[table].columns:
        if isinstance(column.type, Integer):
            kind = pa.int64()
        elif isinstance(column.type, Float):
            kind = pa.float64()
        else:
            kind = pa.string()
        fields.append(pa.field(column.name, kind))
    return pa.schema(fields)


def pa_table(rows: list[dict[str, Any]], arrow_schema: Any) -> Any:
    import pyarrow as pa

    return pa.Table.from_pylist(rows, schema=arrow_schema)


def export(store: Store, kind: str, fmt: str, path: Path, batch: int = 2000) -> int:
    """Write every row of ``kind`` to ``path`` in ``fmt``; returns the number of rows."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    rows = store.iter_table(KINDS[kind], batch=batch)
    count = 0
    if fmt == "parquet":
        import pyarrow.parquet as pq

        schema = _arrow_schema(KINDS[kind])
        with pq.ParquetWriter(path, schema) as writer:
            for group in chunks(rows, batch):
                writer.write_table(pa_table(group, schema))
                count += len(group)
        return count
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
            return count
        writer_csv: csv.DictWriter[str] | None = None
        for row in rows:
            if writer_csv is None:
                writer_csv = csv.DictWriter(handle, fieldnames=list(row))
                writer_csv.writeheader()
            writer_csv.writerow(row)
            count += 1
    return count
