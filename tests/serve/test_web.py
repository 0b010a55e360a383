"""The web pages, read as HTML: what they show, and that reader text stays inert."""

from __future__ import annotations

import lxml.html
import pytest
from fastapi.testclient import TestClient

from presslens.model import Analysis

from .conftest import HOSTILE

PAGES = (
    "/",
    "/pages",
    "/pages/{example}",
    "/pages/{hostile}",
    "/search?q=disgrace",
    "/analyze",
    "/docs",
)


def urls(stored: dict[str, int]) -> list[str]:
    return [p.format(**stored) for p in PAGES]


def test_every_page_renders_without_inline_script_or_style(
    client: TestClient, stored: dict[str, int]
) -> None:
    for url in urls(stored):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/html")
        tree = lxml.html.fromstring(response.text)
        for script in tree.iter("script"):
            assert script.get("src", "").startswith("/static/"), url  # no inline script
            assert not (script.text or "").strip(), url
        assert not tree.xpath("//style"), url  # the CSP allows no inline <style>
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            attributes = {name.lower() for name in element.attrib}
            assert not {a for a in attributes if a.startswith("on")}, (url, element.tag)
            assert "style" not in attributes, (url, element.tag)
        for link in tree.xpath("//link[@rel='stylesheet']/@href | //img/@src"):
            assert link.startswith("/static/"), (url, link)  # nothing from a CDN


def test_hostile_text_is_escaped(client: TestClient, stored: dict[str, int]) -> None:
    html = client.get(f"/pages/{stored['hostile']}").text
    tree = lxml.html.fromstring(html)
    assert not tree.xpath("//script[not(@src)]")
    assert not tree.xpath("//img[@onerror] | //svg[@onload] | //b[@onmouseover]")
    assert not tree.xpath("//a[starts-with(@href, 'javascript:')]")
    text = tree.text_content()
    for payload in HOSTILE:
        assert payload in text  # shown as the reader wrote it, as text
    assert "&lt;script&gt;" in html
    search = client.get("/search", params={"q": '"><script>alert(9)</script>'}).text
    assert "<script>alert(9)" not in search


def test_article_view(client: TestClient, stored: dict[str, int], example: Analysis) -> None:
    tree = lxml.html.fromstring(client.get(f"/pages/{stored['example']}").text)
    assert tree.xpath("string(//h1)").strip() == example.article.headline
    marks = tree.xpath("//mark[contains(@class, 'q')]")
    assert len({m.get("data-quotes") for m in marks}) >= len(example.quotes) - 1
    speakers = tree.xpath("//section[@class='speakers']//li//span[@class='who']/text()")
    assert set(speakers) == {q.speaker.name or "unknown speaker" for q in example.quotes}
    comments = tree.xpath("//li[contains(@class, 'comment')]")
    assert len(comments) == len(example.comments)
    assert tree.xpath("//ol[@class='replies']")  # the thread is a tree
    assert tree.xpath("//span[contains(@class, 'badge')]")
    assert tree.xpath("//section[@class='reactions']//li")


def test_corpus_view(client: TestClient) -> None:
    tree = lxml.html.fromstring(client.get("/").text)
    tiles = dict(
        zip(
            tree.xpath("//ul[@class='tiles']//span[@class='tile-label']/text()"),
            tree.xpath("//ul[@class='tiles']//span[@class='tile-n']/text()"),
            strict=True,
        )
    )
    assert tiles["pages"] == "2"
    quoted = tree.xpath("//section[@aria-labelledby='quoted-h']//tbody/tr/td[1]//text()")
    assert quoted and "David Brennan" in quoted
    targeted = tree.xpath("//section[@aria-labelledby='targeted-h']//tbody/tr/td[1]/text()")
    assert "Lee Park" in targeted
    bars = tree.xpath("//svg[contains(@class, 'chart')]//rect")
    assert len(bars) == 10
    assert tree.xpath("//section[@aria-labelledby='commenters-h']//td[@class='author']/text()")
    assert tree.xpath("//form[@role='search']//input[@name='q']")


def test_paste_form(client: TestClient) -> None:
    page = (
        "Harbour board delays the ferry contract\n\n"
        'Board chair Ruth Adeyemi said the contract would wait. "We need more bids," '
        "Adeyemi said.\n\nThe ferry operator declined to comment.\n"
    )
    response = client.post("/analyze", data={"content": page, "kind": "auto"})
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.text)
    assert "not stored" in tree.xpath("string(//p[@class='notice'])")
    assert tree.xpath("string(//h1)").strip() == "Harbour board delays the ferry contract"
    assert "Ruth Adeyemi" in tree.xpath("//span[@class='who']/text()")
    empty = client.post("/analyze", data={"content": "   ", "kind": "text"})
    assert empty.status_code == 422
    assert lxml.html.fromstring(empty.text).xpath("//p[@class='error']")


@pytest.mark.parametrize("offset", ["-5", "0"])
def test_pages_list(client: TestClient, offset: str) -> None:
    response = client.get("/pages", params={"offset": offset})
    assert response.status_code == 200
    assert len(lxml.html.fromstring(response.text).xpath("//table[@class='pages']//tbody/tr")) == 2


def test_corpus_view_skips_campaigns_on_big_corpora(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from presslens.serve import web

    monkeypatch.setattr(web, "CAMPAIGN_VIEW_MAX_COMMENTS", 3)
    tree = lxml.html.fromstring(client.get("/").text)
    note = tree.xpath("string(//section[@aria-labelledby='campaigns-h']//p[@class='empty'])")
    assert "presslens campaigns" in note
