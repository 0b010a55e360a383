"""Browser tests: Playwright drives Debian's chromium against a real server on 127.0.0.1.

They skip when chromium or Playwright is missing, except under CI (CI=true), where they
must run. Screenshots go to PRESSLENS_SCREENSHOTS (a folder) when it is set, else to the
test's temporary folder; ``docs/screenshots/`` holds the ones made that way.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from presslens.serve import ServeSettings, create_app

from .conftest import HOSTILE

CHROMIUM = os.environ.get("PRESSLENS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Root user, no GPU, and no background connections (this network is closed to them).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _need_browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    missing = sync_playwright is None or not Path(CHROMIUM).exists()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "browser tests need playwright and chromium under CI (.ci/run installs them)"
            )
        pytest.skip("playwright or chromium is not installed")
    return sync_playwright


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server on a free port of 127.0.0.1, serving a stored corpus."""
    import uvicorn

    from presslens import analyze
    from presslens.store import Store

    from ..store.corpus import page as synthetic_page
    from .conftest import EXAMPLE, hostile_page

    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'web.db'}"
    store = Store(url)
    run = store.start_run("test", {})
    store.add(analyze(EXAMPLE.read_text(encoding="utf-8")), run)
    store.add(analyze(hostile_page()), run)
    # a dozen more small pages, so the corpus view has people, commenters and campaigns
    for number in range(12):
        row = synthetic_page(number)
        store.add(analyze(f"{row['title']} {number}\n\n{row['text']}"), run)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        create_app(ServeSettings(db=url)), host="127.0.0.1", port=port, log_level="warning"
    )
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not instance.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = _need_browser()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.problems = []  # console errors, failed requests, CSP violations, dialogs
    tab.on("console", lambda m: m.type == "error" and tab.problems.append(m.text))
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))
    tab.on("requestfailed", lambda r: tab.problems.append(f"failed {r.url}"))
    tab.on("dialog", lambda d: (tab.problems.append(f"dialog {d.message}"), d.dismiss()))
    yield tab
    context.close()


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PRESSLENS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_article_view(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(f"{server}/pages/1")
    assert page.locator("h1").first.inner_text().startswith("Council Approves")
    marks = page.locator("mark.q")
    assert marks.count() >= 5
    colours = {
        marks.nth(i).evaluate("m => getComputedStyle(m).backgroundColor")
        for i in range(marks.count())
    }
    assert len(colours) >= 3  # one colour per speaker, applied by the served stylesheet
    assert page.locator(".speakers .who").count() >= 3
    assert page.locator(".comments li.comment").count() == 6
    assert page.locator(".comments ol.replies li.comment").count() >= 1
    assert page.locator(".badge").count() == 6
    assert page.locator(".reactions li").count() >= 1
    page.locator(".speakers details").first.click()
    assert page.locator(".speakers details").first.evaluate("d => d.open")
    page.screenshot(path=str(shots(tmp_path) / "article.png"), full_page=True)
    assert page.problems == []


def test_corpus_view(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(server)
    assert page.locator(".tiles li").count() == 4
    assert page.locator("svg.chart rect.bar").count() == 10
    assert page.get_by_text("Most quoted").is_visible()
    assert page.locator("section[aria-labelledby='targeted-h'] tbody tr").count() >= 3
    assert page.locator("ol.campaigns li").count() >= 1
    page.screenshot(path=str(shots(tmp_path) / "corpus.png"), full_page=True)
    page.fill("nav input[name=q]", "bridge")
    page.press("nav input[name=q]", "Enter")
    page.wait_for_url("**/search?q=bridge*")
    assert page.locator("ol.hits li").count() >= 1
    assert page.problems == []


def test_paste_form(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(f"{server}/analyze")
    page.fill(
        "textarea[name=content]",
        "Ferry contract waits for spring\n\n"
        'Board chair Ruth Adeyemi said the contract would wait. "We need more bids," '
        "Adeyemi said.\n\nThe ferry operator declined to comment.\n",
    )
    page.screenshot(path=str(shots(tmp_path) / "analyze-form.png"))
    page.click("form.paste button[type=submit]")
    page.wait_for_selector("mark.q")
    assert page.locator("h1").first.inner_text() == "Ferry contract waits for spring"
    assert "Ruth Adeyemi" in page.locator(".speakers .who").all_inner_texts()
    assert page.problems == []


def test_hostile_comments_stay_inert(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(f"{server}/pages/2")
    page.wait_for_load_state("load")
    for link in page.locator("a").all():
        assert not (link.get_attribute("href") or "").startswith("javascript:")
    page.locator(".comments .card").first.hover()
    page.locator("h1").hover()  # the headline carried an onmouseover handler
    assert page.evaluate("() => window.__xss") is None
    text = page.locator(".comments").inner_text()
    for payload in HOSTILE:
        assert payload in text
    assert page.locator(".comments script, .comments img, .comments svg").count() == 0
    assert not [p for p in page.problems if p.startswith("dialog")]
    page.screenshot(path=str(shots(tmp_path) / "hostile.png"), full_page=True)


def test_api_docs_page_loads_without_a_cdn(server: str, page: Any) -> None:
    page.goto(f"{server}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 8
    assert not [p for p in page.problems if "Content Security Policy" in p or "failed" in p]
