"""The presslens HTTP service: a JSON API, a Perspective-compatible scoring endpoint and
the web pages (``presslens.serve.web``), in one FastAPI app.

``create_app(settings)`` builds it; ``presslens serve`` runs it with uvicorn. The models
(spaCy and the toxicity model) are loaded once per worker process, when it starts. Every
response carries security headers; request bodies over the limit get 413 before they are
read whole. Writes (``POST /v1/analyze?store=true``) need the API key when one is set and
are refused in read-only mode; reads and scoring are open.
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any, Generic, Literal, TypeVar

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from presslens import __version__
from presslens.comments.toxicity import load_toxicity_model
from presslens.errors import InputError
from presslens.model import Analysis
from presslens.nlp.loader import load_nlp
from presslens.pipeline import analyze_many, page_from_string
from presslens.readers import PageInput
from presslens.serve.perspective import PerspectiveError, answer, parse_request
from presslens.serve.settings import ServeSettings
from presslens.store.campaigns import campaign_dict, find_campaigns
from presslens.store.db import (
    CommenterRow,
    CommentRow,
    PageRow,
    PersonRow,
    QuoteRow,
    SearchHit,
    Store,
    StoreError,
    content_hash,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

T = TypeVar("T")

#: Content-Security-Policy of every answer: no inline script, nothing from elsewhere.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: The API docs page (Swagger UI) sets inline styles; still no inline script.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
MAX_LIMIT = 200


class LimitsAndHeaders:
    """ASGI middleware: 413 for bodies over ``max_body_bytes``, security headers on all."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body_bytes
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _too_large(limit)(scope, receive, self._with_headers(scope, send))
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, _too_large_message(limit))
            return message

        await self.app(scope, limited, self._with_headers(scope, send))

    @staticmethod
    def _with_headers(scope: Scope, send: Send) -> Send:
        csp = DOCS_CSP if scope.get("path") == "/docs" else CSP

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = {"content-security-policy": csp, **SECURITY_HEADERS}
                headers += [
                    (k.encode(), v.encode()) for k, v in extra.items() if k.encode() not in present
                ]
                message["headers"] = headers
            await send(message)

        return sending


def _too_large_message(limit: int) -> str:
    return f"request body is over {limit} bytes; send a smaller page or raise --max-body-bytes"


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse({"detail": _too_large_message(limit)}, status_code=413)


# ---------------------------------------------------------------------------- API models


class Paginated(BaseModel, Generic[T]):
    """A page of results; ``next`` is the URL of the following page, if there may be one."""

    items: list[T]
    limit: int
    offset: int
    next: str | None


class CampaignItem(BaseModel):
    text: str
    comments: int
    pages: int
    authors: list[str]
    page_ids: list[int]


_ANALYZE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "description": "the page as plain text"},
                        "html": {"type": "string", "description": "the page as HTML"},
                        "url": {"type": "string", "description": "recorded, never fetched"},
                        "id": {"type": "string", "description": "your id for the page"},
                    },
                },
                "example": {"text": "Harbour vote\n\nThe council voted ...", "id": "p1"},
            },
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}

_PERSPECTIVE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object"},
                "example": {
                    "comment": {"text": "You are an idiot."},
                    "requestedAttributes": {"TOXICITY": {}, "INSULT": {}},
                    "languages": ["en"],
                    "doNotStore": True,
                    "spanAnnotations": True,
                },
            }
        },
    }
}


# ---------------------------------------------------------------------------- the app


class Service:
    """What the routes share: settings, the store, one lock around the spaCy pipeline."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.store = Store(settings.db, create=not settings.read_only)
        if settings.read_only and self.store.schema_revision() is None:
            raise StoreError(
                f"database {settings.db!r} holds no presslens tables",
                "ingest a corpus first, or serve without --read-only",
            )
        self._nlp_lock = threading.Lock()
        self._campaigns: tuple[int, list[dict[str, Any]]] | None = None

    def load_models(self) -> None:
        """Load the spaCy pipeline and the toxicity model (each once per process)."""
        load_nlp(self.settings.options.spacy_model)
        load_toxicity_model()

    def analyze(self, page: PageInput) -> Analysis:
        """Analyse one page (one at a time per process: the pipeline is shared)."""
        with self._nlp_lock:
            result = next(analyze_many([page], options=self.settings.options))
        if isinstance(result, InputError):
            raise result
        return result

    def page_input(
        self, kind: str, content: str, url: str | None, page_id: str | None
    ) -> PageInput:
        """A page from pasted or posted content, never read from a path or fetched."""
        limit = self.settings.max_text_chars
        if len(content) > limit:
            raise HTTPException(413, f"the page is over {limit} characters; send a shorter one")
        if not content.strip():
            raise HTTPException(422, "the page is empty; send its text or HTML")
        return page_from_string(content, self.settings.options, kind=kind, url=url, page_id=page_id)

    def campaigns(self, limit: int = 20) -> list[dict[str, Any]]:
        """Near-duplicate comments across pages, recomputed only when comments were added."""
        count = self.store.count("comments")
        if self._campaigns is None or self._campaigns[0] != count:
            found = [campaign_dict(c) for c in find_campaigns(self.store, limit=100)]
            self._campaigns = (count, found)
        return self._campaigns[1][:limit]

    def check_write(self, request: Request) -> None:
        """Refuse a write in read-only mode or without the API key (when one is set)."""
        if self.settings.read_only:
            raise HTTPException(403, "this server is read-only; writes are refused")
        key = self.settings.api_key
        if not key:
            return
        given = request.headers.get("x-api-key") or ""
        auth = request.headers.get("authorization") or ""
        if not given and auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not hmac.compare_digest(given.encode(), key.encode()):
            raise HTTPException(
                401,
                "this write needs the API key: send it in X-API-Key",
                headers={"WWW-Authenticate": "Bearer"},
            )


def _next(request: Request, items: list[Any], limit: int, offset: int) -> str | None:
    if len(items) < limit:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))


def _paginated(request: Request, items: list[Any], limit: int, offset: int) -> dict[str, Any]:
    return {
        "items": [dataclasses.asdict(item) for item in items],
        "limit": limit,
        "offset": offset,
        "next": _next(request, items, limit, offset),
    }


Limit = Query(50, ge=1, le=MAX_LIMIT, description="results per page")
Offset = Query(0, ge=0, description="results to skip")


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """The presslens app for ``settings`` (default: ``ServeSettings()``)."""
    settings = settings or ServeSettings()
    service = Service(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        service.load_models()
        yield

    app = FastAPI(
        title="presslens",
        version=__version__,
        description=(
            "Quotes, speakers, people and reader comments of news pages. "
            "`POST /v1alpha1/comments:analyze` answers in the Perspective API's format."
        ),
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service

    @app.exception_handler(PerspectiveError)
    async def perspective_error(_request: Request, err: PerspectiveError) -> JSONResponse:
        return JSONResponse(err.body, status_code=err.status)

    @app.exception_handler(InputError)
    async def input_error(_request: Request, err: InputError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=422)

    @app.get("/healthz", tags=["service"])
    def health() -> dict[str, Any]:
        """Whether the service is up, its version and whether it takes writes."""
        return {"status": "ok", "version": __version__, "read_only": settings.read_only}

    @app.post(
        "/v1/analyze",
        tags=["pages"],
        openapi_extra=_ANALYZE_BODY,
        responses={200: {"description": "the analysis (presslens analysis v1 JSON)"}},
    )
    async def analyze(
        request: Request,
        store: bool = Query(False, description="also store the page (a write)"),
    ) -> Response:
        """Analyse a page sent as JSON (``text`` or ``html``) or as a text/plain or text/html body.

        Answers with the analysis (the same JSON as ``presslens analyze -f json``). With
        ``store=true`` the page is also stored (201, ``Location`` names it).
        """
        if store:
            service.check_write(request)
        kind, content, url, given_id = await _analyze_body(request)
        page = service.page_input(kind, content, url, given_id)
        analysis = await run_in_threadpool(service.analyze, page)
        body = json.dumps(analysis.as_dict(), ensure_ascii=False)
        if not store:
            return Response(body, media_type="application/json")
        stored_id, added = await run_in_threadpool(_store_page, service, analysis)
        return Response(
            body,
            status_code=201 if added else 200,
            media_type="application/json",
            headers={"Location": f"/v1/pages/{stored_id}"},
        )

    @app.get("/v1/pages", tags=["pages"], response_model=Paginated[PageRow])
    def pages(request: Request, limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
        """Stored pages, newest first."""
        return _paginated(request, service.store.pages(limit=limit, offset=offset), limit, offset)

    @app.get(
        "/v1/pages/{page_id}",
        tags=["pages"],
        responses={
            200: {"description": "the stored analysis"},
            404: {"description": "no such page"},
        },
    )
    def page(page_id: int) -> Response:
        """The stored analysis of one page (analysis v1 JSON)."""
        found = service.store.page(page_id)
        if found is None:
            raise HTTPException(404, f"no page {page_id}; list them at /v1/pages")
        return Response(
            json.dumps(found.as_dict(), ensure_ascii=False), media_type="application/json"
        )

    @app.get("/v1/quotes", tags=["corpus"], response_model=Paginated[QuoteRow])
    def quotes(
        request: Request,
        speaker: str | None = Query(None, description="part of the speaker's name, any case"),
        q: str | None = Query(None, description="words the quote contains"),
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict[str, Any]:
        """Quotes across pages, by speaker and/or words."""
        found = service.store.quotes(speaker=speaker, query=q, limit=limit, offset=offset)
        return _paginated(request, found, limit, offset)

    @app.get("/v1/comments", tags=["corpus"], response_model=Paginated[CommentRow])
    def comments(
        request: Request,
        min_toxicity: float | None = Query(None, ge=0, le=1),
        author: str | None = Query(None, description="the author's exact name"),
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict[str, Any]:
        """Comments across pages, at least this toxic and/or by this author."""
        found = service.store.comments(
            min_toxicity=min_toxicity, author=author, limit=limit, offset=offset
        )
        return _paginated(request, found, limit, offset)

    @app.get("/v1/people", tags=["corpus"], response_model=Paginated[PersonRow])
    def people(
        request: Request,
        by: Literal["quoted", "targeted"] = "quoted",
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict[str, Any]:
        """People across pages: most quoted, or most targeted by comments (with polarity)."""
        return _paginated(
            request, service.store.people(by=by, limit=limit, offset=offset), limit, offset
        )

    @app.get("/v1/commenters", tags=["corpus"], response_model=Paginated[CommenterRow])
    def commenters(
        request: Request,
        by: Literal["comments", "toxic"] = "comments",
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict[str, Any]:
        """Comment authors: most active, or with most toxic comments."""
        found = service.store.commenters(by=by, limit=limit, offset=offset)
        return _paginated(request, found, limit, offset)

    @app.get("/v1/campaigns", tags=["corpus"], response_model=list[CampaignItem])
    def campaigns(limit: int = Query(20, ge=1, le=100)) -> list[dict[str, Any]]:
        """The same or nearly the same comment under several pages or names, most spread first."""
        return service.campaigns(limit)

    @app.get("/v1/search", tags=["corpus"], response_model=Paginated[SearchHit])
    def search(
        request: Request,
        q: str = Query(..., min_length=1, description="all these words"),
        where: Literal["both", "quotes", "comments"] = Query("both", alias="in"),
        speaker: str | None = None,
        limit: int = Limit,
        offset: int = Offset,
    ) -> dict[str, Any]:
        """Full-text search over quotes and comments."""
        found = service.store.search(q, speaker=speaker, where=where, limit=limit, offset=offset)
        return _paginated(request, found, limit, offset)

    @app.post("/v1alpha1/comments:analyze", tags=["perspective"], openapi_extra=_PERSPECTIVE_BODY)
    async def perspective(request: Request) -> JSONResponse:
        """Score a comment, in and out in the Perspective API's ``comments:analyze`` format."""
        body = await _perspective_json(request)
        checked = parse_request(body, settings.max_comment_bytes)
        return JSONResponse(answer(checked, load_toxicity_model()))

    @app.post("/v1alpha1/comments:suggestscore", tags=["perspective"])
    async def suggest_score(request: Request) -> JSONResponse:
        """Accepts Perspective score suggestions (moderators' feedback) and discards them:
        presslens does not learn online. Answers as Perspective does."""
        body = await _perspective_json(request)
        token = body.get("clientToken") if isinstance(body, dict) else None
        return JSONResponse({"clientToken": token} if isinstance(token, str) else {})

    from presslens.serve.web import add_web_routes

    add_web_routes(app, service)
    app.add_middleware(LimitsAndHeaders, max_body_bytes=settings.max_body_bytes)
    return app


def _store_page(service: Service, analysis: Analysis) -> tuple[int, bool]:
    """Store ``analysis``; its page id and whether it is new (a page already stored is kept)."""
    store = service.store
    run_id = store.start_run("api", {"via": "POST /v1/analyze"})
    page_id = store.add(analysis, run_id)
    added = page_id is not None
    store.finish_run(run_id, "done", int(added), int(not added), 0)
    if page_id is None:
        page_id = store.page_id(content_hash(analysis.text))
    assert page_id is not None
    return page_id, added


async def _perspective_json(request: Request) -> Any:
    """The parsed JSON body, or Perspective's error for one that is not JSON."""
    try:
        return json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as err:
        raise PerspectiveError(
            400, f"Invalid JSON payload received. {err}", "INVALID_REQUEST"
        ) from err


async def _analyze_body(request: Request) -> tuple[str, str, str | None, str | None]:
    """(kind, content, url, id) of an analyze request, whatever its content type."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    raw = await request.body()
    try:
        data = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise HTTPException(400, "the body is not UTF-8; send UTF-8 text") from err
    if content_type in ("text/plain", "text/html"):
        return ("html" if content_type == "text/html" else "text"), data, None, None
    try:
        body = json.loads(data)
    except ValueError as err:
        raise HTTPException(400, f'the body is not JSON ({err}); send {{"text": ...}}') from err
    if not isinstance(body, dict):
        raise HTTPException(400, 'send a JSON object: {"text": ...} or {"html": ...}')
    given = [k for k in ("text", "html") if body.get(k) is not None]
    if len(given) != 1 or not isinstance(body[given[0]], str):
        raise HTTPException(422, 'send exactly one of "text" or "html", as a string')
    url, page_id = body.get("url"), body.get("id")
    if not all(v is None or isinstance(v, str) for v in (url, page_id)):
        raise HTTPException(422, '"url" and "id" must be strings')
    return given[0], body[given[0]], url, page_id
