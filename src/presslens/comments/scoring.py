"""Score a stream of comments, one output record per input line, in input order.

Input is plain text (one comment per line) or JSON lines (``{"text": ..., "id": ...}``;
keys other than ``text`` are passed through). Output records are plain dicts::

    {"line": 3, "id": "c3", "scores": {"toxicity": 0.91, ...}, "spans": [...]}
    {"line": 4, "error": "invalid JSON: Expecting value (column 1)"}

``spans`` (only with ``explain=True``) are the words that drove ``toxicity`` over 0.5. A
line that cannot be scored (invalid JSON, not an object, missing or non-string ``text``,
empty, longer than ``max_line_chars``) gives an error record in its place, so the n-th
output always answers the n-th input. Lines are read and scored ``batch_size`` at a time,
so memory stays bounded however long the stream.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from presslens.comments.toxicity import ToxicityModel, load_toxicity_model

DEFAULT_BATCH_SIZE = 256
#: Longer lines are refused with an error record (a comment is rarely over a few thousand).
DEFAULT_MAX_LINE_CHARS = 100_000
#: Output keys presslens sets; input keys of the same name are not passed through.
RESERVED_KEYS = ("line", "scores", "spans", "error")


def score_records(
    lines: Iterable[str],
    *,
    json_lines: bool | None = None,
    explain: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_line_chars: int = DEFAULT_MAX_LINE_CHARS,
    model: ToxicityModel | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield one record per line of ``lines``, in order (see the module docstring).

    Args:
        lines: comments, one per item; a trailing newline is ignored.
        json_lines: True for JSON lines, False for plain text, None to decide from the first
            non-blank line (JSON when it starts with ``{``).
        explain: add ``spans`` for toxicity to each record.
        batch_size: comments scored together; also bounds how many records are held back.
        max_line_chars: longer lines give an error record.
        model: the model to use; default the shipped one (:func:`load_toxicity_model`).
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    scorer = model or load_toxicity_model()
    mode = json_lines
    pending: list[tuple[dict[str, Any], str | None]] = []  # (record so far, text to score)
    texts = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if mode is None and line.strip():
            mode = line.lstrip().startswith("{")
        record, text = _parse(number, line, bool(mode), max_line_chars)
        pending.append((record, text))
        texts += text is not None
        if texts >= batch_size or len(pending) >= 4 * batch_size:
            yield from _flush(pending, scorer, explain)
            pending, texts = [], 0
    yield from _flush(pending, scorer, explain)


def _parse(
    number: int, line: str, json_mode: bool, max_chars: int
) -> tuple[dict[str, Any], str | None]:
    """The start of the output record and the text to score (None: the record is an error)."""
    if len(line) > max_chars:
        return _error(number, f"line is {len(line)} characters long, over the {max_chars} limit")
    if not line.strip():
        return _error(number, "empty line")
    if not json_mode:
        return {"line": number}, line
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return _error(number, f"invalid JSON: {err.msg} (column {err.colno})")
    if not isinstance(obj, dict):
        return _error(number, f"JSON line is {type(obj).__name__}, not an object")
    if "text" not in obj:
        return _error(number, 'no "text" key')
    text = obj["text"]
    if not isinstance(text, str):
        return _error(number, f'"text" is {type(text).__name__}, not a string')
    if not text.strip():
        return _error(number, '"text" is empty')
    record: dict[str, Any] = {"line": number}
    record.update((k, v) for k, v in obj.items() if k != "text" and k not in RESERVED_KEYS)
    return record, text


def _error(number: int, reason: str) -> tuple[dict[str, Any], None]:
    return {"line": number, "error": reason}, None


def _flush(
    pending: list[tuple[dict[str, Any], str | None]], model: ToxicityModel, explain: bool
) -> Iterator[dict[str, Any]]:
    texts = [text for _, text in pending if text is not None]
    scores = iter(model.score(texts)) if texts else iter(())
    for record, text in pending:
        if text is not None:
            scored = next(scores)
            record["scores"] = scored.as_dict()
            if explain:
                spans = model.explain(text, score=scored.toxicity)
                record["spans"] = [span.as_dict() for span in spans]
        yield record
