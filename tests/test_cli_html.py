"""The CLI on HTML pages: reports show the article with its thread, as for a text page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from typer.testing import CliRunner

from presslens.cli import app
from presslens.schema import validate_analysis

from ._http import local_server

FIXTURES = Path(__file__).parent / "segment" / "fixtures" / "html"
WORDPRESS = FIXTURES / "wordpress.html"

runner = CliRunner()


def test_html_report_of_an_html_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["analyze", str(WORDPRESS), "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = out.read_text(encoding="utf-8")
    assert "Ferry timetable cut leaves islanders stranded" in report
    assert "Harbour master Colin Abernethy said" in report
    for author in ("Morag Tulloch", "Colin A.", "skerry_dave"):
        assert author in report
    assert "Three crossings is not a service, it is a gesture." in report
    assert "comment-respond" not in report and "Leave a Reply" not in report


def test_json_of_an_html_page_follows_the_schema() -> None:
    result = runner.invoke(app, ["analyze", str(WORDPRESS), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    validate_analysis(data)
    assert data["source"]["format"] == "html"
    assert data["article"]["headline"] == "Ferry timetable cut leaves islanders stranded"
    comments = data["comments"]
    assert [(c["author"], c["reply_to"]) for c in comments] == [
        ("Morag Tulloch", None),
        ("Colin A.", comments[0]["id"]),
        ("skerry_dave", None),
    ]
    for c in comments:
        assert data["text"][c["start"] : c["end"]] == c["text"]


def test_disqus_page_reports_the_warning() -> None:
    result = runner.invoke(app, ["analyze", str(FIXTURES / "disqus.html"), "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["comments"] == []
    assert any("loaded by script (Disqus)" in w for w in data["warnings"])


def test_text_report_shows_the_thread() -> None:
    result = runner.invoke(app, ["analyze", str(FIXTURES / "blocks.html")])
    assert result.exit_code == 0, result.output
    assert "Library to open on Sundays" in result.output
    assert "Beatrix K" in result.output and "R. Osei" in result.output


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    handler = partial(SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    with local_server(handler) as url:
        yield url


def test_urls_on_the_command_line(site: str) -> None:
    args = ["analyze", f"{site}/says.html", f"{site}/nothing.html", "-f", "jsonl", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "HTTP 404" in errors[0] and "nothing.html" in errors[0]
    (line,) = result.stdout.splitlines()
    data = json.loads(line)
    assert data["source"] == {"format": "html", "url": f"{site}/says.html", "encoding": "utf-8"}
    assert [c["author"] for c in data["comments"]] == [
        "Harriet Vane",
        "Olu",
        "Ines Calloway",
        "M. Brodie",
    ]


def test_html_on_stdin_and_as_a_string() -> None:
    import presslens

    html = (FIXTURES / "blogger.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["analyze", "-", "-f", "json"], input=html)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"]["format"] == "html"
    assert [c["author"] for c in data["comments"]] == ["Rosalind", "Anonymous", "Ed Marsh"]
    analysis = presslens.analyze(html)
    assert analysis.source.format == "html"
    assert [c.author for c in analysis.comments] == ["Rosalind", "Anonymous", "Ed Marsh"]
