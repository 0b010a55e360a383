"""``presslens serve`` builds the app from its options and hands it to uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from presslens.cli import app
from presslens.serve import ServeSettings, app_from_env


@pytest.fixture()
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    import uvicorn

    seen: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: seen.append((target, kw)))
    for name in ServeSettings().to_env():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("PRESSLENS_API_KEY", raising=False)
    return seen


def test_one_worker_gets_the_app(calls: list[Any], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    result = CliRunner().invoke(app, ["serve", "--db", db, "--port", "8123", "--read-only"])
    # --read-only on a database with no tables is refused before uvicorn starts
    assert result.exit_code == 5
    assert "ingest a corpus first" in result.output
    assert calls == []
    result = CliRunner().invoke(app, ["serve", "--db", db, "--port", "8123"])
    assert result.exit_code == 0, result.output
    ((target, kwargs),) = calls
    assert target.title == "presslens"
    assert kwargs["port"] == 8123 and kwargs["host"] == "127.0.0.1"
    assert kwargs["workers"] == 1 and not kwargs["factory"]


def test_workers_build_their_own_app_from_the_environment(
    calls: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = f"sqlite:///{tmp_path / 'b.db'}"
    monkeypatch.setenv("PRESSLENS_API_KEY", "k")
    result = CliRunner().invoke(
        app, ["serve", "--db", db, "--workers", "2", "--max-body-bytes", "65536"]
    )
    assert result.exit_code == 0, result.output
    ((target, kwargs),) = calls
    assert target == "presslens.serve:app_from_env" and kwargs["factory"]
    settings = ServeSettings.from_env()
    assert settings.db == db and settings.api_key == "k"
    assert settings.max_body_bytes == 65536 and not settings.read_only
    assert app_from_env().title == "presslens"
    for name in ServeSettings().to_env():
        os.environ.pop(name, None)


def test_a_bad_database_url_is_one_line(calls: list[Any]) -> None:
    result = CliRunner().invoke(app, ["serve", "--db", "nosuchdb://x"])
    assert result.exit_code == 5
    assert "cannot open database" in result.output
    assert len(result.output.strip().splitlines()) == 1
