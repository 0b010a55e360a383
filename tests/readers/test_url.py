"""Fetching URLs: never the network; httpx's MockTransport or a server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from presslens import __version__
from presslens.errors import BinaryInputError, FetchError, InputTooLargeError
from presslens.options import Options
from presslens.readers import fetch_url, is_url, iter_inputs, read_path, read_url
from presslens.readers.url import MAX_REDIRECTS

from .._http import local_server

FIXTURES = Path(__file__).parents[1] / "segment" / "fixtures" / "html"
PAGE = (FIXTURES / "wordpress.html").read_bytes()


def test_is_url() -> None:
    assert is_url("https://example.org/a") and is_url("HTTP://x.test/")
    assert not is_url("page.html") and not is_url("ftp://x/y") and not is_url("-")


def test_user_agent_and_html_page() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})

    page = read_url("https://news.test/ferry", transport=httpx.MockTransport(handle))
    assert seen[0].headers["user-agent"] == (
        f"presslens/{__version__} (+https://github.com/presslens)"
    )
    assert page.source.format == "html" and page.source.url == "https://news.test/ferry"
    assert page.source.path is None
    assert page.segments is not None and len(page.segments.comments) == 3


def test_redirects_are_followed_and_capped() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        step = int(request.url.path.strip("/") or 0)
        if request.url.host == "ok.test" and step >= 2:
            return httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})
        return httpx.Response(302, headers={"location": f"/{step + 1}"})

    page = read_url("https://ok.test/0", transport=httpx.MockTransport(handle))
    assert page.source.url == "https://ok.test/2"
    with pytest.raises(FetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch_url("https://loop.test/0", transport=httpx.MockTransport(handle))


@pytest.mark.parametrize(
    ("status", "words"),
    [(404, "HTTP 404 Not Found: check the URL"), (403, "refuses"), (503, "try again later")],
)
def test_http_errors_are_one_line_with_advice(status: int, words: str) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status))
    with pytest.raises(FetchError, match=words) as info:
        read_url("https://news.test/x", transport=transport)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("https://news.test/x: HTTP")


def test_offline_and_timeouts() -> None:
    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match=r"cannot connect .*network connection"):
        fetch_url("https://news.test/", transport=httpx.MockTransport(offline))
    with pytest.raises(FetchError, match="no answer within"):
        fetch_url("https://news.test/", transport=httpx.MockTransport(slow))


def test_size_limit_by_header_and_by_stream() -> None:
    big = b"<html><body>" + b"<p>words words</p>" * 2000 + b"</body></html>"

    def declared(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=big, headers={"content-type": "text/html"})

    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([big[:5000], big[5000:]]))

    for handle in (declared, streamed):
        with pytest.raises(InputTooLargeError, match="--max-bytes"):
            fetch_url(
                "https://news.test/",
                Options(max_bytes=10_000),
                transport=httpx.MockTransport(handle),
            )


def test_plain_text_and_binary_responses() -> None:
    text = httpx.MockTransport(
        lambda r: httpx.Response(
            200,
            content="Caf\u00e9 news\n\nA paragraph.".encode("cp1252"),
            headers={"content-type": "text/plain; charset=windows-1252"},
        )
    )
    page = read_url("https://news.test/a.txt", transport=text)
    assert page.source.format == "text" and page.text.startswith("Caf\u00e9 news")
    image = httpx.MockTransport(
        lambda r: httpx.Response(200, content=b"\x89PNG\r\n", headers={"content-type": "image/png"})
    )
    with pytest.raises(BinaryInputError, match="image/png"):
        read_url("https://news.test/a.png", transport=image)


def test_charset_from_the_server_header() -> None:
    body = (
        "<html><head><title>x</title></head><body><article><h1>Na\u00efve</h1><p>"
        + ("The caf\u00e9 re-opened on Monday with a new menu and longer hours. " * 3)
        + "</p></article></body></html>"
    )
    transport = httpx.MockTransport(
        lambda r: httpx.Response(
            200,
            content=body.encode("cp1252"),
            headers={"content-type": "text/html; charset=cp1252"},
        )
    )
    page = read_url("https://news.test/", transport=transport)
    assert page.source.encoding == "cp1252" and "caf\u00e9" in page.text


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/page.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/page.html")
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with local_server(_Handler) as url:
        yield url


def test_read_path_fetches_from_a_local_server(server: str) -> None:
    page = read_path(f"{server}/moved")
    assert page.source.url == f"{server}/page.html"
    assert page.segments is not None
    assert [c.author for c in page.segments.comments] == [
        "Morag Tulloch",
        "Colin A.",
        "skerry_dave",
    ]


def test_iter_inputs_keeps_going_after_a_bad_url(server: str) -> None:
    results = list(iter_inputs([f"{server}/missing", f"{server}/page.html"]))
    assert isinstance(results[0], FetchError) and "HTTP 404" in str(results[0])
    assert not isinstance(results[1], FetchError) and results[1].source.format == "html"


def test_connection_refused_is_a_clear_error() -> None:
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        read_path(f"http://127.0.0.1:{port}/page.html")
