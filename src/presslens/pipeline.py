"""From a page to an ``Analysis``: segment, parse (batched), extract.

``analyze`` handles one page; ``analyze_many`` streams any number of pages through one
loaded spaCy pipeline, parsing them in batches with ``nlp.pipe`` and yielding results
(or the error of a page that could not be read) in input order.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from presslens.comments.analysis import analyse_comments
from presslens.comments.reaction import reader_reactions
from presslens.errors import EmptyInputError, InputError
from presslens.model import Analysis, Article, Source
from presslens.nlp import load_nlp
from presslens.options import Options
from presslens.people import ParsedPart, find_people_and_entities
from presslens.quotes import find_quotes
from presslens.readers import PageInput, iter_inputs, normalize_newlines, read_path
from presslens.readers.html import looks_like_html, read_html
from presslens.readers.url import is_url
from presslens.segment import PageSegments, segment_text
from presslens.segment.article import segment_article

PageLike = PageInput | str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class _Prepared:
    page: PageInput
    segments: PageSegments
    parts: tuple[tuple[int, int, bool], ...]  # (start, end, in_comment) to parse


def _prepare(page: PageInput, options: Options) -> _Prepared:
    if page.segments is not None:
        segments = page.segments
    elif options.find_comments:
        segments = segment_text(page.text)
    else:
        segments = segment_article(page.text)
    parts: list[tuple[int, int, bool]] = []
    article = _article(segments)
    if article.start is not None and article.end is not None:
        parts.append((article.start, article.end, False))
    parts.extend((c.start, c.end, True) for c in segments.comments)
    return _Prepared(page, segments, tuple(parts))


def _article(segments: PageSegments) -> Article:
    headline = segments.headline
    return Article(
        headline=" ".join(headline.text.split()) if headline else None,
        headline_span=headline,
        paragraphs=segments.paragraphs,
        byline=segments.byline,
        published=segments.published,
    )


def _finish(prepared: _Prepared, docs: list[Any], options: Options) -> Analysis:
    page, segments = prepared.page, prepared.segments
    parts = [
        ParsedPart(doc=doc, offset=start, in_comment=in_comment)
        for doc, (start, _end, in_comment) in zip(docs, prepared.parts, strict=True)
    ]
    article = [p for p in parts if not p.in_comment]
    comment_parts = [p for p in parts if p.in_comment]
    named = article + comment_parts if options.link_comment_names else article
    headline = segments.headline
    people, entities = find_people_and_entities(
        page.text, named, (headline.start, headline.end) if headline else None
    )
    quotes = (
        tuple(find_quotes(article[0].doc, article[0].offset, page.text, people, entities))
        if article
        else ()
    )
    comments = analyse_comments(
        segments.comments, comment_parts, people, entities, score=options.score_comments
    )
    warnings = list(page.warnings)
    if not segments.paragraphs:
        warnings.append("no article text found: the page may be only comments or navigation")
    return Analysis(
        source=page.source,
        text=page.text,
        article=_article(segments),
        people=people,
        entities=entities,
        quotes=quotes,
        comments=comments,
        reactions=reader_reactions(people, quotes, comments),
        warnings=tuple(warnings),
    )


def _to_page(item: PageLike, options: Options) -> PageInput:
    if isinstance(item, PageInput):
        return item
    if isinstance(item, os.PathLike) or _is_path(item) or is_url(item):
        return read_path(item, options)
    return page_from_string(item, options)


def page_from_string(
    content: str,
    options: Options,
    *,
    kind: str = "auto",
    url: str | None = None,
    page_id: str | None = None,
) -> PageInput:
    """A page from its text or HTML as a string (``kind``: auto, text or html); never read
    from a path or fetched.

    Raises:
        InputError: the content holds no text.
    """
    if kind == "auto":
        kind = "html" if looks_like_html(content[:4096].encode("utf-8", "replace")) else "text"
    if kind == "html":
        source = Source(format="html", url=url, id=page_id)
        data = content.encode("utf-8", errors="replace")
        return read_html(data, source, options.with_(encoding="utf-8"))
    text = normalize_newlines(content.lstrip("\ufeff"))
    if not text.strip():
        raise EmptyInputError("<text>", "no text to analyse", "pass the page's text or a path")
    return PageInput(Source(format="text", url=url, id=page_id), text)


def _is_path(value: str) -> bool:
    return len(value) < 4096 and "\n" not in value and Path(value).is_file()


def analyze(page: PageLike, *, options: Options | None = None) -> Analysis:
    """Analyse one page: its text, a path to it, or a ``PageInput``.

    A string is read as a path when it names an existing file, fetched when it is an
    http(s) URL, parsed as HTML when it looks like HTML, else read as the page text.

    Raises:
        InputError: the page could not be read.
        ModelNotFoundError: the spaCy pipeline is not installed.
    """
    options = options or Options()
    result = next(analyze_many([page], options=options))
    if isinstance(result, InputError):
        raise result
    return result


def analyze_many(
    pages: Iterable[PageLike | InputError], *, options: Options | None = None
) -> Iterator[Analysis | InputError]:
    """Analyse many pages with one model, in batches; results come in input order.

    A page that cannot be read yields its ``InputError`` in its place and the rest go on
    (an ``InputError`` given as an item, as ``iter_inputs`` yields them, passes through).
    """
    options = options or Options()
    nlp = load_nlp(options.spacy_model)
    iterator = iter(pages)
    while chunk := list(islice(iterator, options.batch_size)):
        prepared: list[_Prepared | InputError] = []
        for item in chunk:
            if isinstance(item, InputError):
                prepared.append(item)
                continue
            try:
                prepared.append(_prepare(_to_page(item, options), options))
            except InputError as err:
                prepared.append(err)
        texts = [
            p.page.text[start:end]
            for p in prepared
            if isinstance(p, _Prepared)
            for start, end, _ in p.parts
        ]
        docs = iter(nlp.pipe(texts, batch_size=max(8, options.batch_size)))
        for p in prepared:
            if isinstance(p, InputError):
                yield p
            else:
                yield _finish(p, [next(docs) for _ in p.parts], options)


def analyze_paths(
    paths: Iterable[str], *, options: Options | None = None
) -> Iterator[Analysis | InputError]:
    """Analyse files, folders (recursively) and ``-`` for stdin, in order."""
    options = options or Options()
    return analyze_many(iter_inputs(paths, options), options=options)
