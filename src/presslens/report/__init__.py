"""Reports of an ``Analysis``: terminal (Rich), Markdown, a self-contained HTML page, JSON.

>>> print(render(analysis, "markdown"))      # doctest: +SKIP
>>> render_text(analysis, rich.console.Console())  # doctest: +SKIP
"""

from __future__ import annotations

import json
from typing import Literal, get_args

from presslens.model import Analysis
from presslens.report.html import render_html
from presslens.report.markdown import render_markdown
from presslens.report.text import render_text, text_report

ReportFormat = Literal["text", "markdown", "html", "json"]
#: The formats ``render`` knows, in the order the CLI offers them.
FORMATS: tuple[str, ...] = get_args(ReportFormat)

__all__ = [
    "FORMATS",
    "ReportFormat",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "text_report",
]


def render_json(analysis: Analysis) -> str:
    """``analysis`` as ``presslens/analysis/v1`` JSON, indented, non-ASCII kept as is."""
    return json.dumps(analysis.as_dict(), ensure_ascii=False, indent=2)


def render(analysis: Analysis, fmt: ReportFormat | str) -> str:
    """The report of ``analysis`` in ``fmt``: ``text``, ``markdown``, ``html`` or ``json``.

    ``text`` is the terminal report as plain text, 100 columns wide. An unknown format
    raises ``ValueError`` naming the known ones.
    """
    if fmt == "text":
        return text_report(analysis)
    if fmt == "markdown":
        return render_markdown(analysis)
    if fmt == "html":
        return render_html(analysis)
    if fmt == "json":
        return render_json(analysis)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
