from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from presslens.cli import app

from .corpus import write_corpus

runner = CliRunner()


def test_ingest_then_ask_questions(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", 4)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    args = ["ingest", str(corpus), "--db", db, "--title-column", "title", "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "4 added, 0 already stored, 0 failed" in result.stdout

    result = runner.invoke(app, ["search", "budget", "--db", db, "--in", "quotes", "--json"])
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) == 4 and {h["who"] for h in hits} == {"Ruth Ames"}

    result = runner.invoke(app, ["people", "--db", db, "--json"])
    assert json.loads(result.stdout.splitlines()[0])["name"] == "Ruth Ames"
    result = runner.invoke(app, ["people", "--db", db, "--by", "targeted"])
    assert result.exit_code == 0 and "targeted by" in result.stdout

    result = runner.invoke(app, ["commenters", "--db", db, "--by", "toxic"])
    assert result.exit_code == 0 and "night_owl" in result.stdout

    out = tmp_path / "quotes.csv"
    result = runner.invoke(app, ["export", "quotes", "-o", str(out), "-f", "csv", "--db", db])
    assert result.exit_code == 0 and "12 quotes rows" in result.stdout
    assert out.read_text().startswith("id,page_id,local_id,kind")


def test_ingest_reports_failures_and_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"no_text": 1}\n')
    db = f"sqlite:///{tmp_path / 'b.db'}"
    result = runner.invoke(app, ["ingest", str(bad), "--db", db, "-q"])
    assert result.exit_code == 2
    assert "--text-column" in result.stderr
    result = runner.invoke(app, ["search", "x", "--db", "nosuchdialect://x"])
    assert result.exit_code == 5 and "sqlite:///" in result.stderr
