"""The HTML reader: recognising HTML, decoding it by its declared charset, reading files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from presslens.errors import EmptyInputError, InputTooLargeError
from presslens.model import Source
from presslens.options import Options
from presslens.readers import (
    PageInput,
    decode_html,
    expand_paths,
    iter_inputs,
    looks_like_html,
    read_html,
    read_path,
)

FIXTURES = Path(__file__).parents[1] / "segment" / "fixtures" / "html"

BODY = (
    "<body><article><h1>Caf\u00e9 owners say \u201cno\u201d</h1>"
    "<p>The mayor\u2019s plan for the square \u2014 costly, and late \u2014 was voted down by the "
    "council on Tuesday evening after a long debate.</p>"
    "<p>Traders said the na\u00efve budget ignored the cost of closing the market for a year.</p>"
    "</article></body></html>"
)


def _page(head: str) -> str:
    return "<!DOCTYPE html><html><head>" + head + "<title>Caf\u00e9</title></head>" + BODY


@pytest.mark.parametrize(
    "start",
    [
        b"<!DOCTYPE html><html><body>x",
        b"\n\n  <!doctype HTML>\n<html>",
        b"<html lang='en'><head>",
        b"<!-- saved by a browser -->\n<html>",
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0">',
        codecs.BOM_UTF8 + b"<!DOCTYPE html>",
        "<!DOCTYPE html><html>".encode("utf-16"),
        b"<div class='story'><p>One</p><p>Two</p><p>Three <a href='#'>link</a></p>"
        b"<ul><li>a</li><li>b</li></ul></div>",
    ],
)
def test_recognises_html_by_content(start: bytes) -> None:
    assert looks_like_html(start)


@pytest.mark.parametrize(
    "start",
    [
        b"Council Approves Harbour Bridge Toll\n\nThe council voted <b>yes</b>.",
        b"The x < y and y > z comparison is <fine>.",
        b"",
        b"<p>one short tag</p> and text",
    ],
)
def test_plain_text_is_not_html(start: bytes) -> None:
    assert not looks_like_html(start)


def test_declared_cp1252_is_used() -> None:
    data = _page('<meta charset="windows-1252">').encode("cp1252")
    text, encoding, warnings = decode_html(data, "page.html")
    assert encoding == "cp1252"
    assert "Caf\u00e9 owners say \u201cno\u201d" in text
    assert warnings == ()


def test_declared_latin1_is_read_as_cp1252_like_browsers_do() -> None:
    data = _page('<meta charset="ISO-8859-1">').encode("cp1252")
    text, encoding, _ = decode_html(data, "page.html")
    assert encoding == "cp1252"
    assert "\u201cno\u201d" in text  # curly quotes are cp1252 bytes 0x93/0x94


def test_meta_http_equiv_charset() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'
    data = _page(head).replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")
    data = data.replace("\u2014", "-").encode("iso-8859-15")
    text, encoding, _ = decode_html(data, "page.html")
    assert encoding == "iso8859-15"
    assert "Caf\u00e9 owners" in text


def test_utf8_with_bom_wins_over_a_wrong_declaration() -> None:
    data = codecs.BOM_UTF8 + _page('<meta charset="windows-1252">').encode("utf-8")
    text, encoding, _ = decode_html(data, "page.html")
    assert encoding == "utf-8-sig"
    assert "\u201cno\u201d" in text and not text.startswith("\ufeff")


def test_a_declaration_the_bytes_contradict_falls_back_with_a_warning() -> None:
    data = _page('<meta charset="utf-8">').encode("cp1252")
    text, encoding, warnings = decode_html(data, "page.html")
    assert encoding == "cp1252"
    assert "\u201cno\u201d" in text
    assert len(warnings) == 1 and "declares utf-8" in warnings[0]


def test_a_few_broken_bytes_in_declared_utf8_are_replaced_not_misread() -> None:
    page = _page('<meta charset="utf-8">') + "<p>" + "\u00e9t\u00e9 " * 40 + "</p>"
    data = page.encode("utf-8").replace(b"Caf\xc3\xa9", b"Caf\xe9")
    text, encoding, warnings = decode_html(data, "page.html")
    assert encoding == "utf-8"
    assert "Caf\ufffd owners" in text and "\u201cno\u201d" in text
    assert warnings == ("2 invalid UTF-8 sequence(s) in the page's UTF-8 were replaced",)


def test_undeclared_bytes_are_sniffed_and_the_server_charset_counts() -> None:
    data = _page("").encode("utf-8")
    assert decode_html(data, "p.html")[1] == "utf-8"
    cp = _page("").encode("cp1252")
    assert decode_html(cp, "p.html")[1] == "cp1252"
    assert decode_html(cp, "p.html", charset="windows-1252")[1] == "cp1252"
    forced = decode_html(cp, "p.html", Options(encoding="latin-1"))
    assert forced[1] == "latin-1"


def test_read_html_gives_segments_offsets_into_its_text() -> None:
    data = (FIXTURES / "wordpress.html").read_bytes()
    page = read_html(data, Source(format="html", path="wordpress.html"))
    assert page.source == Source(format="html", path="wordpress.html", encoding="utf-8")
    seg = page.segments
    assert seg is not None and seg.text == page.text
    assert [c.author for c in seg.comments] == ["Morag Tulloch", "Colin A.", "skerry_dave"]
    for span in (seg.headline, *seg.paragraphs):
        assert span is not None and page.text[span.start : span.end] == span.text


def test_read_path_dispatches_on_suffix_and_on_content(tmp_path: Path) -> None:
    html = (FIXTURES / "wordpress.html").read_bytes()
    (tmp_path / "page.htm").write_bytes(html)
    (tmp_path / "saved.txt").write_bytes(html)  # HTML saved under a text name
    (tmp_path / "plain.txt").write_text("A headline\n\nSome text of a plain page.\n")
    for name in ("page.htm", "saved.txt"):
        page = read_path(tmp_path / name)
        assert page.source.format == "html" and page.segments is not None
        assert "<li" not in page.text
    plain = read_path(tmp_path / "plain.txt")
    assert plain.source.format == "text" and plain.segments is None


def test_folders_include_html_files_by_default(tmp_path: Path) -> None:
    for name in ("a.html", "b.htm", "c.txt", "d.json"):
        (tmp_path / name).write_text("x")
    found = [Path(p).name for p in expand_paths([str(tmp_path)])]
    assert found == ["a.html", "b.htm", "c.txt"]


def test_html_errors_are_per_item(tmp_path: Path) -> None:
    (tmp_path / "1.html").write_bytes((FIXTURES / "says.html").read_bytes())
    (tmp_path / "2.html").write_text("<html><head><title></title></head><body>  </body></html>")
    (tmp_path / "3.html").write_text("<!-- nothing but a comment -->")
    (tmp_path / "4.html").write_bytes((FIXTURES / "blogger.html").read_bytes())
    results = list(iter_inputs([str(tmp_path)]))
    kinds = [type(r).__name__ for r in results]
    assert kinds == ["PageInput", "EmptyInputError", "EmptyInputError", "PageInput"]
    assert "HTML" in str(results[1])


def test_size_limit_applies_to_html(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes((FIXTURES / "wordpress.html").read_bytes())
    with pytest.raises(InputTooLargeError, match="--max-bytes"):
        read_path(path, Options(max_bytes=1000))


def test_empty_html_is_refused() -> None:
    with pytest.raises(EmptyInputError):
        read_html(b"   ", Source(format="html", path="x.html"))


def test_html_without_comment_finding_keeps_the_article_only() -> None:
    data = (FIXTURES / "blocks.html").read_bytes()
    page = read_html(data, Source(path="blocks.html"), Options(find_comments=False))
    assert isinstance(page, PageInput) and page.segments is not None
    assert page.segments.comments == ()
