"""The JSON API: analyse, store, list, search; keys, read-only mode, limits, headers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from presslens.errors import PresslensError
from presslens.model import Analysis
from presslens.schema import validate_analysis
from presslens.serve import ServeSettings, create_app
from presslens.store import Store

from .conftest import EXAMPLE

PAGE = """Harbour board delays the ferry contract

Board chair Ruth Adeyemi said the contract would wait. "We need more bids," Adeyemi said.

The ferry operator declined to comment.
"""


def test_analyze_text_matches_the_library(client: TestClient, example: Analysis) -> None:
    response = client.post("/v1/analyze", json={"text": EXAMPLE.read_text(encoding="utf-8")})
    assert response.status_code == 200
    data = response.json()
    validate_analysis(data)
    assert data["article"]["headline"] == example.article.headline
    assert [q["content"]["text"] for q in data["quotes"]] == [
        q.content.text for q in example.quotes
    ]
    assert [c["author"] for c in data["comments"]] == [c.author for c in example.comments]


def test_analyze_html_as_json_and_as_a_raw_body(client: TestClient) -> None:
    html = (
        "<html><head><title>Ferry contract waits</title></head><body><article>"
        "<h1>Ferry contract waits</h1><p>Board chair Ruth Adeyemi said the contract would wait "
        "until spring, after a long meeting at the harbour office on Tuesday night.</p>"
        "<p>&ldquo;We need more bids,&rdquo; Adeyemi said. The ferry operator declined to "
        "comment on the delay or on the cost of the new boats.</p></article></body></html>"
    )
    as_json = client.post("/v1/analyze", json={"html": html, "url": "https://example.org/f"})
    raw = client.post("/v1/analyze", content=html, headers={"content-type": "text/html"})
    for response in (as_json, raw):
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["source"]["format"] == "html"
        assert "We need more bids" in data["text"]
    assert as_json.json()["source"]["url"] == "https://example.org/f"


@pytest.mark.parametrize("content", ["/etc/hostname", "https://127.0.0.1:9/page"])
def test_posted_text_is_never_read_as_a_path_or_fetched(client: TestClient, content: str) -> None:
    data = client.post("/v1/analyze", json={"text": content}).json()
    assert data["text"] == content
    assert data["source"]["format"] == "text"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": "a", "html": "<p>a</p>"}, 422),
        ({"words": "a"}, 422),
        ({"text": 5}, 422),
        ({"text": "   \n "}, 422),
        (["text"], 400),
    ],
)
def test_bad_analyze_requests(client: TestClient, body: object, status: int) -> None:
    response = client.post("/v1/analyze", json=body)
    assert response.status_code == status
    assert response.json()["detail"]


def test_store_then_read_back(client: TestClient) -> None:
    response = client.post("/v1/analyze", params={"store": "true"}, json={"text": PAGE, "id": "f1"})
    assert response.status_code == 201
    location = response.headers["location"]
    stored = client.get(location).json()
    assert stored == response.json()
    again = client.post("/v1/analyze", params={"store": "true"}, json={"text": PAGE, "id": "f1"})
    assert again.status_code == 200 and again.headers["location"] == location
    assert client.get("/v1/pages/999999").status_code == 404


def test_pagination_walks_every_page(client: TestClient) -> None:
    for n in range(3):
        client.post("/v1/analyze", params={"store": "true"}, json={"text": PAGE + f"\nNote {n}."})
    seen: list[int] = []
    url: str | None = "/v1/pages?limit=2"
    while url:
        data = client.get(url).json()
        assert len(data["items"]) <= 2
        seen += [item["id"] for item in data["items"]]
        url = data["next"]
    assert len(seen) == 5 and len(set(seen)) == 5
    assert seen == sorted(seen, reverse=True)
    assert client.get("/v1/pages?limit=0").status_code == 422
    assert client.get("/v1/pages?limit=100000").status_code == 422


def test_corpus_queries(client: TestClient, example: Analysis, stored: dict[str, int]) -> None:
    speaker = next(q.speaker.name for q in example.quotes if q.speaker.name)
    quotes = client.get("/v1/quotes", params={"speaker": speaker.split()[-1].upper()}).json()
    assert quotes["items"] and all(speaker == q["speaker"] for q in quotes["items"])
    word = max(quotes["items"][0]["text"].split(), key=len).strip('.,"“”')
    found = client.get("/v1/quotes", params={"q": word}).json()["items"]
    assert any(word.lower() in q["text"].lower() for q in found)
    toxic = client.get("/v1/comments", params={"min_toxicity": 0.5}).json()["items"]
    assert toxic and all(c["toxicity"] >= 0.5 for c in toxic)
    assert any(c["page_id"] == stored["hostile"] for c in toxic)
    by_mina = client.get("/v1/comments", params={"author": "Mina"}).json()["items"]
    assert len(by_mina) == 2 and {c["author"] for c in by_mina} == {"Mina"}
    targeted = client.get("/v1/people", params={"by": "targeted"}).json()["items"]
    park = next(p for p in targeted if p["name"] == "Lee Park")
    assert park["targeted_by"] >= 3 and park["mean_polarity"] < 0
    hits = client.get("/v1/search", params={"q": "disgrace", "in": "comments"}).json()["items"]
    assert len(hits) == 4 and {h["kind"] for h in hits} == {"comment"}
    assert client.get("/v1/search").status_code == 422
    commenters = client.get("/v1/commenters").json()["items"]
    assert {c["author"] for c in commenters} >= {"Mina"}
    assert client.get("/v1/people?by=loudest").status_code == 422


def test_api_key_guards_writes_only(db_url: str, stored: dict[str, int]) -> None:
    settings = ServeSettings(db=db_url, api_key="s3cret")
    with TestClient(create_app(settings)) as client:
        write = {"params": {"store": "true"}, "json": {"text": PAGE}}
        assert client.post("/v1/analyze", **write).status_code == 401
        bad = client.post("/v1/analyze", headers={"x-api-key": "guess"}, **write)
        assert bad.status_code == 401 and "API key" in bad.json()["detail"]
        good = client.post("/v1/analyze", headers={"x-api-key": "s3cret"}, **write)
        assert good.status_code == 201
        bearer = client.post(
            "/v1/analyze",
            headers={"authorization": "Bearer s3cret"},
            params={"store": "true"},
            json={"text": PAGE + "\nMore."},
        )
        assert bearer.status_code == 201
        assert client.post("/v1/analyze", json={"text": PAGE}).status_code == 200
        assert client.get("/v1/pages").status_code == 200


def test_read_only_mode(db_url: str, stored: dict[str, int], tmp_path: Path) -> None:
    before = Store(db_url).count("pages")
    with TestClient(create_app(ServeSettings(db=db_url, read_only=True))) as client:
        response = client.post("/v1/analyze", params={"store": "true"}, json={"text": PAGE})
        assert response.status_code == 403
        assert client.get("/v1/pages").json()["items"]
        assert client.get("/healthz").json()["read_only"] is True
    assert Store(db_url).count("pages") == before
    with pytest.raises(PresslensError, match="no presslens tables"):
        create_app(ServeSettings(db=f"sqlite:///{tmp_path / 'empty.db'}", read_only=True))


def test_body_and_text_limits(db_url: str, stored: dict[str, int]) -> None:
    settings = ServeSettings(db=db_url, max_body_bytes=4096, max_text_chars=1000)
    with TestClient(create_app(settings)) as client:
        big = client.post("/v1/analyze", json={"text": "word " * 2000})
        assert big.status_code == 413 and "--max-body-bytes" in big.json()["detail"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            yield b'{"text": "'
            for _ in range(100):
                yield b"word " * 20
            yield b'"}'

        streamed = client.post(
            "/v1/analyze", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413
        long_text = client.post("/v1/analyze", json={"text": "word " * 300})
        assert long_text.status_code == 413 and "characters" in long_text.json()["detail"]
        assert client.post("/v1/analyze", json={"text": PAGE}).status_code == 200


def test_security_headers_everywhere(client: TestClient) -> None:
    for url in ("/", "/v1/pages", "/healthz", "/static/presslens.css", "/nowhere"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/v1/analyze",
        "/v1/pages",
        "/v1/pages/{page_id}",
        "/v1/quotes",
        "/v1/people",
        "/v1/comments",
        "/v1/search",
        "/v1alpha1/comments:analyze",
    ):
        assert path in paths
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_models_are_loaded_at_start_and_once(client: TestClient) -> None:
    from presslens.comments.toxicity import load_toxicity_model
    from presslens.nlp.loader import load_nlp

    assert load_nlp.cache_info().currsize >= 1  # loaded by the app's startup
    assert load_toxicity_model.cache_info().currsize == 1
    before = (load_nlp.cache_info().misses, load_toxicity_model.cache_info().misses)
    for n in range(3):
        assert client.post("/v1/analyze", json={"text": PAGE + f"\n{n}"}).status_code == 200
        body = {"comment": {"text": f"hello {n}"}, "requestedAttributes": {"TOXICITY": {}}}
        assert client.post("/v1alpha1/comments:analyze", json=body).status_code == 200
    assert (load_nlp.cache_info().misses, load_toxicity_model.cache_info().misses) == before
