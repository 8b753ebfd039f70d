"""The newsroom's pages: the review queue with problems marked against the evidence, the feedback dashboard, and
the tokens (for admins).

An editor logs in with a token and gets a session: the cookie holds a random session id (HttpOnly,
SameSite=Strict, Secure and __Host- behind TLS), which expires and ends at logout. Every form, the login included,
must come from our own origin (Origin and Sec-Fetch-Site) and carry a CSRF token tied to the session (or, for the
login, to a nonce cookie), so neither another site nor a sibling subdomain can post it.
"""

from __future__ import annotations

import base64
import io
import secrets

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from ..analyse import analyse
from ..errors import Conflict, InputError, NotFound
from ..models import Problem, SourceSpan
from ..newsroom import ROLES, Principal
from ..newsroom.feedback import MAX_DAYS
from .deps import LOGIN_COOKIE, Web, form, page_principal, same_origin, secure, session_cookie, session_id, web
from .pages import message
from .schemas import SummaryId

router = APIRouter(prefix="/redaktion", include_in_schema=False)
ACTIONS = ("approve", "reject", "edit", "withdraw")


def _marked(text: str, problems: list[Problem]) -> Markup:
    """The bullet with each problem's span wrapped in <mark>, escaped."""
    spans = sorted((p.start, p.end, p.kind) for p in problems if p.start is not None and p.end)
    out, pos = [], 0
    for start, end, kind in spans:
        if start < pos or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup('<mark title="{}">{}</mark>').format(kind, text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _evidence(article_text: str, spans: list[SourceSpan]) -> list[str]:
    return [article_text[s.start:s.end] for s in spans if 0 <= s.start < s.end <= len(article_text)]


def _csrf(site: Web, request: Request) -> str:
    return site.newsroom.secret.sign("csrf", session_id(request) or "")


def _refused(site: Web, request: Request, fields: dict[str, str], binding: str, value: str | None) -> HTMLResponse | None:
    """A form from another origin, or without the right CSRF token, is refused (403)."""
    if not same_origin(request) or not value or not site.newsroom.secret.verify(binding, value, fields.get("csrf", "")):
        return message(site, "Nicht ausgeführt", "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte laden Sie "
                       "die Seite neu und versuchen Sie es noch einmal.", 403)
    return None


def _login_redirect() -> RedirectResponse:
    return RedirectResponse("/redaktion/login", status_code=303)


def _not_admin(site: Web, who: Principal) -> HTMLResponse | None:
    if who.may("admin"):
        return None
    return message(site, "Nicht erlaubt", "Tokens verwalten nur Administratorinnen und Administratoren.", 403)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, site: Web = Depends(web)) -> Response:
    nonce = secrets.token_urlsafe(24)
    page = HTMLResponse(site.render("login.html", error=None, csrf=site.newsroom.secret.sign("login", nonce)))
    page.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, path="/redaktion", httponly=True, samesite="strict", secure=secure(request))
    return page


@router.post("/login")
def login(request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web)) -> Response:
    refused = _refused(site, request, fields, "login", request.cookies.get(LOGIN_COOKIE))
    if refused:
        return refused
    opened = site.newsroom.login(fields.get("token", ""))
    if opened is None:
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        page = site.render("login.html", error="Dieses Token ist ungültig oder darf nicht prüfen.", csrf=site.newsroom.secret.sign("login", nonce))
        return HTMLResponse(page, status_code=401)
    sid, _who = opened
    response = RedirectResponse("/redaktion", status_code=303)
    response.set_cookie(session_cookie(request), sid, max_age=int(site.newsroom.settings.session_hours * 3600), path="/",
                        httponly=True, samesite="strict", secure=secure(request))
    response.delete_cookie(LOGIN_COOKIE, path="/redaktion")
    return response


@router.post("/logout")
def logout(request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web)) -> Response:
    refused = _refused(site, request, fields, "csrf", session_id(request))
    if refused:
        return refused
    site.newsroom.logout(session_id(request))
    response = _login_redirect()
    response.delete_cookie(session_cookie(request), path="/", secure=secure(request), httponly=True, samesite="strict")
    return response


@router.get("", response_class=HTMLResponse)
def queue_page(request: Request, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    if who is None:
        return _login_redirect()
    items = []
    for s in site.newsroom.review_queue():
        article = site.newsroom.article(s.article_id)
        text = analyse(article).text
        items.append({
            "summary": s, "title": article.title or article.id,
            "bullets": [{"html": _marked(b.text, b.problems), "verdict": b.verdict, "problems": b.problems,
                         "evidence": _evidence(text, b.evidence)} for b in s.bullets],
            "plain": "\n".join(b.text for b in s.bullets),
        })
    return site.render("review.html", items=items, who=who, csrf=_csrf(site, request))


@router.post("/{summary_id}/{action}")
def act(summary_id: SummaryId, action: str, request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web),
        who: Principal | None = Depends(page_principal)):
    if who is None:
        return _login_redirect()
    refused = _refused(site, request, fields, "csrf", session_id(request))
    if refused:
        return refused
    if action not in ACTIONS:
        return message(site, "Unbekannte Aktion", action, 404)
    room, comment = site.newsroom, fields.get("comment") or None
    try:
        if action == "edit":
            room.edit(summary_id, fields.get("bullets", "").splitlines(), who.name, comment)
        else:
            getattr(room, action)(summary_id, who.name, comment)
    except NotFound as exc:
        return message(site, "Nicht gefunden", str(exc), 404)
    except (Conflict, InputError) as exc:
        return message(site, "Nicht ausgeführt", str(exc), 409 if isinstance(exc, Conflict) else 422)
    return RedirectResponse("/redaktion", status_code=303)


def _plot(per_day: list[dict]) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 2.8))
    days = [d["day"] for d in per_day]
    ax.bar(days, [d["total"] for d in per_day], color="#ccc", label="Rückmeldungen")
    ax2 = ax.twinx()
    ax2.plot(days, [d["helpful_rate"] for d in per_day], color="#e2001a", marker="o", label="hilfreich (Anteil)")
    ax2.set_ylim(0, 1)
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


@router.get("/feedback", response_class=HTMLResponse)
def dashboard(request: Request, days: int = 30, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    if who is None:
        return _login_redirect()
    stats = site.newsroom.feedback_stats(min(max(days, 1), MAX_DAYS))
    plot = _plot(stats["per_day"]) if stats["per_day"] else None
    return site.render("dashboard.html", stats=stats, plot=plot, who=who, csrf=_csrf(site, request))


def _tokens_page(site: Web, request: Request, who: Principal, created: str | None = None, status: int = 200) -> HTMLResponse:
    page = site.render("tokens.html", tokens=site.newsroom.list_tokens(), roles=ROLES, who=who, created=created, csrf=_csrf(site, request))
    return HTMLResponse(page, status_code=status)


@router.get("/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    if who is None:
        return _login_redirect()
    return _not_admin(site, who) or _tokens_page(site, request, who)


@router.post("/tokens")
def create_token(request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web),
                 who: Principal | None = Depends(page_principal)):
    if who is None:
        return _login_redirect()
    refused = _refused(site, request, fields, "csrf", session_id(request)) or _not_admin(site, who)
    if refused:
        return refused
    try:
        token = site.newsroom.create_token(fields.get("name", ""), fields.get("role", ""))
    except InputError as exc:
        return message(site, "Nicht ausgeführt", str(exc), 422)
    return _tokens_page(site, request, who, created=token, status=201)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: SummaryId, request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web),
                 who: Principal | None = Depends(page_principal)):
    if who is None:
        return _login_redirect()
    refused = _refused(site, request, fields, "csrf", session_id(request)) or _not_admin(site, who)
    if refused:
        return refused
    try:
        site.newsroom.revoke_token(token_id)
    except NotFound as exc:
        return message(site, "Nicht gefunden", str(exc), 404)
    return RedirectResponse("/redaktion/tokens", status_code=303)
