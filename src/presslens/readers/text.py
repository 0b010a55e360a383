"""Read pages from files, folders and stdin, decoding their bytes to text.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32) wins; then UTF-16 without a
mark when the bytes show its pattern of zero bytes; then strict UTF-8; then Windows-1252,
the encoding of most legacy Western pages; then Latin-1, which decodes any byte.
Line endings are normalised to ``\\n`` and a BOM is dropped, so every offset presslens
reports points into the text it returns.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from presslens.errors import (
    BinaryInputError,
    DecodeError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
)
from presslens.model import Source
from presslens.options import Options
from presslens.segment.text import PageSegments

STDIN = "-"

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures of common binary formats people point a text tool at by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ", "an xz-compressed file"),
    (b"\x28\xb5\x2f\xfd", "a zstd-compressed file"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
)

# C0 control characters other than tab, newline, form feed and carriage return.
_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


@dataclass(frozen=True, slots=True)
class PageInput:
    """A page read from somewhere: its source and its decoded text.

    A reader that knows the page's structure (HTML, with its DOM) passes it as
    ``segments``, whose offsets point into ``text``; otherwise presslens segments the
    plain text itself.
    """

    source: Source
    text: str
    segments: PageSegments | None = None
    warnings: tuple[str, ...] = ()


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when zero bytes sit in every other position, else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def _binary_kind(data: bytes) -> str | None:
    """A description of the binary format of ``data``, or None if it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    sample = data[:8192]
    if b"\x00" in sample:
        return "binary data (it contains zero bytes)"
    controls = sum(1 for byte in sample if byte in _CONTROL)
    if controls > max(8, len(sample) // 100):
        return "binary data (it is full of control characters)"
    return None


def decode_bytes(data: bytes, source: str, options: Options | None = None) -> tuple[str, str]:
    """Decode a page's bytes; returns ``(text, encoding)`` with newlines normalised.

    Raises:
        EmptyInputError, BinaryInputError, InputTooLargeError, DecodeError.
    """
    options = options or Options()
    if len(data) > options.max_bytes:
        raise InputTooLargeError(
            source,
            f"{len(data):,} bytes is over the limit of {options.max_bytes:,}",
            "raise it with --max-bytes if this really is one page",
        )
    encoding = options.encoding or _detect_encoding(data, source)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise DecodeError(
            source,
            f"cannot decode as {encoding} ({err.__class__.__name__})",
            "pass the right one with --encoding, e.g. --encoding cp1252",
        ) from err
    text = normalize_newlines(text.lstrip("\ufeff"))
    if not text.strip():
        raise EmptyInputError(source, "no text to analyse", "check the file is the page you meant")
    return text, encoding


def _detect_encoding(data: bytes, source: str) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    utf16 = _looks_utf16(data)
    if utf16:
        return utf16
    if not data.strip():
        raise EmptyInputError(source, "no text to analyse", "check the file is the page you meant")
    kind = _binary_kind(data)
    if kind:
        raise BinaryInputError(
            source, f"this is {kind}, not a text page", "give presslens a text or HTML file"
        )
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _read_limited(stream: BinaryIO, limit: int) -> bytes:
    """Read at most ``limit + 1`` bytes, enough to know the input is over the limit."""
    return stream.read(limit + 1)


def read_path(path: str | os.PathLike[str], options: Options | None = None) -> PageInput:
    """Read one page from a file path, an http(s) URL, or stdin when ``path`` is ``"-"``.

    HTML (by its name or its first bytes) goes to ``readers.html``, URLs to
    ``readers.url``; everything else is read as plain text.
    """
    # Imported here: both readers build on this module.
    from presslens.readers.html import has_html_suffix, looks_like_html, read_html
    from presslens.readers.url import is_url, read_url

    options = options or Options()
    name = os.fspath(path)
    if is_url(name):
        return read_url(name, options)
    if name == STDIN:
        data = _read_limited(sys.stdin.buffer, options.max_bytes)
        label = "<stdin>"
    else:
        label = name
        try:
            size = os.path.getsize(name)
            if size > options.max_bytes:
                raise InputTooLargeError(
                    label,
                    f"{size:,} bytes is over the limit of {options.max_bytes:,}",
                    "raise it with --max-bytes if this really is one page",
                )
            with open(name, "rb") as handle:
                data = _read_limited(handle, options.max_bytes)
        except IsADirectoryError as err:
            raise InputError(label, "is a folder", "pass its files, or the folder itself") from err
        except FileNotFoundError as err:
            raise InputError(label, "no such file", "check the path") from err
        except PermissionError as err:
            raise InputError(label, "permission denied", "check the file's permissions") from err
    if has_html_suffix(label) or looks_like_html(data):
        return read_html(data, Source(format="html", path=label), options)
    text, encoding = decode_bytes(data, label, options)
    return PageInput(Source(format="text", path=label, encoding=encoding), text)


def expand_paths(args: Iterable[str], options: Options | None = None) -> Iterator[str]:
    """Expand folders (recursively, by ``options.extensions``) into sorted file paths."""
    options = options or Options()
    suffixes = tuple(s.lower() for s in options.extensions)
    for arg in args:
        if arg != STDIN and os.path.isdir(arg):
            found = sorted(
                str(p)
                for p in Path(arg).rglob("*")
                if p.is_file() and p.name.lower().endswith(suffixes)
            )
            yield from found
        else:
            yield arg


def iter_inputs(
    args: Iterable[str], options: Options | None = None
) -> Iterator[PageInput | InputError]:
    """Read each path in turn; a page that cannot be read yields its error and the rest go on."""
    options = options or Options()
    for path in expand_paths(args, options):
        try:
            yield read_path(path, options)
        except InputError as err:
            yield err
