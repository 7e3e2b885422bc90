"""The application: one FastAPI app serving the pages and the API over one database and one job queue."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from web import scoring  # noqa: F401  (registers the scoring job)
from web.jobs import Jobs
from web.limits import BodyLimit, SecurityHeaders
from web.pages import page
from web.routes import ROUTERS
from web.security import SESSION_SECONDS, LoginRequired
from web.store.accounts import Accounts
from web.store.database import Database

STATIC = Path(__file__).resolve().parent / "static"


def create_app(url: str | None = None, *, immediate_jobs: bool = False, consumer_workers: int = 2) -> FastAPI:
    """`immediate_jobs`: run queued work at once in the request (tests); otherwise consumer threads run it."""
    db = Database(url)
    work = Jobs(db, immediate=immediate_jobs)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if os.environ.get("RECOGNISE_QUEUE_EMBEDDED", "1") != "0":
            work.start(consumer_workers)
        try:
            yield
        finally:
            work.stop()

    app = FastAPI(title="recognise", summary="Đánh giá, công nhận danh hiệu học tập suốt đời",
                  version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.state.db = db
    app.state.accounts = Accounts(db)
    app.state.jobs = work
    app.add_middleware(SessionMiddleware, secret_key=db.secret(), session_cookie="recognise_phien",
                       max_age=SESSION_SECONDS, same_site="strict",
                       https_only=os.environ.get("RECOGNISE_HTTPS") == "1")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(LoginRequired)
    async def _to_login(request: Request, _exc: LoginRequired):
        return RedirectResponse(f"/dang-nhap?next={request.url.path}", status_code=303)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return page(request, "loi.html.j2", status_code=exc.status_code, status=exc.status_code, detail=exc.detail)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        fields = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
        detail = f"Dữ liệu gửi lên không hợp lệ ({fields})."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": detail}, status_code=422)
        return page(request, "loi.html.j2", status_code=422, status=422, detail=detail)

    return app


def app_from_environment() -> FastAPI:
    """For `uvicorn --factory web.app:app_from_environment` (several worker processes): RECOGNISE_DB."""
    return create_app()
