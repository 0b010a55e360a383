from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import app
from presslens.schema import validate_analysis

from .conftest import EXAMPLE

runner = CliRunner()


def test_text_report_of_the_example() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Council Approves Harbour Bridge Toll Despite Protests" in out
    for name in ("Helen Okafor", "David Brennan", "Priya Raman", "gus_the_ferryman"):
        assert name in out
    assert "anonymous" in out
    assert "Reader reaction" in out
    assert "Helen Okafor — quoted 3 times; targeted by 2 comments" in out


def test_json_output_follows_the_schema() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate_analysis(data)
    assert data["article"]["headline"].startswith("Council Approves")
    assert len(data["comments"]) == 6


def test_jsonl_many_inputs_in_order_with_a_bad_one_reported(tmp_path: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text("A short page about nothing.\n\nIt has two paragraphs and no comments.\n")
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out = tmp_path / "out.jsonl"
    args = ["analyze", str(EXAMPLE), str(bad), str(second), "-f", "jsonl", "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "broken.txt" in result.stderr and "PNG" in result.stderr
    lines = out.read_text().splitlines()
    assert len(lines) == 2
    first, last = (json.loads(line) for line in lines)
    assert first["source"]["path"].endswith("harbour-vote.txt")
    assert last["source"]["path"].endswith("second.txt")
    assert last["comments"] == []
    for doc in (first, last):
        validate_analysis(doc)


def test_json_many_inputs_is_an_array(tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Rain is expected all week.\n\nFarmers welcomed the news.\n")
    result = runner.invoke(app, ["analyze", str(EXAMPLE), str(other), "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [len(d["comments"]) for d in data] == [6, 0]


def test_stdin_input() -> None:
    page = "Storm Closes Coastal Road\n\nHigh winds closed the coastal road on Friday.\n"
    result = runner.invoke(app, ["analyze", "-", "-f", "json"], input=page)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["article"]["headline"] == "Storm Closes Coastal Road"


def test_only_bad_inputs_exit_2_with_one_line_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["analyze", str(empty), str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert "empty.txt" in errors[0] and "missing.txt" in errors[1]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["analyze", "{example}", "{example}", "-f", "html"], 2, "--format jsonl"),
        (["analyze", "{tmp}"], 2, "no input files"),
        (["analyze", "{example}", "-o", "{tmp}/no/such/dir/out.txt"], 4, "cannot write"),
        (["analyze", "{example}", "--max-bytes", "10"], 2, "--max-bytes"),
    ],
)
def test_usage_and_output_errors(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    filled = [a.format(example=EXAMPLE, tmp=tmp_path) for a in args]
    result = runner.invoke(app, filled)
    assert result.exit_code == code
    assert message in result.stderr


def test_html_and_markdown_outputs(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert html.lstrip().lower().startswith("<!doctype html")
    assert "gus_the_ferryman" in html
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "-f", "markdown"])
    assert result.exit_code == 0
    assert result.stdout.startswith("# Council Approves")


def test_score_command_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        '{"text": "You are a pathetic idiot and a liar", "id": "a"}',
        "{not json",
        '{"id": "no-text"}',
        "",
        '{"text": "Thank you for a careful, fair article.", "id": "b"}',
    ]
    source = tmp_path / "comments.jsonl"
    source.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["score", str(source), "--input", "json", "-q"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5]
    assert [("error" in r) for r in records] == [False, True, True, True, False]
    assert records[0]["id"] == "a" and records[4]["id"] == "b"
    assert records[0]["scores"]["toxicity"] > 0.5 > records[4]["scores"]["toxicity"]


def test_score_reads_plain_lines_from_stdin_and_explains() -> None:
    result = runner.invoke(
        app, ["score", "-", "--explain", "-q"], input="what a moron\nlovely weather\n"
    )
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert any(span["text"] == "moron" for span in first["spans"])
    assert second["spans"] == []


def test_score_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_every_command_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"command {name} has no help text"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
    assert "Exit codes" in runner.invoke(app, ["--help"]).output
