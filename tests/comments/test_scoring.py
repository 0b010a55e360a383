"""score_records: one record per input line, in order, errors in place."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

import pytest

from presslens.comments import score_records
from presslens.model import SCORE_ATTRIBUTES

RUDE = "You are a pathetic idiot and a moron."
KIND = "Thanks, this was a helpful article."


def lines_of(*records: object) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r) for r in records]


def test_plain_lines_keep_order_and_flag_empty_and_huge_lines() -> None:
    lines = [f"{KIND}\n", "\n", f"{RUDE}\r\n", "   ", "y" * 200, "last one"]
    out = list(score_records(lines, json_lines=False, batch_size=2, max_line_chars=100))
    assert [r["line"] for r in out] == [1, 2, 3, 4, 5, 6]
    assert out[1] == {"line": 2, "error": "empty line"}
    assert out[3] == {"line": 4, "error": "empty line"}
    assert out[4]["error"] == "line is 200 characters long, over the 100 limit"
    assert set(out[0]["scores"]) == set(SCORE_ATTRIBUTES)
    assert out[2]["scores"]["toxicity"] > out[0]["scores"]["toxicity"]
    assert "text" not in out[0]


def test_json_lines_errors_are_one_line_records_in_place() -> None:
    lines = lines_of(
        {"id": "a", "text": KIND},
        "{not json",
        {"id": "c"},
        {"id": "d", "text": 42},
        "[1, 2]",
        {"id": "f", "text": "  "},
        "",
        {"id": "h", "text": RUDE, "lang": "en"},
    )
    out = list(score_records(lines, json_lines=True, batch_size=3))
    assert [r["line"] for r in out] == list(range(1, 9))
    errors = {r["line"]: r["error"] for r in out if "error" in r}
    assert set(errors) == {2, 3, 4, 5, 6, 7}
    assert errors[2].startswith("invalid JSON: ")
    assert errors[3] == 'no "text" key'
    assert errors[4] == '"text" is int, not a string'
    assert errors[5] == "JSON line is list, not an object"
    assert errors[6] == '"text" is empty'
    assert errors[7] == "empty line"
    for reason in errors.values():
        assert "\n" not in reason
    assert out[0]["id"] == "a" and "scores" in out[0]
    assert out[7]["id"] == "h" and out[7]["lang"] == "en"
    assert set(out[1]) == {"line", "error"}


def test_reserved_keys_are_not_passed_through() -> None:
    out = list(score_records(lines_of({"text": KIND, "line": 99, "scores": "x"}), json_lines=True))
    assert out[0]["line"] == 1 and isinstance(out[0]["scores"], dict)


def test_mode_is_detected_from_the_first_non_blank_line() -> None:
    as_json = list(score_records(["", json.dumps({"text": KIND, "id": 1})]))
    assert as_json[0]["error"] == "empty line" and as_json[1]["id"] == 1
    plain = list(score_records([KIND, '{"text": "looks like json"}']))
    assert "scores" in plain[1] and "id" not in plain[1]


def test_batch_size_does_not_change_the_output() -> None:
    lines = [KIND, "", RUDE, "x" * 30, KIND, RUDE, ""] * 3
    base = list(score_records(lines, json_lines=False, batch_size=100, max_line_chars=20))
    for size in (1, 2, 5):
        assert (
            list(score_records(lines, json_lines=False, batch_size=size, max_line_chars=20)) == base
        )
    with pytest.raises(ValueError, match="batch_size"):
        list(score_records(lines, batch_size=0))


def test_streams_without_reading_everything() -> None:
    def endless() -> Iterator[str]:
        for i in itertools.count():
            yield KIND if i % 3 else ""

    first = list(itertools.islice(score_records(endless(), json_lines=False, batch_size=8), 20))
    assert [r["line"] for r in first] == list(range(1, 21))


def test_explain_adds_spans_that_match_the_text() -> None:
    out = list(score_records([RUDE, KIND], json_lines=False, explain=True))
    assert out[0]["spans"] and out[1]["spans"] == []
    for span in out[0]["spans"]:
        assert RUDE[span["start"] : span["end"]] == span["text"]
