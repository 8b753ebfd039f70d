"""The newsroom's pages: the review queue with problems marked against the evidence, the feedback dashboard, and
the tokens (for admins).

An editor logs in with a token and gets a session: the cookie holds a random session id (HttpOnly,
SameSite=Strict, Secure and __Host- behind TLS), which expires and ends at logout. Every form, the login included,
must come from our own origin (Origin and Sec-Fetch-Site) and carry a CSRF token tied to the session (or, for the
login, to a nonce cookie), so neither another site nor a sibling subdomain can post it.
"""

from __future__ import annotations

import re
import secrets

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from ..beleg import bullet_sources
from ..errors import Conflict, InputError, NotFound
from ..models import Problem, SourceSpan, StoredSummary
from ..newsroom import ROLES, Principal
from ..newsroom.feedback import MAX_DAYS
from . import labels
from .deps import LOGIN_COOKIE, Web, form, page_principal, same_origin, secure, session_cookie, session_id, web
from .pages import message
from .plot import feedback_plot
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
        out.append(Markup('<mark title="{}">{}</mark>').format(labels.PROBLEM_KINDS.get(kind, kind), text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _evidence(article_text: str, spans: list[SourceSpan]) -> list[str]:
    return [article_text[s.start:s.end] for s in spans if 0 <= s.start < s.end <= len(article_text)]


def csrf_token(site: Web, request: Request) -> str:
    return site.newsroom.secret.sign("csrf", session_id(request) or "")


def refused(site: Web, request: Request, fields: dict[str, str], binding: str, value: str | None) -> HTMLResponse | None:
    """A form from another origin, or without the right CSRF token, is refused (403)."""
    if not same_origin(request) or not value or not site.newsroom.secret.verify(binding, value, fields.get("csrf", "")):
        return message(site, "Nicht ausgeführt", "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte laden Sie "
                       "die Seite neu und versuchen Sie es noch einmal.", 403)
    return None


def login_redirect(done: str | None = None) -> RedirectResponse:
    return RedirectResponse("/redaktion/login" + (f"?ok={done}" if done else ""), status_code=303)


def form_refused(site: Web, request: Request, fields: dict[str, str], who: Principal | None) -> Response | None:
    """An editor's form that may not run: nobody signed in (to the login page), or not this session's form (403)."""
    if who is None:
        return login_redirect()
    return refused(site, request, fields, "csrf", session_id(request))


# Where a form may send the editor back to: one of the newsroom's own pages, never another site.
BACK = re.compile(r"/redaktion(/[A-Za-z0-9._:/-]*)?(\?[A-Za-z0-9._:=&%+-]*)?")


def own_page(back: str | None, default: str = "/redaktion") -> str:
    """``back`` when it is one of the newsroom's pages, else ``default``: never another site, never javascript:."""
    return back if back and BACK.fullmatch(back) and "//" not in back else default


def back_to(fields: dict[str, str], done: str, default: str = "/redaktion") -> RedirectResponse:
    """Post, redirect, get: back to the page the form was on (``back``), which confirms what was done (``?ok=``)."""
    back = own_page(fields.get("back"), default)
    base, _, query = back.partition("?")
    kept = "&".join(p for p in query.split("&") if p and not p.startswith("ok="))
    return RedirectResponse(f"{base}?{kept + '&' if kept else ''}ok={done}", status_code=303)


def editor_page(site: Web, request: Request, who: Principal, name: str, status: int = 200, **context) -> HTMLResponse:
    """A newsroom page: who is logged in, the CSRF token for its forms, and the confirmation of the last action."""
    page = site.render(name, who=who, csrf=csrf_token(site, request), confirmation=labels.confirmation(request.query_params.get("ok")),
                       here=request.url.path + (f"?{request.url.query}" if request.url.query else ""), **context)
    return HTMLResponse(page, status_code=status)


def _not_admin(site: Web, who: Principal) -> HTMLResponse | None:
    if who.may("admin"):
        return None
    return message(site, "Nicht erlaubt", "Tokens verwalten nur Administratorinnen und Administratoren.", 403)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, site: Web = Depends(web)) -> Response:
    nonce = secrets.token_urlsafe(24)
    page = HTMLResponse(site.render("login.html", error=None, csrf=site.newsroom.secret.sign("login", nonce),
                                    confirmation=labels.confirmation(request.query_params.get("ok"))))
    page.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, path="/redaktion", httponly=True, samesite="strict", secure=secure(request))
    return page


@router.post("/login")
def login(request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web)) -> Response:
    refusal = refused(site, request, fields, "login", request.cookies.get(LOGIN_COOKIE))
    if refusal:
        return refusal
    opened = site.newsroom.login(fields.get("token", ""))
    if opened is None:
        nonce = request.cookies.get(LOGIN_COOKIE, "")
        page = site.render("login.html", error="Dieses Token ist ungültig oder darf nicht prüfen.", csrf=site.newsroom.secret.sign("login", nonce))
        return HTMLResponse(page, status_code=401)
    sid, _who = opened
    response = RedirectResponse("/redaktion?ok=login", status_code=303)
    response.set_cookie(session_cookie(request), sid, max_age=int(site.newsroom.settings.session_hours * 3600), path="/",
                        httponly=True, samesite="strict", secure=secure(request))
    response.delete_cookie(LOGIN_COOKIE, path="/redaktion")
    return response


@router.post("/logout")
def logout(request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web)) -> Response:
    refusal = refused(site, request, fields, "csrf", session_id(request))
    if refusal:
        return refusal
    site.newsroom.logout(session_id(request))
    response = login_redirect("logout")
    response.delete_cookie(session_cookie(request), path="/", secure=secure(request), httponly=True, samesite="strict")
    return response


@router.get("", response_class=HTMLResponse)
def queue_page(request: Request, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    if who is None:
        return login_redirect()
    items = [review_item(site, s) for s in site.newsroom.review_queue()]
    return editor_page(site, request, who, "review.html", items=items)


def review_item(site: Web, s: StoredSummary) -> dict:
    """A box as editors review it: bullets with their problems marked, verdicts, evidence quoted, «Beleg» links."""
    article = site.newsroom.article_at(s.article_id, s.article_version)
    text = article.text
    sources = bullet_sources(article, s.bullets)
    return {
        "summary": s, "title": article.title or article.id, "article": article,
        "bullets": [{"html": _marked(b.text, b.problems), "verdict": b.verdict, "problems": b.problems,
                     "evidence": _evidence(text, b.evidence), "source": src} for b, src in zip(s.bullets, sources, strict=True)],
        "plain": "\n".join(b.text for b in s.bullets),
    }


@router.post("/{summary_id}/{action}")
def act(summary_id: SummaryId, action: str, request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web),
        who: Principal | None = Depends(page_principal)):
    refusal = form_refused(site, request, fields, who)
    if refusal:
        return refusal
    if action not in ACTIONS:
        return message(site, "Unbekannte Aktion", action, 404)
    room, comment = site.newsroom, fields.get("comment") or None
    try:
        if action == "edit":
            changed = room.edit(summary_id, fields.get("bullets", "").splitlines(), who.name, comment)
            done = "edit-published" if changed.status == "published" else "edit-queued"
        else:
            getattr(room, action)(summary_id, who.name, comment)
            done = action
    except NotFound:
        return message(site, "Nicht gefunden", f"Die Zusammenfassung {summary_id} gibt es nicht.", 404)
    except (Conflict, InputError) as exc:
        status = room.summary(summary_id).status
        return message(site, "Nicht ausgeführt", labels.refused(action, status), 409 if isinstance(exc, Conflict) else 422)
    return back_to(fields, done)


@router.get("/feedback", response_class=HTMLResponse)
def dashboard(request: Request, days: int = 30, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    if who is None:
        return login_redirect()
    days = min(max(days, 1), MAX_DAYS)
    stats = site.newsroom.feedback_stats(days)
    plot = feedback_plot(stats["per_day"], days) if stats["per_day"] else None
    return editor_page(site, request, who, "dashboard.html", stats=stats, plot=plot, articles=site.newsroom.feedback_by_article(days))


def _tokens_page(site: Web, request: Request, who: Principal, created: str | None = None, status: int = 200) -> HTMLResponse:
    return editor_page(site, request, who, "tokens.html", status=status, tokens=site.newsroom.list_tokens(), roles=ROLES, created=created)


@router.get("/tokens", response_class=HTMLResponse)
def tokens_page(request: Request, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    if who is None:
        return login_redirect()
    return _not_admin(site, who) or _tokens_page(site, request, who)


@router.post("/tokens")
def create_token(request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web),
                 who: Principal | None = Depends(page_principal)):
    refusal = form_refused(site, request, fields, who) or _not_admin(site, who)
    if refusal:
        return refusal
    try:
        token = site.newsroom.create_token(fields.get("name", ""), fields.get("role", ""))
    except InputError:
        return message(site, "Nicht ausgeführt", labels.TOKEN_REFUSED, 422)
    return _tokens_page(site, request, who, created=token, status=201)


@router.post("/tokens/{token_id}/revoke")
def revoke_token(token_id: SummaryId, request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web),
                 who: Principal | None = Depends(page_principal)):
    refusal = form_refused(site, request, fields, who) or _not_admin(site, who)
    if refusal:
        return refusal
    try:
        site.newsroom.revoke_token(token_id)
    except NotFound:
        return message(site, "Nicht gefunden", f"Das Token {token_id} gibt es nicht.", 404)
    return RedirectResponse("/redaktion/tokens?ok=revoke", status_code=303)
