"""The web app over a store: server-rendered pages and a JSON API, built by a factory.

``create_app(db)`` opens the store and returns a FastAPI app; tests use it in-process,
``triangulate serve`` runs it under uvicorn on a loopback address. Pages use no script.
The JSON API is described at ``/openapi.json`` (the interactive docs are off: they load
script from a CDN, which the policy forbids and a laptop offline cannot reach).
"""

from __future__ import annotations

import secrets
import tempfile
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from triangulate import __version__
from triangulate.errors import Err, TriangulateError
from triangulate.model import Corpus
from triangulate.report import build_report
from triangulate.store import open_store
from triangulate.web import pages
from triangulate.web.data import StoreView
from triangulate.web.schemas import (
    ArticleDetail,
    ErrorOut,
    FindingList,
    StoryList,
    StoryReport,
)
from triangulate.web.security import LOOPBACK_HOSTS, SecurityHeaders
from triangulate.web.upload import (
    MAX_FILES,
    MAX_UPLOAD_BYTES,
    analyse_uploads,
    save_uploads,
    token_matches,
)

PAGE_SIZE = 50
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}}


class WebError(Exception):
    """An expected failure answered with ``status`` and the error table's message."""

    def __init__(self, status: int, err: Err, **details: object) -> None:
        super().__init__(err)
        self.status = status
        self.error = TriangulateError(err, **details)


def create_app(db: str, allow_upload: bool = False, token: str | None = None, *,
               allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The app over the store at ``db`` (a SQLite file path or store URL).

    Uploads (``POST /upload``) exist only with ``allow_upload``, and then need ``token``
    (a random one is made when none is given; it is ``app.state.upload_token``).
    ``allowed_hosts`` are the Host header values answered (loopback names by default).
    """
    store = open_store(db)
    data = StoreView(store)
    if allow_upload and not token:
        token = secrets.token_urlsafe(24)
    analysing = threading.Lock()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="triangulate", version=__version__, lifespan=lifespan,
        description="Stories, findings with evidence spans, and articles from a triangulate "
                    "store. Offsets are character offsets into an article's text, end "
                    "exclusive; a story's JSON is the report contract (version 1) restricted "
                    "to that story.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.store, app.state.data = store, data
    app.state.upload_token = token if allow_upload else None
    app.add_middleware(TrustedHostMiddleware,
                       allowed_hosts=list(allowed_hosts or LOOPBACK_HOSTS))
    app.add_middleware(SecurityHeaders)  # added last: outermost, so every answer has them

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    def error_response(request: Request, status: int, message: str, code: str) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": message, "code": code}, status_code=status)
        html = pages.render("error.html.j2", status=status, message=message, code=code,
                            upload=allow_upload)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(WebError)
    async def on_web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.error.reason, exc.error.code)

    @app.exception_handler(HTTPException)
    async def on_http_error(request: Request, exc: HTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail), f"HTTP{exc.status_code}")

    @app.exception_handler(RequestValidationError)
    async def on_bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors())
        return error_response(request, 422, f"invalid request: {problems}", "HTTP422")

    # ---- pages -------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(page: int = Query(1, ge=1)) -> HTMLResponse:
        summaries, total = data.summaries((page - 1) * PAGE_SIZE, PAGE_SIZE)
        kinds = data.kinds()
        return HTMLResponse(pages.render(
            "stories.html.j2", stories=summaries, total=total, page=page,
            pages=max(1, -(-total // PAGE_SIZE)), offset=(page - 1) * PAGE_SIZE,
            filters=pages.kind_filters(kinds, None), articles=store.count_articles(), kind=None,
            findings=sum(kinds.values()), upload=allow_upload))

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str) -> HTMLResponse:
        return HTMLResponse(pages.story_page(story_report(story_id), allow_upload))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse,
             include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        article = data.article(article_id)
        if article is None:
            raise WebError(404, Err.WEB_NOT_FOUND, what="article", id=article_id)
        return HTMLResponse(pages.article_page(article, data.stories_of(article_id),
                                               allow_upload))

    @app.get("/findings", response_class=HTMLResponse, include_in_schema=False)
    def findings_page(kind: str | None = None, page: int = Query(1, ge=1)) -> HTMLResponse:
        start = (page - 1) * PAGE_SIZE
        found, total = data.findings(kind or None, offset=start, limit=PAGE_SIZE)
        titles = {s.id: s.title for s in data.snapshot().stories}
        return HTMLResponse(pages.render(
            "findings_page.html.j2", findings=found,
            total=total, kind=kind or None, page=page, offset=start,
            pages=max(1, -(-total // PAGE_SIZE)), titles=titles,
            filters=pages.kind_filters(data.kinds(), kind or None), upload=allow_upload))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # no icon, and no 404 in every browser console

    @app.get("/static/app.css", include_in_schema=False)
    def stylesheet() -> Response:
        return Response(pages.stylesheet(), media_type="text/css",
                        headers={"Cache-Control": "max-age=300"})

    # ---- JSON API --------------------------------------------------------------------

    def story_report(story_id: str) -> dict[str, Any]:
        corpus = data.story_corpus(story_id)
        if corpus is None:
            raise WebError(404, Err.WEB_NOT_FOUND, what="story", id=story_id)
        return build_report(corpus, generated_at=datetime.now(UTC))

    @app.get("/api/stories", response_model=StoryList, tags=["stories"],
             summary="Stories with their counts")
    def api_stories(offset: int = Query(0, ge=0),
                    limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
        summaries, total = data.summaries(offset, limit)
        return {"total": total, "offset": offset, "limit": limit,
                "stories": [vars(s) for s in summaries]}

    @app.get("/api/stories/{story_id:path}", response_model=StoryReport, tags=["stories"],
             summary="One story as a report holding only that story", responses=_NOT_FOUND)
    def api_story(story_id: str) -> dict[str, Any]:
        return story_report(story_id)

    @app.get("/api/articles/{article_id:path}", response_model=ArticleDetail,
             tags=["articles"], summary="One article with its quotes and claims",
             responses=_NOT_FOUND)
    def api_article(article_id: str) -> dict[str, Any]:
        article = data.article(article_id)
        if article is None:
            raise WebError(404, Err.WEB_NOT_FOUND, what="article", id=article_id)
        report = build_report(Corpus(articles=[article]))
        return {**report["articles"][0], "quotes": report["quotes"], "claims": report["claims"],
                "stories": [s.id for s in data.stories_of(article_id)]}

    @app.get("/api/findings", response_model=FindingList, tags=["findings"],
             summary="Findings in ranked order, by kind and story")
    def api_findings(kind: str | None = Query(None, description="conflict, corroborated, "
                                              "single_source, anonymous_source, "
                                              "unverified_source"),
                     story: str | None = None, offset: int = Query(0, ge=0),
                     limit: int = Query(100, ge=1, le=1000)) -> dict[str, Any]:
        found, total = data.findings(kind, story, offset, limit)
        report = build_report(Corpus(findings=found))
        return {"total": total, "offset": offset, "limit": limit, "kind": kind,
                "findings": report["findings"]}

    # ---- upload ----------------------------------------------------------------------

    def upload_allowed() -> str:
        if not allow_upload or token is None:
            raise HTTPException(404, "Not Found")
        return token

    @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
    def upload_form() -> HTMLResponse:
        upload_allowed()
        return HTMLResponse(pages.render("upload.html.j2", upload=True,
                                         limit_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
                                         max_files=MAX_FILES))

    @app.post("/upload", response_class=HTMLResponse, include_in_schema=False)
    async def upload(request: Request) -> HTMLResponse:
        expected = upload_allowed()
        length = request.headers.get("content-length", "")
        if not length.isdigit() or int(length) > MAX_UPLOAD_BYTES:
            raise WebError(413, Err.UPLOAD_TOO_LARGE, detail="the request body",
                           limit=f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MiB")
        header_token = request.headers.get("x-triangulate-token")
        if header_token is not None and not token_matches(header_token, expected):
            raise WebError(403, Err.UPLOAD_TOKEN)
        form = await request.form(max_files=MAX_FILES, max_fields=8)
        if header_token is None and not token_matches(form.get("token"), expected):
            raise WebError(403, Err.UPLOAD_TOKEN)
        files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
        if not files:
            raise WebError(400, Err.UPLOAD_EMPTY)
        if not analysing.acquire(blocking=False):
            raise WebError(409, Err.UPLOAD_BUSY)
        try:
            with tempfile.TemporaryDirectory(prefix="triangulate-upload-") as folder:
                names, size = await save_uploads(files, Path(folder))
                if size > MAX_UPLOAD_BYTES:
                    raise WebError(413, Err.UPLOAD_TOO_LARGE, detail="the upload",
                                   limit=f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MiB")
                try:
                    outcome = await run_in_threadpool(analyse_uploads, store, Path(folder),
                                                      names)
                except TriangulateError as exc:
                    return HTMLResponse(pages.render(
                        "error.html.j2", status=400, message=exc.reason, code=exc.code,
                        upload=True), status_code=400)
        finally:
            analysing.release()
            data.invalidate()
        return HTMLResponse(pages.render("upload_done.html.j2", outcome=outcome, upload=True))

    return app
