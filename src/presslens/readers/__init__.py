"""Readers turn files, folders, URLs and stdin into decoded pages (``PageInput``).

Plain text is read by ``readers.text``, HTML (by name or content) by ``readers.html``,
which also segments it from its DOM, and http(s) URLs are fetched by ``readers.url``.
"""

from presslens.readers.html import decode_html, looks_like_html, read_html
from presslens.readers.text import (
    STDIN,
    PageInput,
    decode_bytes,
    expand_paths,
    iter_inputs,
    normalize_newlines,
    read_path,
)
from presslens.readers.url import fetch_url, is_url, read_url

__all__ = [
    "STDIN",
    "PageInput",
    "decode_bytes",
    "decode_html",
    "expand_paths",
    "fetch_url",
    "is_url",
    "iter_inputs",
    "looks_like_html",
    "normalize_newlines",
    "read_html",
    "read_path",
    "read_url",
]
