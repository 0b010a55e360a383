from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from presslens.errors import EmptyInputError, InputError
from presslens.readers.records import Columns, count_records, iter_records, record_format
from presslens.readers.text import PageInput

ROWS = [
    {"id": "a1", "title": "Dam Opens", "text": "The dam opened.\n\nReaders cheered.", "label": 0},
    {"id": "a2", "title": "", "text": "Second page, no title.", "label": 1},
]


def _csv(rows: list[dict[str, object]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _pages(path: Path, columns: Columns | None = None) -> list[PageInput | InputError]:
    return list(iter_records(path, columns or Columns(title="title", id="id")))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("x.csv", "csv"),
        ("x.tsv.gz", "tsv"),
        ("x.jsonl.zst", "jsonl"),
        ("x.ndjson.bz2", "jsonl"),
        ("x.parquet", "parquet"),
        ("x.txt", None),
    ],
)
def test_record_format(name: str, fmt: str | None) -> None:
    assert record_format(name) == fmt


def test_csv_with_title_and_id_columns(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(_csv(ROWS))
    first, second = _pages(path)
    assert isinstance(first, PageInput) and isinstance(second, PageInput)
    assert first.text == "Dam Opens\n\nThe dam opened.\n\nReaders cheered."
    assert first.source.id == "a1" and first.source.format == "csv"
    assert second.text == "Second page, no title."


@pytest.mark.parametrize(
    ("suffix", "compress"),
    [
        ("", lambda b: b),
        (".gz", gzip.compress),
        (".bz2", bz2.compress),
        (".xz", lzma.compress),
        (".zst", lambda b: zstandard.ZstdCompressor().compress(b)),
    ],
)
def test_jsonl_in_every_compression(tmp_path: Path, suffix: str, compress: object) -> None:
    data = "".join(json.dumps(r) + "\n" for r in ROWS).encode()
    path = tmp_path / f"news.jsonl{suffix}"
    path.write_bytes(compress(data))  # type: ignore[operator]
    pages = _pages(path)
    assert [p.source.id for p in pages if isinstance(p, PageInput)] == ["a1", "a2"]
    assert count_records(path) == 2


def test_parquet(tmp_path: Path) -> None:
    path = tmp_path / "news.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), path)
    pages = _pages(path)
    assert [p.text[:9] for p in pages if isinstance(p, PageInput)] == ["Dam Opens", "Second pa"]
    assert count_records(path) == 2


def test_count_records_counts_rows_not_lines(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(_csv(ROWS))  # the first row's text spans several lines
    assert path.read_text().count("\n") > 3
    assert count_records(path) == len(ROWS) == 2
    assert count_records(tmp_path / "missing.csv") is None
    assert count_records(tmp_path / "notes.txt") is None


def test_bad_rows_are_reported_with_their_position_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"text": "Good one."}\n'
        "{not json\n"
        "[1, 2]\n"
        '{"body": "wrong column"}\n'
        '{"text": 42}\n'
        '{"text": "   "}\n'
        '{"text": "Good two."}\n'
    )
    results = list(iter_records(path))
    good = [r.text for r in results if isinstance(r, PageInput)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert good == ["Good one.", "Good two."]
    assert len(errors) == 5
    assert ":2" in str(errors[0]) and "invalid JSON" in str(errors[0])
    assert "--text-column" in str(errors[2]) and "body" in str(errors[2])
    assert isinstance(errors[4], EmptyInputError)


def test_csv_with_extra_fields_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('id,text\n1,"fine"\n2,"too",many\n3,"also fine"\n')
    results = list(iter_records(path))
    assert [type(r).__name__ for r in results] == ["PageInput", "InputError", "PageInput"]
    assert "row 2" in str(results[1])


def test_custom_text_column_and_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("body,url\nHello there.,https://example.org/a\n")
    (page,) = iter_records(path, Columns(text="body", url="url"))
    assert isinstance(page, PageInput) and page.source.url == "https://example.org/a"
    (error,) = iter_records(tmp_path / "x.docx")
    assert isinstance(error, InputError) and "unknown corpus format" in str(error)
