from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from presslens.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
)
from presslens.options import Options
from presslens.readers import decode_bytes, expand_paths, iter_inputs, read_path

PAGE = "Café owners say “no”\r\n\r\nThe mayor’s plan — costly.\r\nOld line\rend\n"
EXPECTED = "Café owners say “no”\n\nThe mayor’s plan — costly.\nOld line\nend\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PAGE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + PAGE.encode("utf-8"), "utf-8-sig"),
        (PAGE.encode("utf-16"), "utf-16"),
        (PAGE.encode("utf-16-le"), "utf-16-le"),
        (PAGE.encode("utf-16-be"), "utf-16-be"),
        (PAGE.encode("utf-32"), "utf-32"),
        (PAGE.encode("cp1252"), "cp1252"),
    ],
)
def test_decodes_common_encodings_and_normalises_newlines(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data, "page.txt")
    assert text == EXPECTED
    assert found == encoding


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    text, found = decode_bytes("Ab\x81cd é".encode("latin-1"), "x.txt")
    assert found == "latin-1"
    assert text.endswith("é")


def test_forced_encoding_wins_and_wrong_one_is_a_clear_error() -> None:
    text, _ = decode_bytes("naïve".encode("cp1252"), "x", Options(encoding="cp1252"))
    assert text == "naïve"
    with pytest.raises(DecodeError, match="--encoding"):
        decode_bytes("naïve".encode("cp1252"), "x", Options(encoding="utf-8"))


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t", codecs.BOM_UTF8])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="no text"):
        decode_bytes(data, "empty.txt")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\x1f\x8b\x08\x00abc", "gzip"),
        (b"text\x00with\x00nulls\x01\x02" * 3, "zero bytes"),
        (bytes(range(1, 9)) * 40, "control characters"),
    ],
)
def test_binary_input_is_refused_with_what_it_is(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInputError, match=what) as info:
        decode_bytes(data, "blob.bin")
    assert "blob.bin" in str(info.value)
    assert "\n" not in str(info.value)


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(InputTooLargeError, match="--max-bytes"):
        read_path(big, Options(max_bytes=50))
    assert read_path(big, Options(max_bytes=1000)).text.startswith("word")


def test_missing_file_and_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_path(tmp_path)


def test_folder_expansion_is_recursive_sorted_and_by_extension(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    for name in ["b/2.txt", "a.txt", "c.TXT", "skip.json", "b/3.text"]:
        (tmp_path / name).write_text("x")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])]
    assert found == ["a.txt", "b/2.txt", "b/3.text", "c.TXT"]


def test_iter_inputs_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text("First page.")
    (tmp_path / "2.txt").write_bytes(b"")
    (tmp_path / "3.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "4.txt").write_text("Last page.")
    results = list(iter_inputs([str(tmp_path)]))
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["PageInput", "EmptyInputError", "BinaryInputError", "PageInput"]
    last = results[-1]
    assert not isinstance(last, InputError)
    assert last.text == "Last page."
    assert last.source.path is not None and last.source.path.endswith("4.txt")
