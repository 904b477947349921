"""Builds the FastAPI application around one archive; starts and stops its workers."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from archive.core import Archive
from archive.errors import HosoError
from archive.runtime.process import settle_memory
from archive.runtime.watch import FolderWatcher
from web import (
    access_audit,
    api,
    api_audit,
    api_cases,
    api_docs,
    api_exhibits,
    api_parts,
    api_review,
    api_statistics,
    login,
    pages,
    statistics_pages,
    users_pages,
)
from web.auth import CsrfRejected, LoginRequired, is_https, load_secret
from web.messages import t
from web.problems import archive_refusal, framework_refusal, invalid_request, server_error, wants_json

HERE = Path(__file__).parent
log = logging.getLogger("hoso.web")


class StaticAssets(StaticFiles):
    """Static files with a short cache lifetime and no content sniffing."""

    async def get_response(self, path, scope):
        response = await super().get_response(path, scope)
        response.headers.setdefault("Cache-Control", "private, max-age=300")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'"
)


def secure(request: Request, response):
    """The headers every answer carries; pages get a policy that loads nothing from elsewhere."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if is_https(request):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if response.headers.get("content-type", "").startswith("text/html"):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    return response


def _server_error(request: Request, exc: Exception):
    # Answered by the outermost middleware, outside the one that adds the headers.
    return secure(request, server_error(request, exc))


def _lifespan(archive: Archive | None, run_workers: bool):
    """Start-up and shut-down of one app process: the archive (built from settings when none is
    given), its outbox drainer and access log, the job consumer and the watched folder when asked."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        current = archive if archive is not None else Archive()
        app.state.archive = current
        app.state.secret_key = load_secret(current)
        watcher = None
        current.outbox.start()
        current.access_log.flush()  # rows spooled by a server that died are chained before anything else
        if run_workers:
            current.queue.start_consumer()
            if current.settings.watch_dir:
                watcher = FolderWatcher(current, current.settings.watch_dir, enqueue=current.queue.enqueue)
                watcher.start()
        settle_memory()
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop()
            current.close()

    return lifespan


def create_app(archive: Archive | None = None, run_workers: bool = False) -> FastAPI:
    """The app; `run_workers` starts the job consumer and the watched folder in this process."""
    app = FastAPI(
        title="hoso",
        description="Số hóa hồ sơ vụ án và kho chứng cứ điện tử",
        lifespan=_lifespan(archive, run_workers),
        docs_url=None,
        redoc_url=None,
    )
    if archive is not None:
        app.state.archive = archive

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        if wants_json(request):
            return JSONResponse(
                {"detail": t("error.login_required")}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(CsrfRejected)
    async def csrf_rejected(request: Request, exc: CsrfRejected):
        if wants_json(request):
            return JSONResponse({"detail": t("error.csrf")}, status_code=403)
        return pages.error_page(request, t("error.csrf"), 403)

    @app.middleware("http")
    async def audit_access(request: Request, call_next):
        response = await call_next(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            # What a change queued for the index is applied before its author reads again (archive/runtime/outbox.py).
            try:
                await run_in_threadpool(request.app.state.archive.outbox.drain)
            except Exception:  # noqa: BLE001 - the rows stay queued for the background drainer
                log.exception("outbox drain after %s %s failed", request.method, request.url.path)
        try:
            await run_in_threadpool(access_audit.write_access_row, request, response.status_code)
        except Exception:  # noqa: BLE001 - no record of the access, so no access (logged in write_access_row)
            return JSONResponse({"detail": t("error.audit_unavailable")}, status_code=503)
        return response

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        return secure(request, await call_next(request))

    app.include_router(api.router, prefix="/api")
    app.include_router(api_cases.router, prefix="/api")
    app.include_router(api_review.router, prefix="/api")
    app.include_router(api_parts.router, prefix="/api")
    app.include_router(api_exhibits.router, prefix="/api")
    app.include_router(api_statistics.router, prefix="/api")
    app.include_router(api_audit.router, prefix="/api")
    app.include_router(api_docs.router)
    app.include_router(login.router)
    app.include_router(pages.router)
    app.include_router(users_pages.router)
    app.include_router(statistics_pages.router)
    app.exception_handler(404)(pages.not_found_handler)
    app.exception_handler(HosoError)(archive_refusal)  # every archive error, with its own status and message
    app.exception_handler(RequestValidationError)(invalid_request)
    app.exception_handler(StarletteHTTPException)(framework_refusal)
    app.exception_handler(Exception)(_server_error)
    app.mount(api_docs.ASSETS_URL, StaticAssets(directory=api_docs.SWAGGER_ASSETS), name="swagger-ui")
    app.mount("/static", StaticAssets(directory=HERE / "static"), name="static")
    return app
