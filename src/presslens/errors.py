"""The presslens exception hierarchy.

::

    PresslensError              base class; ``str(err)`` is a one-line message that says what to do
    ├── InputError              a page could not be read; ``err.source`` names it
    │   ├── EmptyInputError     nothing (or only whitespace) to analyse
    │   ├── BinaryInputError    the bytes are not text (an image, a PDF, an archive, ...)
    │   ├── InputTooLargeError  bigger than ``Options.max_bytes``
    │   ├── DecodeError         no text encoding fits the bytes
    │   └── FetchError          a URL could not be fetched (offline, HTTP error, timeout)
    ├── ModelNotFoundError      the spaCy English pipeline is not installed
    └── OutputError             a result could not be written

The CLI prints ``str(err)`` on one line and exits with ``err.exit_code``.
"""

from __future__ import annotations


class PresslensError(Exception):
    """Base class of every error presslens raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message}: {hint}" if hint else message)


class InputError(PresslensError):
    """A page could not be read."""

    exit_code = 2

    def __init__(self, source: str, message: str, hint: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}", hint)


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary data, not text."""


class InputTooLargeError(InputError):
    """The input is over the size limit."""


class DecodeError(InputError):
    """The input's bytes fit no text encoding presslens knows."""


class FetchError(InputError):
    """A URL could not be fetched: no connection, a timeout, an HTTP error status."""


class ModelNotFoundError(PresslensError):
    """The spaCy English pipeline is missing."""

    exit_code = 3


class OutputError(PresslensError):
    """A result could not be written."""

    exit_code = 4
