"""The app factory: settings, store or newsroom are passed in, never built at import."""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import exc as sa_exc
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from .. import __version__
from ..errors import Busy, Conflict, DarumgehtsError, InputError, NotFound, RateLimited
from ..newsroom import Newsroom
from ..settings import Settings, load_settings
from ..store import Store
from . import api, boxes, editor, pages
from .deps import Web
from .middleware import AccessLog, BodyLimit, SecurityHeaders

ERROR_STATUS = ((NotFound, 404), (Conflict, 409), (RateLimited, 429), (InputError, 422), (Busy, 503))
RETRY_SECONDS = 5


def create_app(settings: Settings | None = None, store: Store | None = None, newsroom: Newsroom | None = None) -> FastAPI:
    if newsroom is None:
        settings = settings or load_settings()
        newsroom = Newsroom(settings, store or Store.open(settings.database_url))
    settings = newsroom.settings

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        newsroom.start()
        yield
        newsroom.close()

    app = FastAPI(title="darumgehts", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Checked «Darum gehts» boxes: store articles, publish boxes, review them, collect feedback.")
    app.state.web = Web(newsroom)

    @app.exception_handler(DarumgehtsError)
    async def service_error(_request: Request, exc: DarumgehtsError):
        """One place maps the newsroom's errors to HTTP: the routes just call the newsroom."""
        status = next((code for kind, code in ERROR_STATUS if isinstance(exc, kind)), 500)
        headers = {"Retry-After": str(RETRY_SECONDS)} if status == 503 else None
        return JSONResponse({"detail": str(exc)}, status_code=status, headers=headers)

    @app.exception_handler(sa_exc.DBAPIError)
    async def database_error(_request: Request, exc: sa_exc.DBAPIError):
        """The database went away (a restart, a network fault) or SQLite stayed locked: 503, never a false 201."""
        if isinstance(exc, sa_exc.IntegrityError):
            return JSONResponse({"detail": "A concurrent change got in the way; send the request again."}, status_code=409)
        if isinstance(exc, sa_exc.DataError):
            return JSONResponse({"detail": "The database refused a value in the request."}, status_code=422)
        return JSONResponse({"detail": "The database is unavailable; try again shortly."}, status_code=503,
                            headers={"Retry-After": str(RETRY_SECONDS)})

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(editor.router)
    app.include_router(boxes.router)

    from swagger_ui_bundle import swagger_ui_path

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> str:
        """Swagger UI from the service's own files: works offline and under the pages' CSP."""
        return app.state.web.render("docs.html", title=app.title)

    app.mount("/static/swagger-ui", StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=str(resources.files("darumgehts").joinpath("static"))), name="static")

    # outermost last: proxy headers first, so the log, the limits and the Secure flag see the real client and scheme
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"], max_age=600)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(AccessLog)
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    return app
