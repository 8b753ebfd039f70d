"""Dependencies: the web state, who is asking (a Bearer token for the API, a session cookie for the pages), and
the checks on forms (same origin and a CSRF token)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import parse_qs

from fastapi import Depends, HTTPException, Request
from jinja2 import Environment

from ..newsroom import Newsroom, Principal
from ..render import template_env
from ..style import Style, load_style
from . import labels


@dataclass
class Web:
    """What the routes share: the newsroom, the house style and one Jinja environment."""

    newsroom: Newsroom

    @cached_property
    def style(self) -> Style:
        return load_style(self.newsroom.settings.style, self.newsroom.settings.styles_dir)

    @cached_property
    def templates(self) -> Environment:
        env = template_env(self.newsroom.settings.templates_dir)
        env.filters.update(labels.filters(self.newsroom.zone))  # German labels, Swiss dates
        env.globals["learned"] = self.newsroom.learned  # the active model and what it learned (_learned.html)
        return env

    def render(self, name: str, **context) -> str:
        return self.templates.get_template(name).render(**context)


def web(request: Request) -> Web:
    return request.app.state.web


def newsroom(request: Request) -> Newsroom:
    return request.app.state.web.newsroom


def client_address(request: Request) -> str:
    """The reader's address: the connection's peer, or what a trusted proxy forwarded (see trusted_proxies)."""
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth[:7].lower() == "bearer " else None


def require(permission: str):
    """A dependency: the principal of the request's Bearer token, which must have ``permission``. The API takes
    no cookie: a browser cannot be made to send a Bearer token to another site."""

    def dependency(request: Request, room: Newsroom = Depends(newsroom)) -> Principal:
        who = room.authenticate(_bearer(request))
        if who is None:
            raise HTTPException(401, "A token is required (Authorization: Bearer TOKEN).", headers={"WWW-Authenticate": "Bearer"})
        if not who.may(permission):
            raise HTTPException(403, f"The token {who.name!r} has the role {who.role!r}, which may not do this.")
        return who

    dependency.__name__ = f"require_{permission}"
    return dependency


# The login cookie: a random session id (the table keeps its hash). Behind TLS it is Secure and has the
# __Host- prefix, so no sibling subdomain can set or overwrite it.
SESSION_COOKIE = "dg_session"
LOGIN_COOKIE = "dg_login"


def secure(request: Request) -> bool:
    return request.url.scheme == "https"


def session_cookie(request: Request) -> str:
    return "__Host-" + SESSION_COOKIE if secure(request) else SESSION_COOKIE


def session_id(request: Request) -> str | None:
    return request.cookies.get(session_cookie(request))


def page_principal(request: Request, room: Newsroom = Depends(newsroom)) -> Principal | None:
    return room.session(session_id(request))


async def form(request: Request) -> dict[str, str]:
    """A urlencoded form's fields (first value each). Read here, on the event loop, so routes can be plain def."""
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "The form is not UTF-8.") from None
    try:
        return {k: v[0] for k, v in parse_qs(text, max_num_fields=50).items() if v}
    except ValueError:
        raise HTTPException(400, "The form has too many fields.") from None


def own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', '').lower()}"


def same_origin(request: Request) -> bool:
    """False when the browser says the form came from another origin. A sibling subdomain is same-site
    (SameSite cookies go along) but not same-origin, so it is refused too."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    origin = request.headers.get("origin")
    return origin is None or origin.lower() == own_origin(request)
