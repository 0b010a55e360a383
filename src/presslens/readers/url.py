"""Fetch pages from http(s) URLs with httpx.

One GET per URL, with a clear User-Agent, connect and read timeouts, at most
``MAX_REDIRECTS`` redirects, and the body read in chunks that stop at
``Options.max_bytes`` (a server that lies about, or omits, its Content-Length cannot make
presslens read more). Every failure is a ``FetchError`` whose message says what happened
and what to do, on one line.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from presslens.errors import BinaryInputError, FetchError, InputTooLargeError
from presslens.model import Source
from presslens.options import Options
from presslens.readers.html import codec_name, looks_like_html, read_html
from presslens.readers.text import PageInput, decode_bytes

USER_AGENT = "presslens/{version} (+https://github.com/presslens)"
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 20.0
CONNECT_SECONDS = 10.0
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SAVE_HINT = "or save the page from a browser and pass the file"


def is_url(value: str) -> bool:
    """Whether ``value`` is an http(s) URL presslens fetches."""
    return value[:8].lower().startswith(("http://", "https://"))


def user_agent() -> str:
    from presslens import __version__

    return USER_AGENT.format(version=__version__)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched page: where it ended up (after redirects), its bytes and content type."""

    url: str
    content: bytes
    media_type: str | None
    charset: str | None


def fetch_url(
    url: str, options: Options | None = None, *, transport: httpx.BaseTransport | None = None
) -> Fetched:
    """GET ``url``, following up to ``MAX_REDIRECTS`` redirects.

    ``transport`` replaces the network (tests pass an ``httpx.MockTransport``).

    Raises:
        FetchError: no connection, a timeout, an HTTP error status, too many redirects.
        InputTooLargeError: the body is over ``options.max_bytes``.
    """
    options = options or Options()
    timeout = httpx.Timeout(TIMEOUT_SECONDS, connect=CONNECT_SECONDS)
    headers = {
        "User-Agent": user_agent(),
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
    }
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=timeout,
                headers=headers,
                transport=transport,
            ) as client,
            client.stream("GET", url) as response,
        ):
            _check_status(url, response)
            content = _read_limited(url, response, options.max_bytes)
            final = str(response.url)
            media_type, charset = _content_type(response.headers.get("content-type"))
    except httpx.TooManyRedirects as err:
        raise FetchError(
            url,
            f"more than {MAX_REDIRECTS} redirects",
            f"open the URL in a browser to see where it leads, {_SAVE_HINT}",
        ) from err
    except httpx.TimeoutException as err:
        raise FetchError(
            url,
            f"no answer within {TIMEOUT_SECONDS:.0f} s",
            f"try again later, {_SAVE_HINT}",
        ) from err
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.NetworkError) as err:
        raise FetchError(
            url,
            "cannot connect (offline, or the host does not exist)",
            f"check the address and your network connection, {_SAVE_HINT}",
        ) from err
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as err:
        raise FetchError(url, "not a valid web address", "check the URL") from err
    except httpx.HTTPError as err:
        raise FetchError(
            url, f"could not fetch it ({err.__class__.__name__})", f"check the URL, {_SAVE_HINT}"
        ) from err
    return Fetched(final, content, media_type, charset)


def _check_status(url: str, response: httpx.Response) -> None:
    code = response.status_code
    if code < 400:
        return
    reason = f"HTTP {code} {response.reason_phrase}".rstrip()
    if code in (401, 403, 451):
        hint = f"the site refuses the request; {_SAVE_HINT}"
    elif code in (404, 410):
        hint = "check the URL: the page is not there"
    elif code == 429:
        hint = "the site limits requests; wait and try again"
    elif code >= 500:
        hint = f"the site failed; try again later, {_SAVE_HINT}"
    else:
        hint = f"check the URL, {_SAVE_HINT}"
    raise FetchError(url, reason, hint)


def _read_limited(url: str, response: httpx.Response, limit: int) -> bytes:
    hint = "raise it with --max-bytes if this really is one page"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InputTooLargeError(
            url, f"{int(declared):,} bytes is over the limit of {limit:,}", hint
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise InputTooLargeError(url, f"more than {limit:,} bytes, the limit", hint)
        chunks.append(chunk)
    return b"".join(chunks)


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower() or None, charset


def read_url(
    url: str, options: Options | None = None, *, transport: httpx.BaseTransport | None = None
) -> PageInput:
    """Fetch ``url`` and read it as HTML (or as text when the server sends plain text).

    Raises:
        FetchError, InputError: as ``fetch_url``, and as the HTML and text readers.
    """
    options = options or Options()
    fetched = fetch_url(url, options, transport=transport)
    source = Source(format="html", url=fetched.url)
    media = fetched.media_type
    if media in _HTML_TYPES or looks_like_html(fetched.content):
        return read_html(fetched.content, source, options, charset=fetched.charset)
    if media is not None and not media.startswith("text/"):
        raise BinaryInputError(
            url,
            f"the server sent {media}, not a web page",
            "pass the URL of an HTML page or a text file",
        )
    charset = codec_name(fetched.charset) if fetched.charset else None
    text_options = options.with_(encoding=options.encoding or charset)
    text, encoding = decode_bytes(fetched.content, url, text_options)
    return PageInput(Source(format="text", url=fetched.url, encoding=encoding), text)
