"""The Perspective API's ``comments:analyze`` format, answered by presslens' own scorer.

Moderation tools that speak Perspective (Coral Talk and others) send::

    {"comment": {"text": "...", "type": "PLAIN_TEXT"},
     "requestedAttributes": {"TOXICITY": {}, "INSULT": {"scoreThreshold": 0.5}},
     "languages": ["en"], "doNotStore": true, "spanAnnotations": true, "clientToken": "t1"}

and read ``attributeScores.TOXICITY.summaryScore.value``. This module checks such a
request the way Perspective does and answers in its shape: a ``summaryScore`` per
attribute, ``spanScores`` per sentence when ``spanAnnotations`` is set, the request's
``languages`` and ``clientToken`` echoed. What presslens cannot do (attributes other than
its six, languages other than English, score types other than probabilities) is refused
with Perspective's style of error: HTTP 400 and ``{"error": {"code", "message",
"status", "details"}}``, unless ``dropUnsupportedAttributes`` asks to drop them.

Differences a client may meet: span offsets count Unicode code points; no language is
detected (a request without ``languages`` is taken to be English and the answer's
``languages`` says so); ``doNotStore`` is accepted and nothing is ever stored anyway;
``context``, ``communityId`` and ``sessionId`` are accepted and ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from presslens.comments.toxicity import ToxicityModel
from presslens.model import SCORE_ATTRIBUTES

#: Perspective's attribute names for presslens' six scores.
ATTRIBUTES: dict[str, str] = {name.upper(): name for name in SCORE_ATTRIBUTES}
#: Perspective refuses comments over 20 KB; presslens keeps the same limit.
MAX_COMMENT_BYTES = 20_480
SCORE_TYPE = "PROBABILITY"
ERROR_TYPE_URL = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")


class PerspectiveError(Exception):
    """A request Perspective would refuse; ``body`` is the error answer in its format."""

    def __init__(self, status: int, message: str, error_type: str, **detail: Any) -> None:
        super().__init__(message)
        self.status = status
        info: dict[str, Any] = {"@type": ERROR_TYPE_URL, "errorType": error_type}
        info.update(detail)
        self.body = {
            "error": {
                "code": status,
                "message": message,
                "status": "INVALID_ARGUMENT",
                "details": [info],
            }
        }


@dataclass(frozen=True, slots=True)
class Requested:
    """One attribute asked for: its presslens name and the threshold under which it is left out."""

    attribute: str
    name: str
    threshold: float | None = None


@dataclass(frozen=True, slots=True)
class CommentRequest:
    """A checked ``comments:analyze`` request."""

    text: str
    attributes: tuple[Requested, ...]
    languages: tuple[str, ...]
    spans: bool = False
    client_token: str | None = None
    dropped: tuple[str, ...] = field(default=())


def parse_request(body: Any, max_bytes: int = MAX_COMMENT_BYTES) -> CommentRequest:
    """Check a request body (the parsed JSON) as Perspective would.

    Raises:
        PerspectiveError: the request is malformed or asks for what presslens cannot give.
    """
    if not isinstance(body, Mapping):
        raise _invalid("Request body must be a JSON object.")
    comment = body.get("comment")
    if not isinstance(comment, Mapping) or not isinstance(comment.get("text"), str):
        raise _invalid("comment.text must be specified.", "COMMENT_EMPTY")
    text = comment["text"]
    kind = comment.get("type", "PLAIN_TEXT")
    if kind not in ("PLAIN_TEXT", "HTML"):
        raise _invalid(f"comment.type {kind!r} is not supported: use PLAIN_TEXT or HTML.")
    if kind == "HTML":
        text = _html_text(text)
    if not text.strip():
        raise _invalid("Comment must be non-empty.", "COMMENT_EMPTY")
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise PerspectiveError(
            413,
            f"Comment text too long: {size} bytes, the limit is {max_bytes} bytes.",
            "COMMENT_TOO_LONG",
        )
    drop = body.get("dropUnsupportedAttributes") is True
    languages = _languages(body.get("languages"))
    requested = body.get("requestedAttributes")
    if not isinstance(requested, Mapping) or not requested:
        raise _invalid("requestedAttributes must name at least one attribute.")
    english = all(_is_english(code) for code in languages)
    kept: list[Requested] = []
    dropped: list[str] = []
    for attribute, params in requested.items():
        name = ATTRIBUTES.get(attribute)
        if name is None or not english:
            if drop:
                dropped.append(attribute)
                continue
            raise _unsupported(attribute, languages)
        kept.append(Requested(attribute, name, _threshold(attribute, params)))
    token = body.get("clientToken")
    return CommentRequest(
        text=text,
        attributes=tuple(kept),
        languages=languages,
        spans=body.get("spanAnnotations") is True,
        client_token=token if isinstance(token, str) else None,
        dropped=tuple(dropped),
    )


def answer(request: CommentRequest, model: ToxicityModel) -> dict[str, Any]:
    """The ``comments:analyze`` answer for a checked request, scored by ``model``."""
    spans = sentence_spans(request.text) if request.spans else []
    texts = [request.text] + [request.text[b:e] for b, e in spans]
    probs = model.score_array(texts) if request.attributes else None
    scores: dict[str, Any] = {}
    for item in request.attributes:
        assert probs is not None
        k = SCORE_ATTRIBUTES.index(item.name)
        summary = float(probs[0, k])
        if item.threshold is not None and summary < item.threshold:
            continue  # Perspective leaves out scores under the asked threshold
        entry: dict[str, Any] = {"summaryScore": _score(summary)}
        if request.spans:
            entry["spanScores"] = [
                {"begin": b, "end": e, "score": _score(float(probs[i, k]))}
                for i, (b, e) in enumerate(spans, start=1)
            ]
        scores[item.attribute] = entry
    out: dict[str, Any] = {"attributeScores": scores, "languages": list(request.languages)}
    if request.client_token is not None:
        out["clientToken"] = request.client_token
    return out


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(begin, end)`` of each sentence or line of ``text``, outer spaces left out."""
    spans = []
    for match in _SENTENCE.finditer(text):
        begin, end = match.span()
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if begin < end:
            spans.append((begin, end))
    return spans or [(0, len(text))]


def _score(value: float) -> dict[str, Any]:
    return {"value": round(value, 6), "type": SCORE_TYPE}


def _threshold(attribute: str, params: Any) -> float | None:
    if params is None:
        return None
    if not isinstance(params, Mapping):
        raise _invalid(f"requestedAttributes.{attribute} must be an object.")
    kind = params.get("scoreType", SCORE_TYPE)
    if kind != SCORE_TYPE:
        raise _invalid(f"scoreType {kind!r} is not supported: only {SCORE_TYPE} scores are.")
    threshold = params.get("scoreThreshold")
    if threshold is None:
        return None
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise _invalid(f"requestedAttributes.{attribute}.scoreThreshold must be a number.")
    if not 0 <= threshold <= 1:
        raise _invalid(f"requestedAttributes.{attribute}.scoreThreshold must be in [0, 1].")
    return float(threshold)


def _languages(value: Any) -> tuple[str, ...]:
    if value is None or value == []:
        return ("en",)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _invalid("languages must be a list of language codes.")
    return tuple(value)


def _is_english(code: str) -> bool:
    return code.replace("_", "-").split("-")[0].casefold() == "en"


def _html_text(markup: str) -> str:
    """The text of an HTML comment (tags dropped, entities decoded)."""
    import lxml.html

    if not markup.strip():
        return ""
    try:
        return str(lxml.html.fragment_fromstring(markup, create_parent="div").text_content())
    except Exception as err:  # lxml's parser errors have no common base worth naming
        raise _invalid(f"comment.text is not HTML that can be read ({err}).") from err


def _invalid(message: str, error_type: str = "INVALID_REQUEST") -> PerspectiveError:
    return PerspectiveError(400, message, error_type)


def _unsupported(attribute: str, languages: tuple[str, ...]) -> PerspectiveError:
    if attribute in ATTRIBUTES:
        message = f"Attribute {attribute} does not support request languages: {','.join(languages)}"
    else:
        message = f'Attribute {attribute} does not exist in language "{",".join(languages)}".'
    return PerspectiveError(
        400,
        message,
        "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE",
        languageNotSupportedByAttributeError={
            "requestedLanguages": list(languages),
            "attribute": attribute,
        },
    )
