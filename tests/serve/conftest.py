"""An app on a fresh SQLite database, with the bundled example and a hostile page stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from presslens import analyze
from presslens.model import Analysis
from presslens.serve import ServeSettings, create_app
from presslens.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "harbour-vote.txt"

#: Markup a reader might post to break a page; it must come out as inert text.
HOSTILE = (
    '<script>window.__xss = 1; alert("xss")</script>',
    '<img src=x onerror="window.__xss = 2">',
    '<a href="javascript:window.__xss = 3">click me</a>',
    '"><svg onload="window.__xss = 4">',
)


def hostile_page() -> str:
    """A page whose headline, article and comments carry script and event-handler markup."""
    comments = "\n\n".join(
        f"{name}\n\n{payload} Mayor Lee Park is a corrupt idiot and a disgrace."
        for name, payload in zip(
            ("rex_the_troll", "Mina", "rex_the_troll", "Mina"), HOSTILE, strict=True
        )
    )
    return (
        "Council <b onmouseover=alert(1)>votes</b> on the harbour plan\n\n"
        'Mayor Lee Park said the plan was "ready <script>alert(2)</script> for a vote".\n\n'
        "The council will meet again next month to look at the costs.\n\n" + comments
    )


@pytest.fixture(scope="session")
def example() -> Analysis:
    return analyze(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'serve.db'}"


@pytest.fixture()
def stored(db_url: str, example: Analysis) -> dict[str, int]:
    """The example and the hostile page in the database; their page ids."""
    store = Store(db_url)
    run = store.start_run("test", {})
    ids = {"example": store.add(example, run), "hostile": store.add(analyze(hostile_page()), run)}
    assert all(ids.values())
    return {k: int(v) for k, v in ids.items() if v is not None}


@pytest.fixture()
def client(db_url: str, stored: dict[str, int]) -> Iterator[TestClient]:
    with TestClient(create_app(ServeSettings(db=db_url))) as test_client:
        yield test_client
