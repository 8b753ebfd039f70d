"""The app factory: settings and store are passed in, never built at import."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import DarumgehtsError, InputError
from ..settings import Settings, load_settings
from ..store import Store
from ..store import service as svc
from . import api, editor, pages
from .deps import AppState


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or load_settings()
    store = store or Store.open(settings.database_url)
    app = FastAPI(title="darumgehts", version=__version__,
                  description="Checked «Darum gehts» boxes: store articles, publish boxes, review them, collect feedback.")
    app.state.darumgehts = AppState(settings, store)

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        limit = request.app.state.darumgehts.settings.max_body_bytes
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return JSONResponse({"detail": f"The request body is over {limit:,} bytes."}, status_code=413)
        return await call_next(request)

    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"], max_age=600)
    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers["Content-Security-Policy"] = CSP
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["Referrer-Policy"] = "same-origin"
        return response

    @app.exception_handler(DarumgehtsError)
    async def service_error(_request: Request, exc: DarumgehtsError):
        """One place maps service errors to HTTP: the routes just call the service."""
        status = next((code for kind, code in ERROR_STATUS if isinstance(exc, kind)), 500)
        return JSONResponse({"detail": str(exc)}, status_code=status)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(editor.router)
    app.mount("/static", StaticFiles(directory=str(resources.files("darumgehts").joinpath("static"))), name="static")
    return app


ERROR_STATUS = ((svc.NotFound, 404), (svc.Conflict, 409), (svc.RateLimited, 429), (InputError, 422))

# Pages load only their own scripts; the box's no-JS fallback needs one inline style.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
