"""The newsroom's pages: the review queue with problems marked against the evidence, and the feedback dashboard.

An editor logs in once with a token; it is kept in an HttpOnly, SameSite=Strict
cookie, so the forms on these pages cannot be posted from another site.
"""

from __future__ import annotations

import base64
import io
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup, escape

from ..analyse import analyse
from ..errors import InputError
from ..store import service as svc
from .deps import TOKEN_COOKIE, AppState, editor_or_none, state
from .pages import _render

router = APIRouter(prefix="/redaktion")


def _marked(text: str, problems: list[dict]) -> Markup:
    """The bullet with each problem's span wrapped in <mark>, escaped."""
    spans = sorted((p["start"], p["end"], p["kind"]) for p in problems if p.get("start") is not None and p.get("end"))
    out, pos = [], 0
    for start, end, kind in spans:
        if start < pos or end > len(text):
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup('<mark title="{}">{}</mark>').format(kind, text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _evidence(article_text: str, spans: list[dict]) -> list[str]:
    return [article_text[s["start"]:s["end"]] for s in spans if 0 <= s["start"] < s["end"] <= len(article_text)]


async def _form(request: Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items() if v}


@router.get("/login", response_class=HTMLResponse)
def login_page(app: AppState = Depends(state)) -> str:
    return _render(app, "login.html", error=None)


@router.post("/login")
async def login(request: Request, app: AppState = Depends(state)):
    token = (await _form(request)).get("token", "")
    if svc.authenticate(app.store, token) is None:
        return HTMLResponse(_render(app, "login.html", error="Dieses Token ist ungültig."), status_code=401)
    response = RedirectResponse("/redaktion", status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


@router.get("", response_class=HTMLResponse)
def queue_page(app: AppState = Depends(state), who: str | None = Depends(editor_or_none)):
    if who is None:
        return RedirectResponse("/redaktion/login", status_code=303)
    items = []
    for s in svc.review_queue(app.store):
        article = svc.get_article(app.store, s.article_id)
        text = analyse(article).text
        items.append({
            "summary": s, "title": article.title or article.id,
            "bullets": [{"html": _marked(b["text"], b["problems"]), "verdict": b["verdict"], "problems": b["problems"],
                         "evidence": _evidence(text, b.get("evidence") or b.get("sources") or [])} for b in s.bullets],
            "plain": "\n".join(b["text"] for b in s.bullets),
        })
    return _render(app, "review.html", items=items, who=who)


@router.post("/{summary_id}/{action}")
async def act(summary_id: int, action: str, request: Request, app: AppState = Depends(state),
              who: str | None = Depends(editor_or_none)):
    if who is None:
        return RedirectResponse("/redaktion/login", status_code=303)
    form = await _form(request)
    try:
        if action == "approve":
            result = svc.approve(app.store, summary_id, who, form.get("comment"))
        elif action == "reject":
            result = svc.reject(app.store, summary_id, who, form.get("comment"))
        elif action == "edit":
            result = svc.edit(app.store, summary_id, form.get("bullets", "").splitlines(), who, form.get("comment"))
        else:
            return HTMLResponse(_render(app, "message.html", title="Unbekannte Aktion", message=action), status_code=404)
        app.forget(result.article_id)
    except (svc.NotFound, svc.Conflict, InputError) as exc:
        return HTMLResponse(_render(app, "message.html", title="Nicht ausgeführt", message=str(exc)), status_code=409)
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
def dashboard(days: int = 30, app: AppState = Depends(state), who: str | None = Depends(editor_or_none)):
    if who is None:
        return RedirectResponse("/redaktion/login", status_code=303)
    stats = svc.feedback_stats(app.store, days)
    plot = _plot(stats["per_day"]) if stats["per_day"] else None
    return _render(app, "dashboard.html", stats=stats, plot=plot, who=who)
