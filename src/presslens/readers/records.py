"""Read corpora of pages stored as rows: CSV/TSV, JSON lines and Parquet, compressed or not.

Everything streams: a CSV or JSONL file is read line by line through its decompressor
(gzip, bz2, xz or zstd, chosen by the file ending), a Parquet file batch by batch, so a
corpus of millions of rows never sits in memory. A row that cannot be used (malformed
JSON, no text, a text that is not a string) yields an ``InputError`` naming its position
and the rest go on.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from presslens.errors import EmptyInputError, InputError, InputTooLargeError
from presslens.model import Source
from presslens.options import Options
from presslens.readers.text import PageInput, normalize_newlines

#: File endings (after any compression ending) and the record format they hold.
RECORD_FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
COMPRESSIONS = (".gz", ".bz2", ".xz", ".zst")


@dataclass(frozen=True, slots=True)
class Columns:
    """Which fields of a row hold what. Only ``text`` is required.

    With ``title``, the page is the title, a blank line, then the text (so the title is
    read as the headline).
    """

    text: str = "text"
    title: str | None = None
    id: str | None = None
    url: str | None = None
    date: str | None = None


def record_format(path: str | Path) -> str | None:
    """``csv``, ``tsv``, ``jsonl`` or ``parquet`` from a file name, else None."""
    name = Path(path).name.lower()
    for ending in COMPRESSIONS:
        name = name.removesuffix(ending)
    return RECORD_FORMATS.get(Path(name).suffix)


def _open_text(path: Path) -> IO[str]:
    """The file as text, through its decompressor; the caller closes it."""
    name = path.name.lower()
    raw: Any
    # ruff's SIM115 wants context managers: the returned wrapper closes these files.
    if name.endswith(".gz"):
        raw = gzip.open(path, "rb")  # noqa: SIM115
    elif name.endswith(".bz2"):
        raw = bz2.open(path, "rb")  # noqa: SIM115
    elif name.endswith(".xz"):
        raw = lzma.open(path, "rb")  # noqa: SIM115
    elif name.endswith(".zst"):
        import zstandard

        raw = zstandard.ZstdDecompressor().stream_reader(open(path, "rb"), closefd=True)  # noqa: SIM115
    else:
        raw = open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


def count_records(path: str | Path) -> int | None:
    """How many rows ``path`` holds (for a progress bar's total), or None if it cannot tell.

    Parquet answers from its metadata; CSV/TSV and JSON lines are read once through
    their decompressor (a CSV row may span lines, so lines are not counted).
    """
    path = Path(path)
    fmt = record_format(path)
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
        if fmt is None:
            return None
        with _open_text(path) as handle:
            if fmt == "jsonl":
                return sum(1 for line in handle if line.strip())
            csv.field_size_limit(sys.maxsize)
            rows = csv.reader(handle, delimiter="\t" if fmt == "tsv" else ",")
            return max(0, sum(1 for _ in rows) - 1)  # less the header
    except Exception:  # the real read reports what is wrong, row by row
        return None


def _rows(path: Path, fmt: str) -> Iterator[tuple[int, Mapping[str, Any] | InputError]]:
    """(position, row) pairs; the position is the line (JSONL) or row number (CSV, Parquet)."""
    label = str(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        number = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
            for row in batch.to_pylist():
                number += 1
                yield number, row
        return
    with _open_text(path) as handle:
        if fmt == "jsonl":
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    yield (
                        number,
                        InputError(
                            f"{label}:{number}",
                            f"invalid JSON ({err.msg})",
                            "fix or remove the line",
                        ),
                    )
                    continue
                if not isinstance(row, dict):
                    yield (
                        number,
                        InputError(
                            f"{label}:{number}", "not a JSON object", "each line must be {...}"
                        ),
                    )
                    continue
                yield number, row
            return
        csv.field_size_limit(sys.maxsize)
        reader = csv.DictReader(handle, delimiter="\t" if fmt == "tsv" else ",")
        try:
            for number, row in enumerate(reader, start=1):
                if None in row:  # more fields than the header names
                    yield (
                        number,
                        InputError(
                            f"{label}:row {number}", "more fields than the header", "check quoting"
                        ),
                    )
                    continue
                yield number, row
        except csv.Error as err:
            yield (
                reader.line_num,
                InputError(
                    f"{label}:line {reader.line_num}", f"malformed CSV ({err})", "check quoting"
                ),
            )


def _page(
    row: Mapping[str, Any],
    columns: Columns,
    where: tuple[Path, int, str],
    fmt: str,
    options: Options,
) -> PageInput:
    path, number, label = where
    if columns.text not in row:
        known = ", ".join(sorted(str(k) for k in row)[:8])
        raise InputError(
            label, f"no column {columns.text!r}", f"choose one with --text-column ({known})"
        )
    text = row[columns.text]
    if not isinstance(text, str):
        raise InputError(label, f"{columns.text!r} is not text", "check the column mapping")
    title = row.get(columns.title) if columns.title else None
    if isinstance(title, str) and title.strip():
        text = f"{title.strip()}\n\n{text}"
    text = normalize_newlines(text.lstrip("\ufeff"))
    if not text.strip():
        raise EmptyInputError(label, "no text to analyse", "rows with empty text are skipped")
    if len(text.encode("utf-8", errors="replace")) > options.max_bytes:
        raise InputTooLargeError(label, "over the size limit", "raise it with --max-bytes")
    ident = row.get(columns.id) if columns.id else None
    url = row.get(columns.url) if columns.url else None
    date = row.get(columns.date) if columns.date else None
    return PageInput(
        Source(
            format=fmt,
            path=str(path),
            id=str(ident) if ident is not None else f"{path.name}#{number}",
            url=str(url) if url else None,
            date=str(date) if date else None,
        ),
        text,
    )


def iter_records(
    path: str | Path,
    columns: Columns | None = None,
    options: Options | None = None,
    fmt: str | None = None,
) -> Iterator[PageInput | InputError]:
    """Pages from a corpus file, one per row, in order; bad rows yield their error."""
    path = Path(path)
    columns = columns or Columns()
    options = options or Options()
    fmt = fmt or record_format(path)
    if fmt is None:
        yield InputError(str(path), "unknown corpus format", "use .csv, .tsv, .jsonl or .parquet")
        return
    if not path.is_file():
        yield InputError(str(path), "no such file", "check the path")
        return
    for number, row in _rows(path, fmt):
        if isinstance(row, InputError):
            yield row
            continue
        label = f"{path}:{'line' if fmt == 'jsonl' else 'row'} {number}"
        try:
            yield _page(row, columns, (path, number, label), fmt, options)
        except InputError as err:
            yield err
