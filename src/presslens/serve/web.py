"""The web pages of ``presslens serve``: corpus view, article view, search, a paste form.

Pages are rendered on the server by Jinja2 with autoescaping on; the article view is the
HTML report's own template (``report/templates/_analysis.html.j2``), so a stored page
looks the same in the browser as ``presslens analyze -f html`` makes it. Every asset (CSS,
the API docs' Swagger UI) is served by the app itself; no page runs inline script.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool

from presslens import __version__
from presslens.errors import InputError
from presslens.report._common import plural, sentiment_label, shorten
from presslens.report.html import analysis_context, stylesheet, visible
from presslens.serve.app import Service

STATIC = Path(__file__).resolve().parent / "static"
#: Rows shown in each table of the corpus view.
TOP = 10
#: Above this many comments the corpus view does not look for campaigns on each visit
#: (MinHash over every comment); /v1/campaigns and `presslens campaigns` still do.
CAMPAIGN_VIEW_MAX_COMMENTS = 20_000
PAGE_SIZE = 50
#: The toxicity chart's size in SVG units.
CHART_W, CHART_H, CHART_PAD = 560, 180, 28


@cache
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("presslens.serve", "templates"),
                PackageLoader("presslens.report", "templates"),
            ]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["visible"] = visible
    env.filters["shorten"] = shorten
    env.globals.update(version=__version__, sentiment_label=sentiment_label, plural=plural)
    return env


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("q", "")
    return HTMLResponse(environment().get_template(name).render(**context), status_code=status)


def toxicity_chart(counts: list[int]) -> dict[str, Any]:
    """Bars of the toxicity histogram in SVG units (the template only places them)."""
    top = max([*counts, 1])
    inner_w, inner_h = CHART_W - 2 * CHART_PAD, CHART_H - 2 * CHART_PAD
    step = inner_w / max(len(counts), 1)
    bars = []
    for i, n in enumerate(counts):
        height = inner_h * n / top
        bars.append(
            {
                "x": round(CHART_PAD + i * step + 2, 1),
                "y": round(CHART_PAD + inner_h - height, 1),
                "w": round(step - 4, 1),
                "h": round(height, 1),
                "n": n,
                "label": f"{i / len(counts):.1f}–{(i + 1) / len(counts):.1f}",
                "level": "high"
                if i >= 0.7 * len(counts)
                else "medium"
                if i >= 0.3 * len(counts)
                else "low",
                "cx": round(CHART_PAD + (i + 0.5) * step, 1),
            }
        )
    return {
        "bars": bars,
        "width": CHART_W,
        "height": CHART_H,
        "base": CHART_H - CHART_PAD,
        "left": CHART_PAD,
        "right": CHART_W - CHART_PAD,
        "total": sum(counts),
    }


def polarity_bar(value: float | None) -> dict[str, float] | None:
    """A bar from the middle of a 100-unit track to ``value`` in [-1, 1]."""
    if value is None:
        return None
    width = abs(value) * 50
    return {"x": 50 if value >= 0 else 50 - width, "w": max(width, 1.0)}


def add_web_routes(app: FastAPI, service: Service) -> None:
    """Add the HTML pages and the static files to ``app``."""
    store = service.store

    @app.get("/static/presslens.css", include_in_schema=False)
    def css() -> Response:
        return Response(
            stylesheet(),
            media_type="text/css",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response((STATIC / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    app.mount("/static/app", StaticFiles(directory=STATIC), name="static")
    try:
        import swagger_ui_bundle

        app.mount(
            "/static/swagger",
            StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
            name="swagger",
        )
        has_swagger = True
    except ImportError:  # the docs page then links to the raw OpenAPI document
        has_swagger = False

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return render("docs.html.j2", swagger=has_swagger, title="API")

    @app.get("/", include_in_schema=False)
    def corpus() -> HTMLResponse:
        counts = {t: store.count(t) for t in ("pages", "quotes", "comments", "people")}
        targeted = store.people(by="targeted", limit=TOP)
        return render(
            "corpus.html.j2",
            title="Corpus",
            counts=counts,
            quoted=store.people(by="quoted", limit=TOP),
            targeted=[(p, polarity_bar(p.mean_polarity)) for p in targeted],
            chart=toxicity_chart(store.toxicity_histogram()),
            commenters=store.commenters(limit=TOP),
            toxic_commenters=[c for c in store.commenters(by="toxic", limit=TOP) if c.toxic],
            campaigns=(
                service.campaigns(TOP) if counts["comments"] <= CAMPAIGN_VIEW_MAX_COMMENTS else None
            ),
            recent=store.pages(limit=TOP),
        )

    @app.get("/pages", include_in_schema=False)
    def pages(offset: int = 0) -> HTMLResponse:
        offset = max(0, offset)
        rows = store.pages(limit=PAGE_SIZE, offset=offset)
        return render(
            "pages.html.j2",
            title="Pages",
            rows=rows,
            offset=offset,
            previous=f"/pages?offset={max(0, offset - PAGE_SIZE)}" if offset else None,
            following=f"/pages?offset={offset + PAGE_SIZE}" if len(rows) == PAGE_SIZE else None,
        )

    @app.get("/pages/{page_id}", include_in_schema=False)
    def page(page_id: int) -> HTMLResponse:
        analysis = store.page(page_id)
        if analysis is None:
            raise HTTPException(404, f"no page {page_id}")
        return render(
            "page.html.j2",
            title=analysis.article.headline or analysis.source.label,
            page_id=page_id,
            **analysis_context(analysis),
        )

    @app.get("/search", include_in_schema=False)
    def search(q: str = "", where: str = "both", offset: int = 0) -> HTMLResponse:
        where = where if where in ("both", "quotes", "comments") else "both"
        offset = max(0, offset)
        hits = store.search(q, where=where, limit=PAGE_SIZE, offset=offset) if q.strip() else []

        def link(at: int) -> str:
            return "/search?" + urlencode({"q": q, "where": where, "offset": at})

        return render(
            "search.html.j2",
            title=f"Search: {q}" if q else "Search",
            q=q,
            where=where,
            hits=hits,
            offset=offset,
            previous=link(max(0, offset - PAGE_SIZE)) if offset else None,
            following=link(offset + PAGE_SIZE) if len(hits) == PAGE_SIZE else None,
        )

    @app.get("/analyze", include_in_schema=False)
    def analyze_form() -> HTMLResponse:
        return render(
            "analyze.html.j2", title="Analyze a page", content="", kind="auto", error=None
        )

    @app.post("/analyze", include_in_schema=False)
    async def analyze_page(request: Request) -> HTMLResponse:
        form = await request.form()
        content = str(form.get("content") or "")
        kind = str(form.get("kind") or "auto")
        kind = kind if kind in ("auto", "text", "html") else "auto"
        try:
            page_input = service.page_input(kind, content, None, None)
            analysis = await run_in_threadpool(service.analyze, page_input)
        except (HTTPException, InputError) as err:
            message = err.detail if isinstance(err, HTTPException) else str(err)
            status = err.status_code if isinstance(err, HTTPException) else 422
            return render(
                "analyze.html.j2",
                status=status,
                title="Analyze a page",
                content=content,
                kind=kind,
                error=message,
            )
        return render(
            "page.html.j2",
            title=analysis.article.headline or "Pasted page",
            page_id=None,
            **analysis_context(analysis),
        )
