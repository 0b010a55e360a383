"""Readers turn files, folders and stdin into decoded pages (``PageInput``)."""

from presslens.readers.text import (
    STDIN,
    PageInput,
    decode_bytes,
    expand_paths,
    iter_inputs,
    normalize_newlines,
    read_path,
)

__all__ = [
    "STDIN",
    "PageInput",
    "decode_bytes",
    "expand_paths",
    "iter_inputs",
    "normalize_newlines",
    "read_path",
]
