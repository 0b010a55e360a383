"""Read HTML pages: recognise them, decode them, and segment them from their DOM.

Recognising: a name ending ``.html``/``.htm``/``.xhtml``, or bytes that open with
``<!doctype html``, ``<html``, an XML declaration followed by ``<html``, or that start
with a tag and hold many HTML tags early on (a saved fragment).

Decoding, in order: a byte-order mark; the charset the server sent (for URLs); the
page's own declaration (``<meta charset>``, ``<meta http-equiv="Content-Type">``, an XML
declaration) in its first 4 KiB, with ``latin-1``/``ascii`` read as Windows-1252 as
browsers do; then the sniffing of ``readers.text`` (UTF-8 when valid, else Windows-1252,
else Latin-1). A declaration the bytes contradict is dropped with a warning, never a
failure. ``--encoding`` (``Options.encoding``) overrides all of it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace

from presslens.errors import DecodeError, EmptyInputError
from presslens.model import Source
from presslens.options import Options
from presslens.readers.text import PageInput, decode_bytes, normalize_newlines
from presslens.segment.html import EmptyHtmlError, segment_html

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_PRESCAN = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
_OPENING = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>])", re.I | re.S
)
_XML_HTML = re.compile(
    rb"^\s*<\?xml[^>]*\?>\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)", re.I | re.S
)
_KNOWN_TAG = re.compile(
    rb"</?(?:p|div|span|a|br|li|ul|ol|table|tr|td|h[1-6]|head|body|script|style|meta|link|"
    rb"title|img|section|article|header|footer|nav|form|input|strong|em|b|i)\b",
    re.IGNORECASE,
)
_MIN_TAGS = 8
# Names browsers map to Windows-1252, which is a superset of each for printable text.
_AS_CP1252 = frozenset({"latin-1", "iso8859-1", "ascii", "us-ascii", "cp1252", "windows-1252"})


def has_html_suffix(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)


def looks_like_html(data: bytes) -> bool:
    """Whether ``data`` is an HTML page (or fragment) by its first bytes."""
    head = data[:_PRESCAN]
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[2:].decode(name, errors="ignore").encode("ascii", errors="ignore")
    head = head.removeprefix(codecs.BOM_UTF8)
    if _OPENING.match(head) or _XML_HTML.match(head):
        return True
    return head.lstrip().startswith(b"<") and len(_KNOWN_TAG.findall(head)) >= _MIN_TAGS


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first bytes, as a Python codec name."""
    head = data[:_PRESCAN]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return codec_name(match.group(1).decode("ascii", "ignore")) if match else None


def codec_name(label: str) -> str | None:
    """A Python codec for a charset label as browsers read it, or None if unknown."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in _AS_CP1252:
        return "cp1252"
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"  # a page that could say so in ASCII is not UTF-16
    return name


def decode_html(
    data: bytes, source: str, options: Options | None = None, *, charset: str | None = None
) -> tuple[str, str, tuple[str, ...]]:
    """Decode an HTML page; returns ``(text, encoding, warnings)``.

    ``charset`` is what the server declared (the HTTP ``Content-Type``), if anything.

    Raises:
        EmptyInputError, BinaryInputError, InputTooLargeError, DecodeError.
    """
    options = options or Options()
    if options.encoding or data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        text, encoding = decode_bytes(data, source, options)
        return text, encoding, ()
    warnings: list[str] = []
    for declared, where in (
        (codec_name(charset or "") if charset else None, "server"),
        (declared_charset(data), "page"),
    ):
        if declared is None:
            continue
        try:
            text, encoding = decode_bytes(data, source, options.with_(encoding=declared))
            return text, encoding, tuple(warnings)
        except DecodeError:
            mostly = _mostly_utf8(data) if declared == "utf-8" else None
            if mostly is not None:
                text, bad = mostly
                warning = f"{bad} invalid UTF-8 sequence(s) in the {where}'s UTF-8 were replaced"
                return text, "utf-8", (*warnings, warning)
            warnings.append(
                f"the {where} declares {declared} but the bytes do not decode as {declared}; "
                "the encoding was detected instead"
            )
    text, encoding = decode_bytes(data, source, options)
    return text, encoding, tuple(warnings)


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 text with a few broken sequences replaced, as browsers show it; else None."""
    text = normalize_newlines(data.decode("utf-8", errors="replace").lstrip("\ufeff"))
    bad = text.count("\ufffd")
    good = sum(1 for char in text if ord(char) > 127) - bad
    return (text, bad) if good >= 10 * bad else None


def read_html(
    data: bytes,
    source: Source,
    options: Options | None = None,
    *,
    charset: str | None = None,
) -> PageInput:
    """A page from the bytes of an HTML document: its text, segments and warnings.

    Raises:
        InputError: the bytes cannot be decoded or hold no text.
    """
    options = options or Options()
    label = source.label
    html, encoding, warnings = decode_html(data, label, options, charset=charset)
    try:
        page = segment_html(html, url=source.url, find_comments=options.find_comments)
    except EmptyHtmlError as err:
        raise EmptyInputError(
            label, "no text in this HTML page", "check it is the page you meant"
        ) from err
    if not page.text.strip():
        raise EmptyInputError(
            label,
            "no text found in this HTML page (it may be drawn by script)",
            "save the page from a browser after it has loaded, or pass its text",
        )
    return PageInput(
        replace(source, format="html", encoding=encoding),
        page.text,
        segments=page.segments,
        warnings=warnings + page.warnings,
    )
