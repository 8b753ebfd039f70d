"""Dependencies: the app's state, and the token check for editor routes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from fastapi import Depends, HTTPException, Request

from ..pipeline import Summarizer
from ..settings import Settings
from ..store import Store
from ..store import service as svc
from ..style import Style, load_style


@dataclass
class AppState:
    settings: Settings
    store: Store
    _summarizer: Summarizer | None = field(default=None, repr=False)
    # article id -> (time, ETag, JSON body) of its published box; dropped on every change made here,
    # and after box_cache_seconds at the latest (for changes made by other server processes)
    box_cache: dict[str, tuple[float, str, bytes]] = field(default_factory=dict, repr=False)

    def forget(self, article_id: str) -> None:
        self.box_cache.pop(article_id, None)

    @property
    def summarizer(self) -> Summarizer:
        if self._summarizer is None:  # loaded on first use: the language resources are large
            self._summarizer = Summarizer.from_settings(self.settings)
        return self._summarizer

    @cached_property
    def style(self) -> Style:
        return load_style(self.settings.style, self.settings.styles_dir)


def state(request: Request) -> AppState:
    return request.app.state.darumgehts


TOKEN_COOKIE = "dg_token"


def _token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-api-token") or request.cookies.get(TOKEN_COOKIE)


def editor_or_none(request: Request, app: AppState = Depends(state)) -> str | None:
    who = svc.authenticate(app.store, _token(request))
    return who[0] if who else None


def editor(request: Request, app: AppState = Depends(state)) -> str:
    """The editor's name; 401 without a valid token."""
    who = svc.authenticate(app.store, _token(request))
    if who is None:
        raise HTTPException(401, "An editor or admin token is required (Authorization: Bearer TOKEN).",
                            headers={"WWW-Authenticate": "Bearer"})
    return who[0]
